"""群众建议: villagers' suggestions for the villages in scope (我有个建议…), and the cadres' answers.

Answering pushes the answer to the villager once (bot/suggestions/); ticking 公开 shows the
suggestion and its answer on the village's public page. Every answer or change is audited.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import suggestions
from bot.models import Suggestion

from .. import audit, form_tokens
from ..blueprint import bp
from ..web import fail, ok, row_in_scope, scope, transaction

PAGE = 200
STATES = {"open": "待回复", "answered": "已回复"}


@bp.route("/suggestions", endpoint="suggestions")
def suggestions_page():
    """Suggestions of the villages in scope, the unanswered first."""
    state = request.args.get("state", "")
    with transaction() as s:
        query = select(Suggestion).options(selectinload(Suggestion.village), selectinload(Suggestion.user)) \
            .where(scope().where_area(s, Suggestion.area_id))
        if state in STATES:
            query = query.where(Suggestion.state == state)
        rows = list(s.scalars(query.order_by(Suggestion.state.desc(), Suggestion.created_at.desc()).limit(PAGE)))
        return render_template("admin/suggestions.html", suggestions=rows, labels=STATES, state=state)


@bp.route("/suggestions/<int:suggestion_id>", methods=["GET", "POST"])
def suggestion_detail(suggestion_id: int):
    """One suggestion: answer it (pushed to the villager), and choose whether it is public."""
    with transaction() as s:
        suggestion = row_in_scope(s, Suggestion, suggestion_id)
        if request.method == "POST":
            if (again := form_tokens.repeat(s)) is not None:
                return again
            try:
                before, after, pushed = suggestions.answer_suggestion(
                    s, suggestion, request.form.get("answer", ""), request.form.get("public") == "1",
                    by=f"admin:{scope().username}")
            except suggestions.SuggestionError as error:
                s.rollback()
                fail(str(error))
                return render_template("admin/suggestion_detail.html", suggestion=suggestion, labels=STATES,
                                       form=request.form), 400
            audit.record(s, "suggestion.answer", target_type="Suggestion", target_id=suggestion.id,
                         area_id=suggestion.area_id, summary=f"回复{suggestion.id}号建议"
                         + ("（公开）" if after["public"] else "") + ("，已推送给群众" if pushed else ""),
                         before=before, after=after)
            form_tokens.finish(s, url_for("admin.suggestion_detail", suggestion_id=suggestion_id))
            s.commit()
            ok("已回复，群众会收到。" if pushed else "已保存（回复之前已经推送过，不再推送）。")
            return redirect(url_for("admin.suggestion_detail", suggestion_id=suggestion_id))
        return render_template("admin/suggestion_detail.html", suggestion=suggestion, labels=STATES, form={})
