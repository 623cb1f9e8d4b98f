"""The report types: what the index calls each, and what its executed notebook says it is, in
the report's language (English message ids, translated in the catalogues)."""

from __future__ import annotations

from zjanalysis.messages import N_, translator

# notebook name → (heading, what the report is), in the order the index shows them
REPORT_TYPES = {
    "target_attainment": (
        N_("Target attainment"),
        N_(
            "Every target of one place judged against the best outcome for its indicator, place "
            "and year: achieved (early) or missed; for targets still ahead, on track or lagging "
            "by the path needed and a projection of recent outcomes; and why, where the data "
            "cannot say."
        ),
    ),
    "jurisdiction_overview": (
        N_("Overview of a place and year"),
        N_(
            "Every indicator for one place and year, grouped by theme, with the previous figure "
            "for comparison."
        ),
    ),
    "indicator_trend": (
        N_("Indicator trends"),
        N_(
            "One indicator across documents and years: targets and reported results side by "
            "side, the change between consecutive figures, the implied yearly growth between "
            "targets and, where both exist for a year, attainment."
        ),
    ),
    "province_comparison": (
        N_("Provinces compared"),
        N_(
            "Every province in one year from the official R&D statistics, ranked, with China's "
            "figure as a reference line and one place marked; beside it, that place's rank "
            "across years."
        ),
    ),
    "province_targets": (
        N_("Every province's targets"),
        N_(
            "One indicator, every province side by side: its official statistics by year, its "
            "reported figure for the last year, its target for the coming year and its "
            "five-year goal (with quotes), the yearly change each aim needs from the latest "
            "figure, and where one place stands among them (rank, gap to the leader)."
        ),
    ),
    "vintage_revisions": (
        N_("Preliminary against final figures"),
        N_(
            "Every indicator, place and year with both a preliminary figure (预计, or announced "
            "before the statistics) and a final one: how far and which way the figure moved."
        ),
    ),
    "document_profile": (
        N_("Document profiles"),
        N_(
            "What one document commits to: its targets and results by section, its flags "
            "(missing numbers, relative targets) and its provenance."
        ),
    ),
}


def heading(name: str, lang: str) -> str:
    """What the index calls report type ``name`` in ``lang`` (its name if it has none)."""
    return translator(lang)(REPORT_TYPES[name][0]) if name in REPORT_TYPES else name


def about(name: str, lang: str) -> str:
    """What a report of type ``name`` is, in ``lang`` ('' if it is not a known type)."""
    return translator(lang)(REPORT_TYPES[name][1]) if name in REPORT_TYPES else ""
