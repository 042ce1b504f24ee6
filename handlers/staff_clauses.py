"""Staff answering several pushed items in one message, clause by clause, each clause pointing at its
item by place, number or a word of it: 第二个俺接不了 头一个俺接 / 残疾那个不接 高龄的俺接了 /
第一个俺报到第二个俺们组管不了 (a voice run-on is cut before each pointer). A party member's errands
offered are taken or passed on; a representative's whistles are claimed (a can't leaves the need for
the others). Clauses that point at nothing are the reasons. One pointed clause alone stays with
staff_named / staff_words.
"""
from __future__ import annotations

import re

from bot.choices import clauses, pick_named
from bot.dispatch import NOT_MINE, Context, Router
from bot.errands import accept, decline
from bot.messages import did
from bot.needs import claim, claimable_for

from .answer_words import says_cant
from .push_pointers import leading_number
from .staff_named import _NAMED_THEN_ANY, _NOT_A_NAME, _PLACE, DECLINE_NEED, _describe
from .staff_pick import picked
from .staff_words import ACCEPT, CLAIM_WORDS, DECLINE, MEMBER, REP, _member_did, _offered_to_me, _rep_did

router = Router("staff_clauses")

# Where a run-on turns to the next item: a place word after the start (…俺接不了头一个俺接).
_TURN = re.compile(r"(?<=.)(?=(?:头一|第[一二三四五1-5]|前面|前边|后面|后边|最后|剩下)(?:一)?(?:个|件|单))")
_ALSO = re.compile(r"也|都|还|就")


def _pointed(clause: str, items: list) -> tuple[object | None, str]:
    """The item a clause points at first, and the words after the pointer."""
    numbered, rest = leading_number(clause, items, lambda i: i.number)
    if numbered is not None:
        return numbered, rest
    if (place := _PLACE.match(clause)) is not None:
        return picked(place.group("place"), items), place.group("rest")
    named = _NAMED_THEN_ANY.match(clause)
    if named is not None and named.group("name") not in _NOT_A_NAME:
        return pick_named(named.group("name"), items, _describe), named.group("rest")
    return None, clause


def _verdict(words: str) -> str | None:
    plain = _ALSO.sub("", words.strip())
    if DECLINE.match(plain) or DECLINE_NEED.match(plain) or says_cant(plain):
        return "no"
    if ACCEPT.match(plain) or CLAIM_WORDS.match(plain):
        return "yes"
    return None


@router.reader(roles=MEMBER | REP)
def answer_by_clause(ctx: Context):
    """第二个俺接不了 头一个俺接: each item pointed at, taken or passed on."""
    text = ctx.text.strip()
    if ctx.dialog.busy() or len(text) > 60:
        return NOT_MINE
    roles = ctx.user.role_names
    errands = sorted(_offered_to_me(ctx), key=lambda e: e.number) if roles & MEMBER else []
    needs = sorted(claimable_for(ctx.session, ctx.user), key=lambda n: n.number) if roles & REP and not errands else []
    items = errands or needs
    if len(items) < 2:
        return NOT_MINE
    said = clauses(text) if len(clauses(text)) > 1 else clauses(_TURN.sub("，", text))
    decided: dict[int, tuple[object, str]] = {}
    for clause in said:
        item, words = _pointed(clause, items)
        verdict = _verdict(words) if item is not None else None
        if verdict is not None and item.number not in decided:
            decided[item.number] = (item, verdict)
    if len(decided) < 2:
        return NOT_MINE  # one item pointed at: staff_named / staff_words read it
    replies = []
    for number, (item, verdict) in decided.items():
        if errands and verdict == "yes":
            replies.append(_member_did("errand.accept", number, accept(ctx.session, number, ctx.user, ctx.now)))
        elif errands and item.state == "offered":
            replies.append(_member_did("errand.decline", number, decline(ctx.session, number, ctx.user, ctx.now)))
        elif needs and verdict == "yes":
            replies.append(_rep_did("need.claim", number, claim(ctx.session, number, ctx.user, ctx.now)))
        else:
            replies.append(did(None, f"{number}号您先不接，留给其他人。"))
    actions = [r.action for r in replies if r.action]
    wanted = next((a for a in ("errand.accept", "need.claim") if a in actions), actions[0] if actions else None)
    return did(wanted, "\n".join(r.text for r in replies))
