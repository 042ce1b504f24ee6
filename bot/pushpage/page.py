"""The route `/m/<token>`: one push's full text, its item's state and how to reply, on a phone.

Server-rendered HTML, no script. Nothing is shown for a token that does not verify (links.py),
for a row that is gone, or (PUSH_PAGE_OAUTH) for a reader WeChat says is not the receiver.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import requests
from flask import Blueprint, Flask, current_app, redirect, render_template_string, request
from sqlalchemy.orm import Session

from ..db import get_db
from ..models import Errand, Need, Notice, OutboxMessage
from ..models.mediation import Booking
from ..models.volunteers import Task
from ..outbox.mass import MASS_OPENID
from .links import read_token

bp = Blueprint("pushpage", __name__)

KIND_TITLES = {"whistle": "吹哨：群众需求", "need": "您反映的问题", "task": "志愿活动", "reminder": "活动提醒",
               "errand": "代办", "mediation": "人民调解", "human": "群众留言", "safety": "安全提醒",
               "notice": "村务通知", "theme": "本月活动", "reply": "回复"}
STATE_WORDS = {
    "collected": "已收到", "alerted": "等党代表认领", "claimed": "已有人认领", "in_progress": "正在办",
    "closed": "已办完", "reopened": "重新办理", "escalated": "已催办", "offered": "等人接单",
    "accepted": "已接单", "done": "已办完", "cancelled": "已取消", "open": "正在报名", "full": "人满了",
    "requested": "等调解员确认", "confirmed": "已确认", "proposed_other_time": "调解员建议换个时间",
    "moved": "已改时间",
}
_ITEM = re.compile(r"^(need|errand|task|mediation|notice):([^:]+):")
_REPLY = re.compile(r"回复")

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>body{font-size:20px;line-height:1.6;margin:1em;max-width:40em}h1{font-size:24px}
.state{background:#eef6ee;padding:.3em .6em;border-radius:4px}pre{white-space:pre-wrap;font-family:inherit}
li{margin:.4em 0}</style></head><body>
<h1>{{ title }}</h1>
{% if state %}<p class="state">现在：{{ state }}</p>{% endif %}
<pre>{{ text }}</pre>
{% if replies %}<h2>怎么回复</h2><ol>{% for r in replies %}<li>{{ r }}</li>{% endfor %}</ol>{% endif %}
<p>回到公众号对话框，打字或说话就行。</p></body></html>"""
NOTHING = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>片区通</title></head>
<body style="font-size:20px"><p>这个链接打不开了（过期或不对）。请回到公众号里问。</p></body></html>"""


def item_state(session: Session, business_key: str) -> str | None:
    """The state, in words, of the need / errand / task / booking / notice the push is about."""
    found = _ITEM.match(business_key)
    if not found:
        return None
    kind, ref = found.groups()
    if kind == "notice":
        return "已发布" if ref.isdigit() and session.get(Notice, int(ref)) else None
    if kind == "mediation":
        row = session.query(Booking).filter(Booking.number == ref).one_or_none()
    elif not ref.isdigit():
        return None
    else:
        model = {"need": Need, "errand": Errand, "task": Task}[kind]
        row = session.get(model, int(ref))
    return STATE_WORDS.get(row.state, row.state) if row is not None else None


def _reader_openid() -> str | None:
    """The reader as WeChat names them (snsapi_base), from the `code` of the OAuth redirect."""
    config = current_app.config
    answer = requests.get(config["WECHAT_API_BASE"].rstrip("/") + "/sns/oauth2/access_token", timeout=5, params={
        "appid": config["WECHAT_APP_ID"], "secret": config["WECHAT_APP_SECRET"],
        "code": request.args.get("code", ""), "grant_type": "authorization_code"})
    return answer.json().get("openid") if answer.ok else None


def _ask_wechat_who():
    config = current_app.config
    base = str(config.get("WECHAT_OAUTH_BASE") or config["WECHAT_API_BASE"]).rstrip("/")
    query = urlencode({"appid": config["WECHAT_APP_ID"], "redirect_uri": request.base_url,
                       "response_type": "code", "scope": "snsapi_base", "state": "m"})
    return redirect(f"{base}/connect/oauth2/authorize?{query}#wechat_redirect")


def _nothing(status: int):
    return render_template_string(NOTHING), status


@bp.get("/m/<token>")
def show(token: str):
    row_id = read_token(current_app.config["SECRET_KEY"], token)
    if row_id is None:
        return _nothing(404)
    with get_db().session() as s:
        row = s.get(OutboxMessage, row_id)
        if row is None:
            return _nothing(404)
        if current_app.config.get("PUSH_PAGE_OAUTH") and row.openid != MASS_OPENID:
            if "code" not in request.args:
                return _ask_wechat_who()
            if _reader_openid() != row.openid:
                return _nothing(403)
        payload = row.payload or {}
        text = str(payload.get("full") or payload.get("text", ""))
        if isinstance(payload.get("digest"), list):  # the month's activities as they stand now
            from ..themes.digest import live_digest
            text = live_digest(s, *payload["digest"]) or text
        replies = [line.strip() for line in text.splitlines() if _REPLY.search(line)]
        kind = (row.payload or {}).get("for", row.kind)
        return render_template_string(PAGE, title=KIND_TITLES.get(kind, "消息"), text=text,
                                      state=item_state(s, row.business_key), replies=replies)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    if "csrf" in app.extensions:
        app.extensions["csrf"].exempt(bp)
