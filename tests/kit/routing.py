"""A stand-in for the NLU router, injected through bot.conversation.use_router.

    def test_x(app, router):                      # the `router` fixture (tests.kit.fixtures)
        router.set("我想请党员帮我办低保", "errand", "dibao")   # this text → this route
        router.always("canteen")                  # every text → canteen (score 0.9)
        router.by(lambda text, ctx: ...)          # any function of (text, ctx) → RouteResult

Texts not set route as "unknown" with score 0 until `always` says otherwise.
"""
from __future__ import annotations

from typing import Callable

from bot.conversation import use_router
from bot.nlu import RouteResult

UNKNOWN = RouteResult("unknown", None, 0.0)


class FakeRouter:
    """Routes the free words of messages to one app: known texts get their route, others the default."""

    def __init__(self, app) -> None:
        self.routes: dict[str, RouteResult] = {}
        self.otherwise = UNKNOWN
        self._function: Callable[[str, object], RouteResult] | None = None
        use_router(app, self)

    def set(self, text: str, intent: str, guide: str | None = None, score: float = 0.95) -> None:
        self.routes[text] = RouteResult(intent, guide, score)

    def always(self, intent: str, score: float = 0.9) -> None:
        """Every text routes to `intent` (what was set before is forgotten)."""
        self.routes.clear()
        self._function = None
        self.otherwise = RouteResult(intent, None, score)

    def by(self, function: Callable[[str, object], RouteResult]) -> None:
        """Route every text with `function(text, ctx)`."""
        self._function = function

    def __call__(self, text: str, ctx) -> RouteResult:
        if self._function is not None:
            return self._function(text, ctx)
        return self.routes.get(text, self.otherwise)
