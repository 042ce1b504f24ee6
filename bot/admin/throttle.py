"""Login throttling shared by every worker: attempt counters in the database, not in memory.

An attempt is *reserved* before the password is checked, by one atomic UPDATE per key
("user:<name>", "ip:<address>"):

    UPDATE admin_login_throttle
    SET attempts = CASE WHEN window_started_at <= :window_start THEN 1 ELSE attempts + 1 END,
        window_started_at = CASE WHEN window_started_at <= :window_start THEN :now
                                 ELSE window_started_at END
    WHERE key = :key RETURNING attempts

so N guesses in flight on several workers at once still count as N: past the limit the
password is not even hashed. A successful login gives its reservation back (the name's
counter is cleared, the address's is decremented): only failures stay counted.

Nobody can lock a cadre out (issue 12, finding 5): the block is per (name, address)
("pair:<name>@<address>", ADMIN_LOGIN_MAX_FAILURES) and per address (ADMIN_LOGIN_IP_MAX_FAILURES).
The name alone is only *slowed down*: past ADMIN_LOGIN_MAX_FAILURES failures from anywhere, an
address that has failed for it gets one attempt per 2, 4, 8 … up to ADMIN_LOGIN_SLOW_MAX_SECONDS
("last:<name>" keeps the time of the last one); an address that has not failed is never slowed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, true, update
from sqlalchemy.orm import Session

from bot.models import AdminLoginThrottle
from bot.sqlutil import insert_or_ignore


SWEEP_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Limits:
    per_user: int
    per_ip: int
    window: timedelta
    slow_max: timedelta = timedelta(seconds=60)

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(config["ADMIN_LOGIN_MAX_FAILURES"], config["ADMIN_LOGIN_IP_MAX_FAILURES"],
                   timedelta(minutes=config["ADMIN_LOGIN_WINDOW_MINUTES"]),
                   timedelta(seconds=config.get("ADMIN_LOGIN_SLOW_MAX_SECONDS", 60)))


def keys_for(username: str, ip: str) -> tuple[str, str]:
    return f"user:{username[:100]}", f"ip:{ip[:100]}"


def _pair_key(username: str, ip: str) -> str:
    return f"pair:{username[:60]}@{ip[:60]}"


def _last_key(username: str) -> str:
    return f"last:{username[:100]}"


def _turn_came(session: Session, username: str, failures_past: int, limits: Limits, now: datetime,
               take_anyway: bool = False) -> bool:
    """The name is slowed down: has its interval passed since its last attempt? (Takes the turn;
    `take_anyway`: this attempt goes ahead regardless, and still counts as the name's last.)"""
    key = _last_key(username)
    insert_or_ignore(session, AdminLoginThrottle, {"key": key, "attempts": 0, "window_started_at": now - limits.slow_max},
                     ["key"])
    wait = min(limits.slow_max, timedelta(seconds=2 ** min(failures_past, 20)))
    due = AdminLoginThrottle.window_started_at <= now - wait
    taken = session.execute(update(AdminLoginThrottle)
                            .where(AdminLoginThrottle.key == key, true() if take_anyway else due)
                            .values(window_started_at=now).execution_options(synchronize_session=False))
    return taken.rowcount == 1 and not take_anyway


def _bump(session: Session, key: str, now: datetime, window: timedelta) -> int:
    insert_or_ignore(session, AdminLoginThrottle, {"key": key, "attempts": 0, "window_started_at": now},
                     ["key"])
    stale = AdminLoginThrottle.window_started_at <= now - window
    statement = (update(AdminLoginThrottle).where(AdminLoginThrottle.key == key)
                 .values(attempts=case((stale, 1), else_=AdminLoginThrottle.attempts + 1),
                         window_started_at=case((stale, now), else_=AdminLoginThrottle.window_started_at))
                 .returning(AdminLoginThrottle.attempts)
                 .execution_options(synchronize_session=False))
    return session.execute(statement).scalar_one()


def reserve(session: Session, username: str, ip: str, limits: Limits, now: datetime) -> bool:
    """Count one attempt for the name and the address; False when either is over its limit.

    Run it in its own transaction and commit before checking the password, so that
    concurrent attempts see each other's reservations.
    """
    user_key, ip_key = keys_for(username, ip)
    pair_attempts = _bump(session, _pair_key(username, ip), now, limits.window)
    ip_attempts = _bump(session, ip_key, now, limits.window)
    if pair_attempts > limits.per_user or ip_attempts > limits.per_ip:
        return False
    user_attempts = _bump(session, user_key, now, limits.window)
    if user_attempts <= limits.per_user:
        return True
    turn = _turn_came(session, username, user_attempts - limits.per_user, limits, now, take_anyway=pair_attempts == 1)
    return turn or pair_attempts == 1  # an address that has not failed for the name is never slowed


def succeeded(session: Session, username: str, ip: str, now: datetime, limits: Limits) -> None:
    """A right password: forget the name's failures, give the address its attempt back,
    and sweep counters whose window ended long ago (names and addresses tried once)."""
    user_key, ip_key = keys_for(username, ip)
    session.execute(delete(AdminLoginThrottle).where(
        AdminLoginThrottle.key.in_((user_key, _pair_key(username, ip), _last_key(username)))
        | (AdminLoginThrottle.window_started_at < now - limits.window - SWEEP_AFTER)))
    session.execute(update(AdminLoginThrottle)
                    .where(AdminLoginThrottle.key == ip_key, AdminLoginThrottle.attempts > 0)
                    .values(attempts=AdminLoginThrottle.attempts - 1)
                    .execution_options(synchronize_session=False))
