"""Push kinds as data: each kind's channel and the typed template fields its code must give.

WeChat's rules (WECHAT.md, "Pushes under WeChat's rules") decide the channel:
- "direct": a customer-service text within 48 hours of the user's last interaction; outside
  it a template message from the 类目模板库 whose keywords are the kind's `fields` (each value
  one line of at most 20 characters, no `first`/`remark`) plus the link to the push's detail
  page, where the full text is;
- "broadcast": a mass send (群发) to a tag or an openid list (bot/outbox/mass.py), counted
  against each receiver's four mass messages a month.

The code that makes a push names its fields (`{"事项": "12号 修路灯", "状态": "待认领"}`); nothing
is guessed from the text. Field names map to the template's keyword ids in configuration
(TEMPLATE_FIELDS, default DEFAULT_FIELD_KEYS), per kind when its template differs.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Mapping

VALUE_LIMIT = 20
CLIENT_ID_LIMIT_BYTES = 64


@dataclass(frozen=True)
class PushKind:
    name: str
    channel: str  # "direct" | "broadcast" | "reply" (customer-service text only)
    fields: tuple[str, ...] = ()  # the template's fields, in the order WeChat shows them
    what: str = ""  # the 类目模板库 template to pick (README, "Connect a real official account")


KINDS: dict[str, PushKind] = {k.name: k for k in (
    PushKind("reply", "reply"),
    PushKind("whistle", "direct", ("事项", "地点", "状态", "回复"), "工单待处理提醒"),
    PushKind("need", "direct", ("事项", "状态", "回复"), "工单进度通知"),
    PushKind("task", "direct", ("事项", "时间", "地点", "状态", "回复"), "活动报名提醒"),
    PushKind("reminder", "direct", ("事项", "时间", "地点"), "活动开始提醒"),
    PushKind("errand", "direct", ("事项", "状态", "回复"), "办理进度通知"),
    PushKind("mediation", "direct", ("事项", "时间", "地点", "状态", "回复"), "预约成功通知"),
    PushKind("human", "direct", ("事项", "状态"), "留言提醒"),
    PushKind("safety", "direct", ("事项", "地点", "状态"), "预警通知"),
    PushKind("notice", "broadcast", ("事项", "时间", "地点"), "会议通知"),
    PushKind("theme", "broadcast", ("事项", "时间"), "活动通知"),
)}
# A kind made elsewhere that is not declared here is sent as a direct push without fields.
UNDECLARED = PushKind("", "direct")
DEFAULT_FIELD_KEYS: dict[str, str] = {"事项": "thing1", "时间": "time2", "地点": "thing3", "状态": "phrase4",
                                      "回复": "thing5"}


def kind_of(name: str) -> PushKind:
    return KINDS.get(name, UNDECLARED)


def fit(value: Any) -> str:
    """One line of at most 20 characters (the end cut to '…'): what a template field shows."""
    line = " ".join(str("" if value is None else value).split())
    return line if len(line) <= VALUE_LIMIT else line[:VALUE_LIMIT - 1] + "…"


def template_data(kind: str, payload: Mapping[str, Any],
                  field_keys: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """WeChat's `data` from the fields the push's code gave (payload["template"]).

    Named fields go to the keyword ids configured for the kind (else DEFAULT_FIELD_KEYS);
    rows queued before kinds had fields may carry keyword ids (keyword1 …) themselves, which
    pass through fitted; `first`, `remark` and any other name are left out, as WeChat no
    longer shows them.
    """
    given = payload.get("template")
    if not isinstance(given, Mapping):
        return {}
    keys = {**DEFAULT_FIELD_KEYS, **dict((field_keys or {}).get(kind) or {})}
    out: dict[str, dict[str, str]] = {}
    for name, value in given.items():
        value = value.get("value") if isinstance(value, Mapping) else value
        key = keys.get(str(name)) or (str(name) if str(name).startswith("keyword") else None)
        if key and value not in (None, ""):
            out[key] = {"value": fit(value)}
    return out


def client_msg_id(business_key: str) -> str:
    """The row's business key as WeChat's idempotency id (≤ 64 bytes): itself when short,
    else a hash of it (same key, same id, so a resend after a crash is dropped by WeChat)."""
    if len(business_key.encode("utf-8")) <= CLIENT_ID_LIMIT_BYTES and business_key.isascii():
        return business_key
    return "h" + hashlib.sha256(business_key.encode("utf-8")).hexdigest()[:40]
