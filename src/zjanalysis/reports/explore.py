"""Helpers for the explore notebook: draw any series in one call, and a widget picker."""

from __future__ import annotations

from zjanalysis.reports.builders import indicator_trend_report


def draw(indicator_id: str, jurisdiction_ids: list[str] | None = None, lang: str = "en"):
    """Draw one indicator's trend (by default the places the texts give it for); return the Figure.

    The figure is closed before it is returned, so JupyterLab shows it once (as the result).
    """
    import matplotlib.pyplot as plt

    fig = indicator_trend_report(indicator_id, jurisdiction_ids, lang=lang).chart.figure()
    plt.close(fig)
    return fig


def picker():
    """An ipywidgets picker of indicator, places and language that redraws the chart."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    from zjanalysis.analysis.coverage import indicators_with_years
    from zjanalysis.tables.loading import load_tables

    t = load_tables()
    options = [(f"{t.indicators.loc[i, 'name_zh']} · {i}", i) for i in t.indicators.index]
    first = (indicators_with_years(2) or list(t.indicators.index))[0]
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
            fig = draw(indicator.value, list(places.value) or None, lang.value)
            display(fig)
            plt.close(fig)

    for w in (indicator, places, lang):
        w.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([indicator, lang]), places, out])
