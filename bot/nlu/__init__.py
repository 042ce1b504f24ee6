"""Understanding villagers' text: normalise → segment → match → route (text → intent, guide, score).

Public interface (stable; handlers and the `route` command depend on it):

    from bot.nlu import route_text, RouteResult
    result = route_text("低包咋办")   # RouteResult(intent="guide", guide="dibao", score=0.93, ...)

The router never touches the database.
"""
from .types import Candidate, RouteResult  # noqa: F401


def route_text(text: str) -> "RouteResult":
    from .router import get_router

    return get_router().route(text)
