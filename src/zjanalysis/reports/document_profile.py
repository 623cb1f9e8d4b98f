"""The document_profile report: what one document commits to, and where its copy comes from."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.profile import flag_counts, profile_table, provenance, section_counts
from zjanalysis.messages import messages, translator
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    flag_notes,
    name_column,
    report_content,
    sources_table,
    with_task,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.tables.formatting import (
    FLAG_LABELS,
    SCRIPT_LABELS,
    VINTAGE_LABELS,
    flags_text,
    label,
    mark_chinese,
)
from zjanalysis.tables.loading import load_tables


def _origin_notes(origin: dict, lang: str) -> list[str]:
    """The copy's source site and defects, which the origin record describes in English: in
    English with the document's words marked, in Chinese a pointer to the record."""
    _ = translator(lang)
    if lang == "zh":
        return [_("Source site and defects of the copy: described in data/raw/origin.yaml")]
    site = origin["source_site"]
    return [
        _("Source site: {site}").format(site=mark_chinese(site) if site else _("not named")),
        *[_("Defect: {defect}").format(defect=mark_chinese(d)) for d in origin["defects"]],
    ]


def document_profile_report(document_id: str, lang: str = "en", data_dir=None) -> ReportContent:
    """What one document commits to: statements by section, flags and provenance."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = name_column(lang)
    prof = profile_table(document_id, lang=lang, data_dir=data_dir)
    origin = provenance(document_id, data_dir=data_dir)
    doc = t.documents.loc[document_id]
    vintage = prof["vintage"].map(lambda v: label(VINTAGE_LABELS, v, lang))
    summary = pd.DataFrame(
        {
            _("Section"): [f"「{x}」" if isinstance(x, str) and x else "" for x in prof["section"]],
            _("Place"): prof["jurisdiction_id"].map(t.jurisdictions[name_col]),
            _("Indicator"): with_task(prof[name_col], prof["target_id"], t, lang),
            _("Year"): prof["year"],
            _("Vintage"): vintage,
            _("Figure as written"): prof["figure"],
            _("Flags"): [flags_text(f, lang) for f in prof["flags"]],
        }
    )
    counts = (
        section_counts(prof)
        .rename(columns={"targets": _("targets"), "reported": _("results and estimates")})
        .rename_axis(_("Section"))
    )
    flags = flag_counts(prof["flags"])
    n_t = int((prof["kind"] == "target").sum())
    flag_text = _(", ").join(
        _("{flag} {n}").format(flag=label(FLAG_LABELS, k, lang), n=v) for k, v in flags.items()
    ) or _("none")
    years = _(", ").join(str(y) for y in sorted(prof["year"].unique()))
    title = doc["title"] if lang == "zh" else f"{doc['title_en']} 《{doc['title']}》"
    sentences = [
        tr.ngettext(
            "{title}: {n} quantitative statement — {targets} targets and {reported} results or "
            "estimates, for {years}; flags: {flags}.",
            "{title}: {n} quantitative statements — {targets} targets and {reported} results "
            "or estimates, for {years}; flags: {flags}.",
            len(prof),
        ).format(
            title=f"《{doc['title']}》" if lang == "zh" else title,
            n=len(prof),
            targets=n_t,
            reported=len(prof) - n_t,
            years=years,
            flags=flag_text,
        )
    ]
    issuer = origin["issuer"] if lang == "zh" else f"“{origin['issuer']}”"
    notes = [
        _("Issuer: {issuer}").format(issuer=issuer),
        _("Document number: {number}").format(
            number=(origin["doc_number"] if lang == "zh" else f"“{origin['doc_number']}”")
            if origin["doc_number"]
            else _("none")
        ),
        _("Published: {date}").format(date=origin["published_date"] or _("not given in the text")),
        _("Raw file: data/raw/{file} (md5 {md5}, {script})").format(
            file=origin["raw_file"],
            md5=origin["md5"],
            script=label(SCRIPT_LABELS, origin["script"], lang),
        ),
        *_origin_notes(origin, lang),
        *flag_notes(prof["flags"], lang),
        *copy_notes([document_id], t, lang),
    ]
    data = data_sheet(t.targets[t.targets["document_id"] == document_id], t, lang)
    return report_content(
        t,
        name="document_profile",
        title=_("Document profile: {title}").format(title=title),
        params={"document_id": document_id, "lang": lang},
        sentences=sentences,
        summary=summary,
        data=data,
        sources=sources_table([document_id], t, lang),
        chart=ChartSpec("counts", _("Statements per section"), counts, lang=lang),
        notes=notes,
    )
