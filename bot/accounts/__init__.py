"""Accounts: a villager's village (我是代村的), invite codes that give staff roles, leaving a role.

    from bot import accounts
    accounts.bind_village(session, user, "我是代村的") / find_village / set_village   # rules.py
    accounts.create_invite(session, "party_member", area) / claim_invite / leave_role
    accounts.invite_row(...) then accounts.insert_invites(session, rows)   # many codes at once (imports)
    `flask invite create …`                                                        # cli.py

Functions take the caller's session and never commit.
"""

from .rules import (
    MAX_FAILED_CLAIMS,
    FAILED_CLAIMS_WINDOW,
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PATTERN,
    STAFF_ROLES,
    AREA_SCOPED_ROLES,
    ROLE_WORDS,
    VillageChoice,
    find_village,
    set_village,
    bind_village,
    normalise_code,
    create_invite,
    invite_row,
    insert_invites,
    Claim,
    ClaimReason,
    claim_invite,
    leave_role,
    area_names,
)

__all__ = [
    "MAX_FAILED_CLAIMS",
    "FAILED_CLAIMS_WINDOW",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PATTERN",
    "STAFF_ROLES",
    "AREA_SCOPED_ROLES",
    "ROLE_WORDS",
    "VillageChoice",
    "find_village",
    "set_village",
    "bind_village",
    "normalise_code",
    "create_invite",
    "invite_row",
    "insert_invites",
    "Claim",
    "ClaimReason",
    "claim_invite",
    "leave_role",
    "area_names",
]
