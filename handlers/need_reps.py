"""Representatives' commands for whistled needs: 报到 12, 进展 12 …, 办结 12 …, 待认领, 分派 12 农业,
退回 12 (given back to the group; CONTRACT.md has no action id for it, so none is reported).

This router comes before the errands router: party members use the same words (进展/办结)
for errands, so for someone who is both, a number that is not a need of theirs goes on to
the errands handlers (NOT_MINE).
"""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router
from bot.messages import Reply, did
from bot.needs import assign_field, claim, claimable_for, close, give_back, held_by, report_progress

from . import need_texts as texts
from . import staff_pick
from .answers import command_words
from .staff_patterns import CLAIM_FORMS

router = Router("need_reps")
REP_ROLES = {"rep"}
ERRAND_ROLES = {"party_member", "grid_worker", "secretary"}

_NO = r"\s*第?\s*(\d{1,9})\s*号?"
CLAIM = command_words(r"^\s*(?:报到|认领|我来?认领|我来?报到)" + _NO + r"\s*[。.！!]?\s*$")
# 报到了 / 抱到啦: the bare word with a particle or typed by its sound is the same bare 报到
_PARTICLE = r"(?:了|啦|吧|哈|嘞|咧)?"
LIST = command_words(r"^\s*(?:" + CLAIM_FORMS + r"|待认领|认领|吹哨|我的报到|待认领的|有啥要认领的)\s*" + _PARTICLE + r"\s*[?？。.!！]?\s*$")
CLAIM_WORD = re.compile(r"^\s*(?:" + CLAIM_FORMS + r"|认领)\s*" + _PARTICLE + r"\s*[。.！!]?\s*$")
PROGRESS = command_words(r"^\s*(?:进展|汇报)" + _NO + r"\s*[:：,，。]?\s*(.*)$")
FINISH = command_words(r"^\s*(?:办结|办完了?|办好了?)" + _NO + r"\s*[:：,，。]?\s*(.*)$")
# 退回 12 这阵子顾不上: the need in hand given back to the group (bot/needs/giving_back.py).
GIVE_BACK = command_words(r"^\s*(?:退回|退还|交回|还回)" + _NO + r"\s*[:：,，。]?\s*(.*)$")
ASSIGN = command_words(r"^\s*(?:分派|转给|转到|分给)" + _NO + r"\s*(?:给|到)?\s*([\u4e00-\u9fff]{2,4}?)"
                       r"(?:组|方面|口)?\s*$")


@router.command(CLAIM, roles=REP_ROLES)
def claim_command(ctx: Context) -> Reply | str:
    """报到 12: take on a whistled need of my group."""
    number = int(ctx.match.group(1))
    outcome = claim(ctx.session, number, ctx.user, ctx.now)
    return did("need.claim" if outcome.ok else None, texts.rep_outcome(number, outcome))


@router.command(LIST, roles=REP_ROLES)
def pending(ctx: Context) -> Reply | str:
    """待认领 (or a bare 报到): needs my groups may claim, and those I hold. After a bare 报到 with
    several waiting, the answer 第二个 / 卫生室那个 claims that one (staff_pick reads it)."""
    waiting = claimable_for(ctx.session, ctx.user)
    if len(waiting) > 1 and not ctx.dialog.busy() and CLAIM_WORD.match(ctx.text):
        ctx.dialog.start(staff_pick.FLOW, "which", act="need.claim", numbers=[n.number for n in waiting])
        # a bare 报到 with several waiting: the list asks which one is taken
        return did("clarify.ask", texts.rep_list(waiting, held_by(ctx.session, ctx.user)))
    return did("work.show", texts.rep_list(waiting, held_by(ctx.session, ctx.user)))


def _mine_or_errands(ctx: Context, action: str, number: int, outcome, note: str = ""):
    if not outcome.ok and outcome.reason in ("not_found", "not_yours") and ctx.user.role_names & ERRAND_ROLES:
        return NOT_MINE  # maybe an errand of theirs with this number
    return did(action if outcome.ok else None, texts.rep_outcome(number, outcome, note))


@router.command(PROGRESS, roles=REP_ROLES)
def progress_command(ctx: Context):
    """进展 12 已联系施工队: tell the villager."""
    number, note = int(ctx.match.group(1)), ctx.match.group(2).strip()
    return _mine_or_errands(ctx, "need.progress", number, report_progress(ctx.session, number, ctx.user, note, ctx.now), note)


@router.command(FINISH, roles=REP_ROLES)
def finish_command(ctx: Context):
    """办结 12 路已修好: close it; the villager is asked 满意/不满意."""
    number, note = int(ctx.match.group(1)), ctx.match.group(2).strip()
    return _mine_or_errands(ctx, "need.done", number, close(ctx.session, number, ctx.user, note, ctx.now), note)


@router.command(ASSIGN, roles=REP_ROLES)
def assign_command(ctx: Context) -> Reply | str:
    """分派 12 农业: a township group's representative sends an unsure need to a field."""
    number, field = int(ctx.match.group(1)), ctx.match.group(2)
    return texts.rep_outcome(number, assign_field(ctx.session, number, ctx.user, field, ctx.now))


@router.command("|".join(f"(?:{p})" for p in (CLAIM, ASSIGN)))
def not_for_villagers(ctx: Context) -> str:
    """Someone who is not a representative typing 报到 N: explain, do nothing."""
    return texts.NOT_FOR_VILLAGERS


@router.command(GIVE_BACK, roles=REP_ROLES)
def give_back_command(ctx: Context):
    """退回 12 这阵子顾不上: let the need go; the group's other representatives are whistled."""
    number, note = int(ctx.match.group(1)), ctx.match.group(2).strip()
    return _mine_or_errands(ctx, None, number, give_back(ctx.session, number, ctx.user, note, ctx.now), note)
