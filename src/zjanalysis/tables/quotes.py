"""Finding a curated quote in its raw document.

A quote is first looked up exactly. If that fails, both texts go through one documented,
deterministic normalisation — Unicode NFKC (full-width → half-width) and removal of all
whitespace — and the quote is looked up again. Nothing else is forgiven.
"""

from __future__ import annotations

import math
import re
import unicodedata

from zjanalysis.messages import N_, translator
from zjanalysis.tables.numerals import NUMERAL, chinese_number

_SPACE = re.compile(r"\s+")


def normalise_for_lookup(text: str) -> str:
    """NFKC-normalise ``text`` and drop all whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def find_quote(quote: str, document_text: str) -> int:
    """Offset of ``quote`` in ``document_text`` (exact match), -2 if found only after
    normalisation, -1 if not found."""
    pos = document_text.find(quote)
    if pos >= 0:
        return pos
    if normalise_for_lookup(quote) in normalise_for_lookup(document_text):
        return -2
    return -1


_CN_RUN = re.compile(f"{NUMERAL}+(?:点{NUMERAL}+)?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:/[0-9]+(?:\.[0-9]+)?)?", re.ASCII)
_CN_FRACTION = re.compile(f"({NUMERAL}+)分之({NUMERAL}+)")  # 三分之一: one third


# what may stand between a number and its scale (2-3万家, 1.2万余家), and the scale itself
_SCALE_AFTER = re.compile(r"\s*(?:[-—–~至到]\s*[0-9.]+)?\s*[多余餘]?\s*(万亿|萬億|亿|億|万|萬)?")
SCALES = {1e4: "万", 1e8: "亿", 1e12: "万亿"}  # a unit's factor to its base, as a word


def _scale_at(text: str, end: int) -> str:
    """The scale word written after a number ending at ``end`` ('' for none)."""
    word = _SCALE_AFTER.match(text, end).group(1) or ""
    return word.replace("萬", "万").replace("億", "亿")


def numbers_in(quote: str) -> tuple[set[tuple[float, str]], set[float]]:
    """The numbers a quote states, each with the scale written after it (万, 亿, 万亿 or ''):
    digits (full-width too, 1,000 as 1000) and Chinese numerals (七, 两, 二十三, 百分之三);
    and apart, the values of its fractions (1/3 and 三分之一 as 1/3 and 33.33… percent)."""
    text = unicodedata.normalize("NFKC", quote)
    text = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", text)
    exact: set[tuple[float, str]] = set()
    fractions: set[float] = set()
    for match in _NUMBER.finditer(text):
        top, _, bottom = match.group().partition("/")
        scale = _scale_at(text, match.end())
        exact.add((float(top), "" if bottom else scale))
        if bottom and float(bottom):
            exact.add((float(bottom), scale))
            fractions.update((float(top) / float(bottom), 100 * float(top) / float(bottom)))
    for bottom, top in _CN_FRACTION.findall(text):
        top, bottom = chinese_number(top), chinese_number(bottom)
        if top is not None and bottom:
            fractions.update((top / bottom, 100 * top / bottom))
    for match in _CN_RUN.finditer(text):
        number = chinese_number(match.group())
        if number is not None:
            exact.add((number, _scale_at(text, match.end())))
    return exact, fractions


def states_value(quote: str, value: float, scale: str | None = None) -> bool:
    """Whether ``quote`` states ``value``: one of its numbers, or a fraction's value rounded
    to the value's decimals (1/3 → 33.3); with ``scale`` ('', 万, 亿 or 万亿), only a number
    written with that scale after it counts (350家 states 350 with '', not with 万).

    Quotes give magnitudes (下降2.8% is -2.8): the sign is not compared."""
    value = abs(value)
    exact, fractions = numbers_in(quote)
    if any(
        math.isclose(n, value, rel_tol=1e-9, abs_tol=1e-12) and scale in (None, written)
        for n, written in exact
    ):
        return True
    text = f"{value:.10f}".rstrip("0")
    decimals = len(text.partition(".")[2])
    return scale in (None, "") and any(round(n, decimals) == value for n in fractions)


# what a reader sees in place of injected text, and what a report says of such a copy
# ({title}: the document's title, {n}: how many runs, {marker}: the marker)
INJECTED_MARKER = N_("[injected text removed]")
INJECTED_NOTES = {
    "advert": N_(
        "The copy of {title} is a spam repost, with adverts spliced into its text (runs "
        "found: {n}): quotes show them removed, marked {marker}; where another statement gives "
        "the same figure, that one is cited."
    ),
    "furniture": N_(
        "The copy of {title} carries page furniture inside its text (runs found: {n}, "
        "e.g. page-jump notes): quotes show it removed, marked {marker}."
    ),
}


def injected_marker(lang: str) -> str:
    """What a reader of ``lang`` sees in place of an injected run."""
    return translator(lang)(INJECTED_MARKER)


def injected_spans(quote: str, text: str, runs) -> list[tuple[int, int]]:
    """The parts of ``quote`` that are injected runs of ``text`` (offsets into the quote).

    Empty when the quote occurs somewhere in ``text`` clear of every run (then it is the
    source's words there). A quote found only after normalisation has each run's text
    looked up in it instead.
    """
    if not runs:
        return []
    starts = []
    pos = text.find(quote)
    while pos >= 0:
        starts.append(pos)
        pos = text.find(quote, pos + 1)
    if not starts:
        found = []
        for run in runs:
            at = quote.find(run.text)
            if at >= 0:
                found.append((at, at + len(run.text)))
        return sorted(found)
    spans_at = {}
    for start in starts:
        end = start + len(quote)
        spans_at[start] = [
            (max(r.start, start) - start, min(r.end, end) - start)
            for r in runs
            if r.start < end and start < r.end
        ]
        if not spans_at[start]:
            return []
    return spans_at[starts[0]]


def elide(quote: str, spans: list[tuple[int, int]], marker: str) -> str:
    """``quote`` with each span replaced by ``marker``."""
    for start, end in sorted(spans, reverse=True):
        quote = quote[:start] + marker + quote[end:]
    return quote
