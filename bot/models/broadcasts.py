"""Mass sends' bookkeeping: each follower's mass messages this month, and WeChat user tags.

- `MassBudget`: (openid, month) → mass messages queued for that follower that calendar month
  (Beijing time); WeChat delivers at most four a month to each (MASS_SENDS_PER_MONTH).
- `WechatTag`: the tag WeChat gave an area (tags are 100 an account: areas get tags,
  villages get openid lists).
- `WechatTagMember`: the area tag WeChat holds for a follower, as we last set it.
"""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class MassBudget(Base):
    __tablename__ = "mass_budget"
    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-12"
    used: Mapped[int] = mapped_column(default=0)


class WechatTag(Base):
    __tablename__ = "wechat_tags"
    area_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    tag_id: Mapped[int]
    name: Mapped[str] = mapped_column(String(40))


class WechatTagMember(Base):
    __tablename__ = "wechat_tag_members"
    openid: Mapped[str] = mapped_column(String(64), primary_key=True)
    tag_id: Mapped[int]
