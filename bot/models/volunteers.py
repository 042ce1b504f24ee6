"""Volunteer service (志愿服务): profiles, area teams, tasks and sign-ups.

The rules over these rows live in `bot/volunteers.py`. Places are counted on the task
(`taken`, guarded by `CHECK (taken <= needed)`); a volunteer has at most one sign-up per task
(`UNIQUE (task_id, volunteer_id)`), whose state moves between confirmed, waiting and cancelled,
and after the task to attended or absent.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Area, User

TASK_STATES = ("open", "cancelled", "done")
SIGNUP_STATES = ("confirmed", "waiting", "cancelled", "attended", "absent")


class VolunteerTeam(Base):
    """The volunteer team (志愿服务队) of one area."""

    __tablename__ = "volunteer_teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    area: Mapped[Area] = relationship()


class VolunteerProfile(Base):
    """A registered volunteer. Seen only by the volunteer and the area's organisers (条例第二十条)."""

    __tablename__ = "volunteer_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("volunteer_teams.id"))
    skills: Mapped[list] = mapped_column(default=list)  # labels from bot.volunteers.SKILLS
    free_times: Mapped[list] = mapped_column(default=list)  # labels from bot.volunteers.FREE_TIMES
    active: Mapped[bool] = mapped_column(default=True)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped[User] = relationship()
    area: Mapped[Area] = relationship()
    team: Mapped[Optional[VolunteerTeam]] = relationship()


class Task(Base):
    """A volunteer activity needing `needed` people; `number` is what villagers type ("报名 12")."""

    __tablename__ = "volunteer_tasks"
    __table_args__ = (
        CheckConstraint("taken <= needed", name="taken_within_needed"),
        CheckConstraint("taken >= 0", name="taken_not_negative"),
        CheckConstraint("needed > 0", name="needed_positive"),
        Index("ix_volunteer_tasks_area_start", "area_id", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(80))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    needed: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)
    # Last waiting-list position handed out; only grows, so positions are never reused.
    waiting_seq: Mapped[int] = mapped_column(default=0)
    skills: Mapped[list] = mapped_column(default=list)  # empty: anyone may help
    canteen_code: Mapped[Optional[str]] = mapped_column(String(40))  # a 暖心食堂, by code
    theme_ref: Mapped[Optional[str]] = mapped_column(String(80))  # a monthly theme, by reference
    # Risky activities need accident insurance arranged first (志愿服务条例第十七条).
    risky: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    area: Mapped[Area] = relationship()

    @property
    def free_places(self) -> int:
        return max(0, self.needed - self.taken)

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 1)


class SignUp(Base):
    """One volunteer on one task."""

    __tablename__ = "volunteer_signups"
    __table_args__ = (
        UniqueConstraint("task_id", "volunteer_id", name="uq_volunteer_signups_task_volunteer"),
        CheckConstraint("hours_credited >= 0", name="hours_not_negative"),
        Index("ix_volunteer_signups_task_state", "task_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("volunteer_tasks.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteer_profiles.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12))
    # Order on the waiting list (smaller is earlier); kept after promotion for the record.
    position: Mapped[Optional[int]]
    hours_credited: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    task: Mapped[Task] = relationship()
    volunteer: Mapped[VolunteerProfile] = relationship()
