"""政策找人: the benefits checks villagers agreed to leave with their area (俺能领啥), each household's
answers and the guides that may apply, so staff can visit those that may be missing one."""
from __future__ import annotations

from flask import render_template

from bot import benefits
from bot.guides import matter_title
from bot.models.benefits import BenefitCheck

from ..blueprint import bp
from ..web import scope, transaction


@bp.route("/benefits", endpoint="benefits")
def benefits_page():
    """Kept checks in scope, newest first, with the benefits each household may be missing."""
    with transaction() as s:
        checks = benefits.kept_checks(s, scope().where_area(s, BenefitCheck.area_id))
        titles = {g: matter_title(s, g) or g for c in checks for g in c.guides}
        return render_template("admin/benefits.html", checks=checks, titles=titles)
