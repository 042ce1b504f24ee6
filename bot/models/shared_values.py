"""Small shared key/value rows with expiry: access token, leases, replay guards (no Redis)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SharedValue(Base):
    __tablename__ = "shared_values"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[Optional[datetime]]
