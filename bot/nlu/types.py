"""Result types of the router."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    intent: str
    guide: str | None
    score: float  # 0..1, calibrated so that >= ACCEPT means "act on it"


@dataclass(frozen=True)
class RouteResult:
    intent: str  # one of CONTRACT.md's intent ids; "unknown" when nothing fits
    guide: str | None
    score: float
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    # True when the top candidates are too close to choose: ask with numbered choices.
    ambiguous: bool = False
    normalized: str = ""
