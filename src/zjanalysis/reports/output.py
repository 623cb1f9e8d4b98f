"""Writing a report's files: the workbook and the PDF, side by side, and ``report.json``
(title, language, parameters) for the index of published reports."""

from __future__ import annotations

import json
from pathlib import Path

from zjanalysis.reports.content import ReportContent
from zjanalysis.reports.excel import write_workbook
from zjanalysis.reports.pdf import write_pdf

REPORT_FILE = "report.json"  # what the index shows of a report: its title in its language


def write_outputs(
    content: ReportContent, output_dir: str | Path | None, output_name: str
) -> list[Path]:
    """Write ``<output_name>.xlsx`` and ``.pdf`` into ``output_dir``; nothing if it is empty."""
    if not output_dir:
        return []
    folder = Path(output_dir)
    name = output_name or content.name
    files = [
        write_workbook(content, folder / f"{name}.xlsx"),
        write_pdf(content, folder / f"{name}.pdf"),
    ]
    about = {
        "report": content.name,
        "title": content.title,
        "lang": content.lang,
        "params": content.params,
        "generated_at": content.generated_at.isoformat(),
    }
    (folder / REPORT_FILE).write_text(
        json.dumps(about, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    return files
