"""The `status` answer ("我的预约", "我报名的活动", "我的记录"): the villager's own records, all capabilities.

Each capability contributes a record source: a function `(session, user) -> list[str]` that
returns short lines about *that user's* records only (newest last). Plug one in with one line
in RECORD_SOURCES: (heading, function).
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from sqlalchemy.orm import Session

from bot import family, mediation, needs, volunteers
from bot.dispatch import Context, Router
from bot.messages import Reply, did

from . import errand_texts

log = logging.getLogger(__name__)
router = Router("status")

RecordSource = Callable[[Session, object], list[str]]

RECORD_SOURCES: list[tuple[str, RecordSource]] = [
    ("志愿活动", volunteers.status_lines),
    ("请党员代办", errand_texts.status_lines),
    ("调解预约", mediation.status_lines),
    ("反映的问题", needs.status_lines),
    ("替家人办", family.status_lines),
]
MAX_LINES_PER_SOURCE = 6
# "俺现在还报着啥", "还约着哪个", "手上还有啥没办完": only what is still open, not what ended.
_STILL_OPEN_ASKED = re.compile(r"还(报着|约着|挂着|等着|在办|没办完|有效|算数)|还有(约|预约|报)|现在(还)?(报着|约着|有|挂着)|还剩(啥|哪|什么|几)|没办完")
# How an ended record's state reads in the sources' lines (their state words: cancelled, done, attended).
_ENDED_STATES = ("已取消", "活动取消了", "没去", "已参加", mediation.STATE_LABELS["done"],
                 errand_texts.VILLAGER_STATES["done"], needs.VILLAGER_STATES["closed"])
NOTHING_OPEN = "您现在没有还在办、还报着的事。想看以前的记录，回复“我的记录”。"
NOTHING_YET = ("您现在还没有预约、报名或反映过的事。\n"
               "想报名志愿活动回复“当志愿者”，想预约调解或反映问题直接说就行。")


def collect_records(session: Session, user) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(heading, lines) per source that has records, and the headings that failed."""
    found, failed = [], []
    for heading, source in RECORD_SOURCES:
        try:
            # A savepoint per source: one failing query must not spoil the others' transaction.
            with session.begin_nested():
                lines = source(session, user)
        except Exception:
            log.exception("record source %s failed", heading)
            failed.append(heading)
            continue
        if lines:
            found.append((heading, lines[-MAX_LINES_PER_SOURCE:]))
    return found, failed


@router.intent("status")
def my_records(ctx: Context) -> Reply:
    """List the user's own records with their state, one section per capability."""
    found, failed = collect_records(ctx.session, ctx.user)
    if _STILL_OPEN_ASKED.search(ctx.text):
        found = [(heading, open_lines) for heading, lines in found
                 if (open_lines := [line for line in lines if not _ended(line)])]
        if not found and not failed:
            return did("status.show", NOTHING_OPEN)
    parts = []
    for heading, lines in found:
        parts.append(f"【{heading}】\n" + "\n".join(f"· {line}" for line in lines))
    if failed:
        parts.append(f"（{'、'.join(failed)}的记录暂时查不到，请稍后再问。）")
    if not found:
        return did("status.show", NOTHING_YET if not failed else parts[-1])
    return did("status.show", "您的记录：\n" + "\n".join(parts))


def _ended(line: str) -> bool:
    """The record's state (after its last "：") is one that ended it."""
    state = line.rsplit("：", 1)[-1]
    return state.startswith(_ENDED_STATES)
