"""Placeholder router until the real one lands: only the menu and cancel words."""
from __future__ import annotations

from functools import lru_cache

from .types import RouteResult


class _KeywordRouter:
    def route(self, text: str) -> RouteResult:
        t = text.strip()
        if t in ("取消", "退出", "算了"):
            return RouteResult("cancel", None, 1.0)
        if t in ("你好", "菜单", "帮助", "在吗"):
            return RouteResult("menu", None, 1.0)
        return RouteResult("unknown", None, 0.0)


@lru_cache(maxsize=1)
def get_router() -> _KeywordRouter:
    return _KeywordRouter()
