"""Loads sample village rules and notices from `knowledge/affairs.yaml` (idempotent, no pushes).

Rules are matched by village: a village without rules gets the file's; rules still marked sample
take the file's text (the version grows when it changes); rules a cadre has made real are kept.
Notices are recorded through `publish_notice(push=False)`, whose dedupe key makes a second load
find the first rows. Unknown villages and areas are skipped and reported. Nothing is deleted.
A missing file loads nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.affairs import texts
from bot.affairs.reasons import AffairsError
from bot.affairs.rules import publish_notice
from bot.config import knowledge_path
from bot.yaml_files import DataFileError, report_lines
from bot.models import Village, utcnow
from bot.models.affairs import VillageRules
from bot.localtime import DEFAULT_TZ

DEFAULT_PATH = knowledge_path("affairs.yaml")


AffairsDataError = DataFileError  # the affairs file is not valid; nothing was loaded


@dataclass
class AffairsLoadReport:
    rules_created: int = 0
    rules_updated: int = 0
    rules_kept: int = 0  # edited by a cadre (no longer sample): left alone
    notices_created: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        kept = f", {self.rules_kept} kept (edited by cadres)" if self.rules_kept else ""
        out = report_lines(f"village rules: {self.rules_created} new, {self.rules_updated} updated{kept}",
                           {"affairs entries skipped": self.skipped}, sep="; ")
        return out[:1] + [f"  affairs notices: {self.notices_created} new"] + out[1:]


def _local(value, where: str, tz: ZoneInfo) -> datetime:
    try:
        return datetime.strptime(str(value).strip(), "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    except ValueError as exc:
        raise AffairsDataError(f"{where}: time must look like \"2026-12-05 09:00\", got {value!r}") from exc


def read_affairs_file(path: Path | str | None = None) -> dict:
    """Read and check the file: {"sample": bool, "rules": [...], "notices": [...]}."""
    path = Path(path or DEFAULT_PATH)
    if not path.exists():
        return {"sample": True, "rules": [], "notices": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AffairsDataError(f"{path}: {exc}") from exc
    for i, entry in enumerate(data.get("rules") or []):
        for key in ("village", "text"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise AffairsDataError(f"{path.name} rules[{i}]: `{key}` is required")
    for i, entry in enumerate(data.get("notices") or []):
        for key in ("area", "kind", "title"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise AffairsDataError(f"{path.name} notices[{i}]: `{key}` is required")
    return {"sample": bool(data.get("sample", True)), "rules": data.get("rules") or [],
            "notices": data.get("notices") or []}


def _load_rules(session: Session, entries: list[dict], sample: bool, report: AffairsLoadReport) -> None:
    villages = {v.name: v for v in session.scalars(select(Village))}
    for entry in entries:
        village = villages.get(entry["village"])
        if village is None:
            report.skipped.append(f"rules of unknown village {entry['village']}")
            continue
        text = entry["text"].strip()
        row = session.scalar(select(VillageRules).where(VillageRules.village_id == village.id))
        if row is None:
            session.add(VillageRules(village_id=village.id, text=text, version=1, sample=sample))
            report.rules_created += 1
        elif not row.sample:
            report.rules_kept += 1
        elif row.text != text:
            row.text, row.version, row.updated_at = text, row.version + 1, utcnow()
            report.rules_updated += 1


def load_affairs(session: Session, path: Path | str | None = None,
                 tz: ZoneInfo = DEFAULT_TZ) -> AffairsLoadReport:
    """Upsert the file's rules and notices inside the caller's transaction."""
    data = read_affairs_file(path)
    report = AffairsLoadReport()
    _load_rules(session, data["rules"], data["sample"], report)
    for i, entry in enumerate(data["notices"]):
        where = f"notices[{i}]"
        event_at = _local(entry["at"], where, tz) if entry.get("at") else None
        published = _local(entry["published"], where, tz) if entry.get("published") else None
        try:
            result = publish_notice(
                session, area_code=entry["area"], village=entry.get("village"), kind=entry["kind"],
                title=entry["title"], body=str(entry.get("body") or ""), event_at=event_at,
                place=str(entry.get("place") or ""), published_by="knowledge/affairs.yaml",
                now=published, push=False, tz=tz)
        except AffairsError as refusal:
            report.skipped.append(f"{where}: {texts.refusal(refusal)}")
            continue
        report.notices_created += result.created
    session.flush()
    return report
