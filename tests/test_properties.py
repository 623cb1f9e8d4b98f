"""Generated bad input: whatever the bytes, each loader answers with a result or an InputError.

Hypothesis mutates real rows of the curated tables, writes arbitrary manifests and report
parameters, and feeds arbitrary text to the extractor. Any other exception is a bug: the
commands would end in a traceback instead of one line and exit 2.
"""

from __future__ import annotations

import contextlib
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjanalysis import paths
from zjanalysis.errors import InputError
from zjanalysis.tables.loading import load_tables

FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# characters that break things: quotes, separators, controls, odd digits and dollars
NASTY = st.sampled_from(
    list(",\"'\n\r\t\x00\x07\x1b;|$\\%-.e_")
    + ["１", "٣", "Ⅻ", "\u2028", "\ufeff", "万", "nan", "inf"]
)
# (text as read from UTF-8 files: no lone surrogates)
TEXT = st.lists(st.one_of(NASTY, st.characters(codec="utf-8")), max_size=12).map("".join)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    dest = tmp_path_factory.mktemp("props") / "data"
    shutil.copytree(paths.DATA_DIR, dest)
    return dest


def _mutate(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["insert", "delete", "replace", "bytes", "cut"]))
    at = draw(st.integers(0, len(data)))
    if kind == "cut":
        return data[:at]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if kind == "bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    text = draw(TEXT).encode("utf-8")
    end = at + (draw(st.integers(1, 10)) if kind == "replace" else 0)
    return data[:at] + text + data[end:]


TABLE_FILES = ["targets.csv", "units.csv", "jurisdictions.csv", "indicators.csv", "documents.csv"]


@FAST
@given(table=st.sampled_from(TABLE_FILES), data=st.data())
def test_mutated_tables_load_or_raise_an_input_error(scratch, table, data):
    path = scratch / "processed" / table
    original = (paths.PROCESSED_DIR / table).read_bytes()
    # mutate near the top, where every kind of row is: the first ~12 lines
    head = original[: original.find(b"\n", 2000) + 1] if len(original) > 2000 else original
    mutated = _mutate(head, data.draw) + original[len(head) :]
    path.write_bytes(mutated)
    try:
        load_tables(scratch)
    except InputError as err:
        assert str(err) and "Traceback" not in str(err)
    finally:
        path.write_bytes(original)


@settings(FAST, max_examples=25)
@given(data=st.data())
def test_mutated_origin_record_loads_or_raises_an_input_error(scratch, data):
    path = scratch / "raw" / "origin.yaml"
    original = paths.ORIGIN_FILE.read_bytes()
    path.write_bytes(_mutate(original[:3000], data.draw) + original[3000:])
    try:
        load_tables(scratch)
    except InputError:
        pass
    finally:
        path.write_bytes(original)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(["rd_intensity", "zhejiang", "2020", "en", "zh", "None", "a,b"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
NOTEBOOKS = st.sampled_from(
    ["indicator_trend", "jurisdiction_overview", "document_profile", "target_attainment", "x/../y"]
)
JOB = st.fixed_dictionaries(
    {"notebook": st.one_of(NOTEBOOKS, VALUES)},
    optional={
        "params": st.dictionaries(
            st.sampled_from(["indicator_id", "jurisdiction_ids", "lang", "year", "zz"]), VALUES
        )
        | VALUES,
        "matrix": st.dictionaries(st.sampled_from(["indicator_id", "lang", "year"]), VALUES)
        | VALUES,
        "for_each": st.sampled_from(["document", "nope"]) | VALUES,
        "extra": VALUES,
    },
)


@FAST
@given(doc=st.one_of(VALUES, st.fixed_dictionaries({"jobs": st.lists(JOB, max_size=3) | VALUES})))
def test_any_manifest_loads_or_raises_an_input_error(tmp_path, doc):
    from zjanalysis.running.manifest import load_manifest

    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with contextlib.suppress(InputError):
        load_manifest(path)


@FAST
@given(text=st.text(max_size=200) | st.binary(max_size=200))
def test_any_manifest_text_loads_or_raises_an_input_error(tmp_path, text):
    from zjanalysis.running.manifest import load_manifest

    path = tmp_path / "m.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(InputError):
        load_manifest(path)


@FAST
@given(
    name=NOTEBOOKS | TEXT,
    params=st.dictionaries(
        st.sampled_from(["indicator_id", "jurisdiction_ids", "jurisdiction_id", "lang", "year"])
        | TEXT,
        st.one_of(TEXT, st.sampled_from(["rd_intensity", "zhejiang", "2020", "None", "en"])),
        max_size=3,
    ),
)
def test_any_report_parameters_are_checked_or_refused(name, params):
    """``zja report NAME -p KEY VALUE``: values arrive as text; nothing but an InputError."""
    from zjanalysis.running.notebook import prepare

    with contextlib.suppress(InputError):
        prepare(name, params)


@pytest.fixture(scope="module")
def catalogue():
    from zjanalysis.extraction.extract import _catalogue

    return _catalogue(load_tables())


SENTENCE_PARTS = st.sampled_from(
    [
        "研发投入强度达",
        "R&D经费占GDP比重",
        "新增高新技术企业",
        "2020年",
        "到2025年",
        "2.8%",
        "1,000",
        "１２",
        "两",
        "家以上",
        "亿元",
        "增长",
        "-",
        "~",
        "至",
        "。",
        "\n",
        "一、",
        "（二）",
        "第一",
    ]
)


@FAST
@given(parts=st.lists(st.one_of(SENTENCE_PARTS, TEXT), max_size=30))
def test_extractor_takes_any_text(catalogue, parts):
    from zjanalysis.extraction.statements import DocumentInfo, extract_text

    text = "".join(parts)
    found = extract_text(text, catalogue, DocumentInfo("doc", None, "zhejiang"))
    for c in found:
        assert 0 <= c.char_start <= c.char_end <= len(text)


CANDIDATES = (
    "keep,document_id,section,jurisdiction_id,indicator_id,year,kind,comparator,value,"
    "value_high,unit,quote,locator,flags,same_as,char_start,char_end,subject,confidence,"
    "reason,source_file\n"
    "x,zj_2020_reform_work_points,总体思路,zhejiang,rd_intensity,2020,target,=,2.8,,%,"
    "占GDP比重达2.8%,,repeated,wp20-02,0,1,,0.9,,'=f.txt\n"
).encode()


@settings(FAST, max_examples=25)
@given(data=st.data())
def test_mutated_candidates_are_curated_or_refused(tmp_path_factory, data):
    """``zja curate``: a kept row appended whole, or an InputError with targets.csv unchanged.

    Unmutated, the row (a declared repeat of wp20-02, formula-escaped) is curated."""
    from zjanalysis.extraction.curate import curate

    root = tmp_path_factory.mktemp("curate")
    shutil.copytree(paths.DATA_DIR, root / "data")
    targets = root / "data" / "processed" / "targets.csv"
    before = targets.read_bytes()
    (root / "c.csv").write_bytes(_mutate(CANDIDATES, data.draw))
    try:
        ids = curate(root / "c.csv", root / "data")
    except InputError:
        assert targets.read_bytes() == before
    else:
        assert ids and targets.read_bytes().startswith(before)
        load_tables(root / "data")
    finally:
        shutil.rmtree(root)


# --- YAML that nests or repeats without end, CSV headers, units, output paths ---

LEAF = st.sampled_from(["1", "a", "null", "[]", "{}", "2020-01-01"])


@st.composite
def yaml_values(draw, depth=0, container=False):
    """YAML text nesting up to ~60 levels, with anchors (&a) and aliases (*a) here and there
    (a list or mapping at the top with ``container``)."""
    if not container and (depth > 60 or draw(st.integers(0, 29)) == 0):
        return draw(LEAF | st.sampled_from(["*a", "*b"]))
    # one branch goes deeper, a leaf may stand beside it: deep, never wide
    inner = [draw(yaml_values(depth=depth + 1))] + draw(st.lists(LEAF, max_size=1))
    anchor = draw(st.sampled_from(["", "", "&a ", "&b "]))
    if draw(st.booleans()):
        return anchor + "[" + ", ".join(inner) + "]"
    return anchor + "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(inner)) + "}"


def yaml_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        depth += ch in "[{"
        depth -= ch in "]}"
        deepest = max(deepest, depth)
    return deepest


@FAST
@given(value=yaml_values())
def test_manifest_yaml_that_nests_or_repeats_is_refused_or_read(tmp_path, value):
    from zjanalysis.running.manifest import load_manifest
    from zjanalysis.sources.yamlfile import MAX_DEPTH

    path = tmp_path / "m.yaml"
    path.write_text(f"jobs:\n  - notebook: vintage_revisions\n    params: {value}\n", "utf-8")
    try:
        load_manifest(path)
    except InputError as err:
        message = str(err)
        assert "\n" not in message and len(message) < 2100
        if "*" in value:
            assert "alias" in message or "not valid YAML" in message
    else:
        assert "*" not in value and yaml_depth(value) < MAX_DEPTH


@settings(FAST, max_examples=25)
@given(value=yaml_values(container=True))
def test_origin_yaml_that_nests_or_repeats_is_refused(scratch, value):
    path = scratch / "raw" / "origin.yaml"
    original = paths.ORIGIN_FILE.read_bytes()
    text = original.decode("utf-8").replace("  periods: [2020]", f"  periods: [{value}]", 1)
    path.write_text(text, encoding="utf-8")
    try:
        with pytest.raises(InputError):  # a list or mapping (or an alias) is not a year
            load_tables(scratch)
    finally:
        path.write_bytes(original)


@FAST
@given(table=st.sampled_from(TABLE_FILES), data=st.data())
def test_a_changed_header_loads_only_when_it_names_each_column_once(scratch, table, data):
    """Reordered, renamed, dropped or doubled column names: a table loads only when its header
    names every declared column once (then in any order), never with a column lost."""
    from zjanalysis.tables.schema import TABLES

    path = scratch / "processed" / table
    original = (paths.PROCESSED_DIR / table).read_bytes()
    header, _, rest = original.decode("utf-8").partition("\n")
    names = header.split(",")
    edit = data.draw(st.sampled_from(["shuffle", "double", "drop", "rename"]))
    at = data.draw(st.integers(0, len(names) - 1))
    if edit == "shuffle":
        names = data.draw(st.permutations(names))
    elif edit == "double":
        names[at] = names[data.draw(st.integers(0, len(names) - 1))]
    elif edit == "drop":
        names[at] = ""
    else:
        names[at] = data.draw(st.sampled_from(["value_std", "Unit", names[at] + " "]))
    path.write_text(",".join(names) + "\n" + rest, encoding="utf-8")
    declared = next(t for t in TABLES.values() if t.filename == table).column_names
    try:
        load_tables(scratch)
    except InputError as err:
        assert sorted(n.strip() for n in names) != sorted(declared) or edit == "shuffle", err
    else:
        assert sorted(n.strip() for n in names) == sorted(declared)
    finally:
        path.write_bytes(original)


@pytest.fixture(scope="module")
def stated_rows():
    """Rows of targets.csv with a value read from a text (not a page's cell), and the units."""
    tables = load_tables()
    pages = set(tables.documents.index[tables.documents["raw_file"].str.endswith(".html")])
    rows = tables.targets[
        tables.targets["value"].notna() & ~tables.targets["document_id"].isin(pages)
    ]
    return rows, tables.units


@FAST
@given(data=st.data())
def test_a_changed_unit_is_refused_unless_it_means_the_same(scratch, stated_rows, data):
    """Any row, any unit: a unit of another scale (家 → 万家, 亿元 → 元) or dimension is
    refused, so a figure is never silently multiplied."""
    from conftest import rewrite_cell, row_index

    rows, units = stated_rows
    target = data.draw(st.sampled_from(list(rows.index)))
    unit = data.draw(st.sampled_from(list(units.index)))
    old = rows.loc[target, "unit"]
    path = scratch / "processed" / "targets.csv"
    original = (paths.PROCESSED_DIR / "targets.csv").read_bytes()
    rewrite_cell(path, row_index(path, "target_id", target), "unit", unit)
    try:
        load_tables(scratch)
    except InputError:
        pass
    else:
        same = units.loc[unit, ["dimension", "factor"]].tolist()
        assert same == units.loc[old, ["dimension", "factor"]].tolist(), (target, old, unit)
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize(("target", "unit"), [("yngwr26-08", "Eflops"), ("gzgwr26-08", "P")])
def test_a_computing_power_unit_must_be_the_quotes(scratch, target, unit):
    """4000P is not 4000 Eflops: no Chinese scale word tells the two apart, so the unit
    itself must be written in the quote (found by the property test above)."""
    from conftest import rewrite_cell, row_index

    path = scratch / "processed" / "targets.csv"
    original = (paths.PROCESSED_DIR / "targets.csv").read_bytes()
    rewrite_cell(path, row_index(path, "target_id", target), "unit", unit)
    try:
        with pytest.raises(InputError, match="not written in its quote"):
            load_tables(scratch)
    finally:
        path.write_bytes(original)


SEGMENTS = st.sampled_from(["data", "raw", "processed", "..", ".", "link", "x", "out"])


@FAST
@given(parts=st.lists(SEGMENTS, min_size=1, max_size=5))
def test_an_output_folder_is_never_inside_data(tmp_path_factory, parts):
    """Whatever the path (.., ., links resolved), an output folder inside data/ is refused."""
    from zjanalysis.files import inside, output_folder

    root = tmp_path_factory.getbasetemp() / "outputs"
    (root / "data" / "raw").mkdir(parents=True, exist_ok=True)
    (root / "data" / "processed").mkdir(exist_ok=True)
    (root / "link").unlink(missing_ok=True)
    (root / "link").symlink_to(root / "data")
    folder = root.joinpath(*parts)
    try:
        where = output_folder(folder, "--out", root / "data")
    except InputError:
        assert inside(folder, root / "data")
    else:
        assert where.is_absolute() and not inside(where, root / "data")
