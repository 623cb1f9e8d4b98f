"""Each validation rule refuses a malformed table, naming file, line and column."""

from __future__ import annotations

import pytest
from conftest import rewrite_cell, row_index

from zjanalysis.errors import TableError
from zjanalysis.tables.loading import load_tables


def problems_of(data_dir) -> list[str]:
    with pytest.raises(TableError) as err:
        load_tables(data_dir)
    return [str(p) for p in err.value.problems]


def only_problem(data_dir) -> str:
    found = problems_of(data_dir)
    assert len(found) == 1, found
    return found[0]


def targets(data_dir):
    return data_dir / "processed" / "targets.csv"


def break_target(data_dir, target_id, column, value) -> int:
    path = targets(data_dir)
    return rewrite_cell(path, row_index(path, "target_id", target_id), column, value)


def test_unknown_indicator_names_row_and_suggests(data_copy):
    line = break_target(data_copy, "wp20-02", "indicator_id", "rd_intensty")
    msg = only_problem(data_copy)
    assert f"targets.csv, line {line}, column 'indicator_id'" in msg
    assert "unknown indicator 'rd_intensty'" in msg and "did you mean 'rd_intensity'?" in msg


def test_unknown_document_and_jurisdiction(data_copy):
    break_target(data_copy, "sx18-01", "jurisdiction_id", "shaoxin")
    msg = only_problem(data_copy)
    assert "unknown jurisdiction 'shaoxin'" in msg and "did you mean 'shaoxing'" in msg


def test_duplicate_key_is_refused(data_copy):
    line = break_target(data_copy, "wp20-06", "target_id", "wp20-02")  # a row no same_as names
    msg = only_problem(data_copy)
    assert f"line {line}, column 'target_id': duplicate key wp20-02" in msg
    assert "first used on line 3" in msg


def test_duplicate_indicator_in_catalogue(data_copy):
    path = data_copy / "processed" / "indicators.csv"
    rewrite_cell(
        path, row_index(path, "indicator_id", "rd_expenditure"), "indicator_id", "rd_intensity"
    )
    msgs = problems_of(data_copy)
    assert any("indicators.csv" in m and "duplicate key rd_intensity" in m for m in msgs)


def test_non_numeric_value_with_scale_hint(data_copy):
    line = break_target(data_copy, "rep24-62", "value", "1.6万亿")
    msg = only_problem(data_copy)
    assert f"line {line}, column 'value': '1.6万亿' is not a number" in msg
    assert "scale goes in 'unit'" in msg


@pytest.mark.parametrize(
    ("column", "bad", "expected"),
    [("comparator", "≥", "'≥' is not allowed"), ("kind", "targt", "did you mean 'target'?")],
)
def test_values_outside_declared_lists(data_copy, column, bad, expected):
    line = break_target(data_copy, "wp20-01", column, bad)
    msg = only_problem(data_copy)
    assert f"line {line}, column '{column}'" in msg and expected in msg


def test_range_without_value_high(data_copy):
    line = break_target(data_copy, "wp20-04", "value_high", "")
    msg = only_problem(data_copy)
    assert f"line {line}, column 'value_high': a range needs value_high" in msg


def test_filled_in_stripped_number_is_refused(data_copy):
    path = targets(data_copy)
    i = row_index(path, "quote", "新增高新技术企业家")
    rewrite_cell(path, i, "value", "4000")
    assert "never fill a stripped number" in only_problem(data_copy)


def test_empty_value_without_flag_is_refused(data_copy):
    break_target(data_copy, "wp20-05", "value", "")
    assert "empty value" in only_problem(data_copy)


def test_quote_not_in_document(data_copy):
    line = break_target(data_copy, "wp20-02", "quote", "占GDP比重达2.9%")
    msg = only_problem(data_copy)
    assert f"line {line}, column 'quote': quote not found in its raw document" in msg


def test_unit_of_wrong_dimension(data_copy):
    break_target(data_copy, "wp20-02", "unit", "亿元")
    assert "does not fit indicator rd_intensity" in only_problem(data_copy)


def test_year_outside_document_period(data_copy):
    break_target(data_copy, "sx18-03", "year", "2028")
    assert "outside the document's period 2018–2018" in only_problem(data_copy)


def test_not_utf8_file(data_copy):
    path = targets(data_copy)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    msg = only_problem(data_copy)
    assert "targets.csv" in msg and "not UTF-8" in msg and "line 2" in msg


def test_empty_file(data_copy):
    targets(data_copy).write_bytes(b"")
    msg = only_problem(data_copy)
    assert "targets.csv: file is empty" in msg and "target_id,document_id" in msg


def test_header_only_file(data_copy):
    path = targets(data_copy)
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "targets.csv: no data rows" in only_problem(data_copy)


def test_truncated_file(data_copy):
    path = targets(data_copy)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    msgs = problems_of(data_copy)
    assert any("targets.csv" in m and ("truncated" in m or "quote left open" in m) for m in msgs), (
        msgs
    )


def test_unknown_and_missing_columns(data_copy):
    path = targets(data_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("comparator", "comparitor", 1), encoding="utf-8")
    msgs = problems_of(data_copy)
    assert any(
        "unknown column 'comparitor'" in m and "did you mean 'comparator'" in m for m in msgs
    )
    assert any("missing column 'comparator'" in m for m in msgs)


def test_documents_must_agree_with_origin_record(data_copy):
    path = data_copy / "processed" / "documents.csv"
    rewrite_cell(
        path, row_index(path, "document_id", "sx_2018_work_points"), "published_date", "2018-04-16"
    )
    msg = only_problem(data_copy)
    assert "documents.csv" in msg and "published_date differs from the origin record" in msg


def test_all_problems_reported_together(data_copy):
    break_target(data_copy, "wp20-01", "kind", "goal")
    break_target(data_copy, "wp20-02", "value", "abc")
    assert len(problems_of(data_copy)) == 2


@pytest.mark.parametrize(
    ("target_id", "column", "value", "expected_column", "expected"),
    [
        # nd20-03 restates wp20-02 (R&D intensity 2.8% in 2020): make it state another figure
        # (its value must stay 2.8: a value is the number its quote states)
        (
            "nd20-03",
            "comparator",
            ">=",
            "same_as",
            "comparator differ from wp20-02, so it is not the same figure",
        ),
        # point a restatement at another restatement instead of the first statement
        ("zepn20-03", "same_as", "nd20-03", "same_as", "nd20-03 itself restates wp20-02"),
        # a repeat within one document without naming the row it repeats
        ("sx18-24", "same_as", "", "same_as", "a repeated statement names the row it repeats"),
        # a restatement across documents must not carry the within-document flag
        (
            "nd20-03",
            "flags",
            "missing_year;repeated",
            "flags",
            "flag 'repeated' marks a restatement within",
        ),
        ("wp20-02", "same_as", "wp20-02", "same_as", "a row cannot restate itself"),
    ],
    ids=["other-figure", "chain", "repeated-unlinked", "repeated-across-documents", "itself"],
)
def test_restatements_must_state_the_same_figure(
    data_copy, target_id, column, value, expected_column, expected
):
    line = break_target(data_copy, target_id, column, value)
    msg = only_problem(data_copy)
    assert f"line {line}, column '{expected_column}'" in msg and expected in msg, msg


def test_a_figure_from_a_page_needs_its_locator(data_copy):
    path = targets(data_copy)
    line = rewrite_cell(
        path, row_index(path, "document_id", "cn_2018_rd_statistics_bulletin"), "locator", ""
    )
    assert (
        f"line {line}, column 'locator': a figure from an HTML page needs its locator"
        in only_problem(data_copy)
    )


def test_one_alias_may_not_name_two_places(data_copy):
    path = data_copy / "processed" / "jurisdictions.csv"
    line = rewrite_cell(
        path, row_index(path, "jurisdiction_id", "guangxi"), "aliases", "广西|内蒙古"
    )
    msg = only_problem(data_copy)
    assert f"line {line}, column 'aliases': '内蒙古' already names inner_mongolia" in msg
