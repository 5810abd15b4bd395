"""Spreadsheet exports that staff download from their pages (grants' applications, events' participants and
reports): CSV or XLSX, every text cell neutralised against formulas, every download logged.

Wagtail's listing exports go through `admin_views.RecordsIndexView`; these are the exports of tables a
selector builds (headings and rows), which no library page serves as such.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from . import audit
from .admin_views import neutralise_formula

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def cell(value) -> object:
    """What goes into a cell: numbers stay numbers; every text is neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise_formula(str(value))


def spreadsheet(headings: list[str], rows: list[list], fmt: str) -> bytes:
    """The table as a CSV (UTF-8 with its mark, so spreadsheets read it right) or an XLSX file."""
    cells = [[cell(value) for value in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise_formula(str(h)) for h in headings])
        writer.writerows(cells)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([neutralise_formula(str(h)) for h in headings])
    for row in cells:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def download(*, actor, instance, action: str, what: str, name: str, headings, rows, fmt: str) -> HttpResponse:
    """The file as an attachment, with an audit entry on `instance`: who exported what, in which format."""
    content = spreadsheet(headings, rows, fmt)
    audit.record(
        actor=actor,
        instance=instance,
        action=action,
        before={},
        after={"export": what, "format": fmt, "rows": len(rows)},
    )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-{what}-{stamp}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
