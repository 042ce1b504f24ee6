"""Chat for villagers: book a mediation appointment, first steps. By number (取消预约 N, 改约 N,
同意 N): mediation_own.py; a move asked in words: mediation_move.py; what the form says and reads:
mediation_texts.py; what any step keeps besides its own answer: mediation_form.py.

Flow `mediation`: kind → description → other party → day → slot → phone → booked. This module
starts the form and takes the kind, the story and the other party; the day, the time, the phone and
the booking itself are handlers/mediation_times.py's, the free times handlers/mediation_slots.py's.
The form fills by meaning, not only in that order: a phone number typed at any question is kept
(and not asked again), a day said while the other party is asked is kept for the free times, and
everything said in the first message counts. The same day/slot steps re-pick the time of an
existing booking ("改约 N", slot `move`).
The rules live in bot/mediation; this module only talks.
"""
from __future__ import annotations

import re

from bot.dispatch import NOT_MINE, Context, Router
from bot.forms import FormSpec, is_confirm, register
from bot.messages import Reply, did
from bot.nlu.disputes import (KIND_LABELS, choice_number, dispute_kind, kind_from_choice,
                               says_more_than_a_request)
from bot.nlu.phone import parse_mobile

from .account import ask_village_then, continuation
from .form_steps import leaves_free_text
from .mediation_form import kept_aside, let_through
from .mediation_move import move_in_words
from .mediation_slots import FLOW, ask_again, offer_slots, room
from .mediation_texts import (ASK_DAY, ASK_DESCRIPTION, ASK_KIND, ASK_OTHER, COMMANDS, FREE, NO_PHONE_SAID, PHONE_AROUND,
                              SKIP_WORDS, STORY_CHARS, TELLS_A_STORY, asks_elsewhere, names_a_day, other_in_story,
                              answer_about_booking, only_asks_about_mediation, other_party_words)
from .mediation_times import take_slot
from .own_bookings import booking_to_move

router = Router("mediation")


@router.intent("mediation")
def start(ctx: Context) -> Reply | str:
    """Start a booking; take the kind (and the story) from what was already said."""
    if ctx.user.village_id is None:  # register first, then carry on with what was said
        return did("bind.ask", ask_village_then(ctx, resume_after_bind,
                                                intro="预约调解要先知道您是哪个村的。" + FREE, said=ctx.text[:500]))
    if ctx.dialog.paused_form() is not None and only_asks_about_mediation(ctx.text):
        # 调解要花钱不 asked while another form waits: answered, no booking begun over the form
        if answer := answer_about_booking(ctx, room(ctx)):
            return did(None, answer + "想约调解时回复“约调解”。")
    return _begin(ctx, ctx.text)


@continuation("mediation")
def resume_after_bind(ctx: Context, slots: dict) -> Reply | str:
    """The account flow calls this once the village is registered."""
    return _begin(ctx, slots.get("said") or "")


def start_for_family(ctx: Context, member_id: int, said: str) -> Reply | str:
    """A booking for a confirmed family member (handlers/family.py): the same form, and the booking's
    description names them, so the mediator's push and the board say whom it is for."""
    reply = _begin(ctx, said)
    if ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(ctx.dialog.state.step, for_family=member_id)
    return reply


def _begin(ctx: Context, text: str) -> Reply | str:
    reply = _begin_form(ctx, PHONE_AROUND.sub(" ", text) if parse_mobile(text) else text)
    if (phone := parse_mobile(text)) and ctx.dialog.in_flow(FLOW):  # everything in the first message counts
        ctx.dialog.advance(ctx.dialog.state.step, phone=phone)
    elif NO_PHONE_SAID.search(text) and ctx.dialog.in_flow(FLOW):
        ctx.dialog.advance(ctx.dialog.state.step, no_phone=True)
    return reply


def _begin_form(ctx: Context, text: str) -> Reply | str:
    found = room(ctx)
    if found is None:
        phone = ctx.user.village.area.phone
        return did(None, "您所在片区的调解室还没开通网上预约。" + (f"请打片区电话 {phone} 约时间。" if phone else "请回复“人工”找工作人员。"))
    if (booking := booking_to_move(ctx)) is not None:  # 俺那个调解想改个时间: that booking, not a new one
        return move_in_words(ctx, booking)
    intro = f"好的，{found.name}（老苗调解）帮您约时间。{FREE}\n"
    kind = dispute_kind(text)
    if kind is None:  # keep the story and the day said along, ask only the kind
        said = {"description": text[:500]} if says_more_than_a_request(text) else {}
        if names_a_day(ctx, text):
            said["day_words"] = text
        ctx.dialog.start(FLOW, "kind", **said)
        return did("mediation.ask", intro + ASK_KIND)
    if names_a_day(ctx, text):  # kind, story and day in one message: straight to the free times
        ctx.dialog.start(FLOW, "day", kind=kind, description=text[:500], other=other_in_story(text))
        return offer_slots(ctx, text, prefix=intro + f"是{KIND_LABELS[kind]}方面的事。\n")
    if says_more_than_a_request(text):
        ctx.dialog.start(FLOW, "other", kind=kind, description=text[:500])
        return _other_or_ask(ctx, intro + f"是{KIND_LABELS[kind]}方面的事。\n")
    ctx.dialog.start(FLOW, "description", kind=kind)
    return did("mediation.ask", intro + f"是{KIND_LABELS[kind]}方面的事。\n" + ASK_DESCRIPTION)


# A question asked (咋 / 啥时候 / 多少 / 能…不): the words of a kind in it name the matter asked about
_ASKS = re.compile(r"咋|怎么|啥时候|什么时候|多少|多久|多长时间|几天|几时|哪|吗|能不能|能.{1,6}不$|打听|问问|问一下|问下")


@router.flow(FLOW, step="kind")
def choose_kind(ctx: Context):
    """Take the kind of dispute: a number 1–8 or words."""
    if (kept := kept_aside(ctx)) is not None:
        return kept
    kind = kind_from_choice(ctx.text)
    if kind is not None and choice_number(ctx.text) is None and _ASKS.search(ctx.text) and let_through(ctx):
        return NOT_MINE  # 先打听个事 耕地补贴啥时候发: a question about a matter whose name holds a kind's word
    if kind is None and choice_number(ctx.text) is None and not let_through(ctx) \
            and says_more_than_a_request(ctx.text, min_chars=STORY_CHARS) and TELLS_A_STORY.search(ctx.text):
        kind = "其他"  # a story of a kind the list does not name: kept as told, the form goes on
    if kind is None:
        return NOT_MINE if let_through(ctx) else did("mediation.ask", "没看明白。" + ASK_KIND)
    if ctx.dialog.slots.get("day_words"):  # the day was said already: straight to the free times
        ctx.dialog.advance("day", kind=kind, other=other_in_story(ctx.dialog.slots.get("description") or ""))
        return offer_slots(ctx, ctx.dialog.slots["day_words"], prefix=f"好的，{KIND_LABELS[kind]}。\n")
    if says_more_than_a_request(ctx.text) and choice_number(ctx.text) is None:
        ctx.dialog.advance("other", kind=kind, description=ctx.text[:500])
        return _other_or_ask(ctx)
    if ctx.dialog.slots.get("description"):  # the story came with the first message: not asked again
        ctx.dialog.advance("other", kind=kind)
        return _other_or_ask(ctx, f"好的，{KIND_LABELS[kind]}。\n")
    ctx.dialog.advance("description", kind=kind)
    return did("mediation.ask", f"好的，{KIND_LABELS[kind]}。\n" + ASK_DESCRIPTION)


@router.flow(FLOW, step="description")
def take_description(ctx: Context):
    """Take the story in the villager's words (voice arrives as recognised text)."""
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if (kept := kept_aside(ctx)) is not None:
        return kept
    if SKIP_WORDS.match(ctx.text):
        ctx.dialog.advance("other", description="")
        return did("mediation.ask", ASK_OTHER)
    if asks_elsewhere(ctx):  # 等一下，高龄津贴咋领 is no story of the dispute: answered, the form waits
        return NOT_MINE
    if len(ctx.text) < 2:
        return did("mediation.ask", ASK_DESCRIPTION)
    ctx.dialog.advance("other", description=ctx.text[:500])
    return _other_or_ask(ctx)


@router.flow(FLOW, step="other")
def take_other_party(ctx: Context):
    """Who the other party is (optional)."""
    if COMMANDS.match(ctx.text):
        return NOT_MINE
    if (kept := kept_aside(ctx)) is not None:
        return kept
    if not SKIP_WORDS.match(ctx.text) and (leaves_free_text(ctx) or let_through(ctx)):  # 取消吧 is not a name
        return NOT_MINE
    # 行 / 中 to "who is the other party?" is no name: the question is let go
    other = None if SKIP_WORDS.match(ctx.text) or is_confirm(ctx.text) else other_party_words(ctx.text)[:100]
    ctx.dialog.advance("day", other=other)
    if day_words := ctx.dialog.slots.get("day_words"):  # the day was said already: the free times
        offered = offer_slots(ctx, day_words)
        if other is None and is_confirm(ctx.text) and ctx.dialog.in_flow(FLOW) and ctx.dialog.state.step == "slot":
            return take_slot(ctx)  # 行 with the day said and only the other party open: booked as at the times
        return offered
    return did("mediation.ask", ASK_DAY)


def _other_or_ask(ctx: Context, prefix: str = "") -> Reply | str:
    """At the other-party step: the party the story names (跟隔壁老张家…) skips the question."""
    other = other_in_story(ctx.dialog.slots.get("description") or "")
    if other is None:
        return did("mediation.ask", prefix + ASK_OTHER)
    ctx.dialog.advance("day", other=other)
    if day_words := ctx.dialog.slots.get("day_words"):
        return offer_slots(ctx, day_words, prefix=prefix)
    return did("mediation.ask", prefix + ASK_DAY)


register(FormSpec(flow=FLOW, intent="mediation", takes_time=True, gist_slots=("description",),
                  label="约调解", ask=ask_again, ask_action="mediation.ask",
                  missing={"kind": "纠纷类型", "description": "怎么回事", "other": "对方是谁", "day": "时间",
                           "slot": "时间", "phone": "电话"}))
