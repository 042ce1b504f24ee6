"""Judging one step against its expectations (CONTRACT.md "Conversations, scripted")."""
from __future__ import annotations

from typing import Any

from .steps import StepResult

EXPECTATION_KEYS = ("action", "guide", "reply_has", "reply_lacks", "push_to", "no_push_to", "push_count")


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _failures(step: dict, got: StepResult) -> dict[str, Any]:
    """{expectation key: what was wanted} for every expectation the step did not meet."""
    failed: dict[str, Any] = {}
    if "action" in step and got.action not in _as_list(step["action"]):
        failed["action"] = step["action"]
    if "guide" in step and got.guide != step["guide"]:
        failed["guide"] = step["guide"]
    if "reply_has" in step:
        missing = [s for s in _as_list(step["reply_has"]) if str(s) not in got.reply]
        if missing:
            failed["reply_has"] = missing
    if "reply_lacks" in step:
        present = [s for s in _as_list(step["reply_lacks"]) if str(s) in got.reply]
        if present:
            failed["reply_lacks"] = present
    if "push_to" in step:
        wanted = {}
        for role, needles in (step["push_to"] or {}).items():
            texts = got.pushes.get(role, [])
            if not any(all(str(n) in text for n in _as_list(needles)) for text in texts):
                wanted[role] = needles
        if wanted:
            failed["push_to"] = wanted
    if "no_push_to" in step:
        pushed = [role for role in _as_list(step["no_push_to"]) if got.pushes.get(role)]
        if pushed:
            failed["no_push_to"] = pushed
    if "push_count" in step:
        wrong = {role: n for role, n in (step["push_count"] or {}).items() if len(got.pushes.get(role, [])) != n}
        if wrong:
            failed["push_count"] = wrong
    return failed


def _got_for(failed: dict[str, Any], got: StepResult) -> dict[str, Any]:
    """What the bot did, as far as the failed expectations look at it."""
    seen: dict[str, Any] = {}
    if "action" in failed or "guide" in failed:
        seen.update(action=got.action, guide=got.guide)
    if "reply_has" in failed or "reply_lacks" in failed or "action" in failed:
        seen["reply"] = got.reply
    roles = set()
    for key in ("push_to", "no_push_to", "push_count"):
        if key in failed:
            roles |= set(failed[key])
    if roles:
        seen["pushes"] = {role: got.pushes.get(role, []) for role in sorted(roles)}
    return seen


def judge(step: dict, got: StepResult) -> tuple[dict, dict] | None:
    """None when the step passed; else (want, got) for the report line."""
    if got.error:
        want = {k: step[k] for k in EXPECTATION_KEYS if k in step} or {"runs": True}
        return want, {"error": got.error}
    if not isinstance(step, dict):
        return None
    failed = _failures(step, got)
    if not failed:
        return None
    return failed, _got_for(failed, got)
