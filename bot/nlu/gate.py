"""The gate an added example passes before it changes routing (no database; bot/lexicon_store.py
stores what passes).

    result = check_addition(in_force, ("intent", "affairs", ("村里的大喇叭喊的啥",)), [dev_file])
    result.ok, result.lines   # refused: the failing lines, as `route --eval` prints them

Checks, in order: (1) the lexicon with the addition loads with the files' own validation;
(2) every added phrasing now routes to its target; (3) each labelled file (`route --eval`'s
format: the routing dev set) routes at least as well as without the addition: any line that was
right and is now wrong refuses it (so a set at 100% stays at 100%); (4) the lexicon's own
examples that routed to their entry still do (`route --check`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import route_text
from .evaluate import Labelled, label, read_labelled
from .lexicon import Addition, LexiconError
from .router import Router, build_router


@dataclass
class GateResult:
    ok: bool
    lines: list[str] = field(default_factory=list)  # why it was refused, one line each
    figures: list[str] = field(default_factory=list)  # "routing-dev.jsonl: 215/215 = 100.0%"


def _right(router: Router, item: Labelled) -> tuple[bool, str]:
    got = route_text(item.text, router)
    return got.intent == item.intent and got.guide in item.guides, label(got.intent, got.guide)


def _target_of(kind: str, ident: str, router: Router, text: str) -> tuple[bool, str]:
    got = route_text(text, router)
    right = (got.intent, got.guide) == ("guide", ident) if kind == "guide" else got.intent == ident
    return right and not got.ambiguous, label(got.intent, got.guide) + ("（拿不准）" if got.ambiguous else "")


def _self_check(router: Router) -> set[str]:
    """The lexicon's own examples that route to their entry without their own help."""
    fine = set()
    for entry in router.lexicon.entries():
        for example in entry.examples:
            got = router.route(example, leave_out=True)
            if ((got.intent, got.guide) == ("guide", entry.id) if entry.kind == "guide" else got.intent == entry.id):
                fine.add(f"{entry.kind}:{entry.id}:{example}")
    return fine


def check_addition(in_force: tuple[Addition, ...], added: Addition,
                   labelled_files: list[Path]) -> GateResult:
    kind, ident, phrasings = added
    try:
        before = build_router(in_force)
        after = build_router(in_force + (added,))
    except LexiconError as exc:
        return GateResult(False, [f"词库检查没通过：{exc}"])
    lines = [f"“{text}”加进去以后还是分到 {got}，不是 {label('guide', ident) if kind == 'guide' else ident}"
             for text in phrasings for right, got in [_target_of(kind, ident, after, text)] if not right]
    figures = []
    for path in labelled_files:
        items = read_labelled(path)
        right_after = 0
        for n, item in enumerate(items, 1):
            ok_after, got_after = _right(after, item)
            right_after += ok_after
            if not ok_after and _right(before, item)[0]:
                lines.append(f"{path.name}:{n}: “{item.text}” 应为 {label(item.intent, item.guides[0])}，"
                             f"加了以后分到 {got_after}")
        figures.append(f"{path.name}: {right_after}/{len(items)} = {right_after / max(len(items), 1):.1%}")
    lost = _self_check(before) - _self_check(after)
    lines += [f"词库自带的例句不再分到自己那一项：{key}" for key in sorted(lost)]
    return GateResult(not lines, lines, figures)
