"""Messages for a person (人工): one conversation per villager, its messages, the staff told of it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import User

# Who is told, in this order when the level before has nobody (bot/relay/lookups.py).
RELAY_LEVELS = ("area", "township", "county")


class Conversation(Base):
    """A villager's thread with the staff; its id is the N of "回复 N".

    `waiting_since` is set while a villager's message has no staff answer (the inbox puts these
    first); `escalate_at` is when the scheduler passes it up a level if still unanswered.
    """

    __tablename__ = "relay_conversations"
    id: Mapped[int] = mapped_column(primary_key=True)
    villager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    area_id: Mapped[Optional[int]] = mapped_column(ForeignKey("areas.id"), index=True)
    level: Mapped[str] = mapped_column(String(10), default="area")
    waiting_since: Mapped[Optional[datetime]] = mapped_column(index=True)
    escalate_at: Mapped[Optional[datetime]] = mapped_column(index=True)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    villager: Mapped[User] = relationship()
    messages: Mapped[list["RelayMessage"]] = relationship(back_populates="conversation",
                                                          order_by="RelayMessage.id")


class RelayMessage(Base):
    """One message of a conversation: from the villager, or a staff answer (chat or admin page)."""

    __tablename__ = "relay_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("relay_conversations.id", ondelete="CASCADE"),
                                                 index=True)
    direction: Mapped[str] = mapped_column(String(10))  # villager | staff
    text: Mapped[str] = mapped_column(Text)
    staff_user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    admin_username: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    staff_user: Mapped[Optional[User]] = relationship()


class RelayRecipient(Base):
    """A staff member who was pushed a conversation: may answer it with a plain reply."""

    __tablename__ = "relay_recipients"
    __table_args__ = (UniqueConstraint("conversation_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("relay_conversations.id", ondelete="CASCADE"),
                                                 index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10))
    notified_at: Mapped[datetime] = mapped_column(default=utcnow)
