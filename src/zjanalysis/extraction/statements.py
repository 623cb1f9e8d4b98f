"""From quantities to candidate statements: subject, indicator, kind, year and place.

The rules read the language of these documents in general: sections announce summaries
(工作总结) or plans (工作思路, 要点); 力争/确保 mark aims, 预计 estimates, 累计 running totals;
a year comes from the sentence (2023年, 到2027年), else the section heading, else the document;
a place from the last place named in the line (龙港市, 山区26县), else the document's own.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from zjanalysis.extraction.normalise import NormalisedText, normalise
from zjanalysis.extraction.quantities import (
    MEASURE_AS,
    Quantity,
    find_quantities,
    find_stripped_subjects,
)
from zjanalysis.extraction.timing import (
    Topics,
    heading_frame,
    kind_of_year,
    relative_year,
    topics,
)

SENTENCE_END = "。;!?\n|"
CLAUSE_END = SENTENCE_END + ",:、("
LEADING_WORDS = re.compile(
    r"^(?:其中|并|和|及|全年|今年|力争|确保|争取|预计|累计|目前已建成|目前|已建成|新增|新建|新认定|新引进|新入选|引育|"
    r"培育|组建|建设|实现|完成|取得|推动|推进|支持|向|达成|开展|规划|组织|发放|实施|抓好|帮助企业|促进|打造|部署|"
    r"省市县联动|扩大|揭榜|入选|登上)+"
)
TRAILING_WORDS = re.compile(
    r"(?:达到|达|超过|超|突破|高于|不少于|不低于|至少|约|为|同比|增长|增速|年均|各|"
    r"位列|位居|稳居|跃居|居|名列|排名|排在|增加|新增|累计|共|"
    r"(?:\d{1,2}|[一二三四五六七八九十])年(?:间|来)?)+$"
)
TRAILING_LAST = frozenset(
    "到达过超破于少低约为比长速均各居列名在加增计共年间来"
)  # the last characters of those words


def _strip_trailing(s: str) -> str:
    """``s`` without its trailing verbs and comparators (达到, 同比增长 …)."""
    last = s[-2:-1] if s.endswith("\n") else s[-1:]  # as _last(s)
    return TRAILING_WORDS.sub("", s) if last in TRAILING_LAST else s


def _last(s: str) -> str:
    """The last character that a pattern ending in ``$`` sees (``$`` also matches before a
    final newline): a cheap test before such a pattern is tried."""
    return s[-2:-1] if s.endswith("\n") else s[-1:]


# 预期 marks a target only before a goal or a verb (预期目标, 预期性指标, 预期达3%); as a noun
# (稳预期, 市场预期偏弱, 好的预期不断释放, 预期寿命) it says nothing of the figure's kind
TARGET_WORDS = re.compile(
    r"力争|确保|争取|力求|目标|预期(?=目标|性|达|增|提|突|为|实现|完成|超|控制|保持)|"
    r"计划(?:新增|新建|投资|完成)"
)
ACTUAL_WORDS = re.compile(
    r"累计|目前|已建成|已经|已|实现了|完成了|以来|过去(?:[一二三四五六七八九十]|\d{1,2})年|(?:[一二三四五六七八九十]|\d{1,2})年来"
)
# a word each of those holds: without one, the pattern (slow to scan) cannot match
ACTUAL_HINTS = ("已", "累计", "目前", "实现了", "完成了", "以来", "过去", "年来")


def _may_be_actual(seg: str) -> bool:
    return any(w in seg for w in ACTUAL_HINTS)


# 成效/任务 … announce a part only as its last word (“主要成效”, not “以成效为导向的…”)
SUMMARY_HEADING = re.compile(r"工作总结|总结|完成情况|进展情况|(?:基本情况|回顾|成就|成效)[》”]?$")
# a numbered heading whose last words report results (取得新进展新成效, 成绩显著)
RESULTS_HEADING = re.compile(
    r"(?:取得|实现|迈出|展现|显现)[^,]{0,12}(?:成效|成绩|进展|成就|突破)[》”]?$"
)
PLAN_HEADING = re.compile(
    r"工作思路|工作要点|要点|计划|方案|目标|思路|安排|(?:任务|重点工作)[》”]?$"
)
# a year not preceded by a digit, written with the century first and the digit before it
# checked behind (the same matches as a leading (?<!\d), many times faster to scan for)
YEAR = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})年(?!\d)")
HORIZON = re.compile(r"到((?:19|20)\d{2})年")
# a year whose digits were stripped (力争年, 年12月): both forms found from their 年
MISSING_YEAR = re.compile(
    r"年(?:(?:(?<=力争年)|(?<=确保年)|(?<=争取年)|(?<=到年)|(?<=至年)|(?<=在年))(?!\d)"
    r"|(?<![\d年]年)\d{1,2}月)"
)


@dataclass
class DocumentInfo:
    """What is known of a document beyond its text."""

    document_id: str = ""
    year: int | None = None  # the document's own year (period start or date)
    jurisdiction_id: str = "zhejiang"
    published: date | None = None  # the present the text speaks from (今年, 去年)

    @property
    def present(self) -> int | None:
        return self.published.year if self.published else None


@dataclass(slots=True)  # thousands a document: slots make them cheaper
class Candidate:
    """One candidate row for review, in the targets.csv vocabulary plus provenance."""

    document_id: str
    jurisdiction_id: str
    indicator_id: str
    year: int | None
    kind: str
    comparator: str
    value: float | None
    value_high: float | None
    unit: str
    quote: str
    flags: list[str]
    char_start: int
    char_end: int
    subject: str
    confidence: float
    section: str = ""
    reason: list[str] = field(default_factory=list)
    in_scope: bool = True  # its subject is in the catalogue or names science and technology


VARIANT_SUFFIX = re.compile(r"_(new|total|growth|rank)$")


def _trie_pattern(node: dict) -> str:
    """A pattern matching exactly the words of a trie (``{char: node}``, ``""`` marking a word's
    end), factored so that a position is rejected by its first character."""
    alts = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


class Catalogue:
    """Aliases, units and places from the curated tables, compiled for matching."""

    def __init__(self, indicators: pd.DataFrame, units: pd.DataFrame, jurisdictions: pd.DataFrame):
        self.indicators = indicators
        self.dimension = units["dimension"].to_dict()
        self.measure = indicators["measure_type"].to_dict()
        self.unit_of = indicators["unit"].to_dict()
        self.ids = set(indicators.index)
        alias_to: dict[str, str] = {}
        for ind, aliases in indicators["aliases"].dropna().items():
            for alias in aliases.split("|"):
                alias_to.setdefault(normalise(alias).text, ind)
        self.alias_to = alias_to
        self.needs = _abbreviations(indicators, alias_to)
        self.trie: dict = {}  # character by character; the key "" holds the alias ending there
        for a in alias_to:
            node = self.trie
            for ch in a:
                node = node.setdefault(ch, {})
            node[""] = a
        # the same trie as one pattern (the longest alias at a position, as an alternation of
        # the aliases longest first would find, but rejecting a position by its first character)
        self.alias_re = re.compile(_trie_pattern(self.trie))
        self.count_aliases = [
            a
            for a, i in alias_to.items()
            if indicators.loc[i, "measure_type"] in ("count_new", "count_total", "level")
        ]
        places = {}
        for jid, row in jurisdictions.iterrows():
            if row["level"] not in (
                "province",
                "country",
            ):  # (中国 names a programme, 中国(…)自贸区)
                places[row["name_zh"]] = jid
                if row["name_zh"].endswith("市") and row["level"] == "county_city":
                    places[row["name_zh"][:-1]] = jid
        places["全省"] = None  # back to the document's own place
        self.places = places
        self.place_re = re.compile(
            "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
        )

    def aliases_in(self, scope: str) -> list[str]:
        """Aliases occurring in ``scope``, overlapping ones included, ordered by end position
        (longest first among those ending together)."""
        if not scope:
            return []
        if len(scope) > 40:  # long scopes: non-overlapping regex scan is enough and fast
            return [m.group() for m in self.alias_re.finditer(scope)]
        found = self.alias_re.search(scope)  # the next position where an alias starts
        ends: dict[str, int] = {}
        trie, n = self.trie, len(scope)
        while found and found.start() < n:  # (an empty alias would match at the end)
            i = found.start()
            node = trie.get(scope[i])
            j = i + 1
            while node is not None:  # every alias starting at i, by walking the trie
                alias = node.get("")
                if alias is not None:
                    ends[alias] = j  # the last occurrence, as rfind would give
                if j == n:
                    break
                node = node.get(scope[j])
                j += 1
            found = self.alias_re.search(scope, i + 1)
        if len(ends) < 2:
            return list(ends)
        return [a for _, _, a in sorted((end, len(a), a) for a, end in ends.items())]

    def unit_fits(self, indicator_id: str, unit: str) -> bool:
        want = self.dimension.get(self.unit_of[indicator_id])
        return (
            not unit or self.dimension.get(unit) == want or (unit == "百分点" and want == "ratio")
        )

    def variant(self, indicator_id: str, suffix: str) -> str | None:
        base = VARIANT_SUFFIX.sub("", indicator_id)
        cand = f"{base}_{suffix}"
        return cand if cand in self.ids else None


def _abbreviations(indicators: pd.DataFrame, alias_to: dict[str, str]) -> dict[str, re.Pattern]:
    """Aliases that shorten a longer name of their indicator by dropping the words that make
    it science (完成投资 of 科创强基重大项目完成投资, 综合体 of 产业创新服务综合体, 省属企业 of
    省属企业研发经费投入增长), each with those words: an abbreviation stands for its
    indicator only near them or in a sentence about science (a 养老服务综合体 is not one)."""
    needs = {}
    for alias, ind in alias_to.items():
        if BROAD_SCIENCE.search(alias):
            continue
        longer = [normalise(indicators.loc[ind, "name_zh"]).text] + [
            a for a, i in alias_to.items() if i == ind and a != alias
        ]
        words = {
            w
            for full in longer
            if alias in full and full != alias
            for w in BROAD_SCIENCE.findall(full.replace(alias, "|"))
        }
        if words:
            needs[alias] = re.compile("|".join(sorted(map(re.escape, words))))
    return needs


@dataclass(frozen=True)
class Heading:
    """A heading line: where it starts (normalised offset), its text, and, when it announces a
    summary or a plan (2023年工作总结, 2024年工作思路), the year and kind that follow from it."""

    start: int
    title: str
    year: int | None = None
    kind: str | None = None  # 'actual' after a summary heading, 'target' after a plan heading
    period_start: int | None = None  # first year of a period it names (“十四五”发展成就)


NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|No\.\d+|\d+[.、])"
)


SUB_HEADING = re.compile(r"^\([一二三四五六七八九十]+\)")  # (一): a part of a numbered part
HEADING_STOP = re.compile(r"[,。;]")  # a line with these is a sentence, not a heading
HEADING_END = re.compile(r"[。;,]$")


def headings(text: str, present: int | None = None) -> list[Heading]:
    """Every heading line of a normalised text, in order.

    A heading announces a kind by its words (总结 → results, 思路/目标 → aims) or by its
    year against the present (“一、2025年主要工作” published in 2026 → results of 2025)."""
    out = []
    pos = 0
    dated_part = False  # inside a part whose heading names its year (一、2025年工作回顾)
    for line in text.splitlines(keepends=True):
        s = line.strip()
        announces = bool(
            0 < len(s) <= 40
            and (SUMMARY_HEADING.search(s) or PLAN_HEADING.search(s))
            and not HEADING_STOP.search(s)
        )
        sub = bool(SUB_HEADING.match(s))
        if announces and sub and dated_part and not YEAR.search(s):
            # “(一)圆满完成…保障任务” under “一、2025年工作回顾”: its words name its subject,
            # not a part of the document; the dated part goes on
            out.append(Heading(pos, s))
        elif announces:
            frame = heading_frame(s, present)
            kind = "actual" if SUMMARY_HEADING.search(s) else "target"
            year = frame.year if frame else None
            out.append(Heading(pos, s, year, kind, frame.period_start if frame else None))
            if not sub:
                dated_part = year is not None
        elif 2 <= len(s) <= 40 and not HEADING_END.search(s) and NUMBERED_HEADING.match(s):
            frame = heading_frame(s, present)
            if frame and not frame.kind and frame.year is not None and frame.year == present:
                # “三、2026年主要工作” published in 2026: this year's work, aims
                frame = replace(frame, kind="target")
            if frame and frame.kind:
                out.append(Heading(pos, s, frame.year, frame.kind, frame.period_start))
            elif RESULTS_HEADING.search(s):
                # “一、…，…取得新进展新成效”: a part that reviews results, of a year said below
                out.append(Heading(pos, s, None, "actual"))
            else:
                out.append(Heading(pos, s))
            if not sub:
                dated_part = bool(frame and frame.year)
        pos += len(line)
    return out


class _Sections:
    """Lookups of the heading in force at an offset: the last heading of any kind (the
    section title) and the last one that announced a year or kind (the context)."""

    def __init__(self, found: list[Heading]):
        self.all = found
        self.all_starts = [h.start for h in found]
        self.context = [h for h in found if h.kind]
        self.context_starts = [h.start for h in self.context]
        self.dated = [bool(YEAR.search(h.title)) for h in self.context]  # its title names a year

    def title(self, pos: int) -> str:
        i = bisect_right(self.all_starts, pos) - 1
        return self.all[i].title if i >= 0 else ""

    def context_at(self, pos: int) -> tuple[Heading | None, bool]:
        """The context heading at ``pos``, and whether its title names a year."""
        i = bisect_right(self.context_starts, pos) - 1
        return (self.context[i], self.dated[i]) if i >= 0 else (None, False)


EACH = re.compile(r"各(?:年均)?(?:增长|达|提高)?$")  # A、B各增长10%: one figure each
EACH_AVERAGE = re.compile(r"各年均增长$")
GROWTH_WORD = re.compile(r"(增长|增速|增幅)(?:达到|达|超过|超)?$")
COUNT_UNITS = frozenset(("个", "家", "项", "所", "名", "人", "件", "户"))  # N个X: X is counted
DERIVED_UNITS = ("", "件/万人", "个/万人", "项/万人", "人/万人", "名/万人")  # (checked by a test)
PER_10K = re.compile(r"(?:每)?万人(?!年|次|计划)|每万名")
NUMBERING = re.compile(
    r"\s*(?:\d{1,2}[.、]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))\s*"
)


class _Places:
    """The place names of a document, found once: the last one named in a span."""

    def __init__(self, cat: Catalogue, text: str):
        self.pattern, self.text = cat.place_re, text
        found = list(cat.place_re.finditer(text))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.names = [m.group() for m in found]

    def last(self, a: int, b: int) -> str | None:
        """The last name ``place_re.finditer(text, a, b)`` finds: the last name found in the
        whole text within ``[a, b)``, unless a name found there crosses ``a`` or ``b``, when
        the span is read again on its own."""
        i = bisect_left(self.starts, a)
        j = bisect_left(self.starts, b) - 1
        if (i > 0 and self.ends[i - 1] > a) or (j >= i and self.ends[j] > b):
            name = None
            for m in self.pattern.finditer(self.text, a, b):
                name = m.group()
            return name
        return self.names[j] if j >= i else None


def _line_start(text: str, pos: int) -> int:
    """Start of the line holding ``pos`` (at most 4 × WINDOW back)."""
    lo = pos - 4 * WINDOW
    if len(text) <= 4 * WINDOW:
        return max(text.rfind("\n", max(0, lo), pos) + 1, lo, 0)
    where = _stop_positions(text, "\n")
    i = bisect_left(where, pos) - 1
    return max(where[i] + 1 if i >= 0 else 0, lo, 0)


# a list separator before a number: the next item, with a subject of its own, begins there
NEXT_FIGURE = re.compile(r"[和及与]\s*\d")
RIGHT_STOP = re.compile(f"[{re.escape(CLAUSE_END + ')')}]")  # where a subject after a number ends
WINDOW = 600  # how far back a sentence or clause may reach (keeps extraction linear)


def _bounds(text: str, pos: int, stops: str) -> int:
    """Start of the span ending at ``pos`` after the last of ``stops`` (within WINDOW)."""
    lo = max(0, pos - WINDOW)
    if len(text) <= 4 * WINDOW or stops not in INDEXED_STOPS:  # look back directly
        return max(max(text.rfind(ch, lo, pos) for ch in stops) + 1, lo)
    where = _stop_positions(text, stops)
    i = bisect_left(where, pos) - 1
    return max(where[i] + 1, lo) if i >= 0 else lo


# the stop sets of every quantity, indexed once per document (others are rare: looked back)
INDEXED_STOPS = (SENTENCE_END, CLAUSE_END, "\n")
_STOPS: dict = {"text": None}  # positions of stop characters in the document being read


def _stop_positions(text: str, stops: str) -> list[int]:
    """Offsets of every character of ``stops`` in ``text``, once per document and stop set."""
    _read_document(text)
    if stops not in _STOPS:
        _STOPS[stops] = _stop_array(text, stops).tolist()
    return _STOPS[stops]


def _stop_array(text: str, stops: str) -> np.ndarray:
    """``_stop_positions`` as an array (found with numpy: a regex scan of a 1 MB text takes
    15 ms a stop set)."""
    _read_document(text)
    key = ("array", stops)
    if key not in _STOPS:
        is_stop = np.zeros(0x10000, bool)
        is_stop[[ord(ch) for ch in stops]] = True
        _STOPS[key] = np.flatnonzero(is_stop[_STOPS["codes"]])
    return _STOPS[key]


def _read_document(text: str) -> None:
    """Start the stop positions of a new document: its characters as numbers."""
    if _STOPS["text"] is not text:
        _STOPS.clear()
        _STOPS["text"] = text
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
        _STOPS["codes"] = np.minimum(codes, 0xFFFF)  # stop characters are all below


class _Starts:
    """Where the sentence, the clause and the line holding each quantity start (``_bounds``
    and ``_line_start``), for all quantities of a document at once."""

    def __init__(self, text: str, positions: list[int]):
        self.text = text
        self.found: dict[int, tuple[int, int, int]] = {}
        if len(text) > 4 * WINDOW and positions:
            at = np.array(positions)
            lo = np.maximum(at - WINDOW, 0)
            sentence = _after_last(_stop_array(text, SENTENCE_END), at, lo)
            clause = _after_last(_stop_array(text, CLAUSE_END), at, lo)
            line = _after_last(_stop_array(text, "\n"), at, np.maximum(at - 4 * WINDOW, 0))
            self.found = dict(zip(positions, zip(sentence, clause, line, strict=True), strict=True))

    def at(self, pos: int) -> tuple[int, int, int]:
        found = self.found.get(pos)
        if found is None:
            text = self.text
            return (
                _bounds(text, pos, SENTENCE_END),
                _bounds(text, pos, CLAUSE_END),
                _line_start(text, pos),
            )
        return found


def _after_last(where: np.ndarray, at: np.ndarray, lo: np.ndarray) -> list[int]:
    """For each offset of ``at``: just after the last of ``where`` before it, at least ``lo``."""
    if not len(where):
        return lo.tolist()
    i = np.searchsorted(where, at, side="left") - 1  # as bisect_left
    after = np.where(i >= 0, where[np.maximum(i, 0)] + 1, 0)
    return np.maximum(after, lo).tolist()


def extract_text(raw: str, catalogue: Catalogue, info: DocumentInfo) -> list[Candidate]:
    """Candidate statements of one raw document."""
    doc = normalise(raw)
    text = doc.text
    doc_year = info.year or _first_year(text)
    found_headings = headings(text, info.present)
    sections = _Sections(found_headings)
    notes = GLOSSARY_HEADING.search(text)
    glossary = notes.start() if notes else None
    # each note is its own topic: 到2030年 in one note is no year of the next
    note_lines = [m.end() for m in NEWLINE.finditer(text, glossary)] if notes else []
    topic = topics(text, info.present, [h.start for h in found_headings] + note_lines)
    horizons = [int(y) for y in HORIZON.findall(text)]
    places = _Places(catalogue, text)
    quantities = find_quantities(text) + find_stripped_subjects(text, catalogue.count_aliases)
    quantities.sort(key=lambda q: q.start)
    starts = _Starts(text, [q.start for q in quantities])
    out: list[Candidate] = []
    for i, q in enumerate(quantities):
        if doc.is_excluded(q.start):
            continue
        found = _statements(
            doc, q, catalogue, info, doc_year, sections, horizons, topic, places, starts, out
        )
        if glossary is not None and q.start > glossary:
            for c in found:  # 15.“2152”工程:培育100家专精特新企业: a term explained
                if not c.indicator_id:
                    c.in_scope = False
                    c.reason.append(
                        "out of scope: in the notes explaining terms, with no indicator"
                    )
        if q.comparator == ">" and _passed_then_reached(text, q, quantities[i + 1 : i + 2]):
            for c in found:  # 突破1万亿元、达1.4万亿元: the figure is the one reached
                c.in_scope = False
                c.reason.append("out of scope: a threshold passed, the figure reached follows")
        if out and "rank" in q.flags and not found[0].indicator_id:
            # 数量全国第N: the rank of the figure just stated
            prev = out[-1].indicator_id
            within = "provincial" if re.match(r"全省|全市", text[q.start : q.end]) else ""
            options = [f"{prev}_rank_{within}" if within else "", f"{prev}_rank"]
            rank = next((o for o in options if o in catalogue.ids), None) if prev else None
            rank = rank or (catalogue.variant(prev, "rank") if prev else None)
            if rank:
                found[0].indicator_id = rank
                found[0].reason.append("rank of the previous figure")
                if not found[0].in_scope:
                    found[0].in_scope = True
                    found[0].reason.append(f"in scope: catalogue indicator {rank}")
        if (
            out
            and found
            and ONE_PLACE_WHY in out[-1].reason[-1]
            and _same_list(text, quantities, i)
        ):
            for c in found:  # 某实验室集聚科研人员1110人、实施科研项目88项: still that place's
                c.in_scope = False
                c.reason.append(f"{ONE_PLACE_WHY}, as the figure before in its list")
        for c in found:
            if out and not c.in_scope and not HAN_CHAR.search(c.subject):
                c.in_scope = out[-1].in_scope  # 19.3%、69.1%: the figure before's
                if c.in_scope:
                    c.reason[-1] = "in scope: no subject of its own, the figure before is"
            if out and "relative" in q.flags and not c.indicator_id and not c.subject.strip():
                # 年均增长9.8%、高于全国0.6个百分点: the margin of the figure just stated
                c.indicator_id = out[-1].indicator_id
                c.reason.append("relative: the figure just stated")
            if q.unit == "月":
                c.in_scope = True  # a deadline of the plan's own tasks
        out.extend(found)
    return out


# a line of its own that opens the notes explaining a report's terms (名词注释, 名词解释, 注释):
# the programmes defined there (“2152”工程:培育2家…100家…, 2026年10件民生实事) are named, not
# stated as figures of a year, unless a figure is one the catalogue tracks (“2030先锋工程”:到
# 2030年,布局20个左右重大专项: a curator keeps that)
GLOSSARY_HEADING = re.compile(r"^[^\n,。]{0,20}(?:名词(?:注释|解释|释义)|注释|注解)\s*$", re.M)
NEWLINE = re.compile("\n")
THEN_REACHED = re.compile(r"[、,]\s*(?:达到|达)")


def _passed_then_reached(text: str, q: Quantity, following: list[Quantity]) -> bool:
    """'突破1万亿元、达1.4万亿元': a threshold passed, then the figure itself in the same unit
    (the threshold is how it is framed, not a second figure a curator keeps)."""
    return bool(
        following
        and following[0].unit == q.unit
        and following[0].start - q.end <= 4
        and THEN_REACHED.match(text, q.end, following[0].start + 2)
    )


def _first_year(text: str) -> int | None:
    m = YEAR.search(text[:2000]) or re.search(
        r"((?:19|20)\d{2})[-.]\d{1,2}[-.]\d{1,2}", text[:2000]
    )
    return int(m.group(1)) if m else None


def _statements(
    doc: NormalisedText,
    q: Quantity,
    cat: Catalogue,
    info: DocumentInfo,
    doc_year,
    sections: _Sections,
    horizons,
    topic: Topics,
    places: _Places,
    starts: _Starts,
    previous: list[Candidate],
) -> list[Candidate]:
    text = doc.text
    sent_start, clause_start, line_start = starts.at(q.start)
    if (
        ")" in text[clause_start : q.start]
    ):  # 国家创新型县(市)8个: the bracket is inside the subject
        clause_start = _bounds(text, q.start, CLAUSE_END.replace("(", ""))
    before = text[sent_start : q.start]
    clause = text[clause_start : q.start]
    reason = list(q.notes)
    flags = list(q.flags)

    # subjects: an enumeration distributed by 各 gives one statement per listed subject
    subjects = [clause]
    listed_subject = False  # a subject taken from a list is linked on its own words only
    if "各" in clause and (EACH.search(clause) or EACH_AVERAGE.search(clause)):
        enum_start = _bounds(text, q.start, SENTENCE_END + ",:(")
        head = EACH.sub("", text[enum_start : q.start])
        subjects = [s for s in head.split("、") if s]
        reason.append("各: one statement per listed subject")
    elif (shared := "均" in clause[-8:] and SHARED.search(clause[-60:])) and len(
        _items(shared.group("head"))
    ) >= 2:
        subjects = _share_tail(cat, _items(shared.group("head")))  # A和B均居全国第4位
        listed_subject = True
        reason.append("均: one number for each listed subject")
    elif (listed := _respectively(text, q, sent_start)) is not None:
        k, head_start, at = listed
        items = _items(text[head_start:at])
        clause = text[head_start:at] + RESPECTIVELY_VERB.match(text, at).group()
        listed_subject = True
        if len(items) >= 2 and k < len(items):
            subjects = [_share_tail(cat, items)[k]]
            reason.append(f"分别: value {k + 1} of the list goes to subject {k + 1}")
        elif len(items) < 2:
            earlier = _earlier_subject(previous, text, doc.raw_offset(head_start), k, q)
            if earlier:
                subjects = [earlier]
                reason.append(f"分别: value {k + 1} goes to subject {k + 1} stated earlier")
    tail = before[-40:]
    shared_years = YEARS_SHARED.search(tail) if "均" in tail or "都" in tail else None
    if shared_years and len(tail) - shared_years.end() > 6:
        shared_years = None
    if shared_years and subjects == [clause]:  # 强度2023年、2024年均保持在: the subject precedes
        at = q.start - len(tail) + shared_years.start()
        subjects = [text[_bounds(text, at, SENTENCE_END + ",:(") : at]]
    growth = q.growth or (_last(clause) in "长速幅到达过超" and bool(GROWTH_WORD.search(clause)))

    year, kind, year_why, kind_why, from_to = _when(
        text, q, before, clause, info, doc_year, sections, horizons, topic, flags
    )
    reason.append(year_why or "no year")
    reason.append(f"kind: {kind_why}")
    years = [year]
    if shared_years:
        years = [int(y) for y in re.findall(r"\d{4}", shared_years.group("years"))]
        reason.append("均: one number for each listed year")
    stock = (
        text[q.start - 1 : q.start] in ("从", "由")
        or bool(_from_to(before) and _from_word(before[-30:]))
        or bool(
            _last(clause) in "到达破过超"
            and REACHES.search(clause[-4:])
            and not NEW_WORDS.search(clause)
        )
    )  # 从2.2万家增加到4.9万家, 企业数达到3万家: how many there are, not how many were added
    if ("累计" in clause or "已建成" in clause) and "cumulative" not in flags:
        flags.append("cumulative")

    # place
    named = places.last(line_start, q.start)
    place = (cat.places[named] if named else None) or info.jurisdiction_id
    if place != info.jurisdiction_id:
        reason.append(f"place named in the line: {place}")

    mojibake = doc.in_mojibake(sent_start, q.end)
    if mojibake:
        flags.append("mojibake")
    # 'N个X': the subject may follow the number (推动2000个授权发明专利产业化)
    stop = RIGHT_STOP.search(text, q.end, q.end + 60)
    right_end = stop.start() if stop else min(len(text), q.end + 60)
    right = text[q.end : right_end]
    if (following := NEXT_FIGURE.search(right)) is not None:
        # 2—3家制造业创新中心和25—30家企业技术中心: the next item's subject is not this one's,
        # a predicate they share is (173名个人和6个团队入选“珠峰英才”计划)
        shared = PREDICATE.search(right, following.end())
        right = right[: following.start() + 1] + (right[shared.start() :] if shared else "")
    unit = q.unit
    if unit == "位" and "rank" not in q.flags:  # 院士12位: persons, not a rank
        reason.append("measure word 位 counted in 名")
        unit = "名"
    if unit not in cat.dimension and unit in MEASURE_AS:  # a measure word the tables lack
        reason.append(f"measure word {unit} counted in {MEASURE_AS[unit]}")
        unit = MEASURE_AS[unit]
    if unit in ("件", "个", "项", "人", "名") and PER_10K.search(clause):
        unit = f"{unit}/万人"  # 万人发明专利拥有量: a per-10 000-people figure
        reason.append("per 10 000 people")
    if unit not in cat.dimension and unit not in DERIVED_UNITS:
        return []  # a unit the tables do not declare (算力 in P before it is added)
    out = []
    for subject_text, year in ((s, y) for s in subjects for y in years):
        stock_like = "cumulative" in flags or from_to is not None or stock  # 从2.2万家增加到4.9万家
        share_of = SHARE_OF.match(subject_text.strip())
        if share_of and unit == "%":  # ……5000家，占全省的1/3: the share of the figure before
            indicator, alias = _share_of(cat, before[: len(before) - len(clause)], share_of)
            if indicator:
                reason.append(f"占{share_of.group('whole')}: the share of {alias}")
        else:
            indicator, alias = _link(cat, subject_text, "", q, unit, growth, stock_like)
        if (
            indicator is None
            and not share_of
            and not listed_subject
            and not _has_own_subject(cat, subject_text)
        ):
            indicator, alias = _link(cat, "", before, q, unit, growth, stock_like)
        if alias and alias.startswith("占") and not SCIENCE_WORDS.search(before):
            # 占地区生产总值比重 names a share, not of what: 主导产业占… is no R&D intensity
            reason.append(f"alias {alias} without a science subject: not linked")
            indicator, alias = None, None
        elif alias and alias.startswith("占") and (other := _share_subject(cat, before, alias)):
            # 高新技术产业增加值占地区生产总值比重: the share of a figure of another theme
            reason.append(f"alias {alias} is the share of {other}, of another theme: not linked")
            indicator, alias = None, None
        near = max(line_start, sent_start - NEAR)  # the sentence and the few before it
        if (
            alias in cat.needs
            and not cat.needs[alias].search(text, near, right_end)
            and not SCIENCE_WORDS.search(text, sent_start, right_end)
        ):
            reason.append(f"alias {alias} shortens a science name not given nearby")
            indicator, alias = None, None
        quote_end = q.end
        own_words = LEADING_WORDS.sub("", subject_text)
        subject = _strip_trailing(own_words).strip(' “”"') or subject_text
        after = False  # the subject follows the number (推动2000个授权发明专利产业化)
        # what the number counts: the words after it up to a verb (5家新列入省级名单 counts
        # what was named before; 3家企业主板上市 counts enterprises)
        predicate = PREDICATE.search(right) if right else None
        counted = right[: predicate.start()] if predicate else right
        # words before the number that end in 和/及/与/、 named the item before this one
        joined = bool(ITEM_JOIN_END.search(own_words))
        if (indicator is None or not own_words.strip() or joined) and right and len(right) <= 30:
            r_ind, r_alias = _link(cat, right, "", q, unit, growth, False)
            if (
                r_alias in cat.needs
                and not cat.needs[r_alias].search(text, near, right_end)
                and not SCIENCE_WORDS.search(text, sent_start, right_end)
            ):  # 1000个民生服务综合体, 24个人才培养改革试点项目: named in full, and not the science one
                reason.append(f"alias {r_alias} after the number shortens a science name not given")
                r_ind, r_alias = None, None
            if r_ind or (not own_words.strip() and not joined):
                if len(HAN_CHAR.findall(counted)) >= 2:
                    # 10个创新生态圈: what follows names what is counted, so an indicator named
                    # earlier in the sentence is not this figure's
                    indicator, alias = r_ind, r_alias
                else:
                    indicator, alias = r_ind or indicator, r_alias or alias
                subject, quote_end, after = right.strip(), right_end, True
                reason.append("subject after the number")
        quote_start = (
            min(clause_start, q.start)
            if len(subjects) == 1 and len(years) == 1
            else _bounds(text, q.start, SENTENCE_END + ",:(")
        )
        numbering = NUMBERING.match(text[quote_start : q.start])
        if numbering:
            quote_start += numbering.end()
        a, b = doc.raw_span(quote_start, quote_end)
        confidence = (
            0.45 + (0.3 if indicator else 0) + (0.1 if q.comparator != "=" or q.notes else 0.05)
        )
        confidence += (
            0.1
            if year_why in ("year in sentence", "section heading year", "年均: plan horizon")
            else 0
        )
        confidence -= 0.3 if mojibake else 0
        scope, scope_why = _in_scope(
            cat, indicator, counted if after else subject, counted, unit, after
        )
        if (
            scope
            and not listed_subject
            and len(subjects) == 1
            and len(tiers := _tiers(counted if after else _list_run(text, q.start))) >= 2
        ):
            # 雏鹰瞪羚独角兽企业7146家: one count of several tiers is none of theirs alone
            indicator, alias, scope = None, None, False
            scope_why = f"out of scope: one count of several kinds of firm ({'、'.join(tiers)})"
        out.append(
            Candidate(
                document_id=info.document_id,
                jurisdiction_id=place,
                indicator_id=indicator or "",
                year=year,
                kind=kind,
                comparator=q.comparator,
                value=q.value,
                value_high=q.value_high,
                unit=unit,
                quote=doc.raw[a:b].strip(),
                section=sections.title(q.start),
                flags=flags,
                char_start=a,
                char_end=b,
                subject=subject,
                confidence=_rounded(confidence),
                reason=reason
                + ([f"alias {alias}"] if alias else ["no catalogue alias"])
                + [scope_why],
                in_scope=scope,
            )
        )
    return out


def _in_scope(
    cat: Catalogue, indicator: str | None, subject: str, right: str, unit: str, after: bool
) -> tuple[bool, str]:
    """Whether a figure is one a curator of S&T targets keeps, and why: linked to the
    catalogue, or a science word in its own subject (the words it measures, not the rest of
    the sentence: 与8个国家开展科技合作 counts countries)."""
    if indicator:
        return True, f"in scope: catalogue indicator {indicator}"
    own = THIN_SUBJECT.sub("", cat.place_re.sub("", LEADING_WORDS.sub("", subject)))
    other = FINANCE_SUBJECT.search(own) or ONE_PLACE_GATHERS.search(own)
    science = SCIENCE_WORDS.search(own)
    if science and not other:
        return True, f"in scope: science word {science.group()} in its subject"
    counts = unit in COUNT_UNITS and not after and SCIENCE_WORDS.search(right[:12])
    if counts and not other:
        return True, f"in scope: what it counts names {counts.group()}"
    if other and (science or counts):
        why = ONE_PLACE_WHY if ONE_PLACE_GATHERS.search(own) else "a figure of another kind"
        return False, f"out of scope: {other.group()}: {why}"
    return False, "out of scope: no catalogue indicator, no science word in its own subject"


@cache
def _rounded(confidence: float) -> float:
    """A confidence within [0.05, 0.99], to two decimals (a dozen sums occur: cached)."""
    return round(max(0.05, min(confidence, 0.99)), 2)


YEARS_SHARED = re.compile(r"(?P<years>(?:(?:19|20)\d{2}年?[、和及与])+(?:19|20)\d{2}年)(?:均|都)")
SHARE_OF = re.compile(r"占(?P<whole>全省|全国|全市)")
SHARE_WHOLE = {"全省": "share_of_province", "全国": "share_of_country", "全市": "share_of_city"}


def _share_of(cat: Catalogue, before: str, share_of: re.Match) -> tuple[str | None, str | None]:
    """'占全省…': the indicator of that subject's share of the whole, if the catalogue has one
    (never another percentage that happens to be named earlier in the sentence)."""
    found = cat.aliases_in(before)
    if not found:
        return None, None
    alias = found[-1]
    return cat.variant(cat.alias_to[alias], SHARE_WHOLE[share_of.group("whole")]), alias


def _share_subject(cat: Catalogue, before: str, alias: str) -> str | None:
    """The alias of the figure a share alias (占…比重) takes the share of, when that figure's
    indicator is of another theme than the share's (数字经济核心产业增加值 占GDP比重 is not R&D
    intensity; R&D经费 占GDP比重 is)."""
    at = before.rfind("占")
    if at < 0:
        return None
    head = cat.aliases_in(before[max(0, at - 30) : at])
    if not head:
        return None
    theme = cat.indicators["theme"]
    share, of = cat.alias_to[alias], cat.alias_to[head[-1]]
    return head[-1] if theme.get(of) != theme.get(share) else None


def _can_grow(cat: Catalogue, indicator_id: str) -> bool:
    """A growth rate, or a figure with a growth-rate variant (not a ratio or a rank)."""
    return cat.measure[indicator_id] == "growth_rate" or bool(cat.variant(indicator_id, "growth"))


def _link(
    cat: Catalogue,
    subject: str,
    before: str,
    q: Quantity,
    unit: str,
    growth: bool,
    cumulative: bool,
) -> tuple[str | None, str | None]:
    """The indicator whose alias is nearest the number (in the subject, else the sentence);
    a verb or a bracket inside a subject (高新技术产业实现增加值, 经费(R&D)投入) is read past."""
    scopes = []  # (in the sentence before, scope); an empty scope holds no alias
    for in_before, scope in ((False, subject), (True, before)):
        if scope:
            scopes.append((in_before, scope))
            past = _read_past(scope)
            if past != scope:  # something read past: the scope again without it
                scopes.append((in_before, past))
    for in_before, scope in scopes:
        found = cat.aliases_in(scope)
        if not found:
            continue
        found.reverse()  # nearest the number first
        if growth and in_before:
            # 同比增长 after a figure: the growth of that figure's subject only — read past a
            # ratio that cannot grow by a percentage (支出X亿元，占GDP比重Y%，同比增长Z%)
            if unit == "%":  # (a change in 百分点 is a ratio's own: 比重提高0.2个百分点)
                found = [a for a in found if _can_grow(cat, cat.alias_to[a])]
            found = found[:1]
        for alias in found:
            ind = cat.alias_to[alias]
            measure = cat.measure[ind]
            if growth and measure != "growth_rate":
                ind = cat.variant(ind, "growth") or ind
            elif cumulative and measure == "count_new":
                ind = cat.variant(ind, "total") or ind
            if q.unit == "月" and ind != "task_deadline":
                continue
            if cat.unit_fits(ind, unit):
                return ind, alias
    if q.unit == "月" and "整改" in before:
        return "task_deadline", "整改"
    return None, None


ESTIMATE = "预计"
TARGET_AFTER = re.compile(r"[^。;!?\n]{0,40}?(?:年度|全年|预期)?目标(?:分别)?(?:为|是)")
# 过去五年, 三年来, 以来: whether a sentence looks back (found from a literal: fast)
REVIEW = re.compile(
    r"过去(?:[一二三四五六七八九十]|\d{1,2})年|(?<=[一二三四五六七八九十\d])年来|以来"
    r"|(?<=[二三四五六七八九十\d])年(?=间|增加|新增|累计|共)"  # 5年增加1万多家
)
# '…3900家、…1.1万家,分别比上年增长7.5%、9.3%': a figure compared with last year's is a result
MEASURED_AFTER = re.compile(r"[^。;]{0,60}?(?:同比|[比较]上年)(?:增长|提高|下降|增加|减少)")
REACHES = re.compile(r"(?:达到|达|突破|超过|超)$")
NEW_WORDS = re.compile(
    r"新增|新建|新认定|新引进|引进|引育|培育|新入选|入选|组建|建设|获|认定|布局|实施"
)
FROM_TO_AFTER = r"[^,，。;；]{0,3}(?:增加|提高|提升|跃升|上升|增长|扩大|下降|降低|减少)(?:到|至)"
FROM_TO = re.compile(r"(?:增加|提高|提升|跃升|上升|增长|扩大|下降|降低|减少)?(?:到|至)$")
FROM_TO_NEXT = re.compile(FROM_TO_AFTER)
TARGET_JUST_BEFORE = re.compile(r"目标(?:分别)?(?:为|是)?$")


def _from_to(before: str) -> bool:
    """``before`` ends with 增加到, 提高至 … (the second figure of a change follows)."""
    return _last(before) in ("到", "至") and bool(FROM_TO.search(before[-8:]))


def _from_word(s: str) -> bool:
    """从 or 由 in ``s`` (a change from one figure to another)."""
    return "从" in s or "由" in s


def _when(text, q, before, clause, info, doc_year, sections, horizons, topic, flags):
    """Year and kind of a statement, with why: the sentence first (its year, 今年/去年, its
    tense words), then the topic it belongs to, then its section, then the document."""
    present = info.present
    years = [  # (比2020年增长58.1%: 2020 is the base of the change, not its year)
        m for m in (YEAR.finditer(before) if "年" in before else ()) if not _base_year(before, m)
    ]
    # the segment of the sentence since its last year: '2019年预计…,2020年目标…' are two
    seg = before[years[-1].start() :] if years else before
    year, year_why, from_sentence = None, "", False
    frame = topic.at(q.start)
    section, dated_section = sections.context_at(q.start)
    if frame and frame.relative and dated_section:
        if frame.period_start and section.year:  # 五年来 under “2025年工作回顾”: up to 2025
            span = frame.year - frame.period_start
            frame = replace(frame, year=section.year, period_start=section.year - span)
        else:
            frame = None  # 今年以来 under “一、2018年主要工作”: the heading's year is the present
    if frame and "全年" in before[-40:] and not years:
        frame = None  # 全年: the year the text is about, not a horizon named before
    if years and before.startswith("以来", years[-1].end()):  # 2023年以来: since, so a result
        year, year_why = int(years[-1].group(1)), "year in sentence (以来)"
    elif years:
        year, year_why, from_sentence = int(years[-1].group(1)), "year in sentence", True
    rel = relative_year(before, present)
    if rel and (not years or rel[2] > years[-1].start()):
        if not (rel[1] == "今年" and dated_section):
            year, year_why, from_sentence = rel[0], f"{rel[1]} in sentence", True
        seg = before[rel[2] :]
    if "年" in before and MISSING_YEAR.search(before) and "missing_year" not in flags:
        flags.append("missing_year")
    period = (frame and frame.period_start and frame) or (
        section and section.period_start and section
    )
    from_to = None
    starts_change = text[q.start - 1 : q.start] in ("从", "由")
    if period and _from_word(before):
        if starts_change:
            year, from_to = period.period_start - 1, "from"
        elif _from_to(before) and _from_word(before[-30:]):
            year, from_to = period.year, "to"
        if from_to:
            year_why, from_sentence = f"从…到: {from_to} year of the period", True
    if "年均" in clause and not from_to:
        if (section and section.kind == "actual") or REVIEW.search(before):
            flags.append("annual_average")  # 过去五年…年均增长: over the years just reviewed
            if not from_sentence:
                year, year_why = None, ""  # the review's year, from its topic or section below
        elif period and period.kind == "target" and not from_sentence:
            year, year_why = period.year, "年均: the plan's last year"
            flags.append("annual_average")
        elif horizons:
            ahead = [h for h in horizons if present is None or h >= present]
            year, year_why = (ahead or horizons)[0], "年均: plan horizon"
            flags.append("annual_average")
    estimate = ESTIMATE in seg and _estimate(seg, clause)
    if year is None and estimate and present is not None:
        year, year_why = (
            (frame.year, frame.why)
            if frame
            else (present - 1, "预计 with no year: the year before publication")
        )
    if year is None and frame and frame.year:
        year, year_why = frame.year, f"topic: {frame.why}"
    if year is None and section and section.year:
        year, year_why = section.year, "section heading year"
    if year is None and present and REVIEW.search(before):
        year, year_why = present - 1, "过去N年: up to the year before publication"
    if year is None and doc_year:
        year, year_why = doc_year, "document year"
    if starts_change and not from_to and year and FROM_TO_NEXT.match(text[q.end : q.end + 12]):
        year, year_why = year - 1, "由A上升至B: A is the year before"  # a change over one year

    by_year = kind_of_year(year, present) if from_sentence else None
    if estimate:
        kind, kind_why = "estimate", ESTIMATE
    elif "目标" in clause and TARGET_JUST_BEFORE.search(clause):  # 6449家(年度目标4000家)
        kind, kind_why = "target", "目标 just before the number"
    elif by_year:
        kind, kind_why = by_year, f"{year} against publication year {present}"
    elif text.find("目标", q.end, q.end + 50) >= 0 and TARGET_AFTER.match(text, q.end):
        # 6500家、1.2万家，年度目标分别为4000家、10000家
        kind, kind_why = "actual", "a target is stated after it: a result set against it"
    elif section and section.kind == "actual" and not (frame and frame.kind):
        kind, kind_why = "actual", "summary section"
    elif aim := TARGET_WORDS.search(seg):
        kind, kind_why = "target", f"{aim.group()} in the sentence"
    elif _may_be_actual(seg) and (actual := ACTUAL_WORDS.search(seg)):
        kind, kind_why = "actual", actual.group()
    elif frame and frame.kind:
        kind, kind_why = frame.kind, f"topic: {frame.why}"
    elif section and section.kind:
        kind, kind_why = section.kind, "section heading"
    elif "同比" in clause or "比上年" in clause or MEASURED_AFTER.match(text, q.end):
        kind, kind_why = "actual", "同比: a change already measured"
    elif year and doc_year and year < doc_year:
        kind, kind_why = "actual", "past year"
    else:
        kind, kind_why = "target", "forward-looking text"
    if (
        kind != "target"
        and year_why == "document year"
        and info.published is not None
        and info.published.month <= 3
    ):  # results stated early in a year, with no year of their own: the year just ended
        year, year_why = info.published.year - 1, "result published early in the next year"
    return year, kind, year_why, kind_why, from_to


def _base_year(before: str, m: re.Match) -> bool:
    """The year of ``m`` is the base of a comparison (比2020年, 较2020年, 与2020年相比)."""
    return before[m.start() - 1 : m.start()] in ("比", "较", "与", "同")


def _estimate(seg: str, clause: str) -> bool:
    """预计 governs the clause it stands in, and the clauses after it when it opens its own
    clause (预计A达…,B达… vs A预计达…,B保持…)."""
    at = seg.rfind(ESTIMATE)
    if at < 0:
        return False
    if ESTIMATE in clause:
        return True
    opening = seg[_bounds(seg, at, CLAUSE_END) : at]
    return not opening.strip() or bool(YEAR.fullmatch(opening.strip(" ,")))


# words that make a subject outside the catalogue still a science-and-technology one; broad
# words (创新, 人才, 科学) are not enough alone: 制度创新, 技能人才, 科学城 are not what the
# catalogue tracks
SCIENCE = (
    r"科技|科研|研发|R&D|研究与试验|专利|发明|高新技术|高技术|院士|实验室|孵化|技术合同|技术交易|"
    r"知识产权|概念验证|中试|特派员|成果转化|转化成果|专精特新|小巨人|单项冠军|瞪羚|独角兽|技术经理人|关键技术|"
    r"核心技术|攻关|算力|技术中心|技术创新|创新平台|创新联合体|研究院|领军|创新创业|创新团队"
)
SCIENCE_WORDS = re.compile(SCIENCE)
# a science word does not make a figure of lending or fund-raising an S&T one (科技贷款余额,
# 科技型企业贷款余额增长, 知识产权质押融资额, 支持科技创新的减税降费及退税): those are finance
# figures (研发费用加计扣除, a science policy's own measure, is not among them); a catalogue
# indicator (专利权质押融资) still links
FINANCE_SUBJECT = re.compile(r"贷款|余额|债券|科创债|融资|募集资金|减税降费|退税")
# what one park, science city or laboratory gathered (沈阳浑南科技城落户87个项目, 某科学城汇聚
# 300多个科研团队, 某实验室集聚科研人员1110人, 研发中心城市新增研发机构800余家) is that
# place's figure, not the province's
ONE_PLACE_GATHERS = re.compile(
    r"(?:科技城|科学城|科创城|科创园|高新区|产业园|实验室|研发中心城市)"
    r"(?:已|累计)?(?:集聚|汇聚|聚集|落户|入驻|引进|新增|吸引)"
)
ONE_PLACE_WHY = "what one place gathered"


def _same_list(text: str, quantities: list[Quantity], i: int) -> bool:
    """The quantity ``i`` continues the 、-list of the one before it (nothing but a 、 and the
    next item's words between them)."""
    if i == 0:
        return False
    gap = text[quantities[i - 1].end : quantities[i].start]
    return gap.startswith("、") and not RUN_STOP.search(gap) and len(gap) <= 30


# a verb after a number: the words before it say what is counted (3家企业 | 主板上市), none
# (5家 | 新列入省级名单) that it counts what the sentence named before
ITEM_JOIN_END = re.compile(r"(?:和|及|与|以及|、)\s*$")  # the end of the previous item of a list
PREDICATE = re.compile(
    r"(?:新|已|均|被|先后|相继|成功|共|累计)?(?:进入|列入|纳入|获|入选|入围|通过|达到|实现|建成|"
    r"落地|落户|上榜|认定|评为|开展|建立|签署|参与|参加|承担|牵头|主板|挂牌|上市)"
)
NEAR = 200  # how far before its sentence an abbreviation's full name may stand (characters)
# science words of a longer name that an abbreviation of it may drop (see _abbreviations)
BROAD_SCIENCE = re.compile(SCIENCE + r"|创新|科学|科创|技术|基金")
THIN_SUBJECT = re.compile(
    r"同比|[比较]上年|增长|增速|增幅|提高|提升|下降|比重|占比|其中|分别|全年|全省|全市|该省"
)


# the tiers firms are graded in (专精特新“小巨人” is one tier, named in two words)
FIRM_TIER = re.compile(
    r"专精特新[“\"]?小巨人|专精特新|小巨人|单项冠军|雏鹰|瞪羚|独角兽|高新技术企业|科技型中小企业|"
    r"科技型企业|创新型中小企业"
)


def _list_run(text: str, pos: int) -> str:
    """The words of the list a number ends, back to the last comma or sentence end."""
    return text[_bounds(text, pos, SENTENCE_END + ",:(") : pos]


def _tiers(subject: str) -> list[str]:
    """The distinct firm tiers a subject names after its last number (瞪羚企业358户和种子
    独角兽企业: only 独角兽 is the next number's)."""
    tail = subject[max(subject.rfind(d) for d in "0123456789") + 1 :] if subject else ""
    found: list[str] = []
    for m in FIRM_TIER.finditer(tail):
        tier = m.group().replace("“", "").replace('"', "")
        if tier not in found:
            found.append(tier)
    return found


def _has_own_subject(cat: Catalogue, clause: str) -> bool:
    """True if a clause names its own subject (新增海外科研飞地), so that a number in it is
    not given to a subject named earlier in the sentence (as 同比增长 or 其中向某县派遣 are)."""
    rest = cat.place_re.sub("", LEADING_WORDS.sub("", clause[-40:]))
    rest = THIN_SUBJECT.sub("", _strip_trailing(LEADING_WORDS.sub("", rest)))
    return len(HAN_CHAR.findall(rest)) >= 3


HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
LIST_SEP = re.compile(r"、|和|与|及")
ITEM_SEP = re.compile(r"、|和")
RUN_STOP = re.compile(r"[,，;；:：(（)）。]")
INSIDE_SUBJECT = re.compile(r"\([^()]{1,12}\)|实现|完成|达成")


def _read_past(s: str) -> str:
    """``s`` without a bracket or a verb inside a subject (see ``_link``)."""
    if "(" in s or "实现" in s or "完成" in s or "达成" in s:
        return INSIDE_SUBJECT.sub("", s)
    return s


SHARED = re.compile(r"(?P<head>[^,。;]+?)均(?:居|为|达到|达|保持|位居|位列|列|排名?)?$")
RESPECTIVELY = "分别"
RESPECTIVELY_VERB = re.compile(
    r"分别(?:比上年|较上年|同比)?(?:为|是|达到|达|增长|提高|下降|超过|增加)?"
)


def _items(head: str) -> list[str]:
    """The subjects of a list 'A、B和C' (leading verbs dropped)."""
    head = LEADING_WORDS.sub("", head.strip())
    return [i for i in LIST_SEP.split(head) if i.strip()]


def _share_tail(cat: Catalogue, items: list[str]) -> list[str]:
    """'战略性新兴产业、高新技术产业增加值': the head noun written once, on the last subject,
    belongs to each (战略性新兴产业增加值) when that names a catalogue subject."""
    last = items[-1]
    out = []
    for item in items[:-1]:
        whole = item
        for cut in range(1, len(last) - 1):  # the longest tail that makes a subject of its own
            tail = last[cut:]
            # an alias crossing the join: one the tail alone does not hold (高新技术产业 +
            # 增加值占比, not 高新技术产业 + 略性新兴产业…占比, which only the tail names)
            if not cat.aliases_in(item) and set(cat.aliases_in(item + tail)) - set(
                cat.aliases_in(tail)
            ):
                whole = item + tail
                break
        out.append(whole)
    return out + [last]


def _respectively(text: str, q: Quantity, sent_start: int) -> tuple[int, int, int] | None:
    """'A、B分别增长10%、7.9%': for a value of such a list, its place k in the list, where the
    subjects' list starts and where 分别 stands."""
    at = text.rfind(RESPECTIVELY, sent_start, q.start)
    if at < 0:
        return None
    run = text[at + 2 : q.start]
    if len(run) > 60 or RUN_STOP.search(run):
        return None
    k = len(ITEM_SEP.findall(run))
    head_start = _bounds(text, at, SENTENCE_END + ",:(")
    return k, head_start, at


def _earlier_subject(previous, text, raw_head_start, k, q) -> str | None:
    """'新认定A 6449家、B 16032家(年度目标分别为4000家、10000家)': the k-th subject of the
    figures stated just before the list, when the list names none of its own."""
    close = re.search(r"[,，;；。)]", text[q.end : q.end + 200])
    stop = q.end + (close.start() if close else 0)
    n = k + 1 + len(ITEM_SEP.findall(text[q.end : stop]))
    before_list = [c for c in previous[-(n + k + 1) :] if c.char_end <= raw_head_start + 1]
    if len(before_list) < n:
        return None
    return before_list[-n:][k].subject or None
