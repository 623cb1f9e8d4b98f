"""Column declarations for every curated table: declared once, used by validation and docs.

Each table lists its columns with type, meaning and allowed values; ``validation`` derives
all checks from these declarations, the loaders derive the pandas dtypes from them
(``pandas_dtype``), and ``datapackage`` writes them out as a Frictionless Data Package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from zjanalysis.errors import text_problem  # noqa: F401 (the cells' rule, declared with the tables)
from zjanalysis.sources.origin import SOURCE_TYPES

# Codes whose order means something are ordered categoricals (``category`` columns): sorting
# by them follows the order declared here, not the alphabet.
KINDS = ("target", "estimate", "actual")  # an aim, a preliminary (预计) figure, a result
COMPARATORS = ("=", ">=", ">", "<=", "<", "~", "range", "relative")
FLAGS = (
    "missing_number",  # the source's digits were stripped: value stays empty
    "missing_year",  # the source's year digits were stripped: year is the document's period
    "relative",  # stated against another figure (超全省平均水平, 快于面上)
    "cumulative",  # a running total (累计)
    "annual_average",  # an average yearly rate over a plan period (年均)
    "rank",  # a position in a national ranking (全国第N)
    "repeated",  # the same statement made again in the same document
    "mojibake",  # the sentence holds garbled characters; read the raw text with care
)
MEASURE_TYPES = (
    "share",
    "growth_rate",
    "change",
    "level",
    "amount",
    "count_new",
    "count_total",
    "rank",
    "deadline",
)
THEMES = (
    "rd_input",
    "enterprises",
    "platforms",
    "projects",
    "transfer",
    "industry",
    "finance",
    "talent",
    "ranking",
    "governance",
)
JURISDICTION_LEVELS = (  # from the top: a parent stands above its children
    "country",
    "province",
    "prefecture_city",
    "county_city",
    "county",
    "county_group",
)
# measures that may fall below zero; every other measure (shares, levels, counts, ranks …) may not
SIGNED_MEASURES = ("growth_rate", "change")
DOC_TYPES = (
    "work_points",  # 工作要点
    "work_summary",  # a year's summary, often with next year's plan
    "action_plan",  # 行动方案, 实施方案
    "gov_work_report",  # 政府工作报告
    "reply_with_work_summary",  # a reply to a proposal, with a work summary attached
    "statistics_bulletin",  # 统计公报
    "news",
    "other",
)
# What a figure is (``analysis.series.vintages``): an aim, a preliminary figure, a final
# statistic, a final figure restated later with another value; ``average`` is the mean of
# yearly outcomes that judges an annual-average target (``analysis.attainment``).
VINTAGES = ("target", "preliminary", "final", "revised", "average")
# How a target stands (``analysis.attainment``), from the best outcome to no judgement
STATUSES = (
    "achieved_early",
    "achieved",
    "missed",
    "on_track",
    "lagging",
    "not_yet_due",
    "insufficient_data",
)
YEARS = (1949, 2100)  # first and last year a document or figure may speak of
SCRIPTS = ("simplified", "traditional")
LOCATOR = r"table [1-9][0-9]*, row [1-9][0-9]*, column [1-9][0-9]*"

SNAKE_ID = r"[a-z][a-z0-9_]*"
# a number as the tables write it: ASCII digits, optional sign, decimals and exponent — never
# 1_000, full-width or other scripts' digits, inf or nan (Python's float() takes all of these)
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
WHOLE_NUMBER = re.compile(r"-?[0-9]+", re.ASCII)


@dataclass(frozen=True)
class Column:
    """One column: its type, meaning and constraints.

    Types: ``str`` (text), ``category`` (one of ``allowed``, in that order: an ordered
    categorical), ``int``, ``float``, ``bool``, ``date`` (YYYY-MM-DD) and ``list`` (text
    items joined by ``sep``)."""

    name: str
    dtype: str
    description: str
    required: bool = True
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    references: tuple[str, str] | None = None  # (table, column) it must exist in
    sep: str = ";"  # separator of a list column
    between: tuple[int, int] | None = None  # bounds of a whole number, both included


@dataclass(frozen=True)
class Table:
    """A curated CSV table: file name, primary key and columns."""

    name: str
    filename: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


UNITS = Table(
    "units",
    "units.csv",
    ("unit",),
    (
        Column("unit", "str", "Unit as written in the documents (scale included: 亿元, 万家)."),
        Column("name_en", "str", "English name of the unit."),
        Column("dimension", "str", "What the unit measures; units convert only within one."),
        Column("base_unit", "str", "Unit this one converts to.", references=("units", "unit")),
        Column("factor", "float", "Multiply a value in this unit by this to get base units."),
    ),
    "Declared units and their conversion to a base unit.",
)

DOCUMENTS = Table(
    "documents",
    "documents.csv",
    ("document_id",),
    (
        Column("document_id", "str", "Stable id of a source document.", pattern=SNAKE_ID),
        Column("raw_file", "str", "File name of the raw copy in data/raw/."),
        Column("title", "str", "Title in Chinese, as published."),
        Column("title_en", "str", "Short English title."),
        Column("issuer", "str", "Issuing body."),
        Column("doc_number", "str", "Official document number (文号), where given.", False),
        Column("published_date", "date", "Date of issue (YYYY-MM-DD), where known.", False),
        Column("period_from", "int", "First year the document speaks of.", between=YEARS),
        Column("period_to", "int", "Last year the document speaks of.", between=YEARS),
        Column("doc_type", "str", "Kind of document.", allowed=DOC_TYPES),
        Column(
            "source_type",
            "str",
            "Official document, official statistics or news; final statistics come only from "
            "official_statistics.",
            allowed=SOURCE_TYPES,
        ),
    ),
    "The source documents.",
)

JURISDICTIONS = Table(
    "jurisdictions",
    "jurisdictions.csv",
    ("jurisdiction_id",),
    (
        Column("jurisdiction_id", "str", "Stable id of a place or group.", pattern=SNAKE_ID),
        Column("name_zh", "str", "Chinese name."),
        Column("name_en", "str", "English name."),
        Column("level", "str", "Administrative level.", allowed=JURISDICTION_LEVELS),
        Column(
            "parent_id",
            "str",
            "Enclosing jurisdiction.",
            False,
            references=("jurisdictions", "jurisdiction_id"),
        ),
        Column(
            "admin_code",
            "str",
            "GB/T 2260 administrative code, where one exists.",
            False,
            pattern=r"[1-9][0-9]{5}",
        ),
        Column(
            "aliases",
            "list",
            "Other names the documents use, e.g. the short forms of statistics tables (内蒙古).",
            False,
            sep="|",
        ),
    ),
    "Places the documents set targets for.",
)

INDICATORS = Table(
    "indicators",
    "indicators.csv",
    ("indicator_id",),
    (
        Column("indicator_id", "str", "Stable snake_case id.", pattern=SNAKE_ID),
        Column("name_zh", "str", "Chinese name."),
        Column("name_en", "str", "English name."),
        Column("theme", "str", "Theme used to group indicators.", allowed=THEMES),
        Column("measure_type", "str", "What kind of quantity it is.", allowed=MEASURE_TYPES),
        Column("unit", "str", "Canonical unit.", references=("units", "unit")),
        Column(
            "aliases",
            "list",
            "Chinese surface forms that mean this indicator (|-separated).",
            False,
            sep="|",
        ),
        Column("description", "str", "What the indicator measures."),
    ),
    "The indicator catalogue: one id per indicator across all documents.",
)

TARGETS = Table(
    "targets",
    "targets.csv",
    ("target_id",),
    (
        Column("target_id", "str", "Stable id of the statement.", pattern=r"[a-z0-9]+-[0-9]+"),
        Column("document_id", "str", "Source document.", references=("documents", "document_id")),
        Column("section", "str", "Section of the document the statement is in."),
        Column(
            "jurisdiction_id",
            "str",
            "Place the figure is for.",
            references=("jurisdictions", "jurisdiction_id"),
        ),
        Column("indicator_id", "str", "Indicator.", references=("indicators", "indicator_id")),
        Column(
            "year",
            "int",
            "Year the figure is for (the horizon year for multi-year aims).",
            between=YEARS,
        ),
        Column(
            "kind",
            "category",
            "target (an aim), estimate (预计), actual (a reported result).",
            allowed=KINDS,
        ),
        Column("comparator", "category", "How the value bounds the figure.", allowed=COMPARATORS),
        Column(
            "value", "float", "Number as written, scale in `unit`; empty only when flagged.", False
        ),
        Column("value_high", "float", "Upper end of a range.", False),
        Column("unit", "str", "Unit as written.", False, references=("units", "unit")),
        Column(
            "quote",
            "str",
            "Exact span of the raw document stating the figure (for a table cell: its text).",
        ),
        Column(
            "locator",
            "str",
            "Where a figure read from an HTML table sits: 'table T, row R, column C' (1-based: "
            "<table> elements in page order, <tr> rows of that table, cells of that row).",
            False,
            pattern=LOCATOR,
        ),
        Column("flags", "list", "Flags (;-separated).", False, allowed=FLAGS),
        Column(
            "relative_to",
            "str",
            "For a relative target: the place whose figure of the same indicator and year it is "
            "stated against (超全省平均 → the province); empty when the reference is another "
            "quantity, which the note names.",
            False,
            references=("jurisdictions", "jurisdiction_id"),
        ),
        Column(
            "same_as",
            "str",
            "The row first stating the same figure, when this row restates it (in this or another "
            "document): both stay, as two sources, but analyses count the figure once.",
            False,
            references=("targets", "target_id"),
        ),
        Column("note", "str", "Reviewer's note.", False),
    ),
    "Every quantitative target and reported result, one row per statement.",
)

TABLES: dict[str, Table] = {
    t.name: t for t in (UNITS, DOCUMENTS, JURISDICTIONS, INDICATORS, TARGETS)
}

# Columns a report adds to the statements it lists (its Data sheet), declared here like the
# tables' own; a report's Data sheet holds DATA_SHEET_COLUMNS in this order.
DERIVED_COLUMNS: tuple[Column, ...] = (
    Column("jurisdiction_en", "str", "English name of the place (jurisdictions.name_en)."),
    Column("jurisdiction_zh", "str", "Chinese name of the place (jurisdictions.name_zh)."),
    Column("indicator_en", "str", "English name of the indicator (indicators.name_en)."),
    Column("indicator_zh", "str", "Chinese name of the indicator (indicators.name_zh)."),
    Column(
        "vintage",
        "category",
        "What the figure is: target, preliminary, final, or revised (a final figure restated "
        "later with another value).",
        allowed=VINTAGES,
    ),
    Column("figure", "str", "The figure as a reader writes it: comparator, number and unit."),
    Column(
        "value_std",
        "float",
        "`value` in the indicator's canonical unit (1.2万家 → 12000 家); empty when the unit "
        "does not convert.",
        False,
    ),
    Column("indicator_unit", "str", "The indicator's canonical unit, the unit of `value_std`."),
)
DATA_SHEET_COLUMNS = (
    "target_id",
    "document_id",
    "section",
    "jurisdiction_id",
    "jurisdiction_en",
    "jurisdiction_zh",
    "indicator_id",
    "indicator_en",
    "indicator_zh",
    "year",
    "kind",
    "vintage",
    "comparator",
    "value",
    "value_high",
    "unit",
    "value_std",
    "indicator_unit",
    "figure",
    "flags",
    "quote",
    "note",
)

# Columns the analyses add, declared like the tables' own (their dtypes: ``pandas_dtype``)
VINTAGE = next(c for c in DERIVED_COLUMNS if c.name == "vintage")
STATUS = Column(
    "status", "category", "How a target stands (analysis.attainment).", allowed=STATUSES
)

PANDAS_DTYPES = {
    "str": "string",
    "int": "Int64",
    "float": "float64",  # NaN where empty: a missing number is flagged, never filled
    "bool": "boolean",
    "date": "datetime64[s]",
    "list": "string",  # joined by the column's separator, as in the CSV
}


def pandas_dtype(column: Column):
    """The pandas dtype of a column: its declared order for a ``category``."""
    if column.dtype == "category":
        return pd.CategoricalDtype(column.allowed, ordered=True)
    return PANDAS_DTYPES[column.dtype]


def pandas_dtypes(table: Table) -> dict[str, object]:
    """Each column's pandas dtype, in the table's column order."""
    return {c.name: pandas_dtype(c) for c in table.columns}
