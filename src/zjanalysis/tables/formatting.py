"""Human-readable renderings of curated values (comparator + number + unit)."""

from __future__ import annotations

import math

import pandas as pd

COMPARATOR_SYMBOLS = {
    "=": "",
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "~": "≈",
    "range": "",
    "relative": "",
}
KIND_LABELS = {
    "zh": {"target": "目标", "actual": "实际", "estimate": "预计"},
    "en": {"target": "target", "actual": "reported", "estimate": "estimate (预计)"},
}
VINTAGE_LABELS = {
    "zh": {"target": "目标", "preliminary": "初步数", "final": "最终数", "average": "平均数"},
    "en": {
        "target": "target",
        "preliminary": "preliminary",
        "final": "final",
        "average": "average",
    },
}
STATUS_LABELS = {  # (zh, en) of each attainment status
    "achieved_early": ("提前实现", "achieved early"),
    "achieved": ("已实现", "achieved"),
    "missed": ("未实现", "missed"),
    "on_track": ("基本符合预期", "on track"),
    "lagging": ("相对滞后", "lagging"),
    "not_yet_due": ("未到期", "not yet due"),
    "insufficient_data": ("数据不足", "insufficient data"),
}


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 target', '2 targets' (English only: Chinese counts take no plural)."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def number(x: float) -> str:
    """A number as written: no trailing zeros, thousands separators for large whole numbers."""
    if _blank(x):
        return ""
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def _blank(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def format_value(
    value, value_high, comparator: str, unit, flags: str | None = None, lang: str = "en"
) -> str:
    """'≥14%', '2–3家', '≈40名', '1.6万亿元'; a stripped number shows as a marked gap."""
    flags = "" if _blank(flags) else str(flags)
    unit = "" if _blank(unit) else str(unit)
    if _blank(value):
        if "missing_number" in flags:
            return "（数字缺失）" if lang == "zh" else "[number missing in source]"
        if comparator == "relative":
            return "相对目标" if lang == "zh" else "relative"
        return ""
    if comparator == "range" and not _blank(value_high):
        return f"{number(value)}–{number(value_high)}{unit}"
    prefix = "relative " if comparator == "relative" and lang == "en" else ""
    return f"{prefix}{COMPARATOR_SYMBOLS.get(comparator, '')}{number(value)}{unit}"


def format_frame(
    frame, lang: str = "en", value: str = "value", value_high: str = "value_high"
) -> list[str]:
    """``format_value`` for every row of a frame with value, value_high, comparator, unit, flags."""
    return [
        format_value(v, h, c, u, f, lang)
        for v, h, c, u, f in zip(
            frame[value],
            frame[value_high],
            frame["comparator"],
            frame["unit"],
            frame["flags"],
            strict=True,
        )
    ]
