"""sha256 digests of bytes, text, files and JSON values: fingerprints, slugs, what a report read.

``digest(part)`` is the digest of one part's bytes (a file's equals ``sha256sum``'s, a JSON
value's that of its canonical text); ``digest(a, b, …)`` digests several parts in order, each
preceded by its length, so that no two different sequences share a digest. Imports nothing of
the suite.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CHUNK = 1 << 20


def canonical_json(value) -> str:
    """``value`` as JSON with its keys sorted (what JSON cannot hold, as its ``str``): equal
    values give the same text."""
    return json.dumps(value, sort_keys=True, default=str)


def digest(*parts) -> str:
    """Hex sha256 of ``parts`` in order: bytes as they are, text as UTF-8, a ``Path`` as its
    file's bytes, anything else as its canonical JSON; see the module for several parts."""
    h = hashlib.sha256()
    framed = len(parts) > 1
    for part in parts:
        if isinstance(part, Path):
            with part.open("rb") as fh:
                if framed:
                    h.update(Path(part).stat().st_size.to_bytes(8, "big"))
                while chunk := fh.read(CHUNK):
                    h.update(chunk)
            continue
        if isinstance(part, bytes | bytearray | memoryview):
            data = bytes(part)
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = canonical_json(part).encode("utf-8")
        if framed:
            h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()
