"""The benefits check, the read side: the checks kept for the area's staff, newest first."""
from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from bot.models.benefits import BenefitCheck


def kept_checks(session: Session, where_area: ColumnElement[bool], limit: int = 300) -> list[BenefitCheck]:
    """Checks the villagers agreed to keep, in the areas `where_area` allows, that found something."""
    rows = session.scalars(select(BenefitCheck).options(selectinload(BenefitCheck.user),
                                                        selectinload(BenefitCheck.village),
                                                        selectinload(BenefitCheck.for_family))
                           .where(where_area).order_by(BenefitCheck.created_at.desc()).limit(limit))
    return [r for r in rows if r.guides]
