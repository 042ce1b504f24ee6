"""Village affairs (村务公开、议事日、村情发布会、村规民约): notices, their pushes, village rules.

    from bot import affairs
    affairs.publish_notice(session, area_code=..., kind="议事日", title=..., ...)   # rules.py
    affairs.set_subscription(session, user, False)       # rules.py: "不要推送村务"
    affairs.push_notice / recipients                     # notices.py: who is told, once each
    affairs.recent_notices / notice_for / next_event / village_rules / push_counts   # lookups.py
    affairs.texts.push_text / list_line / full_text / refusal      # texts.py
    affairs.AffairsError / AffairsReason                 # reasons.py: why a rule said no
    affairs.load_affairs(session, path)                  # loader.py: knowledge/affairs.yaml
    `flask notice …`                                     # cli.py

Functions take the caller's session and never commit.
"""
from . import texts
from .lookups import (is_subscribed, next_event, notice_for, push_counts, recent_notices, subscriptions,
                      village_rules)
from .notices import push_notice, recipients
from .reasons import AffairsError, AffairsReason
from .rules import (EVENT_KINDS, MAX_BODY, MAX_TITLE, NOTICE_KINDS, Published, check_notice, dedupe_key,
                    publish_notice, set_subscription)
from .loader import AffairsDataError, AffairsLoadReport, load_affairs, read_affairs_file

__all__ = [
    "texts", "MAX_BODY", "MAX_TITLE", "is_subscribed", "next_event", "notice_for", "push_counts", "recent_notices", "subscriptions",
    "village_rules", "push_notice", "recipients", "EVENT_KINDS", "NOTICE_KINDS", "AffairsError", "AffairsReason",
    "Published", "check_notice", "dedupe_key", "publish_notice", "set_subscription", "AffairsDataError",
    "AffairsLoadReport", "load_affairs", "read_affairs_file",
]
