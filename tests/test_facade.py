"""The analyst's API, ``import zjanalysis as zja``: what it lists, how it is documented, what it
raises, and tables read once and again when their files change."""

from __future__ import annotations

import inspect
import subprocess
import sys

import matplotlib as mpl
import pytest

import zjanalysis as zja
from zjanalysis.tables.loading import load_tables

PUBLIC = sorted(set(zja.__all__) - {"__version__"})

UNKNOWN_INDICATOR = {
    "series": lambda: zja.series("rd_intensty"),
    "attainment": lambda: zja.attainment(indicator_id="rd_intensty"),
    "compare_provinces": lambda: zja.compare_provinces("rd_intensty", 2023),
    "rank_history": lambda: zja.rank_history("rd_intensty"),
    "province_targets": lambda: zja.province_targets("rd_intensty"),
    "revisions": lambda: zja.revisions(indicator_id=["rd_intensity", "rd_intensty"]),
}
UNKNOWN_JURISDICTION = {
    "series": lambda: zja.series("rd_intensity", ["zhejiang", "zhejaing"]),
    "attainment": lambda: zja.attainment("zhejaing"),
    "rank_history": lambda: zja.rank_history("rd_intensity", "zhejaing"),
    "province_targets": lambda: zja.province_targets("rd_intensity", "zhejaing"),
    "revisions": lambda: zja.revisions("zhejaing"),
}
UNKNOWN_LANGUAGE = {
    "series": lambda: zja.series("rd_intensity", lang="fr"),
    "attainment": lambda: zja.attainment("zhejiang", lang="fr"),
    "province_targets": lambda: zja.province_targets("rd_intensity", lang="fr"),
    "plot.trend": lambda: zja.plot.trend(zja.series("rd_intensity"), lang="fr"),
    "set_theme": lambda: zja.set_theme(lang="fr"),
}


def test_dir_lists_exactly_the_public_api():
    assert sorted(dir(zja)) == sorted(zja.__all__)
    assert len(zja.__all__) == len(set(zja.__all__))


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_resolves_and_shows_an_example(name):
    obj = getattr(zja, name)
    doc = inspect.getdoc(obj) or ""
    assert len(doc.split()) >= 10, f"zja.{name} needs a docstring"
    assert "Example" in doc and ">>> " in doc, f"zja.{name}'s docstring shows no example"
    example = doc[doc.index("Example") :]
    assert "zja." in example, f"zja.{name}'s example does not use the facade"


def test_views_take_one_naming_scheme():
    """The ids first, ``lang`` and ``data_dir`` keyword-capable and named alike everywhere."""
    views = ["series", "attainment", "compare_provinces", "rank_history"]
    views += ["province_targets", "revisions"]
    for name in views:
        params = inspect.signature(getattr(zja, name)).parameters
        assert "data_dir" in params, name
        assert not {"jurisdiction_ids", "indicator_ids", "language"} & set(params), name
        if "lang" in params:
            assert params["lang"].kind is inspect.Parameter.KEYWORD_ONLY, name
            assert params["lang"].default == "en", name
    set_theme = inspect.signature(zja.set_theme).parameters["lang"]
    assert set_theme.kind is inspect.Parameter.KEYWORD_ONLY


def _one_line_error(call, expected: type[Exception], *words: str) -> None:
    with pytest.raises(zja.Error) as caught:
        call()
    err = caught.value
    assert isinstance(err, expected), type(err)
    assert "\n" not in str(err) and str(err).strip()
    for word in words:
        assert word in str(err)


@pytest.mark.parametrize("view", list(UNKNOWN_INDICATOR))
def test_an_unknown_indicator_is_not_found_with_a_hint(view):
    _one_line_error(UNKNOWN_INDICATOR[view], zja.NotFound, "rd_intensty", "rd_intensity")
    assert issubclass(zja.NotFound, KeyError)  # code catching KeyError still catches it


@pytest.mark.parametrize("view", list(UNKNOWN_JURISDICTION))
def test_an_unknown_jurisdiction_is_not_found_with_a_hint(view):
    _one_line_error(UNKNOWN_JURISDICTION[view], zja.NotFound, "zhejaing", "zhejiang")


@pytest.mark.parametrize("view", list(UNKNOWN_LANGUAGE))
def test_an_unknown_language_is_a_parameter_error(view):
    with mpl.rc_context():  # set_theme must refuse before changing anything
        _one_line_error(UNKNOWN_LANGUAGE[view], zja.ParameterError, "'fr'", "'zh'")
    assert issubclass(zja.ParameterError, ValueError)


def test_a_year_without_statistics_is_not_found_and_names_the_years():
    _one_line_error(lambda: zja.compare_provinces("rd_intensity", 2016), zja.NotFound, "2018")


def test_the_exceptions_are_one_tree():
    from zjanalysis import errors
    from zjanalysis.running.manifest import ManifestError
    from zjanalysis.running.parameters import ParameterError

    assert ParameterError is zja.ParameterError  # the old import still works
    for cls in (errors.InputError, errors.OutputError, zja.TableError, zja.NotFound):
        assert issubclass(cls, zja.Error)
    assert issubclass(ManifestError, zja.Error)


# raised and caught inside the suite, never met by a caller; a Ctrl-C is no error
INTERNAL = {"CsvShapeError", "DuplicateKeyError", "BuildInterrupted"}


def test_every_exception_the_suite_defines_is_in_the_tree():
    """zja.Error catches whatever the suite raises on purpose, each still its builtin too."""
    import importlib
    import inspect
    import pkgutil

    found = set()
    for info in pkgutil.walk_packages(zja.__path__, "zjanalysis."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                found.add(name)
                if name not in INTERNAL:
                    assert issubclass(cls, zja.Error), f"{info.name}.{name}"
    assert {"ReportFailed", "KernelError", "BuildLocked", "SchedulerError"} <= found
    from zjanalysis.running.notebook import ReportFailed

    assert issubclass(ReportFailed, RuntimeError)  # `except RuntimeError` still catches it


def test_views_take_one_id_or_a_list():
    both = zja.attainment(["zhejiang", "shaoxing"], indicator_id="rd_intensity")
    assert set(both["jurisdiction_id"]) == {"zhejiang", "shaoxing"}
    assert set(both["indicator_id"]) == {"rd_intensity"}
    one = zja.attainment("shaoxing", indicator_id=["rd_intensity"])
    assert len(one) == (both["jurisdiction_id"] == "shaoxing").sum()
    rev = zja.revisions("zhejiang", indicator_id="rd_intensity")
    assert len(rev) and set(rev["indicator_id"]) == {"rd_intensity"}
    assert len(rev) < len(zja.revisions("zhejiang"))


def test_tables_are_read_once_and_again_when_a_file_changes(data_copy):
    first = load_tables(data_copy)
    assert load_tables(data_copy) is first  # nothing changed: the same tables
    path = data_copy / "processed" / "jurisdictions.csv"
    text = path.read_text(encoding="utf-8")
    assert "\nchina,中国,China," in text
    path.write_text(text.replace("\nchina,中国,China,", "\nchina,中国,PR China,"), "utf-8")
    again = load_tables(data_copy)
    assert again is not first
    assert again.jurisdictions.loc["china", "name_en"] == "PR China"
    assert zja.jurisdictions(data_dir=data_copy).loc["china", "name_en"] == "PR China"
    assert load_tables().jurisdictions.loc["china", "name_en"] == "China"  # keyed by folder


def test_an_analysts_edit_of_a_table_never_reaches_the_views():
    targets = zja.targets()
    targets["value"] = 0.0
    del targets["quote"]
    assert "quote" in zja.targets() and "quote" in load_tables().targets
    assert (load_tables().targets["value"].dropna() != 0).any()


def test_use_cjk_font_puts_the_bundled_font_first_and_nothing_else():
    with mpl.rc_context():
        style = {k: v for k, v in mpl.rcParams.items() if not k.startswith("font.")}
        family = zja.use_cjk_font()
        assert mpl.rcParams["font.sans-serif"][0] == family
        assert mpl.rcParams["font.family"] == ["sans-serif"]
        changed = {
            k for k, v in mpl.rcParams.items() if not k.startswith("font.") and style[k] != v
        }
        assert changed <= {"axes.unicode_minus"}


def test_import_stays_lazy():
    """``import zjanalysis`` loads none of the heavy libraries; the first use does."""
    heavy = ("pandas", "numpy", "matplotlib", "papermill", "seaborn", "importlib.metadata")
    code = (
        "import sys, zjanalysis as zja; dir(zja); "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _example_steps(doc: str):
    """The statements of a docstring's example, each with whether it shows a traceback."""
    lines = doc[doc.index("Example") :].splitlines()
    steps: list[list[str]] = []
    raises: list[bool] = []
    for line in lines:
        text = line.strip()
        if text.startswith(">>> "):
            steps.append([text[4:]])
            raises.append(False)
        elif text.startswith("...") and steps and not raises[-1]:
            steps[-1].append(text[4:])
        elif text.startswith("Traceback") and steps:
            raises[-1] = True
    return [("\n".join(s), r) for s, r in zip(steps, raises, strict=True)]


@pytest.mark.parametrize("name", sorted(set(PUBLIC) - {"run_report"}))
def test_every_example_runs(name, tmp_path, monkeypatch):
    """Each example runs as written (its output is not compared: the data grows); one that
    shows a traceback raises a ``zja.Error``. ``run_report``'s runs a notebook: the report
    tests cover it."""
    import matplotlib.pyplot as plt

    monkeypatch.chdir(tmp_path)
    space = {"zja": zja}
    with mpl.rc_context():
        for code, raises in _example_steps(inspect.getdoc(getattr(zja, name))):
            if raises:
                with pytest.raises(zja.Error):
                    exec(code, space)
            else:
                exec(code, space)
        plt.close("all")
        zja.set_theme(lang="en")


@pytest.mark.parametrize(
    "call",
    [
        lambda: zja.compare_provinces("rd_intensity", "2023"),
        lambda: zja.series("rd_intensity", year_from="2020"),
        lambda: zja.attainment("zhejiang", year_to=2025.5),
    ],
)
def test_a_year_that_is_not_a_whole_number_is_refused(call):
    """Text would select nothing, silently: it is refused, naming the argument."""
    _one_line_error(call, zja.ParameterError, "must be a whole number")
