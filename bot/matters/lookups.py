"""Village matters, the read side: a village's matters, the public ones, and finding the matter a
villager means from their words ("村里修路的事到哪一步了")."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.models.matters import Matter

# Words of the question, not of the matter: left out before comparing.
_ASKING = re.compile(
    r"(我们|咱们|俺们|咱|俺|我|村里|村上|村委|本村|那个|这个|那件|这件|的事情|的事儿|的事|事情|事儿|"
    r"到哪一步了|到哪一步|到哪步了|到哪步|到了哪一步|办到哪了|弄到哪了|进展|进度|怎么样了|咋样了|"
    r"怎么样|咋样|啥时候|什么时候|开始了没|定了没|定了吗|有没有|了吗|了没|呢|吗|啊|呀|？|\?|，|,|。|！|!|\s)")
MIN_SCORE = 2  # pairs of characters in a row shared with the matter's name or keywords
CLOSE = 0.8  # matters scoring this share of the best are offered as choices


def village_matters(session: Session, village_id: int) -> list[Matter]:
    return list(session.scalars(select(Matter).options(selectinload(Matter.steps), selectinload(Matter.village))
                                .where(Matter.village_id == village_id)
                                .order_by(Matter.created_at.desc(), Matter.id.desc())))


def public_matters(session: Session, village_id: int) -> list[Matter]:
    """The village's matters whose decision has been made public (决议公开 entered)."""
    return [m for m in village_matters(session, village_id) if m.is_public]


def matter_in_village(session: Session, village_id: int, matter_id: int) -> Matter | None:
    return session.scalar(select(Matter).options(selectinload(Matter.steps))
                          .where(Matter.id == matter_id, Matter.village_id == village_id))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _score(words: str, matter: Matter) -> int:
    """Shared two-character pieces between the asked words and the matter's name or keywords;
    a whole keyword found counts its length again."""
    names = [matter.title, *matter.keywords.split()]
    shared = _bigrams(words) & set().union(*(_bigrams(n) for n in names))
    whole = sum(len(n) for n in names if len(n) >= 2 and n in words)
    return len(shared) + whole


def asked_words(text: str) -> str:
    return _ASKING.sub("", text)


def find_matters(session: Session, village_id: int, text: str) -> list[Matter]:
    """The village's matters the words may mean, best first: one when it is clear, several
    close ones to choose from, none when nothing fits."""
    words = asked_words(text)
    if len(words) < 2:
        return []
    enough = min(MIN_SCORE, len(_bigrams(words)))  # "修路" alone: its one pair is all there is
    scored = [(s, m) for m in village_matters(session, village_id) if (s := _score(words, m)) >= enough]
    if not scored:
        return []
    scored.sort(key=lambda pair: (-pair[0], -pair[1].id))
    best = scored[0][0]
    return [m for s, m in scored if s >= best * CLOSE]
