"""Examples cadres added to the routing lexicon from the admin board "没听懂的话".

Each row: phrasings the bot did not understand, assigned to one guide or intent. They are put
into the lexicon files' examples when the router is built (bot/lexicon_store.py); the rows'
count and latest id are the version every worker compares to rebuild its router.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class LexiconAddition(Base):
    __tablename__ = "lexicon_additions"
    __table_args__ = (CheckConstraint("kind IN ('guide', 'intent')", name="kind_known"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # guide | intent
    target: Mapped[str] = mapped_column(String(40))  # a guide id or an intent id
    phrasings: Mapped[list] = mapped_column()  # the texts, as villagers wrote them
    created_by: Mapped[str] = mapped_column(String(80))  # the admin account
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
