"""A family of matters named without the one meant ("补贴咋领", "救助找谁", "证丢了咋办"): when
nothing else understood the message, the guides of that family are offered as numbered choices
instead of the menu. The families are data (knowledge/lexicon/matter_families.yaml), read and
checked with the lexicon (bot/nlu/families.py); the router asks the same for a first message."""
from __future__ import annotations

from bot.dispatch import Context
from bot.guides import get_guide
from bot.messages import Reply, did
from bot.nlu import families
from bot.nlu.router import get_router

from . import clarify

MAX_WORDS_CHARS = 20  # a long message that names a family is a story, not a question for a guide


def family_of(text: str) -> tuple[str, ...] | None:
    """The guides of the family the words name (knowledge/lexicon/matter_families.yaml), or None."""
    return families.family_of(get_router().lexicon.families, text) or None


def ask_which_matter(ctx: Context) -> Reply | None:
    """Numbered guides of the family named, or None when the words name none."""
    if len(ctx.text) > MAX_WORDS_CHARS:
        return None
    guides = family_of(ctx.text)
    if not guides:
        return None
    options = [["guide", g] for g in guides if get_guide(ctx.session, g) is not None]
    if len(options) < 2:
        return None
    ctx.dialog.start(clarify.FLOW, "pick", options=options)
    lines = ["您问的是哪一项？回复数字就行："]
    lines += [f"{n} {get_guide(ctx.session, g).title}" for n, (_, g) in enumerate(options, 1)]
    lines.append(f"{len(options) + 1} 都不是，换个说法（或回复“人工”）")
    return did("clarify.ask", "\n".join(lines))
