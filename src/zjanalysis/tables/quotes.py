"""Finding a curated quote in its raw document.

A quote is first looked up exactly. If that fails, both texts go through one documented,
deterministic normalisation — Unicode NFKC (full-width → half-width) and removal of all
whitespace — and the quote is looked up again. Nothing else is forgiven.
"""

from __future__ import annotations

import math
import re
import unicodedata

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


_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile(f"[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:/[0-9]+(?:\.[0-9]+)?)?", re.ASCII)


def _chinese_number(run: str) -> int:
    total, digit = 0, None
    for ch in run:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch] if digit is None else digit * 10 + _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def numbers_in(quote: str) -> tuple[set[float], set[float]]:
    """The numbers a quote states: digits (full-width too, 1,000 as 1000) and Chinese numerals
    (七, 两, 二十三); and apart, the values of its fractions (1/3 as 1/3 and 33.33… percent)."""
    text = unicodedata.normalize("NFKC", quote)
    text = re.sub(r"(?<=[0-9]),(?=[0-9]{3})", "", text)
    exact: set[float] = set()
    fractions: set[float] = set()
    for match in _NUMBER.findall(text):
        top, _, bottom = match.partition("/")
        exact.add(float(top))
        if bottom and float(bottom):
            exact.add(float(bottom))
            fractions.update((float(top) / float(bottom), 100 * float(top) / float(bottom)))
    exact.update(float(_chinese_number(run)) for run in _CN_RUN.findall(text))
    return exact, fractions


def states_value(quote: str, value: float) -> bool:
    """Whether ``quote`` states ``value``: one of its numbers, or a fraction's value rounded
    to the value's decimals (1/3 → 33.3).

    Quotes give magnitudes (下降2.8% is -2.8): the sign is not compared."""
    value = abs(value)
    exact, fractions = numbers_in(quote)
    if any(math.isclose(n, value, rel_tol=1e-9, abs_tol=1e-12) for n in exact):
        return True
    text = f"{value:.10f}".rstrip("0")
    decimals = len(text.partition(".")[2])
    return any(round(n, decimals) == value for n in fractions)
