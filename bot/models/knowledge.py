"""Knowledge a cadre edits: service guides (明白纸), party-representative groups, elderly canteens.

Areas and villages live in people.py. Rows here are loaded from `knowledge/` by
`knowledge.loader` and may be edited later from the admin page; the bot reads guides through
`bot.guides`, which notices edits by `updated_at`.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Village


class Guide(Base):
    """One 明白纸: `data` holds the guide's fields as in its YAML file (see knowledge/schema.py)."""

    __tablename__ = "guides"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # CONTRACT guide id
    title: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict] = mapped_column(default=dict)
    source_file: Mapped[str] = mapped_column(String(200), default="")
    # Hash of `data` as last loaded from the file: a different hash of the current data means
    # a cadre edited the guide, and the loader keeps that edit (unless forced).
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    checked: Mapped[Optional[date]]
    # Bumped on every change; the bot's guide cache compares max(updated_at) to stay fresh.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RepGroup(Base):
    """A party-representative activity group (党代表活动组) at county or township level."""

    __tablename__ = "rep_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(20))  # 农业, 政法, 卫健 … or 综合 (township collectors)
    level: Mapped[str] = mapped_column(String(10))  # county | township
    township: Mapped[str] = mapped_column(String(80), default="")
    area_codes: Mapped[list] = mapped_column(default=list)  # the areas it serves
    keywords: Mapped[list] = mapped_column(default=list)  # words that classify a need into its field
    description: Mapped[str] = mapped_column(Text, default="")
    # 一组一特色: the group's speciality, loaded with its monthly themes (knowledge/themes.yaml).
    speciality: Mapped[str] = mapped_column(String(200), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def serves(self, area_code: str) -> bool:
        return area_code in (self.area_codes or [])


class Canteen(Base):
    """A 暖心食堂 (elderly canteen) in a village."""

    __tablename__ = "canteens"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[str] = mapped_column(String(120), default="")
    eligibility: Mapped[str] = mapped_column(String(200), default="")
    price: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    latitude: Mapped[Optional[float]]
    longitude: Mapped[Optional[float]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    village: Mapped[Village] = relationship()
