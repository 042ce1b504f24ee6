"""WeChat's rules for what a push may carry, as the fake API enforces them (WECHAT.md, "Pushes
under WeChat's rules"): template fields since 2023-05-04, idempotency ids, mass-send and tag limits.

What the fake does with a template's data, and why:
- a keyword value over 20 characters, or with a line break, is refused with 47003 "argument
  invalid", as WeChat refuses an over-long or multi-line value of a typed keyword (thing,
  character_string …) of the templates in the 类目模板库;
- `first` and `remark` (and colours) are accepted and dropped, as WeChat drops them: the
  message is recorded as the user sees it, and the breach is listed in `violations` so that a
  test (tests/fake_wechat_fixtures.py) fails on it.
"""
from __future__ import annotations

import re

VALUE_LIMIT = 20
DROPPED_KEYS = frozenset({"first", "remark"})
# client_msg_id (template) / clientmsgid (mass send): at most 64 bytes (45067 for a mass send).
CLIENT_ID_LIMIT_BYTES = 64
CLIENT_MSG_ID_SECONDS = 600  # one message per openid + client_msg_id within 10 minutes
MASS_PER_USER_MONTH = 4
MASS_PER_MINUTE = 60
MASS_PER_DAY = 100
MASS_LIST_MIN, MASS_LIST_MAX = 2, 10_000
TAGS_PER_ACCOUNT = 100
TAG_NAME_BYTES = 30
TAGS_PER_USER = 20
TAG_BATCH = 50
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


def template_problems(data: dict) -> tuple[int, list[str]]:
    """(errcode, violations) for a template's `data`: 47003 when WeChat refuses it, else 0
    with the breaches WeChat silently repairs (dropped first/remark, colours, emoji)."""
    violations: list[str] = []
    for key, item in data.items():
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            return 47003, [f"{key}: not {{'value': str}}"]
        value = item["value"]
        if key in DROPPED_KEYS:
            violations.append(f"{key} is dropped by WeChat since 2023-05-04")
            continue
        if "\n" in value or "\r" in value:
            return 47003, [f"{key}: a line break"]
        if len(value) > VALUE_LIMIT:
            return 47003, [f"{key}: {len(value)} characters (at most {VALUE_LIMIT})"]
        if "color" in item:
            violations.append(f"{key}: colour is dropped by WeChat")
        if _EMOJI.search(value):
            violations.append(f"{key}: emoji are dropped by WeChat")
    return 0, violations


def shown_fields(data: dict) -> list[str]:
    """The template's values as the user reads them: keywords only, emoji removed."""
    return [_EMOJI.sub("", str(v.get("value", ""))) for k, v in data.items()
            if isinstance(v, dict) and k not in DROPPED_KEYS]


def client_id_ok(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value.encode("utf-8")) <= CLIENT_ID_LIMIT_BYTES
