"""Issue 12, finding 8: a 27 KB .xlsx unpacking to 24 MB of empty cells held a worker 30–44 s,
past the 15 s limit (the deadline was only looked at between rows). Uploads are now parsed in a
child process with a hard time and memory limit; since session 13 by python-calamine, whose
weak spot is a different bomb (a far corner cell), stopped by the same child's memory limit."""
from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from bot.admin.import_files import MAX_UNPACKED_BYTES, ImportFileError, read_table


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _empty_cell_bomb() -> bytes:
    """One row of empty cells, just under the unpacked-size cap: tiny once zipped."""
    cells = b"<c/>" * ((MAX_UNPACKED_BYTES - 200_000) // 4)
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1">' + cells + b'</row></sheetData></worksheet>')
    return _with_sheet(sheet)


def _with_sheet(sheet: bytes) -> bytes:
    good = _xlsx([["姓名", "电话"]])
    source, out = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()


def _far_corner_bomb() -> bytes:
    """A1 and XFD1048576 filled: a few hundred bytes, but a reader that holds the sheet's range
    as a grid (calamine does) would need 17 billion cells."""
    return _with_sheet(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                       b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                       b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')


def test_an_empty_cell_bomb_holds_no_worker_past_the_time_limit():
    """calamine skips the empty cells: the bomb reads as an empty sheet in ~1 s (openpyxl parsed
    every empty cell and was stopped at the limit, which a loaded machine may still reach)."""
    bomb = _empty_cell_bomb()
    assert len(bomb) < 200_000
    started = time.monotonic()
    try:
        rows = read_table(bomb, "名单.xlsx", max_rows=20000, seconds=2).rows
    except ImportFileError as error:
        assert "太大" in str(error)
    else:
        assert rows == []
    from bot.admin.import_reader import START_SECONDS
    assert time.monotonic() - started < 2 + START_SECONDS + 1


def test_a_far_corner_bomb_is_refused_by_the_readers_memory_limit():
    bomb = _far_corner_bomb()
    assert len(bomb) < 20_000
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="太大"):
        read_table(bomb, "名单.xlsx", max_rows=20000, seconds=2)
    from bot.admin.import_reader import START_SECONDS
    assert time.monotonic() - started < 2 + START_SECONDS + 1


def test_a_normal_file_reads_the_same_through_the_reader():
    table = read_table(_xlsx([["姓名", "电话"], ["张三", 13812345678]]), "名单.xlsx", max_rows=10, seconds=10)
    assert table.rows == [(1, ["姓名", "电话"]), (2, ["张三", "13812345678"])]
    csv_table = read_table("姓名,电话\n李四,13900000000\n".encode(), "名单.csv", max_rows=10, seconds=10)
    assert csv_table.rows == [(1, ["姓名", "电话"]), (2, ["李四", "13900000000"])]
