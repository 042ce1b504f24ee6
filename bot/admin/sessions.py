"""Server-side admin sessions: start at login, resume on each request, revoke at logout.

The signed Flask cookie carries only a random token; the database row (keyed by the token's
SHA-256) decides whether it is still good: not revoked, used within the idle timeout, younger
than the absolute timeout, account still active. So logout, a password change or deactivating
an account ends the session on every worker at once, and a copied cookie opens nothing.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from bot.models import AdminAccount, AdminSession

# last_seen_at is written at most this often (not on every request).
TOUCH_EVERY = timedelta(seconds=60)
# Dead rows are kept this long for the record, then swept at the next login.
KEEP_ENDED = timedelta(days=30)


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def from_config(cls, config) -> "Timeouts":
        return cls(timedelta(minutes=config["ADMIN_IDLE_MINUTES"]),
                   timedelta(hours=config["ADMIN_ABSOLUTE_HOURS"]))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, account: AdminAccount, now: datetime, timeouts: Timeouts,
          ip: str = "", user_agent: str = "") -> str:
    """A new session for `account`; returns the token for the cookie (never stored)."""
    session.execute(delete(AdminSession).where(AdminSession.expires_at < now - KEEP_ENDED))
    token = secrets.token_urlsafe(32)
    session.add(AdminSession(token_hash=token_hash(token), account_id=account.id, created_at=now,
                             last_seen_at=now, expires_at=now + timeouts.absolute,
                             ip=ip[:45], user_agent=user_agent[:200]))
    session.flush()
    return token


def resume(session: Session, token: str, now: datetime, timeouts: Timeouts) -> AdminSession | None:
    """The live session for `token`, or None (ended sessions are revoked on the way)."""
    if not token or len(token) > 100:
        return None
    row = session.get(AdminSession, token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at <= now or row.last_seen_at <= now - timeouts.idle or not row.account.active:
        row.revoked_at = now
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
    return row


def revoke(session: Session, token: str, now: datetime) -> None:
    session.execute(update(AdminSession)
                    .where(AdminSession.token_hash == token_hash(token), AdminSession.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))


def revoke_all(session: Session, account_id: int, now: datetime, keep_token: str | None = None) -> int:
    """End every session of an account (but the one `keep_token` holds, if given)."""
    statement = update(AdminSession).where(AdminSession.account_id == account_id,
                                           AdminSession.revoked_at.is_(None))
    if keep_token:
        statement = statement.where(AdminSession.token_hash != token_hash(keep_token))
    result = session.execute(statement.values(revoked_at=now).execution_options(synchronize_session=False))
    return result.rowcount or 0
