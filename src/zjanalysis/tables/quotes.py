"""Finding a curated quote in its raw document.

A quote is first looked up exactly. If that fails, both texts go through one documented,
deterministic normalisation — Unicode NFKC (full-width → half-width) and removal of all
whitespace — and the quote is looked up again. Nothing else is forgiven.
"""

from __future__ import annotations

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
