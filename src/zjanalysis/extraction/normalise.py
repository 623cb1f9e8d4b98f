"""Deterministic normalisation of a raw document, with a map back to raw character offsets.

Steps, in order: traditional → simplified characters (OpenCC ``t2s``, character for
character so offsets stay exact), full-width → half-width ASCII, removal of pinyin
annotations that follow a Chinese character (``發(fā)展`` → ``发展``; ``(R&D)`` is kept), and
removal of words injected between a number and its per-cent sign (``3.3澳门…%`` → ``3.3%``),
and removal of the spaces PDF-to-text puts around numbers and Latin words in Chinese text
(``2023 年 R&D 经费 2.95 %`` → ``2023年R&D经费2.95%``; a space between two Latin words or
two numbers stays).
Lines that are site navigation or spam are marked excluded, and mojibake runs are marked,
but neither is removed: offsets into the normalised text always map back to the raw text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from zjanalysis.extraction.scanning import hinted_finditer

INF = float("inf")
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# the bracket first, its Han character checked behind it: a literal start scans fast
PINYIN_AFTER_HAN = re.compile(rf"\((?<=[{HAN}]\()([a-z{TONED}]{{1,7}})\)")
# a per-cent sign follows a digit; words between a number and its % were injected (3.3<spam>%)
JUNK_BEFORE_PERCENT = re.compile(r"\d([^\d\s%.,，。;；:：、()（）]{2,24})$")
NAV_LINE = re.compile(
    r"^\s*(?:[•·]|您的位置|您当前位置|所在位置|当前位置|上一篇|下一篇|热点文章|推荐文章|没有热点|没有推荐|"
    r"【打印本页】|转载请注明|信息来源|Produced By|发布时间|发布日期|访问次数|浏览次数|浏览量|来源:|"
    r"协会动态|平台介绍|资讯专递|关于我们|索引号|发文日期|联系单位|联系电话)"
)
# spaces next to a Chinese character, or before a per-cent sign (the space literal first: fast)
SPACE_BY_HAN = re.compile(rf"[ \t\u00a0]+(?=[{HAN}%])|(?<=[{HAN}])[ \t\u00a0]+")
URL = re.compile(r"https?://\S+")
MOJIBAKE = re.compile(rf"[?？\ufffd]{{1,}}[^\s。,，;；]{{0,40}}|[{HAN}][α-ωΑ-Ωа-яА-Я]+[{HAN}]")
# a mojibake run starts at a '?' or just before a Greek or Cyrillic letter
MOJIBAKE_HINT = re.compile(r"[?？\ufffd]|[α-ωΑ-Ωа-яА-Я]")
# a run that is broken: a '?' glued to Chinese text, or Han mixed with Greek/Cyrillic letters
BROKEN = re.compile(rf"[?？\ufffd][{HAN}]|[{HAN}][?？\ufffd]|[α-ωΑ-Ωа-яА-Я]")
SPAM_TITLE = re.compile(rf"[{HAN}\w“”《》]{{2,40}}[a-z]{{2,5}}")
IMAGE_NAME = re.compile(r"\.(?:png|jpg|gif)\s*$")
SENTENCE_MARK = re.compile(r"[。;；]")


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, one character for one (offsets are preserved)."""
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    return "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in text)


HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (digits, letters, punctuation) and the ideographic space → ASCII."""
    for ch in set(FULLWIDTH.findall(text)):  # replacing the few present is 10× a translate
        text = text.replace(ch, chr(HALFWIDTH[ord(ch)]))
    return text


@dataclass
class NormalisedText:
    """Normalised text, the raw text, and the map between their offsets.

    Normalisation only ever deletes characters (pinyin annotations) or replaces one character
    with one, so the map is kept sparsely: ``cuts[i]`` is the normalised offset after which
    ``removed[i]`` raw characters in total have been deleted.
    """

    text: str
    raw: str
    cuts: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    excluded: list[tuple[int, int, str]] = field(default_factory=list)
    mojibake: list[tuple[int, int]] = field(default_factory=list)

    def raw_offset(self, pos: int) -> int:
        """Raw offset of normalised offset ``pos``."""
        i = bisect_right(self.cuts, pos) - 1
        return pos + (self.removed[i] if i >= 0 else 0)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw offsets of the normalised span ``[start, end)``."""
        if end <= start:
            return self.raw_offset(start), self.raw_offset(start)
        return self.raw_offset(start), self.raw_offset(end - 1) + 1

    def is_excluded(self, pos: int) -> str | None:
        """Why the line holding ``pos`` is excluded, or None (spans are sorted, disjoint)."""
        if not self.excluded:
            return None
        i = bisect_right(self.excluded, (pos, INF, "")) - 1
        if i >= 0 and self.excluded[i][0] <= pos < self.excluded[i][1]:
            return self.excluded[i][2]
        return None

    def in_mojibake(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` overlaps a mojibake run (runs are sorted, disjoint)."""
        if not self.mojibake:
            return False
        i = bisect_right(self.mojibake, (end, end)) - 1
        return i >= 0 and self.mojibake[i][1] > start


def normalise(raw: str) -> NormalisedText:
    """Normalise ``raw`` (see the module docstring)."""
    text = to_halfwidth(to_simplified(raw))
    spans = [m.span() for m in PINYIN_AFTER_HAN.finditer(text)] + _junk_in_figures(text)
    spans += [m.span() for m in SPACE_BY_HAN.finditer(text)]
    parts, cuts, removed = [], [], []
    last, total = 0, 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(text[last:start])
        total += end - start
        cuts.append(start - (total - (end - start)))
        removed.append(total)
        last = end
    parts.append(text[last:])
    out = NormalisedText("".join(parts), raw, cuts, removed)
    _mark_lines(out)
    out.mojibake = [
        (m.start(), m.end())
        for m in hinted_finditer(MOJIBAKE, MOJIBAKE_HINT, (-1, 0), out.text)
        if BROKEN.search(m.group())
    ]
    return out


def _junk_in_figures(text: str) -> list[tuple[int, int]]:
    """Spans of words injected between a number and its per-cent sign."""
    spans = []
    pos = text.find("%")
    while pos >= 0:
        m = JUNK_BEFORE_PERCENT.search(text, max(0, pos - 25), pos)
        if m:
            spans.append(m.span(1))
        pos = text.find("%", pos + 1)
    return spans


def _mark_lines(doc: NormalisedText) -> None:
    """Mark navigation and spam lines as excluded."""
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        stripped = line.strip()
        reason = None
        if NAV_LINE.match(stripped):
            reason = "navigation"
        elif URL.search(stripped) and not SENTENCE_MARK.search(stripped):
            reason = "spam or link line"
        elif "a" <= stripped[-1:] <= "z" and SPAM_TITLE.fullmatch(stripped):
            reason = "spam title"
        elif "." in stripped and IMAGE_NAME.search(stripped):
            reason = "image file name"
        if reason:
            doc.excluded.append((pos, pos + len(line), reason))
        pos += len(line)
