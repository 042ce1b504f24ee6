"""WeChat events: follow/unfollow, QR scans, menu clicks, location reports, template receipts.

Menu clicks answer exactly as typing the matching request would: the key names an intent and
the click is dispatched as that intent. VIEW, LOCATION and TEMPLATESENDJOBFINISH need no
reply (an empty reply renders as `success`).
"""
from __future__ import annotations

from dataclasses import replace

from flask import current_app
from sqlalchemy import update

from bot.dispatch import Context, Router
from bot.messages import Reply, did
from bot.models import OutboxMessage
from bot.nlu.types import RouteResult
from bot.outbox.store import record_template_delivery
from bot.wechat.menu import MENU_KEYS

from . import menu

router = Router("events")

REGISTER_HINT = "请先告诉我您是哪个村的，回复“我是XX村的”就行，比如“我是代村的”。"
SCENE_PREFIX = "qrscene_"


def scene_of(ctx: Context) -> str:
    """The QR scene of a subscribe (EventKey `qrscene_<scene>`) or SCAN (`<scene>`) event."""
    key = ctx.incoming.event_key
    return key[len(SCENE_PREFIX):] if key.startswith(SCENE_PREFIX) else key


def _greeting(ctx: Context, first_line: str) -> Reply:
    lines = [first_line]
    if ctx.user.village_id is None:
        lines.append(REGISTER_HINT)
    lines.append("有什么事直接说或打字就行，比如“低保怎么办”。回复“菜单”看能办什么。")
    return did("help.show", "\n".join(lines))


@router.event("subscribe")
def follow(ctx: Context) -> str:
    """Welcome a new follower and tell them how to register their village."""
    return _greeting(ctx, "欢迎关注片区通！这里能查办事指南、请党员代办、预约调解、反映困难。")


@router.event("SCAN")
def scan(ctx: Context) -> str:
    """A follower scanned one of our QR codes again."""
    return _greeting(ctx, "您好，欢迎回来！")


@router.event("unsubscribe")
def unfollow(ctx: Context) -> None:
    """Stop every push still waiting for this user: WeChat would refuse them anyway."""
    ctx.user.subscribed = False
    ctx.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.openid == ctx.incoming.openid, OutboxMessage.status == "pending")
        .values(status="dead", last_error="unsubscribed"))
    return None


@router.event("CLICK")
def menu_click(ctx: Context):
    """A menu button: the same answer as typing its request."""
    entry = MENU_KEYS.get(ctx.incoming.event_key)
    if entry is None:
        return did("menu.show", menu.MENU_TEXT)
    intent, words = entry
    dispatcher = current_app.extensions["dispatcher"]
    if not any(intent in h.intents and h.allows(ctx.user) for h in dispatcher.handlers):
        return did("menu.show", menu.MENU_TEXT)  # that capability is not switched on yet
    typed = replace(ctx, incoming=replace(ctx.incoming, kind="text", text=words), match=None)
    return dispatcher.dispatch_route(typed, RouteResult(intent, None, 1.0, normalized=words))


@router.event("VIEW")
def menu_link(ctx: Context) -> None:
    """A menu link opened a page; nothing to say in chat."""
    return None


@router.event("LOCATION")
def location_report(ctx: Context) -> None:
    """Automatic location report (every 5 s while on): keep the latest, say nothing."""
    ctx.user.latitude, ctx.user.longitude = ctx.incoming.latitude, ctx.incoming.longitude
    ctx.user.location_at = ctx.now
    return None


@router.event("TEMPLATESENDJOBFINISH")
def template_receipt(ctx: Context) -> None:
    """Record WeChat's delivery result on the template push it names (its MsgID)."""
    if ctx.incoming.msg_id:
        record_template_delivery(ctx.session, ctx.incoming.msg_id, str(ctx.incoming.raw.get("Status") or ""))
    return None
