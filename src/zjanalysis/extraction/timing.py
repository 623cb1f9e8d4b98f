"""When a statement is about, read from the document's structure and what is known of it.

The *present* is the year the document was published (origin record or ``--published``).
Words are read relative to it: 今年 → the present, 去年/上年 → the year before, 明年 → the
year after; a five-year plan (“十四五”) ends in 2025 and begins after 2020; 过去五年 ends the
year before the present. A year before the present is the past (results), after it the future
(aims). Headings and the topic a sentence opens with (“2023年,全省…”, “去年,…”) set the time
of what follows until the next heading or topic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from zjanalysis.tables.numerals import chinese_number

PLAN = "十[一二三四五六七八九]"  # the ordinal of a five-year plan from the 11th (2006-2010) on
FIVE_YEAR_PLAN = re.compile(f"“?({PLAN})五”?")
TOPIC = re.compile(
    r"(?=[去今明过近目“十五12])"  # a cheap first-character test before the alternatives
    r"(?:(?P<word>今年以来|去年|今年|明年|过去一年|过去五年|近五年|(?<![十\d])五年来|目前)"
    rf"|(?<![比较于])(?<![比较于]“)“?(?P<plan>{PLAN})五”?(?:期间|时期|以来)"  # (not 高于“十三五”时期)
    r"|(?<![\d到至])(?P<year>(?:19|20)\d{2})年(?:以来)?(?=[,，:])"
    r"|(?<=[到至])(?P<horizon>(?:19|20)\d{2})年(?:底|末)?(?=[,，:]))"
)
SENTENCE_START = "。;!?\n"


def plan_period(ordinal: str) -> tuple[int, int]:
    """First and last year of a five-year plan named by its Chinese ordinal (十四 → 2021-2025;
    from the third plan, 1966-1970, on they follow one another every five years)."""
    end = 1955 + 5 * int(chinese_number(ordinal))
    return end - 4, end


@dataclass(frozen=True)
class Frame:
    """The time a passage is about: a year (or a period ending in it) and, when the time
    alone tells, the kind ('actual' for the past, 'target' for the future)."""

    year: int | None
    kind: str | None
    why: str
    period_start: int | None = None  # first year of a period (十二五期间, 过去五年)
    relative: bool = False  # set by a word relative to the present (今年, 去年)


def kind_of_year(year: int | None, present: int | None) -> str | None:
    """'actual' for a year before the present, 'target' after it, None when it cannot tell."""
    if year is None or present is None or year == present:
        return None
    return "actual" if year < present else "target"


def frame_of(marker: re.Match, present: int | None) -> Frame | None:
    """The frame a topic marker sets (None when it needs a present that is unknown)."""
    word, plan, year = marker.group("word"), marker.group("plan"), marker.group("year")
    if marker.group("horizon"):  # 到2030年,…: the aims of a plan
        y = int(marker.group("horizon"))
        return Frame(y, "target" if present is None or y >= present else "actual", f"topic 到{y}年")
    if year and marker.group().endswith("以来"):  # 2023年以来: up to now
        if present is None:
            return None
        return Frame(present, "actual", f"topic {year}年以来", int(year), relative=True)
    if year:
        y = int(year)
        return Frame(y, kind_of_year(y, present), f"topic {y}年")
    if plan:
        start, end = plan_period(plan)
        kind = None if present is None else ("actual" if end < present else "target")
        return Frame(end, kind, f"topic {plan}五", start)
    if present is None:
        return None
    if word in ("过去五年", "近五年", "五年来"):  # 五年来,…从A增加到B: A is the year before them
        return Frame(present - 1, "actual", word, present - 5, relative=True)
    if word in ("今年以来", "目前"):  # so far this year, now: what has been reached
        return Frame(present, "actual", word, relative=True)
    offset = {"去年": -1, "今年": 0, "明年": 1, "过去一年": -1}[word]
    return Frame(present + offset, "actual" if offset < 0 else "target", word, relative=True)


def topics(text: str, present: int | None, breaks: list[int]) -> Topics:
    """Every topic marker of ``text`` with the frame it sets; ``breaks`` (heading starts)
    end a topic."""
    found = []
    for m in TOPIC.finditer(text):
        f = frame_of(m, present)
        if f is not None:
            found.append((m.start(), f))
    return Topics(found, sorted(breaks))


class Topics:
    """The topic in force at an offset: the last marker before it, unless a heading
    intervenes."""

    def __init__(self, found: list[tuple[int, Frame]], breaks: list[int]):
        self.starts = [p for p, _ in found]
        self.frames = [f for _, f in found]
        self.breaks = breaks

    def at(self, pos: int) -> Frame | None:
        i = bisect_right(self.starts, pos) - 1
        if i < 0:
            return None
        j = bisect_right(self.breaks, pos) - 1
        if j >= 0 and self.breaks[j] > self.starts[i]:
            return None
        return self.frames[i]


def heading_frame(title: str, present: int | None) -> Frame | None:
    """The year and kind a heading announces (2025年主要工作 → 2025, past if before the
    present; “十五五”时期的主要目标 → 2030)."""
    m = re.search(r"(?<!\d)((?:19|20)\d{2})年", title)
    p = FIVE_YEAR_PLAN.search(title)
    start, end = plan_period(p.group(1)) if p else (None, None)
    if m:
        y = int(m.group(1))
        return Frame(y, kind_of_year(y, present), "heading year", start if end == y else None)
    if p:
        kind = None if present is None else ("actual" if end < present else "target")
        return Frame(end, kind, f"heading {p.group(1)}五", start)
    rel = re.search(r"今年|去年|明年", title)
    if rel and present is not None:
        offset = {"今年": 0, "去年": -1, "明年": 1}[rel.group()]
        return Frame(
            present + offset, "actual" if offset < 0 else "target", "heading " + rel.group()
        )
    return None


RELATIVE_YEAR = re.compile(f"今年|去年|明年|到“?({PLAN})五”?|“?({PLAN})五”?期?末")


def relative_year(before: str, present: int | None) -> tuple[int, str, int] | None:
    """The year a sentence names relative to the present or as a plan's end (the last one),
    with the word and where it stands."""
    found = None
    if not ("今年" in before or "去年" in before or "明年" in before or "五" in before):
        return None
    for m in RELATIVE_YEAR.finditer(before):
        w = m.group()
        ordinal = m.group(1) or m.group(2)
        if ordinal:
            found = (plan_period(ordinal)[1], f"{w}: end of the plan", m.start())
        elif present is not None:
            found = (present + {"今年": 0, "去年": -1, "明年": 1}[w], w, m.start())
    return found
