"""The benefits check (政策找人), the logic: a household's answers → the guides that may apply,
each with its reason and next step; the answers kept only with the villager's consent.

    answers = Answers(ages=[82, 55], disability=False, alone=True, low_income=False, farmland=True)
    matches(rules, answers) → [Rule(guide="elderly-allowance", ...), ...]
    keep_check(session, user, answers, found)          # after "1 留给片区"
    keep_check(session, user, answers, found, for_family=mother)   # a relative's: her village
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot import clock
from bot.models import FamilyMember, User
from bot.models.benefits import BenefitCheck

from .loader import Rule


@dataclass
class Answers:
    ages: list[int] = field(default_factory=list)
    disability: bool = False
    alone: bool = False
    low_income: bool = False
    farmland: bool = False
    death: bool = False
    birth: bool = False


def _holds(key: str, value, answers: Answers) -> bool:
    if key == "age_at_least":
        return any(age >= value for age in answers.ages)
    if key == "age_under":
        return any(age < value for age in answers.ages)
    return getattr(answers, key) is value


def matches(rules: list[Rule], answers: Answers) -> list[Rule]:
    """The rules whose every condition holds, in the file's order, one per guide."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.guide not in found and all(_holds(k, v, answers) for k, v in rule.when.items()):
            found[rule.guide] = rule
    return list(found.values())


def keep_check(session: Session, user: User, answers: Answers, found: list[Rule],
               now: datetime | None = None, for_family: FamilyMember | None = None) -> BenefitCheck:
    """Keep the answers (the villager agreed) for the area's staff to follow up; a check made for
    a confirmed relative is kept for the relative's village and area."""
    if for_family is not None:
        if for_family.owner_id != user.id or for_family.state != "confirmed":
            raise ValueError("not a confirmed family member of this villager")
        village_id, area_id = for_family.village_id, for_family.area_id
    elif user.village is None:
        raise ValueError("the villager has no registered village")
    else:
        village_id, area_id = user.village_id, user.village.area_id
    check = BenefitCheck(user_id=user.id, village_id=village_id, area_id=area_id,
                         for_family_id=for_family.id if for_family is not None else None,
                         answers=asdict(answers), guides=[r.guide for r in found], created_at=now or clock.now())
    session.add(check)
    session.flush()
    return check
