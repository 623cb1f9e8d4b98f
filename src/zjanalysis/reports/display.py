"""Showing a report inline in JupyterLab: sentences, chart and tables.

Names and quotes come from documents and curated tables, so everything written into the
notebook's HTML and Markdown outputs is escaped: markup shows as text, ``$`` is no maths
(Markdown escapes it; HTML tables carry the class MathJax leaves alone).
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


NO_MATHS = "tex2jax_ignore mathjax_ignore"  # classes JupyterLab's MathJax does not typeset


def table(frame, index: bool = True):
    """A frame as an HTML table showing its text as it is: values and labels escaped, and
    marked so that JupyterLab does not typeset ``$…$`` in it as maths."""
    styler = frame.style.format(precision=2, na_rep="", escape="html")
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    styler = styler.set_table_attributes(f'class="{NO_MATHS}"')
    return styler if index else styler.hide(axis="index")


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
    display(table(content.summary, index=False))
    if content.notes:
        display(Markdown("\n".join(f"- {md_text(n)}" for n in content.notes)))
    if data:
        display(table(content.data))
