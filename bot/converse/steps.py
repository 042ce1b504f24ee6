"""One scripted conversation, step by step: messages through the real webhook, `flask` commands
through the CLI runner, `wait` through the scheduler's jobs; the outbox sent after each step."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterator

from flask import Flask
from sqlalchemy import select

from bot import clock
from bot.models import InboundMessage

from . import clockwork, wire
from .roles import ROLE_NAMES, openid_of, role_of
from .world import Worlds, invoke, local_start, send_outbox

MESSAGE_KEYS = ("say", "voice", "location", "event")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


class StepError(Exception):
    """A step that cannot run (unknown role, a command that fails): fails its conversation."""


@dataclass
class StepResult:
    index: int
    role: str | None = None
    say: str | None = None
    action: str | None = None
    guide: str | None = None
    reply: str = ""  # the sender's answer: the passive reply, then what was pushed to them
    pushes: dict[str, list[str]] = field(default_factory=dict)  # receiver role → texts
    error: str | None = None

    def as_line(self, conversation_id: str) -> dict:
        line = {"id": conversation_id, "step": self.index, "as": self.role, "say": self.say,
                "action": self.action, "guide": self.guide, "reply": self.reply, "pushes": self.pushes}
        if self.error:
            line["error"] = self.error
        return line


def parse_duration(value: str) -> timedelta:
    """"13m", "2h", "1d", "1h30m"."""
    parts = _DURATION.findall(str(value).strip().lower())
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", str(value).strip().lower()):
        raise StepError(f"bad wait {value!r}: use e.g. 13m, 2h, 1d")
    return sum((timedelta(**{_UNITS[unit]: float(number)}) for number, unit in parts), timedelta())


def _said(step: dict) -> str | None:
    if "say" in step:
        return str(step["say"])
    if "voice" in step:
        return str(step["voice"])
    if "location" in step:
        return "📍" + " ".join(str(x) for x in step["location"])
    if "event" in step:
        return f"[{step['event']}]"
    if "run" in step:
        return "flask " + " ".join(str(a) for a in step["run"])
    if "wait" in step:
        return f"(wait {step['wait']})"
    return None


class Conversation:
    """Runs the steps of one conversation in its own world; yields one StepResult per step."""

    def __init__(self, worlds: Worlds, spec: dict):
        self.worlds = worlds
        self.spec = spec
        self.id = str(spec.get("id", "?"))
        self.start = local_start(spec.get("now"), worlds.tz_name)
        self._event_seconds: dict[tuple[str, int], int] = {}

    def run(self) -> Iterator[StepResult]:
        app = self.worlds.open(self.start)
        try:
            with clock.frozen(self.start) as moved:
                for index, step in enumerate(self.spec.get("steps") or []):
                    shaped = isinstance(step, dict)
                    result = StepResult(index, role=step.get("as") if shaped else None,
                                        say=_said(step) if shaped else None)
                    try:
                        self._run_step(app, moved, step, result)
                    except StepError as exc:
                        result.error = str(exc)
                    except Exception as exc:  # a bug in the bot or the harness: this conversation only
                        result.error = f"{type(exc).__name__}: {exc}"
                    yield result
        finally:
            self.worlds.close(app)

    def _run_step(self, app: Flask, moved, step: dict, result: StepResult) -> None:
        if not isinstance(step, dict):
            raise StepError(f"a step must be an object, not {step!r}")
        fake = self.worlds.fake
        before = fake.last_id()
        passive = ""
        if "run" in step:
            result.reply = self._run_command(app, step["run"])
        elif "wait" in step:
            delta = parse_duration(step["wait"])
            after = clock.now()
            clockwork.run_due(app, moved, self.start, after, after + delta)
        elif any(key in step for key in MESSAGE_KEYS):
            passive = self._send(app, step, result)
        else:
            raise StepError(f"a step needs one of say/voice/location/event/run/wait: {sorted(step)}")
        send_outbox(app)
        for push in fake.pushes_since(before):
            result.pushes.setdefault(role_of(push["openid"]), []).append(push["text"])
        if any(key in step for key in MESSAGE_KEYS):
            answer = [passive] + result.pushes.get(result.role, [])
            result.reply = "\n".join(part for part in answer if part)

    def _run_command(self, app: Flask, args) -> str:
        if not isinstance(args, list) or not args:
            raise StepError(f"run needs a list of arguments, not {args!r}")
        outcome = invoke(app, [str(a) for a in args])
        if outcome.exit_code != 0:
            detail = outcome.output.strip() or repr(outcome.exception)
            raise StepError(f"flask {' '.join(map(str, args))} failed (exit {outcome.exit_code}): {detail[-300:]}")
        return outcome.output.strip()

    def _send(self, app: Flask, step: dict, result: StepResult) -> str:
        role = step.get("as")
        if role not in ROLE_NAMES:
            raise StepError(f"unknown role {role!r}; roles: {', '.join(ROLE_NAMES)}")
        openid = openid_of(role)
        created = int(clock.now().timestamp())
        if "say" in step:
            xml = wire.text_xml(openid, str(step["say"]), created)
        elif "voice" in step:
            xml = wire.voice_xml(openid, str(step["voice"]), created)
        elif "location" in step:
            place = step["location"]
            if not isinstance(place, list) or len(place) not in (2, 3):
                raise StepError(f"location needs [LAT, LON, LABEL], not {place!r}")
            xml = wire.location_xml(openid, place[0], place[1], str(place[2]) if len(place) > 2 else "", created)
        else:
            xml = wire.event_xml(openid, str(step["event"]), self._event_time(openid, created))
        if not (isinstance(step.get("event"), str) and step["event"].startswith("unsubscribe")):
            self.worlds.fake.state.record_interaction(openid)  # WeChat opens the 48-hour window
        query = wire.signed_query(app.config["WECHAT_TOKEN"], openid, created)
        response = app.test_client().post("/wechat", query_string=query, data=xml.encode(), content_type="text/xml")
        if response.status_code != 200:
            raise StepError(f"/wechat answered {response.status_code}")
        with app.app_context(), app.extensions["db"].session() as session:
            row = session.scalars(select(InboundMessage).where(InboundMessage.openid == openid)
                                  .order_by(InboundMessage.id.desc()).limit(1)).first()
            if row is not None:
                result.action, result.guide = row.action, row.guide
        return wire.reply_text(response.get_data(as_text=True))

    def _event_time(self, openid: str, created: int) -> int:
        """Events are deduplicated on (user, CreateTime, event): two in one clock second are
        told apart by a second each, as WeChat's own would be."""
        key = (openid, created)
        offset = self._event_seconds.get(key, 0)
        self._event_seconds[key] = offset + 1
        return created + offset
