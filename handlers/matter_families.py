"""A family of matters named without the one meant ("补贴咋领", "救助找谁", "证丢了咋办"): when
nothing else understood the message, the guides of that family are offered as numbered choices
instead of the menu. The families are data (knowledge/lexicon/matter_families.yaml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from bot.config import knowledge_path
from bot.dispatch import Context
from bot.guides import get_guide
from bot.messages import Reply, did

from . import clarify

FAMILIES_FILE = ("lexicon", "matter_families.yaml")
MAX_WORDS_CHARS = 20  # a long message that names a family is a story, not a question for a guide


@dataclass(frozen=True)
class Family:
    words: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    guides: tuple[str, ...]


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    data = yaml.safe_load(knowledge_path(*FAMILIES_FILE).read_text(encoding="utf-8")) or {}
    return tuple(Family(tuple(f["words"]), tuple(re.compile(p) for p in f.get("patterns") or ()), tuple(f["guides"]))
                 for f in data.get("families", []))


def family_of(text: str) -> tuple[str, ...] | None:
    """The guides of the family the words name (the longest word wins; a pattern counts as one
    character more than its match), or None."""
    best: tuple[int, tuple[str, ...]] | None = None
    for family in families():
        lengths = [len(w) for w in family.words if w in text]
        lengths += [len(m.group(0)) + 1 for p in family.patterns if (m := p.search(text))]
        if lengths and (best is None or max(lengths) > best[0]):
            best = (max(lengths), family.guides)
    return best[1] if best else None


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
