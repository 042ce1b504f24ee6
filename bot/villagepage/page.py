"""Routes of the village's public page: the matters (四议两公开) and public answers, a step's file."""
from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, render_template
from sqlalchemy import select

from bot import matters, suggestions
from bot.db import get_db
from bot.models import MatterStep, Village

bp = Blueprint("village_page", __name__, url_prefix="/p", template_folder="templates")


@bp.route("/village/<int:village_id>/matters", endpoint="matters")
def matters_page(village_id: int):
    """The village's public matters with every step entered, and the public answers."""
    with get_db().session() as s:
        village = s.get(Village, village_id)
        if village is None:
            abort(404)
        shown = matters.public_matters(s, village.id)
        answers = suggestions.public_answers(s, village.id)
        return render_template("villagepage/matters.html", village=village, matters=shown, answers=answers,
                               step_names=matters.texts.MATTER_STEPS)



@bp.route("/village/<int:village_id>/matters/<int:matter_id>/steps/<int:number>/file")
def step_file(village_id: int, matter_id: int, number: int):
    """A step's file, only when its matter belongs to the village and is public."""
    with get_db().session() as s:
        matter = matters.matter_in_village(s, village_id, matter_id)
        if matter is None or not matter.is_public:
            abort(404)
        step = s.scalar(select(MatterStep).where(MatterStep.matter_id == matter.id, MatterStep.number == number))
        if step is None or step.file_data is None:
            abort(404)
        response = Response(step.file_data, mimetype=step.file_type)
        response.headers["Content-Disposition"] = "inline"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
