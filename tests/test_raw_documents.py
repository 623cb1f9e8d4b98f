"""The raw documents are byte-for-byte copies with a valid origin record."""

from __future__ import annotations

import pytest
import yaml

from zjanalysis import paths
from zjanalysis.errors import TableError
from zjanalysis.sources.origin import md5_of
from zjanalysis.tables.loading import load_tables

RECORDS = yaml.safe_load(paths.ORIGIN_FILE.read_text(encoding="utf-8"))
SHARED = paths.ROOT.parent / "shared" / "sources"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r["document_id"])
def test_md5_matches_origin_record(record):
    assert md5_of(paths.RAW_DIR / record["raw_file"]) == record["md5"]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r["document_id"])
def test_raw_copy_is_identical_to_shared_source(record):
    source = SHARED / record["raw_file"]
    if not source.exists():
        pytest.skip("shared/sources not beside this checkout")
    assert (paths.RAW_DIR / record["raw_file"]).read_bytes() == source.read_bytes()


def test_every_raw_file_has_a_record_and_every_document_one_file():
    listed = {r["raw_file"] for r in RECORDS}
    on_disk = {p.name for p in paths.RAW_DIR.iterdir() if p.is_file() and p.name != "origin.yaml"}
    assert listed == on_disk
    docs = load_tables().documents
    assert set(docs["raw_file"]) == listed


def test_edited_raw_copy_is_refused(data_copy):
    raw = data_copy / "raw" / "zj-2020-sci-tech-reform-work-points.txt"
    raw.write_bytes(raw.read_bytes().replace(b"2.8%", b"2.9%"))
    with pytest.raises(TableError) as err:
        load_tables(data_copy)
    msg = str(err.value)
    assert (
        "origin.yaml" in msg and "md5" in msg and "zj-2020-sci-tech-reform-work-points.txt" in msg
    )


def test_raw_file_without_record_is_refused(data_copy):
    (data_copy / "raw" / "new-document.txt").write_text("新增高新技术企业100家", encoding="utf-8")
    with pytest.raises(TableError, match=r"new-document\.txt: raw file has no origin record"):
        load_tables(data_copy)
