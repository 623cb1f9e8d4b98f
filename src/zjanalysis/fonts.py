"""The CJK font: Noto Sans SC (SIL OFL) from the ``pylopdf-fonts-zh-cn`` wheel, installed by pip.

The wheel ships the font with CFF (PostScript) outlines; ReportLab, which writes the PDFs,
embeds only TrueType outlines. So the font is converted once to TrueType (fontTools, about
30 s) into the user cache, and that copy is used by ReportLab (PDF pages: TrueType subsets
with a ToUnicode map, so Chinese renders and extracts; a character the CJK font lacks is drawn
with matplotlib's DejaVu Sans) and by matplotlib (every chart, ``zjanalysis.plot``). No system
font is assumed. ``text_width`` is the one measure of text, from these fonts' own advance
widths: the PDF's lines and tables, the workbook's columns and the charts' labels use it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY_FALLBACK = "DejaVu Sans"
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # (a regex class) a line may break beside these


def source_font_path() -> Path:
    """Path of Noto Sans SC (OpenType/CFF) as shipped by the wheel."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.sans_path())


def cache_dir() -> Path:
    """Per-user cache folder (``ZJA_CACHE_DIR`` or ``$XDG_CACHE_HOME/zjanalysis``)."""
    env = os.environ.get("ZJA_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zjanalysis"


def convert_to_truetype(source: Path, dest: Path) -> Path:
    """Write a copy of an OpenType/CFF font with quadratic TrueType outlines to ``dest``."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source))
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames, post.mapping = [], {}
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    from zjanalysis.files import write_atomic

    write_atomic(dest, lambda tmp: font.save(str(tmp)))
    return dest


def cjk_font_path(say=None) -> Path:
    """Path of the TrueType Noto Sans SC, converting it once if the cache lacks it; ``say``
    (default: print to stderr) tells that a conversion starts."""
    from filelock import FileLock

    source = source_font_path()
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:  # a read-only home: use the temporary folder instead
        import tempfile

        folder = Path(tempfile.gettempdir()) / f"zjanalysis-{os.getuid()}"
        folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"NotoSansSC-Regular-{source.stat().st_size}.ttf"
    if dest.exists():
        return dest
    with FileLock(str(dest) + ".lock"):
        if not dest.exists():
            message = "zjanalysis: preparing the CJK font for PDFs (once, about 30 s)…"
            (say or (lambda m: print(m, file=sys.stderr)))(message)
            convert_to_truetype(source, dest)
    return dest


@cache
def register_cjk_font() -> str:
    """Make Noto Sans SC known to matplotlib (once per process); return its family name.

    The theme (``zjanalysis.plot.set_theme``) then uses it; matplotlib's own settings are
    not changed here.
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@dataclass(frozen=True)
class PdfFonts:
    """Fonts registered with ReportLab: the CJK font and the fallback, what each can draw, and
    each character's advance width (thousandths of an em) in the font that draws it."""

    main: str
    fallback: str
    main_chars: frozenset[int]
    fallback_chars: frozenset[int]
    advances: dict[str, float]
    default_advance: float  # a character neither font has (drawn as the CJK font's blank)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs: the CJK font wherever it has the
        character, the fallback where only it has one."""
        if all(ord(ch) in self.main_chars for ch in text):
            return [(self.main, text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            code = ord(ch)
            font = (
                self.fallback
                if code not in self.main_chars and code in self.fallback_chars
                else self.main
            )
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out


@cache
def pdf_fonts() -> PdfFonts:
    """Register Noto Sans SC and DejaVu Sans with ReportLab (once per process)."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    faces = {}
    for name, path in {"NotoSansSC": cjk_font_path(), "DejaVuSans": dejavu}.items():
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        faces[name] = font.face
    main, fallback = faces["NotoSansSC"], faces["DejaVuSans"]
    advances = {chr(c): w for c, w in fallback.charWidths.items()}  # where only it has one
    advances.update({chr(c): w for c, w in main.charWidths.items()})
    return PdfFonts(
        "NotoSansSC",
        "DejaVuSans",
        frozenset(main.charToGlyph),
        frozenset(fallback.charToGlyph),
        advances,
        main.defaultWidth,
    )


def text_width(text, size: float) -> float:
    """Width in points of ``text`` at ``size`` points, each character in the font that draws
    it (the embedded fonts' own advance widths): the one measure of text for the PDF's lines
    and tables, the workbook's columns (``reports.excel.column_chars``) and the charts' labels.
    At ``size`` 1 it is the width in ems."""
    fonts = pdf_fonts()
    get, default = fonts.advances.get, fonts.default_advance
    return 0.001 * size * sum([get(ch, default) for ch in str(text)])
