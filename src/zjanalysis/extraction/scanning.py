"""Fast regex scans of long texts: a pattern tried only where a literal it needs stands.

A pattern whose first character is a class (a Han character, a digit, an optional year) is
tried by ``finditer`` at every position of a 1 MB text; when every match must contain a
rarer character at a known distance from its start, scanning for that character and trying
the pattern only there finds the same matches many times faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def hinted_finditer(
    pattern: re.Pattern, hint: re.Pattern, offsets: tuple[int, ...], text: str
) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)`` (never empty ones), given that every match
    starts at a match of ``hint`` plus one of ``offsets``: the pattern is tried at those
    positions only, in order, each after the end of the match before."""
    return finditer_at(pattern, {h.start() + k for h in hint.finditer(text) for k in offsets}, text)


def finditer_at(pattern: re.Pattern, starts, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)`` (never empty ones), given that every match
    starts at one of ``starts``: the pattern is tried there only, in order, each after the
    end of the match before."""
    pos = 0
    for at in sorted(starts):
        if at >= pos:
            m = pattern.match(text, at)
            if m:
                yield m
                pos = m.end()
