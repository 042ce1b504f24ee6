"""The columns every work item (Errand, Need) and its history rows (ErrandEvent, NeedEvent) have.

bot/workitems.py changes them: one lifecycle, one shape of table."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship, synonym

from .base import utcnow
from .people import User


class WorkItem:
    """A mixin: what every work item has — its number, whose it is, where, its state and times.

    `number` (the id) is what people type: "接单 12", "报到 12". The model adds its table, its
    states (a CHECK), who holds it and its `events`."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)  # first, as the migrations made it
    villager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True, sort_order=-1)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    village_id: Mapped[Optional[int]] = mapped_column(ForeignKey("villages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def number(cls) -> Mapped[int]:
        return synonym("id")

    @declared_attr
    def villager(cls: Any) -> Mapped[User]:  # cls: the model class (Errand, Need)
        return relationship(User, foreign_keys=f"{cls.__name__}.villager_id")


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
