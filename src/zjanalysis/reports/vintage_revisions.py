"""The vintage_revisions report: earlier figures against the later ones that replace them."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.revisions import revision_summary, revisions_table
from zjanalysis.messages import N_, messages, translator
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    name_column,
    report_content,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.tables.formatting import (
    VINTAGE_LABELS,
    format_value,
    label,
    with_unit,
)
from zjanalysis.tables.loading import load_tables


def vintage_revisions_report(
    jurisdiction_id: str | None = None, lang: str = "en", data_dir=None
) -> ReportContent:
    """Earlier figures against later ones: how far a preliminary figure moves to the final
    one, and how far a final figure is restated later (revised)."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = name_column(lang)
    rev = revisions_table(jurisdiction_id, data_dir=data_dir)
    names = rev["indicator_id"].map(t.indicators[name_col])
    places = rev["jurisdiction_id"].map(t.jurisdictions[name_col])

    def figure(v, u) -> str:
        return format_value(v, None, "=", u, lang=lang)

    def step(v, u) -> str:
        return with_unit(f"{v:+.2f}", "百分点" if u == "%" else u, lang)

    summary = pd.DataFrame(
        {
            _("Indicator"): names,
            _("Place"): places,
            _("Year"): rev["year"],
            _("Earlier figure"): [
                f"{figure(v, u)} ({label(VINTAGE_LABELS, k, lang)})"
                for v, u, k in zip(rev["earlier"], rev["unit"], rev["earlier_vintage"], strict=True)
            ],
            _("Earlier from"): rev["earlier_document_id"],
            _("Later figure"): [
                f"{figure(v, u)} ({label(VINTAGE_LABELS, k, lang)})"
                for v, u, k in zip(rev["later"], rev["unit"], rev["later_vintage"], strict=True)
            ],
            _("Later from"): rev["later_document_id"],
            _("Revision"): [step(v, u) for v, u in zip(rev["revision"], rev["unit"], strict=True)],
            _("Revision (% of the earlier figure)"): rev["revision_pct"].round(2),
        }
    )
    sentences = []
    for _i, r in revision_summary(rev).iterrows():
        values = dict(
            indicator=t.indicators.loc[r["indicator_id"], name_col],
            n=r["n"],
            up=r["up"],
            down=r["down"],
            mean=step(r["mean"], r["unit"]),
            pct=f"{r['mean_pct']:+.1f}",
        )
        template = (
            N_("{indicator}: {n} revisions, all upward; mean {mean} ({pct}%).")
            if r["up"] == r["n"]
            else N_("{indicator}: {n} revisions, all downward; mean {mean} ({pct}%).")
            if r["down"] == r["n"]
            else N_("{indicator}: {n} revisions, {up} up and {down} down; mean {mean} ({pct}%).")
        )
        sentences.append(_(template).format(**values))
    restated = rev[rev["later_vintage"] == "revised"]
    if len(restated):
        sentences.append(
            tr.ngettext(
                "{n} of them restates a final figure years later (such as after an economic "
                "census), not a preliminary one.",
                "{n} of them restate a final figure years later (such as after an economic "
                "census), not a preliminary one.",
                len(restated),
            ).format(n=len(restated))
        )
    if rev.empty:
        sentences.append(_("No indicator and year has a figure revised yet."))
    keys = set(zip(rev["indicator_id"], rev["jurisdiction_id"], rev["year"], strict=True))
    in_rev = [
        k in keys
        for k in zip(
            t.targets["indicator_id"], t.targets["jurisdiction_id"], t.targets["year"], strict=True
        )
    ]
    rows = t.targets[pd.Series(in_rev, index=t.targets.index) & (t.targets["kind"] != "target")]
    data = data_sheet(rows, t, lang)
    place = t.jurisdictions.loc[jurisdiction_id, name_col] if jurisdiction_id else None
    title = (
        _("{place}: revisions of reported figures").format(place=place)
        if place
        else _("Revisions of reported figures")
    )
    return report_content(
        t,
        name="vintage_revisions",
        title=title,
        params={"jurisdiction_id": jurisdiction_id, "lang": lang},
        sentences=sentences,
        summary=summary,
        data=data,
        chart=ChartSpec("revisions", _("Revision as % of the earlier figure"), rev, lang=lang)
        if len(rev)
        else None,
        notes=[
            _(
                "A revision compares the first published figure of a year with the next one "
                "that replaces it: a preliminary figure (an estimate, or announced before the "
                "statistics) with the final statistic, and a final figure with a later "
                "restatement of it (revised)."
            ),
            *copy_notes(data["document_id"], t, lang),
        ],
    )
