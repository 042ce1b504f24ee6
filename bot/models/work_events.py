"""The columns every work item's history row has (ErrandEvent, NeedEvent; bot/workitems.py writes them)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .base import utcnow
from .people import User


class WorkEvent:
    """A mixin: one step in an item's history — what (`kind`), who, a note, when.

    The model adds its table name, the item's foreign key (indexed) and the relationship back."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)  # first, as the migrations made it
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def user(cls) -> Mapped[Optional[User]]:
        return relationship(User)
