"""Whether free text inside a flow is confidently another request (the flow steps aside).

Its own module so that both dispatch (which runs flows) and forms (which pause them) use it
without importing each other.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .nlu.phone import parse_mobile

if TYPE_CHECKING:
    from .dispatch import Context

# A routed intent at least this sure is "clearly a different request" inside a flow.
NEW_REQUEST_SCORE = 0.8


def is_new_request(ctx: Context, own_intents: Iterable[str] = ()) -> bool:
    """True when free text inside a flow is confidently a different request (leave the flow)."""
    route = ctx.route
    # "safety" here means the danger guard, which runs before every flow, let the words pass (打俺儿子的
    # 158… is a phone to call, not a blow): they are no other request.
    if route is None or route.intent in ("unknown", "menu", "safety") or route.intent in own_intents:
        return False
    if route.intent == "bind" and parse_mobile(ctx.text):
        return False  # 俺住后街 手机号139…: where one lives told with a form's phone, no registering
    return bool(route.score >= NEW_REQUEST_SCORE and not route.ambiguous)
