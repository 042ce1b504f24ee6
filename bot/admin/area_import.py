"""Importing areas and villages (as a county exports them from Excel): the row rules.

    片区: 代码,名称,乡镇,电话           bz-daicun,代村片区,卞庄街道,0539-0001001
    村:   村名,片区代码,别名,纬度,经度   代村,bz-daicun,代庄 代村社区,34.85,118.06

Rows are matched like knowledge/loader.py does (areas by code, villages by name) and update
the existing row; a bad row is rejected with its reason and the others still go in. Reading
the file and running the rows in steps is import_files.py and import_jobs.py.
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Area, Village
from knowledge.checks import CODE_RE

from .import_rows import Kind, RowContext

_ALIAS_SPLIT = re.compile(r"[\s,，、;；]+")


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


def apply(row, values: dict) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _area_row(ctx: RowContext, cells: dict[str, str]) -> tuple[str, str]:
    code, name, township, phone = (cells.get(k, "") for k in ("code", "name", "township", "phone"))
    if not CODE_RE.match(code):
        raise ValueError(f"片区代码“{code}”只能用小写字母、数字和横线（2到40位）")
    if not name or len(name) > 80 or not township or len(township) > 80 or len(phone) > 40:
        raise ValueError("名称和乡镇必须填，且不能太长")
    area = ctx.session.scalar(select(Area).where(Area.code == code))
    if area is None:
        ctx.session.add(Area(code=code, name=name, township=township, phone=phone))
        outcome = "created"
    else:
        outcome = "updated" if apply(area, {"name": name, "township": township, "phone": phone}) else "unchanged"
    ctx.session.flush()
    return outcome, code


def village_labels(session: Session) -> dict[str, str]:
    """Every village name and alias → the name of the village it names."""
    labels = {}
    for name, aliases in session.execute(select(Village.name, Village.aliases)):
        for label in [name] + aliases.split():
            labels[label] = name
    return labels


def _labels(ctx: RowContext) -> dict[str, str]:
    """The database's labels (read once per step) and those this file brought in so far
    (kept in the import's state: a check-only run saves no village, yet must see them)."""
    if "labels" not in ctx.cache:
        ctx.cache["labels"] = village_labels(ctx.session)
    ctx.state.setdefault("labels", {})
    return ctx.cache["labels"]


def _village_row(ctx: RowContext, cells: dict[str, str]) -> tuple[str, str]:
    name, area_code = cells.get("name", ""), cells.get("area", "")
    if not name or len(name) > 80:
        raise ValueError("村名必须填，且不超过80字")
    area = ctx.session.scalar(select(Area).where(Area.code == area_code)) or \
        ctx.session.scalar(select(Area).where(Area.name == area_code))  # the area's name does as well
    if area is None:
        raise ValueError(f"没有代码为“{area_code}”的片区（也没有叫这个名称的片区；先导入片区）")
    aliases = list(dict.fromkeys(a for a in _ALIAS_SPLIT.split(cells.get("aliases", "")) if a and a != name))
    if len(" ".join(aliases)) > 200:
        raise ValueError("别名太长（合计不超过200字）")
    labels, from_file = _labels(ctx), ctx.state["labels"]
    for label in [name] + aliases:
        owner = from_file.get(label, labels.get(label, name))
        if owner != name:
            raise ValueError(f"“{label}”已经是“{owner}”的名字或别名")
    lat = _number(cells.get("lat", ""), -90, 90, "纬度")
    lon = _number(cells.get("lon", ""), -180, 180, "经度")
    values = {"area_id": area.id, "aliases": " ".join(aliases), "latitude": lat, "longitude": lon}
    village = ctx.session.scalar(select(Village).where(Village.name == name))
    if village is None:
        ctx.session.add(Village(name=name, **values))
        outcome = "created"
    else:
        outcome = "updated" if apply(village, values) else "unchanged"
    ctx.session.flush()
    for label in [name] + aliases:
        from_file[label] = name
    return outcome, name


AREAS = Kind(
    key="areas", label="片区", target_type="Area", handle=_area_row,
    headers={"code": ("code", "代码", "片区代码"), "name": ("name", "名称", "片区名称", "片区"),
             "township": ("township", "乡镇", "乡镇（街道）", "街道"), "phone": ("phone", "电话", "联系电话")},
    required=("code", "name", "township"),
    identity=lambda cells: cells.get("code", ""),
    example="代码,名称,乡镇,电话　例：bz-daicun,代村片区,卞庄街道,0539-0001001")

VILLAGES = Kind(
    key="villages", label="村", target_type="Village", handle=_village_row,
    headers={"name": ("name", "村名", "村", "名称"), "area": ("area", "片区代码", "area_code", "片区", "片区名称"),
             "aliases": ("aliases", "别名"), "lat": ("lat", "纬度"), "lon": ("lon", "经度")},
    required=("name", "area"),
    identity=lambda cells: cells.get("name", ""),
    example="村名,片区,别名,纬度,经度　例：代村,代村片区,代庄 代村社区,34.85,118.06")
