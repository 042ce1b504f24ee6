"""Errand commands with a number: members' 接单 12 / 不接 12 / 进展 12 … / 办结 12 …; everyone's
我的代办; villagers' 取消代办 12. The request form is handlers/errands.py; the same commands said
without a number are handlers/staff_words.py.
"""
from __future__ import annotations

from bot.errands import (accept, cancel_errand, decline, errands_for_member, errands_of_villager, finish,
                         report_progress)
from bot.dispatch import Context, Router
from bot.messages import Reply, did

from . import errand_texts as texts
from .answers import command_words

router = Router("errands")
MEMBER_ROLES = {"party_member", "grid_worker", "secretary"}

_NO = r"\s*第?\s*(\d{1,9})\s*号?"
ACCEPT = command_words(r"^\s*(?:我来?)?接(?:单|了)?" + _NO + r"\s*$")
DECLINE = command_words(r"^\s*(?:不接|拒单|接不了|办不了)" + _NO + r"\s*$")
PROGRESS = command_words(r"^\s*(?:进展|汇报)" + _NO + r"\s*[:：,，。]?\s*(.*)$")
FINISH = command_words(r"^\s*(?:办结|办完了?|办好了?)" + _NO + r"\s*[:：,，。]?\s*(.*)$")
MINE = command_words(r"^\s*(?:我的代办|我的代办事项|代办列表|查代办)\s*$")
CANCEL = command_words(r"^\s*取消代办" + _NO + r"\s*$")


# --- commands ---------------------------------------------------------------------------

@router.command(ACCEPT, roles=MEMBER_ROLES)
def accept_command(ctx: Context) -> Reply:
    """接单 12: take an errand offered to me (or escalated to my area)."""
    number = int(ctx.match.group(1))
    return _member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now))


@router.command(DECLINE, roles=MEMBER_ROLES)
def decline_command(ctx: Context) -> Reply:
    """不接 12: pass it on to the next member now."""
    number = int(ctx.match.group(1))
    return _member_did("errand.decline", number, decline(ctx.session, number, ctx.user, ctx.now))


@router.command(PROGRESS, roles=MEMBER_ROLES)
def progress_command(ctx: Context) -> Reply:
    """进展 12 已经去乡镇交了材料: tell the villager."""
    number, note = int(ctx.match.group(1)), ctx.match.group(2).strip()
    return _member_did("errand.progress", number, report_progress(ctx.session, number, ctx.user, note, ctx.now),
                       note)


@router.command(FINISH, roles=MEMBER_ROLES)
def finish_command(ctx: Context) -> Reply:
    """办结 12 已办好: close it; the villager is told."""
    number, note = int(ctx.match.group(1)), ctx.match.group(2).strip()
    return _member_did("errand.done", number, finish(ctx.session, number, ctx.user, note, ctx.now), note)


def _member_did(action: str, number: int, outcome, note: str = "") -> Reply:
    """A member's command reports its action only when it was done (not "not yours", "taken")."""
    return did(action if outcome.ok else None, texts.member_outcome(number, outcome, note))


@router.command("|".join(f"(?:{p})" for p in (ACCEPT, DECLINE, PROGRESS, FINISH)))
def not_for_villagers(ctx: Context) -> str:
    """A villager typing a member's command: explain, do nothing."""
    return texts.NOT_FOR_VILLAGERS


@router.command(MINE)
def my_errands(ctx: Context) -> Reply:
    """我的代办: members see what is assigned to them; everyone sees what they asked for."""
    own = errands_of_villager(ctx.session, ctx.user)
    if not ctx.user.role_names & MEMBER_ROLES:
        return did("status.show", texts.villager_list(own))
    reply = texts.member_list(errands_for_member(ctx.session, ctx.user))
    return did("work.show", reply + ("\n\n" + texts.villager_list(own) if own else ""))


@router.command(CANCEL)
def cancel_command(ctx: Context) -> str:
    """取消代办 12: the villager withdraws their own errand."""
    number = int(ctx.match.group(1))
    return texts.villager_cancel(number, cancel_errand(ctx.session, number, ctx.user, ctx.now))
