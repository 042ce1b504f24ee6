"""What a cadre account may see and change: the whole county, one township's areas, or one area.

Every admin query over area-bound rows goes through `Scope.where_area(column)`, and every
action on one row checks `Scope.allows_area(area_id)` first (ASVS 8.2.1–8.2.2).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from bot.models import AdminAccount, Area, User, UserRole, Village


@dataclass(frozen=True)
class Scope:
    account_id: int
    username: str
    display_name: str
    level: str  # county | township | area
    township: str = ""
    area_id: int | None = None
    words: str = ""  # 全县 / 卞庄街道 / 代村片区

    @classmethod
    def of(cls, account: AdminAccount) -> "Scope":
        return cls(account.id, account.username, account.display_name or account.username,
                   account.scope_level, account.township or "", account.area_id, account.scope_words)

    @property
    def is_county(self) -> bool:
        return self.level == "county"

    def area_ids(self, session: Session) -> set[int] | None:
        """The areas in scope; None means every area (county)."""
        if self.level == "county":
            return None
        if self.level == "township":
            return set(session.scalars(select(Area.id).where(Area.township == self.township)))
        return {self.area_id} if self.area_id is not None else set()

    def where_area(self, session: Session, column) -> ColumnElement[bool]:
        """A WHERE clause keeping rows whose `column` (an area id) is in scope."""
        ids = self.area_ids(session)
        if ids is None:
            return true()
        return column.in_(ids) if ids else false()

    def allows_area(self, session: Session, area_id: int | None) -> bool:
        """May this account act on a row of `area_id`? Rows of no area are county business."""
        ids = self.area_ids(session)
        if ids is None:
            return True
        return area_id is not None and area_id in ids

    def where_user(self, session: Session, column) -> ColumnElement[bool]:
        """Users of the areas in scope: living in one of their villages, or holding a role there."""
        ids = self.area_ids(session)
        if ids is None:
            return true()
        if not ids:
            return false()
        by_village = select(User.id).join(Village, User.village_id == Village.id).where(Village.area_id.in_(ids))
        by_role = select(UserRole.user_id).where(UserRole.area_id.in_(ids))
        return or_(column.in_(by_village), column.in_(by_role))

    def allows_user(self, session: Session, user_id: int) -> bool:
        return self.is_county or session.scalar(
            select(User.id).where(User.id == user_id, self.where_user(session, User.id))) is not None

    def areas(self, session: Session) -> list[Area]:
        return list(session.scalars(select(Area).where(self.where_area(session, Area.id))
                                    .order_by(Area.township, Area.code)))
