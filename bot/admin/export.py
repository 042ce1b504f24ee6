"""Lists as files: CSV (UTF-8 with a BOM, for Excel in China) and Excel .xlsx, formula-safe.

    return export.respond("needs", ["编号", "事情"], rows, request.args.get("export"))

A cell that starts like a formula (= + - @, tab, CR) is written as text with a leading quote,
as the import reports always did: opened in Excel, a villager's words never run as a formula.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Iterable

from flask import Response

from bot import clock

_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000  # one file; a county's needs of several years fit


def safe(value) -> str:
    """Opened in Excel, a cell that starts like a formula would run as one: keep it text."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) and not _NUMBER.fullmatch(text) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe(h) for h in header])
    writer.writerows([safe(c) for c in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, header: list[str], rows: Iterable[Iterable]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "sheet")
    sheet.append([safe(h) for h in header])
    for row in rows:
        # Every cell is a string: openpyxl would store "=…" as a formula.
        sheet.append([safe(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def respond(name: str, title: str, header: list[str], rows: list[list], fmt: str) -> Response:
    """The list as a download named <name>-<date>.<fmt>."""
    stamp = clock.now().strftime("%Y%m%d")
    filename = f"{name}-{stamp}.{fmt}"
    if fmt == "xlsx":
        return Response(xlsx_bytes(title, header, rows), mimetype=XLSX,
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
    return Response(csv_bytes(header, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
