"""Who a user is: their village (bind, change), staff roles granted by one-time invite codes, leaving a role.

    bind_village(session, user, "俺是代庄的")  → VillageChoice(kind="one", ...) and binds it
    claim_invite(session, user, "AB12CD34", now) → Claim(ok=True, role="party_member", ...)

Plain functions over a session; they never commit.
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Callable
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.models import Area, InviteCode, SharedValue, User, UserRole, Village
from bot.models.people import ROLES
from bot.village_match import VillageHit, match_villages

# No 0/O, 1/I/L: codes are read aloud and copied by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_PATTERN = re.compile(r"^[A-Z0-9]{6,8}$")
STAFF_ROLES = tuple(r for r in ROLES if r != "villager")
# Roles that only make sense within an area (errands, teams, mediation rooms).
AREA_SCOPED_ROLES = frozenset({"party_member", "grid_worker", "volunteer", "mediator", "secretary"})
# The words villagers and cadres use for each staff role (chat "退出志愿者", the people import).
ROLE_WORDS = {"志愿者": "volunteer", "党员代办员": "party_member", "代办员": "party_member",
              "党员": "party_member", "网格员": "grid_worker", "党代表": "rep", "调解员": "mediator", "片区书记": "secretary",
              "书记": "secretary", "干部": "cadre", "管理员": "cadre"}
# Against guessing: so many wrong codes per user per window, then wait.
MAX_FAILED_CLAIMS, FAILED_CLAIMS_WINDOW = 5, timedelta(hours=1)


@dataclass
class VillageChoice:
    """The outcome of matching a village name: kind one | several | none."""

    kind: str
    hits: list[VillageHit] = field(default_factory=list)
    previous: Village | None = None  # set when bind_village changed an earlier village

    @property
    def village(self) -> Village | None:
        return self.hits[0].village if self.kind == "one" else None

    @property
    def candidates(self) -> list[Village]:
        return [h.village for h in self.hits]


def find_village(session: Session, text: str) -> VillageChoice:
    """Match without binding: one village, several numbered candidates, or none."""
    hits = match_villages(session, text)
    return VillageChoice("one" if len(hits) == 1 else "several" if hits else "none", hits)


def set_village(session: Session, user: User, village: Village) -> Village | None:
    """Register (or change) the user's village; returns the previous one."""
    previous = user.village
    user.village_id, user.village = village.id, village
    session.flush()
    return previous if previous is not None and previous.id != village.id else None


def bind_village(session: Session, user: User, text: str) -> VillageChoice:
    """Match the text; bind at once when exactly one village fits (candidates are left to the caller)."""
    choice = find_village(session, text)
    if choice.kind == "one":
        choice.previous = set_village(session, user, choice.village)
    return choice


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text)).upper()


def create_invite(session: Session, role: str, area: Area | None = None, group_code: str | None = None,
                  created_by: str = "", days: int = 7, now: datetime | None = None,
                  length: int = CODE_LENGTH, person: dict | None = None) -> InviteCode:
    """A new one-time code for `role` (in `area`, `group_code`), valid for `days`; `person`
    names who it is for (person_name, phone, village_id, import_id: the people import)."""
    row = invite_row(role, area.id if area else None, group_code, created_by, days, now or clock.now(),
                     lambda code: session.scalar(select(InviteCode.id).where(InviteCode.code == code)) is not None,
                     length, person)
    invite = InviteCode(**row)
    session.add(invite)
    session.flush()
    return invite


class ClaimReason(StrEnum):
    """Why an invite code was or was not taken (chat words it: handlers/account_texts.py)."""

    GRANTED = "granted"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    ALREADY_HAS_ROLE = "already_has_role"
    TOO_MANY_TRIES = "too_many_tries"


def invite_row(role: str, area_id: int | None, group_code: str | None, created_by: str, days: int,
               now: datetime, taken: Callable[[str], bool], length: int = CODE_LENGTH,
               person: dict | None = None) -> dict:
    """The columns of a new code (checked as `create_invite` checks them); `taken(code)` says
    whether a drawn code exists already. For inserting many at once (`insert_invites`)."""
    if role not in STAFF_ROLES:
        raise ValueError(f"unknown staff role: {role}")
    if role in AREA_SCOPED_ROLES and area_id is None:
        raise ValueError(f"role {role} needs an area")
    if not 6 <= length <= 8 or days < 1:
        raise ValueError("codes have 6 to 8 characters and last at least a day")
    while True:
        code = new_code(length)
        if not taken(code):
            break
    return {"code": code, "role": role, "area_id": area_id, "group_code": group_code,
            "created_by": created_by[:64], "created_at": now, "expires_at": now + timedelta(days=days),
            **(person or {})}


_UNBIASED = 256 - 256 % len(CODE_ALPHABET)  # bytes at or above this would favour the first letters


def new_code(length: int = CODE_LENGTH) -> str:
    """A random code from CODE_ALPHABET: one read of the system's randomness, unbiased."""
    while True:
        picks = [b % len(CODE_ALPHABET) for b in secrets.token_bytes(length * 2) if b < _UNBIASED]
        if len(picks) >= length:
            return "".join(CODE_ALPHABET[i] for i in picks[:length])


def insert_invites(session: Session, rows: list[dict]) -> None:
    """Insert many codes made by `invite_row` in as few statements as the driver allows.

    The codes were drawn free of each other only (`taken` may be a set of this batch's codes):
    one query finds those the table has already, and they are drawn again. On PostgreSQL the
    rows go in by COPY (psycopg), on SQLite by the driver's executemany (SQLAlchemy's own
    executemany spent more time building parameters than SQLite spent inserting). The unique
    index still has the last word on a code drawn at the same moment by someone else."""
    if not rows:
        return
    _redraw_taken_codes(session, rows)
    columns = sorted({key for row in rows for key in row})
    connection = session.connection()
    dialect = connection.dialect
    if (dialect.name, dialect.driver) not in (("postgresql", "psycopg"), ("sqlite", "pysqlite")):
        connection.execute(insert(InviteCode.__table__), [{key: row.get(key) for key in columns} for row in rows])
        return
    table = InviteCode.__table__
    # Each value through its column type's bind processing, as an INSERT would (UTCDateTime
    # refuses a naive time, and on SQLite writes the text SQLAlchemy reads back).
    processors = [table.c[key].type.bind_processor(dialect) for key in columns]
    values = [[process(row.get(key)) if process else row.get(key) for key, process in zip(columns, processors)]
              for row in rows]
    names = ", ".join(columns)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})", values)
    finally:
        cursor.close()


_IN_CHUNK = 1000  # bound parameters per IN (…): well under SQLite's and PostgreSQL's limits


def _redraw_taken_codes(session: Session, rows: list[dict]) -> None:
    drawn = {row["code"] for row in rows}
    while True:
        wanted = [row["code"] for row in rows]
        taken = {code for start in range(0, len(wanted), _IN_CHUNK)
                 for code in session.scalars(select(InviteCode.code)
                                             .where(InviteCode.code.in_(wanted[start:start + _IN_CHUNK])))}
        if not taken:
            return
        for row in rows:
            if row["code"] in taken:
                while (code := new_code(len(row["code"]))) in drawn:
                    pass
                drawn.add(code)
                row["code"] = code


@dataclass(frozen=True)
class Claim:
    ok: bool
    reason: ClaimReason
    role: str | None = None
    area: Area | None = None
    group_code: str | None = None


def _has_role(user: User, role: str, area_id: int | None, group_code: str | None) -> bool:
    return any(r.role == role and r.area_id == area_id and r.group_code == group_code for r in user.roles)


def _failures_key(user: User) -> str:
    return f"invite-failures:{user.id}"


def _failed_claims(session: Session, user: User, now: datetime) -> int:
    row = session.get(SharedValue, _failures_key(user))
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return 0
    return int(row.value or 0)


def _count_failure(session: Session, user: User, now: datetime) -> None:
    row = session.get(SharedValue, _failures_key(user))
    if row is None:
        row = SharedValue(key=_failures_key(user))
        session.add(row)
    if row.expires_at is None or row.expires_at <= now:
        row.value, row.expires_at = "0", now + FAILED_CLAIMS_WINDOW
    row.value = str(int(row.value or 0) + 1)
    session.flush()


def claim_invite(session: Session, user: User, code: str, now: datetime | None = None) -> Claim:
    """Use a code once: a conditional UPDATE marks it used, so of two claims only one wins."""
    now = now or clock.now()
    code = normalise_code(code)
    if _failed_claims(session, user, now) >= MAX_FAILED_CLAIMS:
        return Claim(False, ClaimReason.TOO_MANY_TRIES)
    invite = session.scalar(select(InviteCode).where(InviteCode.code == code)) if CODE_PATTERN.match(code) else None
    if invite is None:
        _count_failure(session, user, now)
        return Claim(False, ClaimReason.UNKNOWN)
    area = session.get(Area, invite.area_id) if invite.area_id else None
    if invite.used_by is not None:
        return Claim(False, ClaimReason.USED, invite.role, area)
    if invite.expires_at <= now:
        return Claim(False, ClaimReason.EXPIRED, invite.role, area)
    if _has_role(user, invite.role, invite.area_id, invite.group_code):
        return Claim(False, ClaimReason.ALREADY_HAS_ROLE, invite.role, area, invite.group_code)
    won = session.execute(
        update(InviteCode)
        .where(InviteCode.id == invite.id, InviteCode.used_by.is_(None), InviteCode.expires_at > now)
        .values(used_by=user.id, used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    session.refresh(invite)
    if not won:
        return Claim(False, ClaimReason.USED, invite.role, area)
    user.roles.append(UserRole(role=invite.role, area_id=invite.area_id, group_code=invite.group_code,
                               created_at=now))
    _fill_in(user, invite)
    session.flush()
    return Claim(True, ClaimReason.GRANTED, invite.role, area, invite.group_code)


def _fill_in(user: User, invite: InviteCode) -> None:
    """A code made for a named person (the people import) gives the user what they lack:
    the name, phone and village the cadre wrote down for them."""
    if invite.person_name and not user.name:
        user.name = invite.person_name
    if invite.phone and not user.phone:
        user.phone = invite.phone
    if invite.village_id is not None and user.village_id is None:
        user.village_id = invite.village_id


def leave_role(session: Session, user: User, role: str) -> list[UserRole]:
    """Give up a staff role (in every area); returns the roles removed. A villager stays a villager."""
    if role not in STAFF_ROLES:
        return []
    removed = [r for r in user.roles if r.role == role]
    for held in removed:
        user.roles.remove(held)  # delete-orphan: the row goes at flush
    session.flush()
    return removed


def area_names(session: Session, area_ids: set[int]) -> dict[int, str]:
    if not area_ids:
        return {}
    return dict(session.execute(select(Area.id, Area.name).where(Area.id.in_(area_ids))).all())
