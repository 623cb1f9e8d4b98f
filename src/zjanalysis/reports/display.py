"""Showing a report inline in JupyterLab: sentences, chart and tables.

Names and quotes come from documents and curated tables, so everything written into the
notebook's HTML and Markdown outputs is escaped: markup shows as text, ``$`` is no maths.
"""

from __future__ import annotations

import html

from zjanalysis.reports.content import ReportContent


def md_text(text) -> str:
    """Text for a Markdown output: HTML escaped, and Markdown's and MathJax's marks taken
    literally (``*``, ``_``, ``[``, ``$``, ``|``, backquote and backslash)."""
    escaped = html.escape(str(text), quote=False)
    out = []
    for ch in escaped:
        out.append("\\" + ch if ch in "\\`*_[]|$~" else ch)
    return "".join(out)


def show(content: ReportContent, data: bool = False) -> None:
    """Display the report's title, summary sentences, chart and comparison table."""
    from IPython.display import Markdown, display

    display(
        Markdown(
            f"## {md_text(content.title)}\n\n" + "\n\n".join(md_text(s) for s in content.sentences)
        )
    )
    if content.chart is not None:  # the figure the PDF prints, as SVG (text stays text),
        # published as it is (IPython's SVG() would parse it once more)
        display({"image/svg+xml": content.chart.chart().svg}, raw=True)
    display(content.summary.style.hide(axis="index").format(precision=2, na_rep="", escape="html"))
    if content.notes:
        display(Markdown("\n".join(f"- {md_text(n)}" for n in content.notes)))
    if data:
        display(content.data)
