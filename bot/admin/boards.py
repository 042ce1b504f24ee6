"""The admin page's boards: the navigation (the view modules are imported in `bot/admin/__init__.py`).

Other capabilities add their board here: a view module under bot/admin/views/ (imported in
`bot/admin/__init__.py`, `register_views`) and a line in BOARDS. A board whose endpoint does not exist yet is not shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g

from .blueprint import bp
from .drafts import LABELS as DRAFT_LABELS
from .scope import Scope


@dataclass(frozen=True)
class Board:
    endpoint: str
    label: str
    county_only: bool = False


BOARDS = [
    Board("admin.today", "待办"),
    Board("admin.dashboard", "概况"),
    Board("admin.accountability", "村情发布会"),
    Board("admin.safety", "紧急求助"),
    Board("admin.inbox", "群众留言"),
    Board("admin.mediation_rooms", "调解预约"),
    Board("admin.tasks", "志愿活动"),
    Board("admin.errands", "便民代办"),
    Board("admin.family", "代亲属办"),
    Board("admin.benefits", "政策找人"),
    Board("admin.needs", "群众需求"),
    Board("admin.themes", "每月主题"),
    Board("admin.notices", "村务公告"),
    Board("admin.matters_page", "四议两公开"),
    Board("admin.suggestions", "群众建议"),
    Board("admin.guides", "明白纸"),
    Board("admin.unheard_board", "没听懂的话"),
    Board("admin.users", "用户和角色"),
    Board("admin.invites", "邀请码"),
    Board("admin.outbox", "推送"),
    Board("admin.imports", "导入", county_only=True),
    Board("admin.accounts_page", "管理账号", county_only=True),
    Board("admin.audit", "操作记录"),
]


def nav_for(scope: Scope | None) -> list[Board]:
    if scope is None:
        return []
    views = current_app.view_functions
    return [b for b in BOARDS if b.endpoint in views and (scope.is_county or not b.county_only)]


def _tab_counts(scope: Scope | None) -> dict[str, int]:
    """The to-do count of each board (bot/admin/today.py), once per request, for the navigation."""
    if scope is None or getattr(g, "in_transaction", False):
        return {}  # a page drawn inside its transaction: a second one would wait for it (SQLite)
    if getattr(g, "tab_counts", None) is None:
        from bot import clock
        from bot.db import get_db

        from . import today

        with get_db().session() as s:
            g.tab_counts = today.tab_counts(today.today_items(s, scope, clock.now()))
    return g.tab_counts


@bp.app_context_processor
def admin_context() -> dict:
    scope = getattr(g, "scope", None)
    return {"scope": scope, "nav": nav_for(scope), "tab_counts": lambda: _tab_counts(scope),
            "saved_draft": _saved_draft, "draft_labels": DRAFT_LABELS}


def _saved_draft() -> dict[str, str] | None:
    """Words typed on this page before the login or the form lapsed (bot/admin/drafts.py), to copy."""
    if getattr(g, "in_transaction", False) or getattr(g, "scope", None) is None:
        return None
    from . import drafts

    return drafts.take()
