"""Writing a report's files: the workbook and the PDF, side by side."""

from __future__ import annotations

from pathlib import Path

from zjanalysis.reports.content import ReportContent
from zjanalysis.reports.excel import write_workbook
from zjanalysis.reports.pdf import write_pdf


def write_outputs(
    content: ReportContent, output_dir: str | Path | None, output_name: str
) -> list[Path]:
    """Write ``<output_name>.xlsx`` and ``.pdf`` into ``output_dir``; nothing if it is empty."""
    if not output_dir:
        return []
    folder = Path(output_dir)
    name = output_name or content.name
    return [
        write_workbook(content, folder / f"{name}.xlsx"),
        write_pdf(content, folder / f"{name}.pdf"),
    ]
