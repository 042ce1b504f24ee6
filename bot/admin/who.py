"""Plain names for who did something: the "admin:<username>" stamped on notices, answers and
invite codes is shown as the account's display name, or else as its 片区/镇 (县里 for the county)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import AdminAccount

PREFIX = "admin:"


def plain(session: Session, by: str | None) -> str:
    """The words for a stored "by"; anything not an admin account (a name, the CLI) is kept as it is."""
    by = by or ""
    if not by.startswith(PREFIX):
        return by
    account = session.scalar(select(AdminAccount).where(AdminAccount.username == by[len(PREFIX):].lower()))
    if account is None:
        return "管理员"
    if account.display_name:
        return account.display_name
    return "县里" if account.scope_level == "county" else account.scope_words
