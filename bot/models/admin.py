"""The cadres' admin page: accounts with a scope, server-side sessions, login throttle, audit log.

- AdminAccount: a cadre's login. Its scope decides what it sees and changes: the whole county,
  one township (by name, the `Area.township` of its areas) or one area.
- AdminSession: one row per login. The cookie carries a random token; the row is keyed by its
  SHA-256, so a copy of this table opens no session. Logout sets `revoked_at`: a copied cookie
  stops working at once, on every worker.
- AdminLoginThrottle: failed-login counters shared by every worker through the database
  (an in-process counter would multiply the limit by the number of workers).
- AuditEntry: every change made through the admin page: who, what, when, before and after.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Area

SCOPE_LEVELS = ("county", "township", "area")
SCOPE_LABELS = {"county": "全县", "township": "乡镇（街道）", "area": "片区"}


class AdminAccount(Base):
    __tablename__ = "admin_accounts"
    __table_args__ = (
        CheckConstraint("scope_level IN ('county', 'township', 'area')", name="scope_level_known"),
        CheckConstraint("scope_level <> 'township' OR township <> ''", name="township_named"),
        CheckConstraint("scope_level <> 'area' OR area_id IS NOT NULL", name="area_given"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(60), default="")
    password_hash: Mapped[str] = mapped_column(String(255))  # werkzeug scrypt
    scope_level: Mapped[str] = mapped_column(String(10))
    township: Mapped[str] = mapped_column(String(80), default="")
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id"))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[Optional[datetime]]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    area: Mapped[Optional[Area]] = relationship()

    @property
    def scope_words(self) -> str:
        if self.scope_level == "county":
            return "全县"
        if self.scope_level == "township":
            return self.township
        return self.area.name if self.area else f"片区 {self.area_id}"


class AdminSession(Base):
    __tablename__ = "admin_sessions"
    __table_args__ = (Index("ix_admin_sessions_account_revoked", "account_id", "revoked_at"),)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("admin_accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The absolute end, however active the session is.
    expires_at: Mapped[datetime]
    revoked_at: Mapped[Optional[datetime]]
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    account: Mapped[AdminAccount] = relationship()


class AdminLoginThrottle(Base):
    """Failed (and in-flight) login attempts per key ("user:<name>", "ip:<address>") in a window."""

    __tablename__ = "admin_login_throttle"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    attempts: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    __tablename__ = "admin_audit"
    __table_args__ = (Index("ix_admin_audit_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    account_id: Mapped[Optional[int]] = mapped_column(ForeignKey("admin_accounts.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(40))  # kept when the account goes
    action: Mapped[str] = mapped_column(String(60))  # e.g. "mediation.confirm", "task.create"
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[str] = mapped_column(String(60), default="")
    # The area the change belongs to (None: county-wide, e.g. a guide), for scoped reading.
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[Optional[dict]]
    after: Mapped[Optional[dict]]
    ip: Mapped[str] = mapped_column(String(45), default="")
