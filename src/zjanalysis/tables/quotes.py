"""Finding a curated quote in its raw document.

A quote is first looked up exactly. If that fails, both texts go through one documented,
deterministic normalisation — Unicode NFKC (full-width → half-width) and removal of all
whitespace — and the quote is looked up again. Nothing else is forgiven.
"""

from __future__ import annotations

import math
import re
import unicodedata

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
