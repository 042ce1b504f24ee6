"""Loads mediation rooms and their opening hours from `knowledge/mediation.yaml` (idempotent).

Rooms are matched by code and take the file's values; a room's opening hours become exactly
the file's (slots already made are left alone: places in them may be taken). Rooms whose area
code is not in the database are skipped and reported. Nothing is deleted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import knowledge_path
from bot.yaml_files import DataFileError, report_lines
from bot.models import Area, MediationRoom, OpeningHours

DEFAULT_PATH = knowledge_path("mediation.yaml")


MediationDataError = DataFileError  # the mediation file is not valid; nothing was loaded


@dataclass
class MediationLoadReport:
    rooms_created: int = 0
    rooms_updated: int = 0
    hours_changed: int = 0
    unknown_areas: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return report_lines(f"mediation rooms: {self.rooms_created} new, {self.rooms_updated} updated, "
                            f"opening hours changed in {self.hours_changed}",
                            {"mediation rooms skipped, unknown area codes": self.unknown_areas})


def _clock(value, where: str) -> time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise MediationDataError(f"{where}: time must look like \"08:30\", got {value!r}")
    hour, minute = map(int, value.split(":"))
    if hour > 23 or minute > 59:
        raise MediationDataError(f"{where}: no such time {value!r}")
    return time(hour, minute)


def _hours(entries, where: str) -> set[tuple[int, time, time, int, int]]:
    """Expand `{weekdays: [...], start, end, slot_minutes, capacity}` entries into rows."""
    rows = set()
    if not isinstance(entries, list) or not entries:
        raise MediationDataError(f"{where}: hours must be a non-empty list")
    for i, entry in enumerate(entries):
        at = f"{where} hours[{i}]"
        start, end = _clock(entry.get("start"), at), _clock(entry.get("end"), at)
        minutes, capacity = entry.get("slot_minutes", 60), entry.get("capacity", 1)
        weekdays = entry.get("weekdays")
        if start >= end:
            raise MediationDataError(f"{at}: start must be before end")
        if not (isinstance(minutes, int) and minutes > 0 and isinstance(capacity, int) and capacity > 0):
            raise MediationDataError(f"{at}: slot_minutes and capacity must be positive whole numbers")
        if not weekdays or not all(isinstance(d, int) and 1 <= d <= 7 for d in weekdays):
            raise MediationDataError(f"{at}: weekdays must be numbers 1–7 (1 = Monday)")
        rows.update((d, start, end, minutes, capacity) for d in weekdays)
    return rows


def read_mediation_file(path: Path | str | None = None) -> dict:
    """Read and check the file; returns {"rooms": [{code, area, name, address, phone, hours}]}."""
    path = Path(path or DEFAULT_PATH)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise MediationDataError(f"{path}: {exc}") from exc
    defaults = data.get("default_hours")
    rooms, seen = [], set()
    for i, room in enumerate(data.get("rooms") or []):
        where = f"{path.name} rooms[{i}]"
        for key in ("code", "area", "name"):
            if not isinstance(room.get(key), str) or not room[key].strip():
                raise MediationDataError(f"{where}: `{key}` is required")
        if room["code"] in seen:
            raise MediationDataError(f"{where}: code {room['code']} appears twice")
        seen.add(room["code"])
        rooms.append({"code": room["code"], "area": room["area"], "name": room["name"],
                      "address": str(room.get("address") or ""), "phone": str(room.get("phone") or ""),
                      "hours": _hours(room.get("hours") or defaults, where)})
    return {"rooms": rooms}


def _sync_hours(session: Session, room: MediationRoom, wanted: set) -> bool:
    have = {(h.weekday, h.start_time, h.end_time, h.slot_minutes, h.capacity): h for h in room.hours}
    if set(have) == wanted:
        return False
    for key, row in have.items():
        if key not in wanted:
            room.hours.remove(row)
    for weekday, start, end, minutes, capacity in sorted(wanted - set(have)):
        room.hours.append(OpeningHours(weekday=weekday, start_time=start, end_time=end,
                                       slot_minutes=minutes, capacity=capacity))
    return True


def load_mediation(session: Session, path: Path | str | None = None) -> MediationLoadReport:
    """Upsert the rooms and opening hours of the file inside the caller's transaction."""
    data = read_mediation_file(path)
    report = MediationLoadReport()
    areas = {a.code: a.id for a in session.scalars(select(Area))}
    for entry in data["rooms"]:
        if entry["area"] not in areas:
            report.unknown_areas.append(entry["area"])
            continue
        values = {"area_id": areas[entry["area"]], "name": entry["name"], "address": entry["address"],
                  "phone": entry["phone"]}
        room = session.scalars(select(MediationRoom).where(MediationRoom.code == entry["code"])).one_or_none()
        if room is None:
            room = MediationRoom(code=entry["code"], **values)
            session.add(room)
            report.rooms_created += 1
        elif any(getattr(room, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(room, key, value)
            report.rooms_updated += 1
        if _sync_hours(session, room, entry["hours"]):
            report.hours_changed += 1
    session.flush()
    return report
