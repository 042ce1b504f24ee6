"""WeChat user tags kept in step with areas: one tag per area, each follower tagged with theirs.

    sync_area_tags(db, client)   # `flask outbox tags`, and the scheduler every hour

WeChat allows 100 tags an account (45056), names of at most 30 bytes, unique, at most 20 tags
a follower, and 50 openids per batchtagging / batchuntagging call (WECHAT.md). The county's
19 areas fit; its 98 villages would not, so villages are reached by openid lists (mass.py).
`WechatTagMember` remembers the area tag we last gave each follower, so a run only calls
WeChat for what changed: followers new to an area are tagged, those who moved are untagged
from the old area first, those who unfollowed or left every area are untagged.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from ..db import Database
from ..models import Area, User, Village, WechatTag, WechatTagMember
from .enqueue import batched

BATCH = 50
NAME_BYTES = 30


@dataclass
class TagSync:
    created: int = 0
    tagged: int = 0
    untagged: int = 0
    calls: int = 0


def tag_name(area: Area) -> str:
    """The area's name, cut to WeChat's 30 bytes (whole characters)."""
    name = area.name
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1]
    return name


def _area_tags(db: Database, client: Any, result: TagSync) -> dict[str, int]:
    with db.session() as s:
        known = {t.area_code: t.tag_id for t in s.scalars(select(WechatTag))}
        areas = [(a.code, tag_name(a)) for a in s.scalars(select(Area).order_by(Area.id)) if a.code not in known]
    wechat = client.list_tags() if areas else {}
    for code, name in areas:
        tag_id = wechat.get(name)
        if tag_id is None:
            tag_id = client.create_tag(name)
            result.created += 1
        with db.session() as s:
            s.add(WechatTag(area_code=code, tag_id=tag_id, name=name))
        known[code] = tag_id
    return known


def sync_area_tags(db: Database, client: Any) -> TagSync:
    """Create missing area tags and move followers' tags to match their areas now.

    WeChat is called outside any transaction (a write lock is never held across a call); each
    accepted batch is recorded at once, so a failed call raises and the next run carries on
    from what was recorded.
    """
    result = TagSync()
    tags = _area_tags(db, client, result)
    with db.session() as s:
        wanted = {openid: tags[code] for openid, code in s.execute(
            select(User.openid, Area.code).join(Village, User.village_id == Village.id)
            .join(Area, Village.area_id == Area.id).where(User.subscribed.is_(True))) if code in tags}
        held = dict(s.execute(select(WechatTagMember.openid, WechatTagMember.tag_id)).all())
    untag, tag = defaultdict(list), defaultdict(list)
    for openid, tag_id in held.items():
        if wanted.get(openid) != tag_id:
            untag[tag_id].append(openid)
    for openid, tag_id in wanted.items():
        if held.get(openid) != tag_id:
            tag[tag_id].append(openid)
    for tag_id, openids in untag.items():
        for chunk in batched(sorted(openids), BATCH):
            client.tag_users(tag_id, chunk, tagging=False)
            with db.session() as s:
                s.execute(delete(WechatTagMember).where(WechatTagMember.openid.in_(chunk)))
            result.calls += 1
            result.untagged += len(chunk)
    for tag_id, openids in tag.items():
        for chunk in batched(sorted(openids), BATCH):
            client.tag_users(tag_id, chunk, tagging=True)
            with db.session() as s:
                s.add_all(WechatTagMember(openid=o, tag_id=tag_id) for o in chunk)
            result.calls += 1
            result.tagged += len(chunk)
    return result
