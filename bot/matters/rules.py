"""Village major matters, the state changes: a matter recorded, its steps entered in order, corrected.

    matter = create_matter(session, village, "村内主街硬化", keywords="修路 水泥路", by="admin:daicun")
    enter_step(session, matter, 1, day, "支部提议把主街硬化", by=..., tz=tz)   # → Entered
    correct_step(session, matter, 1, day, "…", by=...)                       # → (before, after)

Steps go 1 → 6 without a gap (四议两公开: 党支部提议、两委商议、党员大会审议、村民代表会议决议、
决议公开、实施结果公开); a step's date is not before the previous step's and not after today.
Entering step 5 or 6 publishes it: one mass send to the village's followers who take 村务公开
(bot/matters/notices.py). A correction changes the record, is never pushed again, and the
caller writes it to the audit log with the before and after this returns. Functions never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import clock
from bot.localtime import DEFAULT_TZ
from bot.models import Village
from bot.models.matters import MATTER_STEPS, MAX_FILE_BYTES, Matter, MatterStep
from bot.outbox import mass

from .notices import publish_step

MAX_TITLE, MAX_KEYWORDS, MAX_TEXT = 80, 200, 500
FILE_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class MattersError(Exception):
    """A rule said no; the message is written for the cadre."""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass
class Entered:
    step: MatterStep
    pushed: int  # villagers the step was published to (0 for the four 议 steps)


def _check_attachment(file: Attachment | None) -> None:
    if file is None:
        return
    if file.content_type not in FILE_TYPES:
        raise MattersError("附件只能是 PDF、JPG 或 PNG")
    if not file.data or len(file.data) > MAX_FILE_BYTES:
        raise MattersError(f"附件不能为空，最大{MAX_FILE_BYTES // (1024 * 1024)}MB")


def _check_words(text: str) -> str:
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise MattersError(f"说明不能为空，最多{MAX_TEXT}个字")
    return text


def create_matter(session: Session, village: Village, title: str, keywords: str = "", by: str = "",
                  now: datetime | None = None) -> Matter:
    """Record a new major matter of the village (no step yet)."""
    title, keywords = title.strip(), " ".join(keywords.split())
    if not title or len(title) > MAX_TITLE:
        raise MattersError(f"事项名称不能为空，最多{MAX_TITLE}个字")
    if len(keywords) > MAX_KEYWORDS:
        raise MattersError(f"别称最多{MAX_KEYWORDS}个字")
    matter = Matter(area_id=village.area_id, village_id=village.id, title=title, keywords=keywords,
                    created_at=now or clock.now(), created_by=by)
    session.add(matter)
    session.flush()
    return matter


def _check_day(matter: Matter, number: int, day: date, tz: ZoneInfo) -> None:
    today = clock.now().astimezone(tz).date()
    if day > today:
        raise MattersError("日期不能晚于今天：步骤办完了再录入")
    before = next((s for s in matter.steps if s.number == number - 1), None)
    after = next((s for s in matter.steps if s.number == number + 1), None)
    if before is not None and day < before.day:
        raise MattersError(f"日期不能早于上一步“{before.name}”（{before.day.isoformat()}）")
    if after is not None and day > after.day:
        raise MattersError(f"日期不能晚于下一步“{after.name}”（{after.day.isoformat()}）")


def enter_step(session: Session, matter: Matter, number: int, day: date, text: str,
               file: Attachment | None = None, by: str = "", tz: ZoneInfo = DEFAULT_TZ,
               per_month: int = mass.DEFAULT_PER_MONTH) -> Entered:
    """Enter the next step of the matter; steps 5 and 6 are published to the village at once."""
    expected = matter.reached + 1
    if expected > len(MATTER_STEPS):
        raise MattersError("六个步骤都已录入，这件事已经办完")
    if number != expected:
        raise MattersError(f"要按顺序录入：下一步是第{expected}步“{MATTER_STEPS[expected - 1]}”，不能跳过")
    text = _check_words(text)
    _check_attachment(file)
    _check_day(matter, number, day, tz)
    step = MatterStep(matter_id=matter.id, number=number, day=day, text=text, entered_at=clock.now(),
                      entered_by=by, file_name=file.name[:120] if file else "",
                      file_type=file.content_type if file else "", file_data=file.data if file else None)
    session.add(step)
    session.flush()
    session.refresh(matter, ["steps"])
    pushed = 0
    if step.publishes:
        try:
            pushed = publish_step(session, matter, step, tz, per_month)
        except mass.BudgetExceeded as exc:
            raise MattersError(f"{exc}，这一步暂时不能公开（下月再录入，或先少发别的群发）") from exc
    return Entered(step, pushed)


def _snapshot(step: MatterStep) -> dict:
    return {"step": step.name, "day": step.day.isoformat(), "text": step.text, "file": step.file_name}


def correct_step(session: Session, matter: Matter, number: int, day: date, text: str,
                 file: Attachment | None = None, remove_file: bool = False,
                 tz: ZoneInfo = DEFAULT_TZ) -> tuple[dict, dict]:
    """Change an entered step (date, text, file); returns (before, after) for the audit log."""
    step = next((s for s in matter.steps if s.number == number), None)
    if step is None:
        raise MattersError("这一步还没有录入，不能更正")
    text = _check_words(text)
    _check_attachment(file)
    _check_day(matter, number, day, tz)
    before = _snapshot(step)
    step.day, step.text = day, text
    if file is not None:
        step.file_name, step.file_type, step.file_data = file.name[:120], file.content_type, file.data
    elif remove_file:
        step.file_name, step.file_type, step.file_data = "", "", None
    after = _snapshot(step)
    if after == before:
        raise MattersError("没有改动")
    step.corrections += 1
    session.flush()
    return before, after
