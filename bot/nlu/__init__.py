"""Understanding villagers' text: normalise → segment → match → route (text → intent, guide, score).

Public interface (stable; handlers and the `route` command depend on it):

    from bot.nlu import route_text, RouteResult, ACCEPT
    result = route_text("低包咋办")   # RouteResult(intent="guide", guide="dibao", score=0.9, ...)

- `intent`: one of CONTRACT.md's intent ids ("unknown" when nothing fits);
- `guide`: a guide id for intent "guide", and for "errand" when a matter is named; else None;
- `score`: calibrated 0..1; `score >= ACCEPT` means act without asking (a strong word ≈ 0.8–0.95);
- `ambiguous`: two matters named, or two readings too close: ask with numbered choices from
  `candidates` (best first; each has intent, guide, score);
- `normalized`: the cleaned, corrected text (typos and dialect folded) for logs.

Danger to life or safety (bot/safety/detect.py, knowledge/safety.yaml) is checked first and
routes to intent "safety" whatever else the text names.

`warm_up(background=True)` builds the router in a thread at start-up (≈0.3 s build plus ≈0.4 s
for jieba's small dictionary) and the danger detector; otherwise the first `route_text` call builds it. The router
never touches the database. Its words live in `knowledge/lexicon/*.yaml`, plus the examples cadres
added from the admin board (`router.use_additions`, kept in force by bot/lexicon_store.py).
"""
from .types import ACCEPT, FLOOR, Candidate, RouteResult  # noqa: F401


def route_text(text: str, router=None) -> "RouteResult":
    """Route with the router in force, or with `router` (one built to check an assignment)."""
    from bot.safety.detect import detect

    from .router import get_router

    danger = detect(text)  # danger to life or safety outranks every service (bot/safety)
    if danger is not None:
        return RouteResult("safety", None, min(1.0, danger.score), (Candidate("safety", None, 1.0),),
                           False, danger.text)
    return (router or get_router()).route(text)


def warm_up(background: bool = False):
    """Build the router and the danger detector (safety.yaml, its sound index: ≈1 s on first use)
    before the first villager; `background=True` does it in a daemon thread and returns it."""
    import threading

    if background:
        thread = threading.Thread(target=warm_up, name="nlu-warm-up", daemon=True)
        thread.start()
        return thread
    from .router import warm_up as _warm_up

    _warm_up(False)
    route_text("俺家着火了")  # the detector runs on every message, first
    return None


def named_guides(text: str) -> frozenset[str]:
    """The guides `text` names outright (not only hints at): its matter, when it has one."""
    from .router import get_router

    return get_router().named(text)
