"""Short text summaries of the curated tables (used by ``zja validate``)."""

from __future__ import annotations

from zjanalysis.analysis.profile import flag_counts
from zjanalysis.analysis.series import once
from zjanalysis.tables.loading import Tables


def table_summary(t: Tables) -> str:
    """Rows per document, per kind, per flag, and the most-covered indicators."""
    tg = t.targets
    lines = [
        f"{len(tg)} statements ({len(once(tg))} figures: restatements counted once) · {tg['indicator_id'].nunique()} indicators used of {len(t.indicators)} "
        f"· {len(t.documents)} documents · {len(t.jurisdictions)} jurisdictions · raw md5 ok",
        "",
        "statements per document:",
    ]
    for doc_id, n in tg["document_id"].value_counts().items():
        lines.append(f"  {n:4d}  {doc_id}  {t.documents.loc[doc_id, 'title'][:40]}")
    kinds = tg["kind"].value_counts(sort=False)  # in the declared order: target, estimate, actual
    lines.append("by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.items() if n))
    flags = flag_counts(tg["flags"])
    lines.append("flags: " + (", ".join(f"{k} {n}" for k, n in flags.items()) or "none"))
    lines.append("indicators with figures in two or more years:")
    years = once(tg).dropna(subset=["value"]).groupby("indicator_id")["year"].nunique()
    for ind, n in years[years >= 2].sort_values(ascending=False).items():
        lines.append(f"  {n} years  {ind}  {t.indicators.loc[ind, 'name_zh']}")
    return "\n".join(lines)
