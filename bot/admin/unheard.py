"""没听懂的话: free texts the bot answered with the menu, grouped by similar wording.

A message is "not understood" when its action is `menu.show` and it was typed or spoken
(text, voice), unless it asks for the menu itself (routes to intent `menu`: 菜单, 你好) or was
already assigned on the board. Texts are normalised (bot/nlu/normalize.py), cut into words by
the router's own jieba tokenizer (its small dictionary plus the lexicon's words), and grouped greedily, most frequent first: a text joins the first group whose first
text it matches by rapidfuzz token_set_ratio ≥ SIMILAR (the same words in another order, or one
text inside the other), else starts a group.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import InboundMessage
from bot.nlu import route_text
from bot.nlu.normalize import normalize
from bot.nlu.router import get_router

from .action_figures import sender_in

SIMILAR = 70.0
MAX_MESSAGES = 2000  # the newest; older ones wait until these are sorted out
MAX_GROUPS = 100


@dataclass
class Group:
    key: str  # the first (most frequent) text's normal form: names the group in forms
    texts: Counter = field(default_factory=Counter)  # text as written → times
    last_at: datetime | None = None

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def example(self) -> str:
        return self.texts.most_common(1)[0][0]


def words_of(text: str) -> str:
    """The text's words, space-separated, for token-based similarity."""
    return " ".join(w for w in get_router().segmenter.tokens(normalize(text)) if w.strip())


def unheard_messages(session: Session, area_ids: set[int] | None, since: datetime,
                     skip: set[str]) -> list[tuple[str, datetime]]:
    rows = session.execute(
        select(InboundMessage.content, InboundMessage.received_at)
        .where(InboundMessage.action == "menu.show", InboundMessage.msg_type.in_(("text", "voice")),
               InboundMessage.received_at >= since, InboundMessage.content != "", sender_in(area_ids))
        .order_by(InboundMessage.received_at.desc()).limit(MAX_MESSAGES)).all()
    asked_menu: dict[str, bool] = {}
    found = []
    for content, at in rows:
        text = (content or "").strip()
        if not text or text in skip or not normalize(text):
            continue
        if text not in asked_menu:
            asked_menu[text] = route_text(text).intent == "menu"
        if not asked_menu[text]:
            found.append((text, at))
    return found


def group_texts(messages: list[tuple[str, datetime]]) -> list[Group]:
    """Group by similar wording; the biggest groups first."""
    times: Counter = Counter(text for text, _ in messages)
    latest: dict[str, datetime] = {}
    for text, at in messages:
        latest[text] = max(at, latest.get(text, at))
    groups: list[tuple[str, Group]] = []  # (the first text's words, group)
    for text, n in sorted(times.items(), key=lambda item: (-item[1], item[0])):
        words = words_of(text)
        home = next((g for first, g in groups if fuzz.token_set_ratio(words, first) >= SIMILAR), None)
        if home is None:
            home = Group(normalize(text))
            groups.append((words, home))
        home.texts[text] += n
        if home.last_at is None or latest[text] > home.last_at:
            home.last_at = latest[text]
    ordered = sorted((g for _, g in groups), key=lambda g: (-g.count, g.key))
    return ordered[:MAX_GROUPS]
