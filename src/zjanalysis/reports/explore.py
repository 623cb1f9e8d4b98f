"""Helpers for the explore notebook: draw any series in one call, and a widget picker.

The picker needs a running kernel to redraw. An exported notebook (nbconvert HTML) has no
kernel and no saved widget state, so it shows the picker's static fallback instead: the chart
of the current choice as an SVG image, with a line saying how to get the live picker. Nothing is
loaded from a CDN for it, so the page reads offline.
"""

from __future__ import annotations

from zjanalysis.reports.indicator_trend import indicator_trend_report


def draw(indicator_id: str, jurisdiction_id: str | list[str] | None = None, *, lang: str = "en"):
    """Draw one indicator's trend in one place or several (by default the places the texts
    give it for) as its report does; return the chart (``charts.Chart``: JupyterLab shows it
    as SVG, ``.figure`` is the matplotlib figure)."""
    places = [jurisdiction_id] if isinstance(jurisdiction_id, str) else jurisdiction_id
    return indicator_trend_report(indicator_id, places, lang=lang).chart.chart()


def picker(indicator_id: str | None = None):
    """An ipywidgets picker of indicator (``indicator_id`` first), places and language that
    redraws the chart."""
    import ipywidgets as widgets
    from IPython.display import display

    from zjanalysis.analysis.coverage import indicators_with_years
    from zjanalysis.tables.loading import load_tables

    t = load_tables()
    options = [(f"{t.indicators.loc[i, 'name_zh']} · {i}", i) for i in t.indicators.index]
    first = indicator_id or (indicators_with_years(2) or list(t.indicators.index))[0]
    indicator = widgets.Dropdown(options=options, value=first, description="indicator")
    places = widgets.SelectMultiple(
        options=[(f"{r.name_zh} · {j}", j) for j, r in t.jurisdictions.iterrows()],
        description="places",
        rows=min(len(t.jurisdictions), 6),
    )
    lang = widgets.ToggleButtons(options=["en", "zh"], description="language")
    out = widgets.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            display(draw(indicator.value, list(places.value) or None, lang=lang.value))

    for w in (indicator, places, lang):
        w.observe(redraw, names="value")
    redraw()

    class Picker(widgets.VBox):
        """The picker; without a kernel (exported HTML) its chart as a static image."""

        def _repr_mimebundle_(self, **kwargs):
            bundle = super()._repr_mimebundle_(**kwargs) or {}
            chart = draw(indicator.value, list(places.value) or None, lang=lang.value)
            bundle["text/html"] = static_html(chart, indicator.value)
            return bundle

    return Picker([widgets.HBox([indicator, lang]), places, out])


def static_html(chart, indicator_id: str) -> str:
    """The chart as an inline SVG picture (an ``img``: nothing in it runs) with a note that the
    live picker needs a kernel."""
    import base64
    import html

    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    note = (
        f"Static chart of {indicator_id}: the picker redraws only with a running kernel "
        "(open this notebook with make lab)."
    )
    return (
        f"<p><em>{html.escape(note)}</em></p>"
        f'<img alt="{html.escape(indicator_id)}" src="data:image/svg+xml;base64,{data}">'
    )
