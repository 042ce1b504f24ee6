"""Acting for family (代亲属办): a villager adds a relative without WeChat, the area confirms,
then errands can be made for that person and the villager's status shows theirs too.

    from bot import family
    family.add_member(session, villager, name, relation, village)       # rules.py: pending + code
    family.confirm_by_code(session, villager, code)                      # rules.py: chat "亲属码 …"
    family.confirm_member(session, member, by)                           # staff.py: the admin page
    family.members_of / find_members / errands_for                       # lookups.py
    family.status_lines(session, user)                                   # the status answer's source
    family.texts                                                         # texts.py

Functions take the caller's session and never commit.
"""
from sqlalchemy.orm import Session

from bot.models import User

from . import texts
from .lookups import errands_for, find_members, members_of
from .rules import RELATION_WORDS, RELATIONS, FamilyError, add_member, confirm_by_code, relation_of
from .staff import confirm_member


def status_lines(session: Session, user: User) -> list[str]:
    """Record source for the `status` answer: the family members this villager acts for."""
    from bot.models.errands import OPEN_STATES

    return [texts.status_line(m, sum(1 for e in errands_for(session, m) if e.state in OPEN_STATES))
            for m in members_of(session, user)]


__all__ = ["texts", "errands_for", "find_members", "members_of", "RELATION_WORDS", "RELATIONS", "FamilyError",
           "add_member", "confirm_by_code", "relation_of", "confirm_member", "status_lines"]
