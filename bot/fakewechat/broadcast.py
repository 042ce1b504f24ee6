"""The fake API's mass sends (群发) and user tags, with WeChat's limits (rules.py).

Plain data under the FakeState's lock; the routes (routes_mass.py) turn results into answers.
A mass send records one message for each receiver (endpoint "mass") and queues its
MASSSENDJOBFINISH event; the per-user limit counts calendar months in Beijing time.
"""
from __future__ import annotations

import itertools
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from . import rules

BEIJING = timezone(timedelta(hours=8))
RESERVED_TAGS = {0: "黑名单", 1: "星标组", 2: "", }  # WeChat keeps ids 0–2 (45058 to change them)


def month_key(epoch: float) -> str:
    local = datetime.fromtimestamp(epoch, BEIJING)
    return f"{local.year:04d}-{local.month:02d}"


def day_key(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, BEIJING).strftime("%Y-%m-%d")


@dataclass
class MassJob:
    msg_id: int
    clientmsgid: str | None
    total: int
    receivers: list[str]
    refused: list[str]  # over their monthly limit, or unfollowed
    at: float


@dataclass
class Broadcasts:
    """Tags, tag members, mass-send jobs and counters of one fake account."""
    tags: dict[int, str] = field(default_factory=dict)
    members: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    received: Counter = field(default_factory=Counter)  # (openid, month) -> mass messages received
    jobs: dict[int, MassJob] = field(default_factory=dict)
    by_clientmsgid: dict[str, int] = field(default_factory=dict)
    calls: deque = field(default_factory=deque)  # epoch of each mass call in the last minute
    per_day: Counter = field(default_factory=Counter)
    per_user_month: int = rules.MASS_PER_USER_MONTH

    def __post_init__(self) -> None:
        self._tag_ids = itertools.count(100)
        self._msg_ids = itertools.count(1000000001)

    def forget_deliveries(self) -> None:
        self.received.clear()
        self.jobs.clear()
        self.by_clientmsgid.clear()
        self.calls.clear()
        self.per_day.clear()

    # --- tags -------------------------------------------------------------------------------
    def create_tag(self, name: object) -> tuple[int, int | None]:
        """(errcode, tag id)."""
        if not isinstance(name, str) or not name or len(name.encode("utf-8")) > rules.TAG_NAME_BYTES:
            return 45158, None
        if name in self.tags.values():
            return 45157, None
        if len(self.tags) >= rules.TAGS_PER_ACCOUNT:
            return 45056, None
        tag_id = next(self._tag_ids)
        self.tags[tag_id] = name
        return 0, tag_id

    def delete_tag(self, tag_id: int) -> int:
        if tag_id in RESERVED_TAGS:
            return 45058
        if tag_id not in self.tags:
            return 45159
        if len(self.members.get(tag_id, ())) > 100_000:
            return 45057
        del self.tags[tag_id]
        self.members.pop(tag_id, None)
        return 0

    def tags_of(self, openid: str) -> list[int]:
        return sorted(t for t, people in self.members.items() if openid in people and t in self.tags)

    def batch(self, tag_id: object, openids: object, tagging: bool) -> int:
        if not isinstance(openids, list) or not openids or len(openids) > rules.TAG_BATCH:
            return 40032
        if tag_id not in self.tags:
            return 45159
        if tagging:
            if any(len(self.tags_of(o)) >= rules.TAGS_PER_USER and o not in self.members[tag_id]
                   for o in openids):
                return 45059
            self.members[tag_id].update(map(str, openids))
        else:
            self.members[tag_id].difference_update(map(str, openids))
        return 0

    # --- mass sends -------------------------------------------------------------------------
    def rate_error(self, now: float) -> int:
        """45011 past 60 calls a minute, 45009 past 100 a day; else counts this call."""
        while self.calls and now - self.calls[0] >= 60:
            self.calls.popleft()
        if len(self.calls) >= rules.MASS_PER_MINUTE:
            return 45011
        if self.per_day[day_key(now)] >= rules.MASS_PER_DAY:
            return 45009
        self.calls.append(now)
        self.per_day[day_key(now)] += 1
        return 0

    def earlier_job(self, clientmsgid: str | None) -> MassJob | None:
        return self.jobs.get(self.by_clientmsgid.get(clientmsgid or "", -1))

    def send(self, targets: list[str], unfollowed: set[str], clientmsgid: str | None, now: float) -> MassJob:
        """One job: each target within their monthly limit receives it, the others do not."""
        month = month_key(now)
        receivers, refused = [], []
        for openid in dict.fromkeys(targets):
            if openid in unfollowed or self.received[(openid, month)] >= self.per_user_month:
                refused.append(openid)
                continue
            self.received[(openid, month)] += 1
            receivers.append(openid)
        job = MassJob(next(self._msg_ids), clientmsgid, len(targets), receivers, refused, now)
        self.jobs[job.msg_id] = job
        if clientmsgid:
            self.by_clientmsgid[clientmsgid] = job.msg_id
        return job

    def left_this_month(self, openid: str, now: float) -> int:
        return max(0, self.per_user_month - self.received[(openid, month_key(now))])


def finish_event(job: MassJob) -> dict:
    """MASSSENDJOBFINISH as WeChat posts it to the webhook (values as XML text)."""
    return {"Event": "MASSSENDJOBFINISH", "MsgID": str(job.msg_id), "Status": "send success",
            "TotalCount": str(job.total), "FilterCount": str(len(job.receivers)),
            "SentCount": str(len(job.receivers)), "ErrorCount": "0"}
