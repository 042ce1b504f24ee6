"""没听懂的话: what villagers of the areas in scope said that the bot answered with the menu,
grouped by similar wording; a cadre assigns a group (the texts they tick) to a guide or intent.

The assignment goes through bot/lexicon_store.py: the lexicon files' own checks, the texts must
then route there, and the routing dev set must not lose a line; refused, the failing lines are
shown. Stored, it is audited and routes in every worker from their next message on.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, request

from bot import clock, lexicon_store
from bot.nlu.router import get_router

from .. import audit, unheard
from ..action_figures import period_days
from ..blueprint import bp
from ..web import ok, scope, transaction

PERIODS = {7: "近7天", 30: "近30天", 90: "近90天"}
# Intents a phrasing can be given to: every service but the fallbacks.
NOT_TARGETS = ("guide", "unknown")


def _targets() -> list[tuple[str, str]]:
    """("guide:dibao", "办事指南：低保办理"), …, ("intent:canteen", "暖心食堂"), …"""
    lexicon = get_router().lexicon
    guides = [(f"guide:{e.id}", f"办事指南：{e.title}") for e in lexicon.guides.values()]
    intents = [(f"intent:{e.id}", e.title) for e in lexicon.intents.values() if e.id not in NOT_TARGETS]
    return guides + intents


def _board(days: int, refused: dict | None = None, status: int = 200):
    with transaction() as s:
        skip = lexicon_store.assigned_texts(s)
        found = unheard.unheard_messages(s, scope().area_ids(s), clock.now() - timedelta(days=days), skip)
    groups = unheard.group_texts(found)
    return render_template("admin/unheard.html", groups=groups, days=days, periods=PERIODS,
                           targets=_targets(), refused=refused, total=len(found)), status


@bp.route("/unheard")
def unheard_board():
    """The groups of not-understood texts of the period, biggest first."""
    days = period_days(request.args.get("days"))
    return _board(days if days in PERIODS else 30)


@bp.route("/unheard/assign", methods=["POST"])
def unheard_assign():
    """Assign the ticked texts of one group to a guide or intent, through the gate."""
    days = period_days(request.form.get("days"))
    days = days if days in PERIODS else 30
    texts = [t for t in request.form.getlist("texts") if t.strip()][:50]
    target = request.form.get("target", "")
    kind, _, ident = target.partition(":")
    if not texts or target not in dict(_targets()):
        return _board(days, {"key": request.form.get("key", ""), "lines": ["请勾选说法，并选要归到哪一项。"]}, 400)
    files = lexicon_store.gate_files(current_app.config.get("ROUTING_GATE_FILES"))
    with transaction() as s:
        result, row = lexicon_store.assign(s, kind, ident, texts, scope().username, files)
        if row is not None:
            audit.record(s, "lexicon.add", target_type="LexiconAddition", target_id=row.id,
                         summary=f"{len(texts)}种说法归到 {dict(_targets())[target]}",
                         after={"target": target, "phrasings": list(row.phrasings), "checked": result.figures})
    if row is None:
        return _board(days, {"key": request.form.get("key", ""), "lines": result.lines,
                             "figures": result.figures}, 422)
    checked = "；".join(result.figures) or "没有配置路由评测集，只做了词库检查"
    ok(f"已加进词库：{len(texts)}种说法归到“{dict(_targets())[target]}”，马上生效。路由评测：{checked}")
    return _board(days)
