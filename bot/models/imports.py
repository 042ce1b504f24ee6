"""Admin data imports (片区, 村, 人员) that run in steps, so a 20,000-row file never holds a request.

- AdminImport: one uploaded file. Its rows (as read, with the header and the columns found)
  wait in `rows` until done; `position` is how many have been handled. Every step takes the
  row (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite runs write transactions one at a time),
  handles the next rows, and commits them with the new position: any worker may take the
  next step, and a step that fails leaves nothing half done. `rows` is emptied at the end
  (the people's phone numbers are not kept longer than needed).
- AdminImportRejection: a row that was not imported: its line, the reason, and its cells
  (so the cadre can download, fix and upload the rejected rows again).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

IMPORT_STATES = ("running", "done", "stopped")


class AdminImport(Base):
    __tablename__ = "admin_imports"
    __table_args__ = (CheckConstraint("status IN ('running', 'done', 'stopped')", name="status_known"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # areas | villages | people
    filename: Mapped[str] = mapped_column(String(200), default="")
    dry_run: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="running")
    account_id: Mapped[Optional[int]] = mapped_column(ForeignKey("admin_accounts.id", ondelete="SET NULL"))
    username: Mapped[str] = mapped_column(String(40), default="")  # kept when the account goes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[Optional[datetime]]
    total: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    options: Mapped[dict] = mapped_column(default=dict)  # e.g. {"days": 30} for people
    header: Mapped[list] = mapped_column(default=list)  # the header row as read
    columns: Mapped[dict] = mapped_column(default=dict)  # field → column index
    rows: Mapped[Optional[list]] = mapped_column(deferred=True)  # [[line, [cells]], ...] until done
    # Carried from step to step: keys seen in the file, names it introduced, samples for the log.
    state: Mapped[dict] = mapped_column(default=dict)

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.position / self.total)


class AdminImportRejection(Base):
    __tablename__ = "admin_import_rejections"
    __table_args__ = (Index("ix_admin_import_rejections_import_line", "import_id", "line"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("admin_imports.id", ondelete="CASCADE"))
    line: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    cells: Mapped[list] = mapped_column(default=list)
