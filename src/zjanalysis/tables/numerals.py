"""Chinese numerals as numbers: the one reading every part of the suite uses.

Read by ``cn2an`` (its "normal" mode): positional numerals (十二, 三百五十, 两千, 一万二千,
一点五; a leading 百 or 千 is one of it: 千亿元) and digit sequences (二〇二〇 → 2020, 三五 → 35). Anything else is not a number.
"""

from __future__ import annotations

import functools

DIGITS = "零〇一二两三四五六七八九"
UNITS = "十百千万亿"
# the characters of a numeral as the tables write it: 万 and 亿 are scale, which goes in the unit
NUMERAL = f"[{DIGITS}十百千]"
# one character alone, read without cn2an (whose import is 0.1-0.2 s of loading the tables)
ONE_CHARACTER = {
    **{ch: float(i) for i, ch in enumerate("〇一二三四五六七八九")},
    "零": 0.0,
    "两": 2.0,
    "十": 10.0,
    "百": 100.0,
    "千": 1000.0,
}


@functools.lru_cache(maxsize=4096)
def chinese_number(text: str) -> float | None:
    """``text`` (a Chinese numeral) as a number, or None when it is not one."""
    if text in ONE_CHARACTER:
        return ONE_CHARACTER[text]
    import cn2an

    if not text or any(ch not in DIGITS and ch not in UNITS and ch != "点" for ch in text):
        return None
    if text[0] in "百千":  # 千亿元, 百余家: a bare multiplier is one of it
        text = "一" + text
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
