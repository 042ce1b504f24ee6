"""Reading an uploaded table: CSV (UTF-8 with or without BOM, or GBK as Excel saves it in China)
or Excel .xlsx (the first sheet, read by python-calamine), into rows of text with their line numbers.

    table = read_table(data, "党员名单.xlsx", max_rows=20000)
    table.rows → [(1, ["姓名", "电话", …]), (2, ["张三", "13812345678", …]), …]

Refused with a message for the cadre (ImportFileError): old .xls and .xlsb files, files with
macros (.xlsm), encrypted workbooks, and files that unpack to more than MAX_UNPACKED_BYTES
(zip bombs). An .xlsx is read by python-calamine (Rust; 20,000 rows in ~0.15 s where openpyxl's
read-only mode took ~0.8 s), which loads the first sheet whole: the unpacked size check above
and the child process's memory limit bound it; its XML reader expands no entities.
With a time limit (`seconds`, the upload request) reading happens in a child process with hard
time and memory limits (import_reader.py): a parser reads a whole row or sheet before the
deadline can be looked at, and with openpyxl a row of a million empty cells took 30–44 s.
"""
from __future__ import annotations

import csv
import io
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time as clock_time

log = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 24 * 1024 * 1024  # 20,000 rows of 10 columns unpack to about 11 MB
MAX_ZIP_ENTRIES = 1000
MAX_COLUMNS = 30  # columns read per row; the imports need fewer than ten
TOO_SLOW = "这个文件太大，{seconds}秒还没读完：请分成几个文件上传，或另存为 CSV（CSV 读得快得多）"
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, .xlsb … and Office's encrypted workbooks
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, size); the message is for the cadre."""


@dataclass
class Table:
    rows: list[tuple[int, list[str]]]  # (line number in the file, cell texts); empty rows left out
    more: int | None = None  # the first line not read because of the row cap
    deadline: float = float("inf")  # time.monotonic() by which reading must be done
    seconds: float = 0.0


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("读不出这个文件：请存成 CSV（UTF-8 或 GBK 编码）或 Excel 的 .xlsx")


def read_table(data: bytes, filename: str, max_rows: int, seconds: float | None = None) -> Table:
    """The rows of the file (header included), at most `max_rows` + 1 of them, read within
    `seconds` (else ImportFileError). With `seconds`, in a child process with a hard time and
    memory limit (import_reader.py): a request worker never parses an upload itself."""
    if seconds is not None:
        from .import_reader import read_isolated

        return read_isolated(data, filename, max_rows, seconds)
    return read_table_here(data, filename, max_rows)


def read_table_here(data: bytes, filename: str, max_rows: int, seconds: float | None = None) -> Table:
    """read_table in this process (the child of import_reader.py, and callers without a limit)."""
    name = (filename or "").lower()
    if not data.strip():
        raise ImportFileError("文件是空的")
    if data.startswith(OLE_MAGIC):
        raise ImportFileError("这是老版 Excel（.xls）或加密的文件，读不了：请在 Excel 里“另存为”"
                              ".xlsx 或 CSV，不要设密码")
    if name.endswith(MACRO_SUFFIXES):
        raise ImportFileError("带宏的 Excel 文件（.xlsm）不能上传：请另存为 .xlsx 或 CSV")
    table = Table(rows=[])
    if seconds is not None:
        table.deadline, table.seconds = time.monotonic() + seconds, seconds
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, max_rows, table)
    if name.endswith((".xlsx", ".xls", ".xlsb")):
        raise ImportFileError("这个文件不是 Excel 的 .xlsx：请在 Excel 里另存为 .xlsx 或 CSV")
    return _read_csv(decode(data), max_rows, table)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL in text


def _keep(rows: list, line: int, cells: list[str], max_rows: int, table: Table) -> bool:
    """Add a non-empty row; False once the cap is passed (the row is noted, not kept)."""
    if line % 200 == 0 and time.monotonic() > table.deadline:
        raise ImportFileError(TOO_SLOW.format(seconds=int(table.seconds)))
    cells = [_CONTROL.sub("", c) for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        return True
    if len(rows) > max_rows:
        table.more = line
        return False
    rows.append((line, cells))
    return True


def _read_csv(text: str, max_rows: int, table: Table) -> Table:
    reader = csv.reader(io.StringIO(text))
    try:
        for cells in reader:
            if not _keep(table.rows, reader.line_num, [c.strip() for c in cells[:MAX_COLUMNS]], max_rows, table):
                break
    except csv.Error as error:  # a NUL byte, a field over the csv module's size limit …
        raise ImportFileError(f"第{reader.line_num}行读不出来（{error}）：请检查文件是不是 CSV") from None
    return table


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
            content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError):
        raise ImportFileError("这个 Excel 文件坏了，打不开：请在 Excel 里重新另存为 .xlsx") from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise ImportFileError("这个 Excel 文件解开后太大了：请只留名单这一张表，或存成 CSV")
    if any(e.flag_bits & 0x1 for e in entries):
        raise ImportFileError("这个 Excel 文件加了密码：请去掉密码再上传")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise ImportFileError("带宏的 Excel 文件不能上传：请另存为普通的 .xlsx 或 CSV")
    if "xl/workbook.xml" not in names:
        raise ImportFileError("这个文件不是 Excel 的 .xlsx：请在 Excel 里另存为 .xlsx 或 CSV")


def cell_text(value) -> str:
    """A cell as the cadre sees it: 13812345678 (not 1.3812345678E10), 34.85, 2026-12-05."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == clock_time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, clock_time)):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes, max_rows: int, table: Table) -> Table:
    _check_zip(data)
    from python_calamine import CalamineWorkbook  # only when an Excel file comes

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        # From A1 (line 1), as the cadre sees the sheet: leading empty rows and columns kept.
        sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own kinds on a broken or odd file
        log.info("unreadable xlsx upload: %r", error)
        raise ImportFileError("读不出这个 Excel 文件：请在 Excel 里另存为 .xlsx 或 CSV 再上传") from None
    for line, values in enumerate(sheet, start=1):
        if not _keep(table.rows, line, [cell_text(v) for v in values[:MAX_COLUMNS]], max_rows, table):
            break
    return table
