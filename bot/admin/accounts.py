"""Cadre accounts: create, change password, switch on and off (shared by the CLI and the page).

Plain functions over a session; they never commit. Changing a password or switching an
account off ends its sessions.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import AdminAccount, Area, utcnow
from bot.models.admin import SCOPE_LEVELS

from . import passwords, sessions

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,39}$")


class AccountError(ValueError):
    """The account cannot be made or changed as asked; the message is for the cadre."""


def normalise_username(username: str) -> str:
    return username.strip().lower()


def find_account(session: Session, username: str) -> AdminAccount | None:
    return session.scalar(select(AdminAccount).where(AdminAccount.username == normalise_username(username)))


def create_account(session: Session, username: str, password: str, scope_level: str,
                   township: str = "", area_code: str = "", display_name: str = "",
                   now: datetime | None = None) -> AdminAccount:
    """A new active account. Township scope needs a township that has areas; area scope an area code."""
    username = normalise_username(username)
    if not USERNAME_RE.match(username):
        raise AccountError("用户名用3到40位小写字母、数字、点、横线或下划线")
    if scope_level not in SCOPE_LEVELS:
        raise AccountError(f"范围只能是：{'、'.join(SCOPE_LEVELS)}")
    if find_account(session, username) is not None:
        raise AccountError(f"用户名 {username} 已经有了")
    try:
        passwords.check_rules(password, username)
    except passwords.PasswordRejected as error:
        raise AccountError(str(error)) from error
    area_id = None
    township = township.strip()
    if scope_level == "township":
        known = session.scalar(select(func.count(Area.id)).where(Area.township == township))
        if not township or not known:
            raise AccountError(f"没有属于“{township}”的片区，请核对乡镇（街道）名称")
    elif scope_level == "area":
        area = session.scalar(select(Area).where(Area.code == area_code.strip()))
        if area is None:
            raise AccountError(f"没有代码为 {area_code} 的片区")
        area_id, township = area.id, ""
    else:
        township = ""
    now = now or utcnow()
    account = AdminAccount(username=username, display_name=display_name.strip()[:60],
                           password_hash=passwords.hash_password(password), scope_level=scope_level,
                           township=township, area_id=area_id, active=True,
                           password_changed_at=now, created_at=now)
    session.add(account)
    session.flush()
    return account


def set_password(session: Session, account: AdminAccount, password: str, now: datetime | None = None,
                 keep_token: str | None = None) -> int:
    """Set a new password and end the account's other sessions; returns how many ended."""
    passwords.check_rules(password, account.username)
    now = now or utcnow()
    account.password_hash = passwords.hash_password(password)
    account.password_changed_at = now
    session.flush()
    return sessions.revoke_all(session, account.id, now, keep_token=keep_token)


def set_active(session: Session, account: AdminAccount, active: bool, now: datetime | None = None) -> None:
    account.active = active
    if not active:
        sessions.revoke_all(session, account.id, now or utcnow())
    session.flush()
