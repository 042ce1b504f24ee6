"""Result types of the router."""
from __future__ import annotations

from dataclasses import dataclass, field

# Calibrated score thresholds (see router.py for how scores are calibrated).
FLOOR = 0.42  # below: intent "unknown" (a single weak hint scores 0.37–0.41)
ACCEPT = 0.6  # from here on a caller may act on the route without asking to confirm


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
