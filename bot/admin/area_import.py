"""Import areas and villages from CSV (as a county exports them from Excel), with a report.

    report = import_csv(session, "areas", data)      # code,name,township,phone
    report = import_csv(session, "villages", data)   # name,area,aliases,lat,lon
    report.rejected → [(line, reason), ...]

Rows are matched like knowledge/loader.py does (areas by code, villages by name) and update
the existing row; a bad row is rejected with its reason and the others still go in. Headers
may be English or Chinese (代码/名称/乡镇/电话, 村名/片区/别名/纬度/经度). UTF-8 (with or
without BOM) and GBK (Excel's default in China) are both read. Nothing here commits.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import Area, Village
from knowledge.checks import CODE_RE

HEADERS = {
    "areas": {"code": ("code", "代码", "片区代码"), "name": ("name", "名称", "片区名称", "片区"),
              "township": ("township", "乡镇", "乡镇（街道）", "街道"), "phone": ("phone", "电话", "联系电话")},
    "villages": {"name": ("name", "村名", "村", "名称"), "area": ("area", "area_code", "片区代码", "片区"),
                 "aliases": ("aliases", "别名"), "lat": ("lat", "纬度"), "lon": ("lon", "经度")},
}
REQUIRED = {"areas": ("code", "name", "township"), "villages": ("name", "area")}
MAX_ROWS = 2000


@dataclass
class ImportReport:
    kind: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, header); the message is for the cadre."""


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("读不出这个文件：请存成 CSV（UTF-8 或 GBK 编码）")


def _columns(kind: str, header: list[str]) -> dict[str, int]:
    found = {}
    cleaned = [h.strip() for h in header]
    for key, names in HEADERS[kind].items():
        for i, title in enumerate(cleaned):
            if title in names or title.lower() in names:
                found[key] = i
                break
    missing = [k for k in REQUIRED[kind] if k not in found]
    if missing:
        wanted = "、".join(HEADERS[kind][k][1] for k in missing)
        raise ImportFileError(f"第一行要有表头，缺少：{wanted}")
    return found


def _number(raw: str, low: float, high: float, label: str) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{label}不是数字：{raw}") from None
    if not low <= value <= high:
        raise ValueError(f"{label}超出范围：{raw}")
    return value


def _apply(row, values: dict) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _area_row(session: Session, cells: dict[str, str], seen: set[str]) -> tuple[str, str]:
    code, name, township, phone = (cells.get(k, "") for k in ("code", "name", "township", "phone"))
    if not CODE_RE.match(code):
        raise ValueError(f"片区代码“{code}”只能用小写字母、数字和横线（2到40位）")
    if code in seen:
        raise ValueError(f"片区代码“{code}”在文件里重复了")
    if not name or len(name) > 80 or not township or len(township) > 80 or len(phone) > 40:
        raise ValueError("名称和乡镇必须填，且不能太长")
    seen.add(code)
    area = session.scalar(select(Area).where(Area.code == code))
    if area is None:
        session.add(Area(code=code, name=name, township=township, phone=phone))
        outcome = "created"
    else:
        outcome = "updated" if _apply(area, {"name": name, "township": township, "phone": phone}) else "unchanged"
    session.flush()
    return outcome, code


def _labels_in_use(session: Session) -> dict[str, str]:
    """Every village name and alias → the village it names."""
    labels = {}
    for village in session.scalars(select(Village)):
        for label in [village.name] + village.aliases.split():
            labels[label] = village.name
    return labels


def _village_row(session: Session, cells: dict[str, str], seen: set[str]) -> tuple[str, str]:
    name, area_code = cells.get("name", ""), cells.get("area", "")
    if not name or len(name) > 80:
        raise ValueError("村名必须填，且不超过80字")
    if name in seen:
        raise ValueError(f"村名“{name}”在文件里重复了")
    area = session.scalar(select(Area).where(Area.code == area_code))
    if area is None:
        raise ValueError(f"没有代码为“{area_code}”的片区（先导入片区）")
    aliases = [a for a in re.split(r"[\s,，、;；]+", cells.get("aliases", "")) if a and a != name]
    if len(" ".join(aliases)) > 200:
        raise ValueError("别名太长（合计不超过200字）")
    labels = _labels_in_use(session)
    for label in [name] + aliases:
        if labels.get(label, name) != name:
            raise ValueError(f"“{label}”已经是“{labels[label]}”的名字或别名")
    lat = _number(cells.get("lat", ""), -90, 90, "纬度")
    lon = _number(cells.get("lon", ""), -180, 180, "经度")
    seen.add(name)
    values = {"area_id": area.id, "aliases": " ".join(aliases), "latitude": lat, "longitude": lon}
    village = session.scalar(select(Village).where(Village.name == name))
    if village is None:
        session.add(Village(name=name, **values))
        outcome = "created"
    else:
        outcome = "updated" if _apply(village, values) else "unchanged"
    session.flush()
    return outcome, name


def import_csv(session: Session, kind: str, data: bytes) -> ImportReport:
    """Upsert each good row of the CSV; collect the rejected ones with their reasons."""
    if kind not in HEADERS:
        raise ValueError(f"unknown import kind {kind}")
    reader = csv.reader(io.StringIO(decode(data)))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("文件是空的") from None
    columns = _columns(kind, header)
    report, seen = ImportReport(kind), set()
    handle = _area_row if kind == "areas" else _village_row
    for line, cells in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            report.rejected.append((line, f"一次最多导入{MAX_ROWS}行，后面的没有导入"))
            break
        if not any(c.strip() for c in cells):
            continue
        values = {key: (cells[i].strip() if i < len(cells) else "") for key, i in columns.items()}
        try:
            with session.begin_nested():
                outcome, label = handle(session, values, seen)
        except ValueError as error:
            report.rejected.append((line, str(error)))
            continue
        except IntegrityError:
            report.rejected.append((line, "和已有的数据冲突（重复的代码或村名）"))
            continue
        if outcome == "unchanged":
            report.unchanged += 1
        else:
            getattr(report, outcome).append(label)
    return report
