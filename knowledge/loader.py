"""Loads the knowledge files into the database: an idempotent upsert used by `flask setup`.

Areas, villages, groups and canteens are matched by code (villages by name) and take the
files' values. Guides are matched by id; a guide a cadre edited in the database since it was
last loaded (its data no longer matches `source_hash`) is kept unless `force=True`; so is a
theme changed on the admin page (bot.themes.load_themes).
Nothing is deleted: rows missing from the files are reported, since users may point at them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Area, Canteen, Guide, RepGroup, Village

from .schema import KnowledgeBase, load_valid


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept_edits: list[str] = field(default_factory=list)  # guide ids edited by a cadre
    not_in_files: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    def lines(self, counts: dict[str, int]) -> list[str]:
        out = []
        for kind, total in counts.items():
            extra = self.not_in_files.get(kind)
            out.append(f"  {kind}: {total} in files, {self.created.get(kind, 0)} new, "
                       f"{self.updated.get(kind, 0)} updated"
                       + (f", {extra} in database only" if extra else ""))
        if self.kept_edits:
            out.append("  guides edited in the admin page were kept: " + ", ".join(self.kept_edits)
                       + " (use `flask kb load --force` to overwrite them)")
        return out


def data_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _assign(row, values: dict) -> bool:
    """Set attributes that differ; report whether anything changed."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _upsert(session: Session, model, key: str, value, values: dict, kind: str,
            report: LoadReport):
    row = session.scalars(select(model).where(getattr(model, key) == value)).one_or_none()
    if row is None:
        row = model(**{key: value}, **values)
        session.add(row)
        report.count(kind, created=True)
    elif _assign(row, values):
        report.count(kind, created=False)
    return row


def _load_guide(session: Session, kb: KnowledgeBase, gid: str, force: bool,
                report: LoadReport) -> None:
    data = kb.guides[gid]
    new_hash = data_hash(data)
    row = session.get(Guide, gid)
    values = {"title": data["title"], "data": data, "source_file": kb.guide_files[gid],
              "source_hash": new_hash, "checked": date.fromisoformat(data["checked"])}
    if row is None:
        session.add(Guide(id=gid, **values))
        report.count("guides", created=True)
        return
    edited = data_hash(row.data or {}) != row.source_hash
    if edited and not force:
        if row.source_hash != new_hash:
            report.kept_edits.append(gid)
        return
    if _assign(row, values):
        report.count("guides", created=False)


def load_knowledge(session: Session, kb: KnowledgeBase, force: bool = False,
                   progress: Callable[[int], None] = lambda n: None) -> LoadReport:
    """Upsert everything in `kb` inside the caller's transaction."""
    report = LoadReport()
    areas: dict[str, Area] = {}
    for a in kb.areas:
        areas[a.code] = _upsert(session, Area, "code", a.code,
                                {"name": a.name, "township": a.township, "phone": a.phone},
                                "areas", report)
        progress(1)
    session.flush()
    villages: dict[str, Village] = {}
    for v in kb.villages:
        villages[v.name] = _upsert(session, Village, "name", v.name,
                                   {"area_id": areas[v.area].id, "aliases": " ".join(v.aliases),
                                    "latitude": v.lat, "longitude": v.lon}, "villages", report)
        progress(1)
    session.flush()
    for gid in kb.guides:
        _load_guide(session, kb, gid, force, report)
        progress(1)
    for g in kb.groups:
        _upsert(session, RepGroup, "code", g.code,
                {"name": g.name, "field": g.field, "level": g.level, "township": g.township,
                 "area_codes": g.areas, "keywords": g.keywords, "description": g.description},
                "groups", report)
        progress(1)
    for c in kb.canteens:
        village = villages[c.village]
        _upsert(session, Canteen, "code", c.code,
                {"name": c.name, "village_id": village.id, "address": c.address,
                 "hours": c.hours, "eligibility": c.eligibility, "price": c.price,
                 "phone": c.phone,
                 "latitude": c.lat if c.lat is not None else village.latitude,
                 "longitude": c.lon if c.lon is not None else village.longitude},
                "canteens", report)
        progress(1)
    session.flush()
    _count_database_only(session, kb, report)
    return report


def _count_database_only(session: Session, kb: KnowledgeBase, report: LoadReport) -> None:
    known = {
        "areas": (Area.code, {a.code for a in kb.areas}),
        "villages": (Village.name, {v.name for v in kb.villages}),
        "guides": (Guide.id, set(kb.guides)),
        "groups": (RepGroup.code, {g.code for g in kb.groups}),
        "canteens": (Canteen.code, {c.code for c in kb.canteens}),
    }
    for kind, (column, names) in known.items():
        extra = [n for n in session.scalars(select(column)) if n not in names]
        if extra:
            report.not_in_files[kind] = len(extra)


def load_all(echo=print, directory: Path | str | None = None, force: bool = False) -> LoadReport:
    """Validate the knowledge files and upsert them into the app's database (in one transaction).

    Raises `knowledge.schema.KnowledgeError` (nothing is written) when the files have errors.
    """
    from zoneinfo import ZoneInfo

    from flask import current_app

    from bot.affairs import load_affairs
    from bot.db import get_db
    from bot.mediation import load_mediation
    from bot.themes import load_themes

    kb = load_valid(directory)
    counts = kb.counts()
    with get_db().session() as session:
        with click.progressbar(length=sum(counts.values()), label="loading knowledge") as bar:
            report = load_knowledge(session, kb, force=force, progress=bar.update)
        mediation_report = load_mediation(session, Path(kb.directory) / "mediation.yaml")
        themes_file = Path(kb.directory) / "themes.yaml"
        theme_lines = load_themes(session, themes_file, force).lines() if themes_file.exists() else []
        affairs_report = load_affairs(session, Path(kb.directory) / "affairs.yaml",
                                      ZoneInfo(current_app.config["TZ_NAME"]))
    echo(f"knowledge loaded from {kb.directory}:")
    for line in report.lines(counts) + mediation_report.lines() + theme_lines + affairs_report.lines():
        echo(line)
    return report
