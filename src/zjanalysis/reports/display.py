"""Showing a report inline in JupyterLab: sentences, chart and tables."""

from __future__ import annotations

from zjanalysis.reports.content import ReportContent


def show(content: ReportContent, data: bool = False) -> None:
    """Display the report's title, summary sentences, chart and comparison table."""
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    display(Markdown(f"## {content.title}\n\n" + "\n\n".join(content.sentences)))
    if content.chart is not None:
        fig = content.chart.figure()
        display(fig)
        plt.close(fig)
    display(content.summary.style.hide(axis="index").format(precision=2, na_rep=""))
    if content.notes:
        display(Markdown("\n".join(f"- {n}" for n in content.notes)))
    if data:
        display(content.data)
