"""What every report's content shares: the Data and Sources sheets, the notes on flags and
on copies with injected text, names in the report's language, yearly rates.

Every word a reader sees comes from the message catalogues (``_`` is the report language's
``gettext``); names of places and indicators come from the tables in that language.
"""

from __future__ import annotations

import re

import pandas as pd

from zjanalysis.analysis.profile import flag_counts
from zjanalysis.analysis.series import in_indicator_units, vintages
from zjanalysis.messages import N_, translator
from zjanalysis.reports.content import ReportContent
from zjanalysis.reports.reads import read_digest
from zjanalysis.tables.formatting import (
    format_frame,
    label,
    with_unit,
)
from zjanalysis.tables.quotes import INJECTED_NOTES, injected_marker
from zjanalysis.tables.schema import DATA_SHEET_COLUMNS

FLAG_NOTES = {
    "missing_number": N_(
        "missing_number: the source lost the digits in scraping; the value is left empty, "
        "never guessed."
    ),
    "missing_year": N_(
        "missing_year: the year digits are stripped in the source; the year is the "
        "document's period."
    ),
    "relative": N_(
        "relative: stated against another figure (e.g. above the provincial average), "
        "without a number of its own."
    ),
    "cumulative": N_("cumulative: a running total."),
    "annual_average": N_("annual_average: an average yearly rate over the plan period."),
}
TASK_NOTE = re.compile(r"task (\d+) \((.+)\)")  # how notes name a plan's numbered task


def report_content(t, *, name: str, params: dict, data: pd.DataFrame, **fields) -> ReportContent:
    """A report's content, in the language of its ``params``; its sources are the documents of
    its ``data`` unless given, and its data hash covers what it read (``reports.reads``)."""
    lang = params["lang"]
    if "sources" not in fields:
        fields["sources"] = sources_table(data["document_id"], t, lang)
    digest = read_digest(name, params, t)
    return ReportContent(name=name, params=params, lang=lang, data=data, data_hash=digest, **fields)


def name_column(lang: str) -> str:
    """The column of the tables' names in ``lang``."""
    return "name_zh" if lang == "zh" else "name_en"


def with_task(names: pd.Series, target_ids: pd.Series, t, lang: str = "en") -> pd.Series:
    """Indicator names, each deadline followed by its task (from ``note``, else the section):
    eight rectification deadlines read apart, not as eight identical rows."""
    _ = translator(lang)
    rows = t.targets.loc[target_ids.to_numpy()]
    deadline = rows["indicator_id"].map(t.indicators["measure_type"]).eq("deadline").to_numpy()
    tasks = []
    for note, section in zip(rows["note"], rows["section"], strict=True):
        m = TASK_NOTE.fullmatch(note) if isinstance(note, str) else None
        if m:
            tasks.append(_("task {n} “{name}”").format(n=m[1], name=m[2]))
        else:
            tasks.append(f"「{section}」" if isinstance(section, str) and section else "")
    return pd.Series(
        [f"{n} — {k}" if d and k else n for n, k, d in zip(names, tasks, deadline, strict=True)],
        index=names.index,
        dtype="object",
    )


def data_sheet(targets: pd.DataFrame, t, lang: str = "en") -> pd.DataFrame:
    """The Data sheet: every underlying statement with its figure as written, names in both
    languages and the value in the indicator's unit (``DATA_SHEET_COLUMNS``)."""
    out = targets.copy()
    out["figure"] = format_frame(out, lang)
    out["vintage"] = vintages(out, t.documents, revisions=True)
    out["quote"] = t.quotes_shown(out, lang)
    for col in ("zh", "en"):
        out[f"indicator_{col}"] = out["indicator_id"].map(t.indicators[f"name_{col}"])
        out[f"jurisdiction_{col}"] = out["jurisdiction_id"].map(t.jurisdictions[f"name_{col}"])
    out["value_std"] = in_indicator_units(out, t.indicators, t.units)
    out["indicator_unit"] = out["indicator_id"].map(t.indicators["unit"])
    return out[list(DATA_SHEET_COLUMNS)].reset_index(drop=True)


def sources_table(document_ids, t, lang: str = "en") -> pd.DataFrame:
    """The documents cited; in English the title in English with the Chinese one after it."""
    docs = t.documents.loc[list(dict.fromkeys(document_ids))]
    out = docs[["document_id", "title", "issuer", "published_date", "doc_number"]].copy()
    if lang != "zh":
        out["title"] = [
            f"{en} 《{zh}》" if isinstance(en, str) and en else f"《{zh}》"
            for en, zh in zip(docs["title_en"], docs["title"], strict=True)
        ]
        out["issuer"] = [f"“{i}”" if isinstance(i, str) else i for i in docs["issuer"]]
    out["published_date"] = out["published_date"].dt.strftime("%Y-%m-%d").astype("object")
    return out.reset_index(drop=True)


def copy_notes(document_ids, t, lang: str) -> list[str]:
    """What the report says of each cited copy with injected text: a spam repost (adverts),
    or a copy with page furniture in its text."""
    notes = []
    for doc in dict.fromkeys(document_ids):
        runs = t.injected.get(doc)
        if not runs:
            continue
        kind = "advert" if any(r.kind == "advert" for r in runs) else "furniture"
        row = t.documents.loc[doc]
        notes.append(
            label(INJECTED_NOTES, kind, lang).format(
                title=f"《{row['title']}》"
                if lang == "zh"
                else f"{row['title_en']} 《{row['title']}》",
                n=len(runs),
                marker=injected_marker(lang),
            )
        )
    return notes


def flag_notes(flags: pd.Series, lang: str) -> list[str]:
    """What each flag among ``flags`` means, in the order of ``FLAG_NOTES``."""
    _ = translator(lang)
    present = set(flag_counts(flags).index)
    return [_(FLAG_NOTES[f]) for f in FLAG_NOTES if f in present]


def per_year(unit: str, lang: str) -> str:
    """A unit per year: 'pp/yr', '%/yr'."""
    _ = translator(lang)
    return _("{unit}/yr").format(unit=unit)


def rate_text(value: float, in_percent: bool, unit: str, lang: str) -> str:
    """A yearly change: '+0.04 pp/yr', '+7.9%/yr', '+12 firms/yr'."""
    if pd.isna(value):
        return ""
    written = with_unit(
        f"{value:+.2f}", "%" if in_percent else "百分点" if unit == "%" else unit, lang
    )
    return per_year(written, lang)
