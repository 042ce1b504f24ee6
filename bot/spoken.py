"""Villagers' words made plain for short word rules: voice fillers, punctuation, 俺/咱.

    spoken_plain("嗯 那个 俺没手机")  → "我没手机"

Voice recognition gives the words without punctuation and with the fillers of speech (那个、
就是、嗯); typed words come with spaces and commas. Rules that match whole short answers
("不用了", "算了 不报了") or a few words ("别给俺发村务了") read this form.
"""
from __future__ import annotations

import re

_NOISE = re.compile(r"那个|就是|嗯+|呃+|额+|[\s，,。.！!？?~～、…]+")


def spoken_plain(text: str) -> str:
    """The words without fillers and punctuation, 俺/咱 read as 我."""
    return _NOISE.sub("", text).replace("俺", "我").replace("咱", "我")


# Leading words of speech that say nothing yet: 喂喂, 那个, 就是, 嗯, 俺想问问 ("那个路灯" keeps 那个).
_OPENING = re.compile(r"^(?:[\s，,。.！!]*(?:喂+|嗯+|呃+|额+|啊+|哎+|你好|您好|(?:我|俺)?想?问(?:问|一下)|是这样的?|"
                      r"(?:那个|就是|这个)(?=[\s，,。.！!]|[我俺咱])))+[\s，,。.！!]*")
_LONE_SOUND = re.compile(r"(?:(?<=\s)|^)(?:嗯+|呃+|额+)(?:\s+|$)")


def without_fillers(text: str) -> str:
    """The words as said, without the opening fillers and lone 嗯 (for what staff will read)."""
    return _LONE_SOUND.sub("", _OPENING.sub("", text.strip())).strip() or text.strip()
