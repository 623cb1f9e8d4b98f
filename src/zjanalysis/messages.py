"""User-facing text in Chinese and English, from the gettext catalogues in ``locale/``.

Every string a reader sees is a message id (English) in the code and a translation in
``locale/<lang>/LC_MESSAGES/zjanalysis.po``; sentences are whole templates with named
placeholders (``_("{place}, {year}: …").format(place=…)``). The catalogues are read with Babel
and compiled in memory, so no build step stands between an edited ``.po`` file and a report.
``make messages`` re-extracts the ids from the code (and one per unit of the unit table, in
context ``unit``) and updates both catalogues; the tests fail on a missing or unused message.

>>> _ = translator("zh")
>>> _("target")
'目标'
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from zjanalysis.errors import ParameterError

LANGUAGES = ("zh", "en")  # readers read Chinese first
DOMAIN = "zjanalysis"
LOCALE_DIR = Path(__file__).parent / "locale"
UNIT = "unit"  # message context of a unit as written in the tables (亿元 → CNY 100 million)
HEADER = "# zjanalysis: what a reader sees, in one language. Update with `make messages`.\n"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; it is translated where shown."""
    return message


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def check_lang(lang) -> str:
    """``lang`` if the suite speaks it ('zh' or 'en'), else ``ParameterError``."""
    if lang not in LANGUAGES:
        choices = " or ".join(f"'{code}'" for code in LANGUAGES)
        raise ParameterError(f"unknown language {lang!r}: use {choices}")
    return lang


@functools.cache
def messages(lang: str) -> Translations:
    """The compiled catalogue of ``lang`` ('zh' or 'en')."""
    check_lang(lang)
    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translator(lang: str) -> Callable[[str], str]:
    """``_`` for one language: ``_ = translator(lang)``."""
    return messages(lang).gettext


def unit_label(unit, lang: str) -> str:
    """A unit as a reader of ``lang`` writes it: 亿元 → 'CNY 100 million' in English."""
    if not isinstance(unit, str) or not unit:
        return ""
    return messages(lang).pgettext(UNIT, unit)


def read_catalogue(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def template(units: Iterable[str]) -> Catalog:
    """Every message of the package's code (Babel's extractor), and one per unit."""
    catalog = Catalog(domain=DOMAIN, project="zjanalysis", charset="utf-8")
    package = Path(__file__).parent
    for file, line, message, _comments, context in extract_from_dir(
        package, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(file, line)], context=context)
    for unit in units:
        catalog.add(unit, context=UNIT)
    return catalog


def problems(units: Iterable[str]) -> list[str]:
    """Messages missing or untranslated in a catalogue, or in one but no longer used."""
    wanted = template(units)
    ids = {(m.context, _key(m.id)) for m in wanted if m.id}
    out = []
    for lang in LANGUAGES:
        have = {(m.context, _key(m.id)): m for m in read_catalogue(lang) if m.id}
        out += [f"{lang}: missing {c or ''} {i!r}" for c, i in sorted(ids - have.keys(), key=str)]
        out += [f"{lang}: unused {c or ''} {i!r}" for c, i in sorted(have.keys() - ids, key=str)]
        out += [
            f"{lang}: untranslated {k[1]!r}"
            for k, m in have.items()
            if k in ids and not (all(m.string) if isinstance(m.string, tuple) else m.string)
        ]
    return out


def update_catalogues(units: Iterable[str]) -> None:
    """Merge the template into both catalogues (new ids untranslated in zh, themselves in en)."""
    wanted = template(units)
    for lang in LANGUAGES:
        path = catalogue_path(lang)
        catalog = read_catalogue(lang) if path.exists() else Catalog(locale=lang, domain=DOMAIN)
        created = catalog.creation_date  # kept: a date changing on every run is churn
        catalog.update(wanted, no_fuzzy_matching=True)
        catalog.creation_date = created
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.project, catalog.version = "zjanalysis", ""
        catalog.header_comment = HEADER
        if lang == "en":
            for m in catalog:
                if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string):
                    m.string = m.id
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, sort_output=True, include_lineno=False)
    messages.cache_clear()


def _key(message_id) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


if __name__ == "__main__":  # make messages: python -m zjanalysis.messages data/processed/units.csv
    import csv
    import sys

    with open(sys.argv[1], encoding="utf-8-sig") as f:
        unit_ids = [row["unit"] for row in csv.DictReader(f)]
    update_catalogues(unit_ids)
    print("\n".join(problems(unit_ids)) or "catalogues complete")
