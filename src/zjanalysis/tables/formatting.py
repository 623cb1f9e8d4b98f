"""Human-readable renderings of curated values (comparator + number + unit)."""

from __future__ import annotations

import math
import re

import pandas as pd

from zjanalysis.messages import N_, translator, unit_label

# text a spreadsheet would read as a formula, and the prefix that keeps it text (a workbook
# cell's quotePrefix; a leading ' in a candidates file, which ``zja curate`` removes again)
FORMULA_STARTS = ("=", "+", "-", "@")
FORMULA_ESCAPE = "'"
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
# The words of each code, as message ids (translated where shown: ``label(code, lang)``).
# Vintages carry one label each, the same in both languages: a figure is a target, a
# preliminary figure (预计, or announced before the statistics), a final statistic, a final
# figure restated later with another value (revised), or an average over a plan period.
VINTAGE_LABELS = {
    "target": N_("target"),
    "preliminary": N_("preliminary"),
    "final": N_("final"),
    "revised": N_("revised"),
    "average": N_("average"),
}
STATUS_LABELS = {
    "achieved_early": N_("achieved early"),
    "achieved": N_("achieved"),
    "missed": N_("missed"),
    "on_track": N_("on track"),
    "lagging": N_("lagging"),
    "not_yet_due": N_("not yet due"),
    "insufficient_data": N_("insufficient data"),
}
FLAG_LABELS = {
    "missing_number": N_("number missing"),
    "missing_year": N_("year missing"),
    "relative": N_("relative"),
    "cumulative": N_("cumulative"),
    "annual_average": N_("yearly average"),
    "rank": N_("rank"),
    "repeated": N_("repeated"),
    "mojibake": N_("garbled text"),
}
SCRIPT_LABELS = {
    "simplified": N_("simplified characters"),
    "traditional": N_("traditional characters"),
}
THEME_LABELS = {
    "rd_input": N_("R&D input"),
    "enterprises": N_("Enterprises"),
    "platforms": N_("Platforms"),
    "projects": N_("Projects"),
    "transfer": N_("Technology transfer"),
    "industry": N_("High-tech industry"),
    "finance": N_("Finance"),
    "talent": N_("Talent"),
    "ranking": N_("Rankings"),
    "governance": N_("Governance"),
}


def flags_text(flags, lang: str) -> str:
    """A ``;``-separated flags cell in words: 'cumulative; rank' → '累计；排名'."""
    if not isinstance(flags, str) or not flags:
        return ""
    _ = translator(lang)
    return _("; ").join(label(FLAG_LABELS, f, lang) for f in flags.split(";"))


CHINESE_RUN = re.compile(r"[\u3400-\u9fff][\u3000-\u303f\u3400-\u9fff\uff00-\uffef\d?…·\-]*")


def mark_chinese(text: str) -> str:
    """English prose quoting a document: each Chinese run marked as its words, 「…」."""
    return CHINESE_RUN.sub(lambda m: f"「{m[0]}」", text)


def label(labels: dict[str, str], code, lang: str) -> str | None:
    """The words of ``code`` in ``lang`` (``None`` for a missing code)."""
    if not isinstance(code, str):
        return None
    return translator(lang)(labels.get(code, code))


def number(x: float) -> str:
    """A number as written: no trailing zeros, thousands separators for large whole numbers."""
    if blank(x):
        return ""
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def blank(x) -> bool:
    """A missing value: None, pandas' NA or NaN."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def with_unit(text: str, unit, lang: str) -> str:
    """A number followed by its unit as ``lang`` writes it: '3.2%', '1865.7亿元',
    '1865.7 CNY 100 million'."""
    written = unit_label(unit, lang)
    if not written:
        return text
    joined = lang == "zh" or written.startswith(("%", "/"))
    return f"{text}{written}" if joined else f"{text} {written}"


def format_value(
    value, value_high, comparator: str, unit, flags: str | None = None, lang: str = "en"
) -> str:
    """'≥14%', '2–3家', '≈40名', '≥1.6 CNY trillion'; a stripped number shows as a marked gap."""
    _ = translator(lang)
    flags = "" if blank(flags) else str(flags)
    if blank(value):
        if "missing_number" in flags:
            return _("[number missing in the source]")
        if comparator == "relative":
            return _("relative target")
        return ""
    if comparator == "range" and not blank(value_high):
        return with_unit(f"{number(value)}–{number(value_high)}", unit, lang)
    text = f"{COMPARATOR_SYMBOLS.get(comparator, '')}{number(value)}"
    if comparator == "relative":
        text = _("relative: {figure}").format(figure=text)
    return with_unit(text, unit, lang)


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


def escape_formula(value):
    """``value`` with ``FORMULA_ESCAPE`` before it if it is text a spreadsheet would read as a
    formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return FORMULA_ESCAPE + value
    return value


def unescape_formula(value: str) -> str:
    """``value`` without the ``FORMULA_ESCAPE`` that ``escape_formula`` put before it."""
    escaped = value.startswith(FORMULA_ESCAPE) and value[1:].startswith(FORMULA_STARTS)
    return value[1:] if escaped else value
