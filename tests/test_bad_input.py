"""Bad input of every kind is refused with its file, line and column — never let through.

Each case breaks one thing in a copy of the real data (or a manifest) and checks the one
problem reported. Generated inputs are in test_properties.py.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import rewrite_cell, row_index

from zjanalysis.errors import TableError
from zjanalysis.running.manifest import ManifestError, load_manifest
from zjanalysis.tables.loading import load_tables


def only_problem(data_dir) -> str:
    with pytest.raises(TableError) as err:
        load_tables(data_dir)
    found = [str(p) for p in err.value.problems]
    assert len(found) == 1, found
    return found[0]


def set_cell(data_dir, table, key_column, key, column, value) -> int:
    path = data_dir / "processed" / f"{table}.csv"
    return rewrite_cell(path, row_index(path, key_column, key), column, value)


@pytest.mark.parametrize(
    ("column", "bad", "expected"),
    [
        ("quote", "占GDP比重\x07达2.8%", "control character (U+0007)"),
        ("note", "first line\nsecond line", "control character (U+000A)"),
        ("section", "总体\t思路", "control character (U+0009)"),
        ("section", "总体\u202e思路", "invisible formatting character (U+202E)"),
        ("quote", "占GDP\u200b比重达2.8%", "invisible formatting character (U+200B)"),
        ("value", "1_000", "'1_000' is not a number"),
        ("value", "２.８", "'２.８' is not a number"),
        ("value", "٢٫٨", "'٢٫٨' is not a number"),
        ("value", "1e-400", "too small a number"),
        ("value", "1e309", "too large a number"),
        ("value", "inf", "'inf' is not a number"),
        ("value", "nan", "'nan' is not a number"),
        ("year", "２０２０", "'２０２０' is not a whole number"),
        ("year", "2_020", "'2_020' is not a whole number"),
        ("value", "99", "99 is not stated in its quote '占GDP比重达2.8%'"),
        ("value", "-2.8", "-2.8 is negative; a share cannot be"),
        ("quote", "2", "quote '2' is too short"),
        # the quote of another row (wp20-03), stating another figure
        ("quote", "科技进步贡献率达到65%", "2.8 is not stated in its quote"),
    ],
)
def test_bad_target_cells_are_refused(data_copy, column, bad, expected):
    line = set_cell(data_copy, "targets", "target_id", "wp20-02", column, bad)
    msg = only_problem(data_copy)
    column = "value" if "is not stated" in expected else column
    assert f"targets.csv, line {line}, column '{column}'" in msg and expected in msg, msg


def test_a_growth_rate_may_fall_below_zero(data_copy):
    set_cell(data_copy, "targets", "target_id", "wp20-06", "value", "-8")  # quote: …增长8%以上
    load_tables(data_copy)


@pytest.mark.parametrize(
    ("column", "bad", "expected"),
    [
        ("factor", "0", "factor 0 is not positive"),
        ("factor", "-1", "factor -1 is not positive"),
        ("base_unit", "家", "base unit '家' measures count, not money"),
        ("base_unit", "万元", "'万元' is not a base unit"),
    ],
)
def test_bad_units_are_refused(data_copy, column, bad, expected):
    line = set_cell(data_copy, "units", "unit", "亿元", column, bad)
    msg = only_problem(data_copy)
    assert f"units.csv, line {line}, column '{column}'" in msg and expected in msg, msg


def test_a_jurisdiction_is_not_its_own_parent(data_copy):
    line = set_cell(
        data_copy, "jurisdictions", "jurisdiction_id", "zhejiang", "parent_id", "zhejiang"
    )
    assert f"line {line}, column 'parent_id': a jurisdiction cannot be its own parent" in (
        only_problem(data_copy)
    )


def test_parents_may_not_run_in_a_circle(data_copy):
    set_cell(data_copy, "jurisdictions", "jurisdiction_id", "china", "parent_id", "shaoxing")
    with pytest.raises(TableError) as err:
        load_tables(data_copy)
    msgs = [str(p) for p in err.value.problems]
    assert msgs and all("parents run in a circle" in m for m in msgs), msgs
    assert any("china → zhejiang → shaoxing → china" in m or "china" in m for m in msgs)


def test_one_alias_may_not_name_two_indicators(data_copy):
    path = data_copy / "processed" / "indicators.csv"
    i = row_index(path, "indicator_id", "rd_expenditure")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    line = rewrite_cell(path, i, "aliases", rows[i]["aliases"] + "|研发投入强度")
    msg = only_problem(data_copy)
    assert f"indicators.csv, line {line}, column 'aliases'" in msg
    assert "'研发投入强度' already names rd_intensity" in msg


def targets_text(data_dir) -> tuple:
    path = data_dir / "processed" / "targets.csv"
    return path, path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_unclosed_quote_names_the_line_where_it_opens(data_copy):
    path, lines = targets_text(data_copy)
    assert ",No.17" in lines[10]
    lines[10] = lines[10].replace(",No.17", ',"No.17', 1)  # line 11; the reader fails later
    path.write_text("".join(lines), encoding="utf-8")
    msg = only_problem(data_copy)
    assert "targets.csv, line 11:" in msg, msg


def test_file_cut_inside_a_quoted_last_field(data_copy):
    path, lines = targets_text(data_copy)
    last = len(lines)
    lines[-1] = lines[-1].rstrip("\n").rstrip(",") + ",\"a reviewer's note, cut sh"
    path.write_text("".join(lines), encoding="utf-8")
    msg = only_problem(data_copy)
    assert f"targets.csv, line {last}: a quote opened here is never closed" in msg, msg


ORIGIN_CASES = [
    ("published_date: 2020-04-28", "published_date: 2020-02-30", 11, "day is out of range"),
    (
        "- document_id: zj_2020_reform_work_points",
        "- document_id: [zj_2020_reform_work_points, b]",
        6,
        "document_id must be text",
    ),
    (
        "  issuer: 浙江省科技领导小组办公室\n",
        "  issuer: 浙江省科技领导小组办公室\n  issuer: 另一个\n",
        10,
        "key 'issuer' given twice (first on line 9)",
    ),
    (
        "- document_id: zj_2024_reply_longgang",
        "- document_id: zj_2020_reform_work_points",
        25,
        "document_id zj_2020_reform_work_points is already recorded on line 6",
    ),
    ("  md5: f9da4df20e3aedc5dfb82ce8c9efd50a", "  md5: deadbeef", 20, "md5 of"),
    (
        "  defects:\n    - site",
        "  defects:\n    - 12\n    - site",
        22,
        "a defect must be text, not 12",
    ),
    (
        "  defects:\n    - site",
        "  defects:\n    - site\n    - [a, b]\n    - site",
        23,
        "a defect must be text",
    ),
    (
        "  source_url: null",
        '  source_url: "http://a\\nb"',
        14,
        "source_url holds a control character",
    ),
    # the day the copy was taken, and the licence the source states (or that it states none)
    ("  accessed: 2026-11-22\n", "", 6, "missing field 'accessed'"),
    ("accessed: 2026-11-22", "accessed: 22.11.2026", 15, "accessed is not a YYYY-MM-DD date"),
    ("accessed: 2026-11-22", "accessed: 9999-01-01", 15, "accessed 9999-01-01 is in the future"),
    (
        "accessed: 2026-11-22",
        "accessed: 2019-01-01",
        15,
        "accessed 2019-01-01 is before the document's date 2020-04-28",
    ),
    ("  licence: not stated\n", "", 6, "missing field 'licence'"),
    ("licence: not stated", 'licence: ""', 16, "licence must be text"),
    # YAML that would expand or nest without end is refused where it starts
    (
        "  periods: [2020]",
        "  periods: &p [2020]\n  source_sitex: *p",
        13,
        "alias *p is not allowed",
    ),
    (
        "  periods: [2020]",
        "  periods: " + "[" * 60 + "2020" + "]" * 60,
        12,
        "nested deeper than 20",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "expected"), ORIGIN_CASES)
def test_origin_record_problems_name_their_line(data_copy, old, new, line, expected):
    path = data_copy / "raw" / "origin.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    msg = only_problem(data_copy)
    assert f"origin.yaml, line {line}:" in msg and expected in msg, msg


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "jobs:\n  - notebook: indicator_trend\n    notebook: document_profile\n",
            "line 3: not valid YAML: key 'notebook' given twice",
        ),
        (
            "jobs:\n  - notebook: indicator_trend\n    matrix: {indicator_id: []}\n",
            "line 2: the matrix makes no job: 'indicator_id' lists no values",
        ),
        ("jobs:\n  - notebook: indicator_trend\n    matrix: {}\n", "the matrix makes no job"),
        (b"jobs:\n  - notebook: \xff\xfe\n", "not UTF-8"),
        (
            "x: &a [a, a, a, a, a, a, a, a, a]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\njobs: *b\n",
            "line 2: not valid YAML: alias \\*a is not allowed",
        ),
        ("jobs: " + "[" * 5000 + "]" * 5000 + "\n", "line 1: not valid YAML: nested deeper"),
    ],
)
def test_manifest_problems_are_one_input_error(tmp_path, text, expected):
    path = tmp_path / "m.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=expected):
        load_manifest(path)


def test_manifest_that_is_a_folder(tmp_path):
    with pytest.raises(ManifestError, match="is a folder"):
        load_manifest(tmp_path)


def test_only_matching_nothing_is_refused(tmp_path):
    from zjanalysis.running.build import build

    (tmp_path / "m.yaml").write_text(
        "jobs:\n  - notebook: indicator_trend\n    params: {indicator_id: rd_intensity}\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match="--only 'indicator_trnd' matches none of the 1 jobs"):
        build(tmp_path / "m.yaml", only="indicator_trnd", out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "indicator_trend").exists()


def test_chart_text_is_drawn_as_it_is_never_maths_or_markup():
    import html

    import pandas as pd
    from matplotlib.figure import Figure

    from zjanalysis import plot
    from zjanalysis.reports.charts import Chart

    series = pd.DataFrame(
        {
            "jurisdiction_id": ["a$"],
            "year": [2020],
            "vintage": ["target"],
            "value_std": [1.0],
            "published_date": ["2020-01-01"],
        }
    )
    for title in ("cost $5 and $6", r"$\badcmd$", "<b>bold</b> & <script>x()</script>"):
        ax = plot.trend(
            series, Figure().subplots(), title=title, unit="$", names={"a$": r"$\alpha$"}
        )
        chart = Chart(ax.figure)
        assert title in chart.texts() and r"$\alpha$ · target" in chart.texts()
        assert html.escape(title, quote=False) in chart.svg  # escaped: shown as text
        assert "<script>" not in chart.svg and "<b>" not in chart.svg
        ax = plot.counts(pd.DataFrame({"$x$": [1]}, index=[r"$\badcmd$"]), Figure().subplots())
        assert r"$\badcmd$" in Chart(ax.figure).texts()


def test_pdf_draws_document_text_as_it_is(tmp_path):
    """Maths marks, markup and entities in a title or sentence reach the PDF as the same
    characters: nothing is read as a formula or a tag."""
    from pypdf import PdfReader

    from zjanalysis.reports.indicator_trend import indicator_trend_report
    from zjanalysis.reports.pdf import write_pdf

    content = indicator_trend_report("rd_intensity", lang="en")
    odd = [r"cost $5 and $\badcmd$", "<b>bold</b> <font color='red'>x</font> &amp; 5<6"]
    content.title = odd[0]
    content.sentences = [*odd, *content.sentences]
    path = write_pdf(content, tmp_path / "odd.pdf")
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    for line in odd:
        assert line in text


def test_markdown_output_escapes_markup():
    from zjanalysis.reports.display import md_text

    text = md_text("<script>alert(1)</script> cost $5 and $6")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert r"\$5" in text


# --- the same, through the command line: one line on stderr, exit 2, data/ untouched ---


@pytest.fixture
def project(tmp_path):
    import shutil

    from zjanalysis import paths

    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    (tmp_path / "new.txt").write_text("2025年工作要点\n新增高新技术企业350家以上。\n", "utf-8")
    return tmp_path


def zja(project, *args):
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        env={**os.environ, "ZJA_ROOT": str(project)},
    )


def data_files(project) -> dict:
    return {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--published", "9999-12-31"], "--published 9999-12-31 is in the future"),
        (["--period", "0"], "--period 0 is not a year"),
        (["--doc-type", "memo"], "invalid choice: 'memo'"),
        (["--document-id", "Bad Id"], "--document-id 'Bad Id' is not snake_case"),
        (["--issuer", " "], "--issuer is empty"),
        (["--title-en", "a\x07b"], "--title-en holds a control character (U+0007)"),
        (["--licence", ""], "--licence is empty"),
    ],
)
def test_add_document_refuses_impossible_metadata(project, extra, expected):
    before = data_files(project)
    res = zja(project, "add-document", "new.txt", "--title", "t", "--issuer", "i", *extra)
    assert res.stderr.count("\n") == 1 or "usage:" in res.stderr
    assert res.returncode == 2 and expected in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and data_files(project) == before


def test_a_table_that_is_a_dangling_link(project):
    units = project / "data" / "processed" / "units.csv"
    units.unlink()
    units.symlink_to(project / "nowhere.csv")
    res = zja(project, "validate")
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "units.csv: is a link to nothing" in res.stderr


@pytest.mark.parametrize("output", ["/proc/candidates.csv", "new.txt/candidates.csv"])
def test_extract_into_impossible_places(project, output):
    res = zja(project, "extract", "new.txt", "-o", output)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert output in res.stderr


def curate_file(project, **cells) -> None:
    from zjanalysis.extraction.candidates import CANDIDATE_COLUMNS

    row = {
        "keep": "x",
        "document_id": "zj_2020_reform_work_points",
        "jurisdiction_id": "zhejiang",
        "indicator_id": "rd_intensity",
        "year": "2020",
        "kind": "target",
        "comparator": "=",
        "value": "2.8",
        "unit": "%",
        "quote": "'=占GDP比重达2.8%",
    } | cells
    out = io.StringIO()
    writer = csv.DictWriter(out, CANDIDATE_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    (project / "c.csv").write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"year": "inf"}, "line 2, column 'year': 'inf' is not a year"),
        ({"year": "1e309"}, "line 2, column 'year': '1e309' is not a year"),
    ],
)
def test_curate_refuses_impossible_years(project, cells, expected):
    curate_file(project, **cells)
    before = data_files(project)
    res = zja(project, "curate", "c.csv")
    assert res.returncode == 2 and expected in res.stderr and "Traceback" not in res.stderr
    assert data_files(project) == before


def test_curate_refuses_a_short_row(project):
    curate_file(project)
    text = (project / "c.csv").read_text(encoding="utf-8")
    (project / "c.csv").write_text(text.rstrip("\n").rsplit(",", 5)[0] + "\n", "utf-8")
    res = zja(project, "curate", "c.csv")
    assert res.returncode == 2 and "line 2: row has" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


def test_curate_strips_the_escape_extract_adds(project):
    from zjanalysis.tables.formatting import unescape_formula

    assert (
        unescape_formula("'=1+2.txt") == "=1+2.txt" and unescape_formula("'quoted'") == "'quoted'"
    )
    curate_file(project, quote="'-占GDP比重达2.8%")
    res = zja(project, "curate", "c.csv")
    # the escape is gone: the quote that is checked (and refused: the text has no '-') is bare
    assert "'-" not in res.stderr and "quote not found" in res.stderr, res.stderr


def test_source_file_is_formula_escaped(project):
    (project / "=1+2.txt").write_text("新增高新技术企业100家。\n", encoding="utf-8")
    assert zja(project, "extract", "=1+2.txt", "-o", "f.csv").returncode == 0
    with (project / "f.csv").open(encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["source_file"] == "'=1+2.txt"


def test_published_date_in_the_future(data_copy):
    line = set_cell(
        data_copy,
        "documents",
        "document_id",
        "zj_2020_reform_work_points",
        "published_date",
        "9999-12-31",
    )
    path = data_copy / "raw" / "origin.yaml"  # the origin record agrees
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "published_date: 2020-04-28", "published_date: 9999-12-31", 1
        ),
        encoding="utf-8",
    )
    msg = only_problem(data_copy)
    assert f"line {line}, column 'published_date': published_date is in the future" in msg


def test_report_display_escapes_names_from_the_tables(monkeypatch):
    """What a notebook shows (Markdown, a styled table) keeps markup from the data as text."""
    import IPython.display
    import pandas as pd

    from zjanalysis.reports import display
    from zjanalysis.reports.content import ReportContent

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    evil = "<script>alert(1)</script>"
    content = ReportContent.__new__(ReportContent)
    content.__dict__.update(
        title=f"{evil} $x$",
        sentences=[f"{evil} rose"],
        chart=None,
        summary=pd.DataFrame({"place": [evil], "value": [1.5]}),
        notes=[evil],
        data=pd.DataFrame(),
    )
    content.data = pd.DataFrame({f"{evil} $a$": ["cost $5 and $6"]}, index=[evil])
    display.show(content, data=True)
    tables = [o.to_html() for o in shown if not isinstance(o, IPython.display.Markdown)]
    html = "".join(o.data for o in shown if isinstance(o, IPython.display.Markdown)) + "".join(
        tables
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    # JupyterLab typesets $…$ in HTML outputs unless told not to: every table is marked
    assert len(tables) == 2 and all('class="tex2jax_ignore mathjax_ignore"' in t for t in tables)


@pytest.mark.parametrize(
    ("quote", "value", "stated"),
    [
        ("占GDP比重达2.8%", 2.8, True),
        ("占GDP比重达2.84%", 2.8, False),  # a nearby number is not the value
        ("由全省第七位上升至第二位", 7, True),
        ("两个省部共建国家重点实验室", 2, True),
        ("二十三项", 23, True),
        ("占全省1/3", 33.3, True),
        ("占全省1/3", 33.4, False),
        ("技术交易总额1,234.5亿元", 1234.5, True),
        ("１２家", 12, True),
        ("增长2.8%", -2.8, True),  # a fall is stated as a magnitude
    ],
)
def test_what_a_quote_states(quote, value, stated):
    from zjanalysis.tables.quotes import states_value

    assert states_value(quote, value) is stated


@pytest.mark.parametrize(
    ("folder", "expected"), [("nowhere", "data folder not found"), ("new.txt", "is not a folder")]
)
def test_a_data_folder_that_is_not_one(project, folder, expected):
    res = zja(project, "validate", "--data-dir", folder)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and expected in res.stderr


def test_a_parent_stands_above_its_child(data_copy):
    line = set_cell(data_copy, "jurisdictions", "jurisdiction_id", "shaoxing", "level", "province")
    msg = only_problem(data_copy)
    assert f"line {line}, column 'parent_id': a province cannot lie within zhejiang" in msg


def test_admin_codes_have_six_digits(data_copy):
    line = set_cell(
        data_copy, "jurisdictions", "jurisdiction_id", "zhejiang", "admin_code", "33000"
    )
    assert f"line {line}, column 'admin_code'" in only_problem(data_copy)


@pytest.mark.parametrize(
    "param, text",
    [
        ("year", "２０２３"),  # full-width digits: int() reads them, the tables never write them
        ("year", "2_023"),
        ("year", "٢٠٢٣"),  # Arabic-Indic
        ("year", "2023.0"),
        ("jurisdiction_ids", "zhejiang,,hangzhou"),
        ("jurisdiction_ids", "zhejiang,"),
    ],
)
def test_report_parameters_only_take_what_the_tables_would_write(param, text):
    from zjanalysis.running.parameters import Parameter, ParameterError, cast

    kind = {"year": "int | None", "jurisdiction_ids": "list | None"}[param]
    with pytest.raises(ParameterError, match=param):
        cast(Parameter(param, kind, None), text)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_number_parameter_is_finite(value):
    from zjanalysis.running.parameters import Parameter, ParameterError, cast

    with pytest.raises(ParameterError, match="finite"):
        cast(Parameter("share", "float", 0.5), value)
    assert cast(Parameter("share", "float", 0.5), "2.5e-1") == 0.25
    assert cast(Parameter("year", "int", 2020), "+2023") == 2023


@pytest.mark.parametrize("table", ["targets", "units", "documents"])
def test_a_column_named_twice_is_refused_not_dropped(data_copy, table):
    """A copied column header (…,unit,unit,…) would let one column overwrite the other."""
    path = data_copy / "processed" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    header[-1] = header[1]  # the last column's name replaced by the second's
    path.write_text(",".join(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    msg = only_problem(data_copy)
    assert f"{table}.csv, line 1: column '{header[1]}' is named twice" in msg, msg


def test_a_cell_over_the_csv_limit_names_its_line(data_copy):
    line = set_cell(data_copy, "targets", "target_id", "wp20-02", "note", "长" * 200_000)
    msg = only_problem(data_copy)
    assert f"targets.csv, line {line}: a cell longer than" in msg and len(msg) < 300, msg


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text.replace("x,zj", "x" * 200_000 + ",zj"), "line 2: a cell longer than"),
        (lambda text: text.replace(",quote,", ",unit,", 1), "line 1: column 'unit' is named twice"),
    ],
)
def test_curate_refuses_what_it_cannot_read_in_one_line(project, change, expected):
    curate_file(project)
    path = project / "c.csv"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = data_files(project)
    res = zja(project, "curate", "c.csv")
    assert res.returncode == 2 and expected in res.stderr, res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert data_files(project) == before


@pytest.mark.parametrize(
    ("target_id", "unit", "expected"),
    [
        ("wp20-07", "万家", "unit '万家' is not what its quote states: 4000 without 万"),
        ("wp20-04", "万家", "2 and 3 without 万"),  # a range: 2-3家
        ("wp20-10", "万元", "800 without 万"),
        ("wp20-10", "元", "800 with a scale"),
        ("rep24-24", "家", "1.6 with a scale"),  # 1.6万家 read as 1.6 firms
    ],
)
def test_a_unit_states_the_scale_its_quote_writes(data_copy, target_id, unit, expected):
    """家 → 万家 multiplies a figure by 10 000: the scale is checked against the quote."""
    line = set_cell(data_copy, "targets", "target_id", target_id, "unit", unit)
    msg = only_problem(data_copy)
    assert f"targets.csv, line {line}, column 'unit'" in msg and expected in msg, msg


@pytest.mark.parametrize(
    ("quote", "value", "scale", "stated"),
    [
        ("新增1.2万家", 1.2, "万", True),
        ("新增1.2万家", 1.2, "", False),
        ("新增2-3万家", 2, "万", True),
        ("达1.6萬億元", 1.6, "万亿", True),  # traditional script
        ("达1.6万亿元", 1.6, "亿", False),
        ("占全省1/3", 33.3, "", True),
        ("两万余人", 2, "万", True),
    ],
)
def test_the_scale_a_quote_writes_after_its_number(quote, value, scale, stated):
    from zjanalysis.tables.quotes import states_value

    assert states_value(quote, value, scale) is stated


# --- outputs only where a command may write: refused before anything runs, exit 2 ---

MANIFEST = "jobs:\n  - notebook: vintage_revisions\n"


@pytest.fixture
def whole_project(tmp_path):
    from conftest import project_copy

    root = project_copy(tmp_path, MANIFEST)
    (root / "a-file").write_text("x", encoding="utf-8")
    (root / "into-data").symlink_to(root / "data" / "processed")
    return root


@pytest.mark.parametrize(
    ("command", "out", "expected"),
    [
        ("report", "data/processed", "inside the data folder"),
        ("build", "data/raw", "inside the data folder"),
        ("build", "data", "inside the data folder"),
        ("report", "into-data", "inside the data folder"),  # a link does not hide it
        ("build", "into-data/sub", "inside the data folder"),
        ("report", "a-file", "is a file, not a folder"),
        ("build", "a-file", "is a file, not a folder"),
    ],
)
def test_outputs_are_never_written_inside_data(whole_project, command, out, expected):
    before = data_files(whole_project)
    args = ["vintage_revisions"] if command == "report" else []
    res = zja(whole_project, command, *args, "--out", out)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert f"--out {out}: {expected}" in res.stderr, res.stderr
    assert data_files(whole_project) == before
    assert not (whole_project / "reports" / "vintage_revisions").exists()


def test_a_report_folder_that_links_out_of_reports_is_refused(whole_project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (whole_project / "reports" / "vintage_revisions").symlink_to(elsewhere)
    # (parameters of no scheduled job: those would be refused before, as not ad hoc)
    res = zja(whole_project, "report", "vintage_revisions", "-p", "jurisdiction_id", "zhejiang")
    assert res.returncode == 2 and "a link out of" in res.stderr, res.stderr
    assert not list(elsewhere.iterdir())


def test_a_manifest_that_is_a_folder_is_bad_input(whole_project):
    res = zja(whole_project, "build", "--manifest", "reports")
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert "reports: is a folder, not a manifest file" in res.stderr


@pytest.mark.parametrize("where", ["raw", "processed"])
def test_data_that_links_out_of_the_data_folder_is_refused(project, tmp_path_factory, where):
    """A raw document (or table) must be the copy in data/, not a link to a file elsewhere
    that may change under the md5 recorded for it."""
    name = {"raw": "zj-2020-sci-tech-reform-work-points.txt", "processed": "units.csv"}[where]
    inside = project / "data" / where / name
    outside = tmp_path_factory.mktemp("outside") / name
    outside.write_bytes(inside.read_bytes())  # the same bytes: only the place is wrong
    inside.unlink()
    inside.symlink_to(outside)
    res = zja(project, "validate")
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert f"{name} is a link to {outside}, outside" in res.stderr or (
        f"{name}: is a link to {outside}, outside" in res.stderr
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-p", "lang", "en\nzh"], "'en\\nzh'"),
        (["-p", "lang\r\x1b[2J", "en"], "'lang\\r\\x1b[2J'"),
        (["-p", "lang", "x" * 100_000], "characters)"),
    ],
)
def test_a_parameter_is_echoed_on_one_line(whole_project, args, expected):
    res = zja(whole_project, "report", "vintage_revisions", *args)
    assert res.returncode == 2 and res.stderr.count("\n") == 1, res.stderr
    assert expected in res.stderr and len(res.stderr) < 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("time_limit: 0\njobs:\n  - notebook: vintage_revisions\n", "line 1: time_limit must be"),
        (
            "jobs:\n  - notebook: vintage_revisions\n    time_limit: fast\n",
            "line 2: time_limit must be seconds from 1 to 86400, got 'fast'",
        ),
        ("jobs:\n  - notebook: vintage_revisions\ntimelimit: 5\n", "unknown key 'timelimit'"),
    ],
)
def test_time_limits_in_the_manifest_are_checked(tmp_path, text, expected):
    (tmp_path / "m.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=expected):
        load_manifest(tmp_path / "m.yaml")


def test_time_limit_on_the_command_line_is_checked(whole_project):
    res = zja(whole_project, "build", "--time-limit", "nan")
    assert res.returncode == 2 and "'nan' is not a number of seconds" in res.stderr
