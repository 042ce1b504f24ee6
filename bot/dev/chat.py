"""`make chat`: talk to the running bot (`make run`) as a villager or a staff member.

    python -m bot.dev.chat --as villager|party|volunteer|rep|mediator

Each line goes to /wechat as signed, encrypted XML, exactly as WeChat would send it; the passive
reply is printed, and so is every push the fake WeChat API receives for the same user.
Reads a script from standard input when it is not a terminal (one message per line).
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import Any, Callable, Iterable, Iterator

import requests

from .settings import DEFAULT_FAKE_PORT, DEFAULT_HOST, DEFAULT_PORT, DEV_ACCOUNT_ID, DEV_ROLES, dev_environment
from .supervisor import port_answers
from .wire import (FakeWeChat, WebhookClient, describe_push, describe_reply, event_message,
                   location_message, text_message, voice_message)

HELP = """Type a message and press Enter. Commands:
  /as villager|party|volunteer|rep|mediator   talk as another dev user
  /event subscribe | /event unsubscribe | /event click KEY
  /location LAT LON [label]                    send a location
  /voice 文本                                   send a voice message whose recognition is 文本
  /help   /quit"""


class UsageError(ValueError):
    """A command typed wrongly; the message says how to type it."""


def parse_line(line: str) -> tuple[str, Any]:
    """A typed line → ("say", message fields) | ("as", role) | ("help"|"quit", None)."""
    if not line.startswith("/"):
        return "say", text_message(line)
    name, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    if name in ("quit", "exit", "q"):
        return "quit", None
    if name == "help":
        return "help", None
    if name == "as":
        if rest not in DEV_ROLES:
            raise UsageError(f"/as {'|'.join(DEV_ROLES)}")
        return "as", rest
    if name == "voice" and rest:
        return "say", voice_message(rest)
    if name == "location":
        parts = rest.split(maxsplit=2)
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            raise UsageError("/location 34.85 118.05 [label]") from None
        return "say", location_message(lat, lon, parts[2] if len(parts) > 2 else "")
    if name == "event":
        kind, _, key = rest.partition(" ")
        if kind in ("subscribe", "unsubscribe"):
            return "say", event_message(kind, key.strip())
        if kind.lower() in ("click", "view", "scan") and key.strip():
            return "say", event_message(kind.upper(), key.strip())
        raise UsageError("/event subscribe | /event unsubscribe | /event click KEY")
    raise UsageError(HELP)


class Chat:
    """One terminal session: the current dev user, the webhook, and the pushes seen so far."""

    def __init__(self, webhook: WebhookClient, fake: FakeWeChat, role: str,
                 show: Callable[[str], None] = print):
        self.webhook = webhook
        self.fake = fake
        self.show = show
        # Held while sending, so a push is never printed between a message and its reply.
        self.lock = threading.Lock()
        self.switch(role)

    @property
    def openid(self) -> str:
        return DEV_ROLES[self.role][0]

    def switch(self, role: str) -> None:
        with self.lock:
            self.role = role
            self.since_id = self.fake.last_id(self.openid)  # show only what comes from now on
        self.show(f"(you are now {role}: {self.openid})")

    def send(self, message: dict[str, Any]) -> None:
        with self.lock:
            if not (message["MsgType"] == "event" and message["Event"] == "unsubscribe"):
                try:
                    self.fake.record_interaction(self.openid)
                except requests.RequestException as exc:
                    self.show(f"(the fake WeChat API did not record the interaction: {exc})")
            reply = self.webhook.send(self.openid, message)
            if reply.status != 200:
                self.show(f"(webhook answered HTTP {reply.status}: {reply.body.strip()[:200]})")
            elif reply.empty:
                self.show("(no passive reply; an answer may come as a push)")
            else:
                self.show("bot: " + describe_reply(reply.fields).replace("\n", "\n     "))

    def poll_pushes(self, out: Callable[[str], None] | None = None) -> None:
        with self.lock:
            for record in self.fake.messages(self.openid, self.since_id):
                self.since_id = max(self.since_id, int(record.get("id", 0)))
                (out or self.show)("push: " + describe_push(record).replace("\n", "\n      "))


def run(chat: Chat, lines: Iterable[str], interactive: bool, wait: float) -> int:
    """Handle typed or scripted lines until /quit or the end of input."""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not interactive:
            chat.show(f"{chat.role}> {line}")
        try:
            action, value = parse_line(line)
        except UsageError as exc:
            chat.show(str(exc))
            continue
        if action == "quit":
            break
        if action == "help":
            chat.show(HELP)
        elif action == "as":
            chat.switch(value)
        else:
            try:
                chat.send(value)
            except requests.RequestException as exc:
                chat.show(f"(could not reach the bot: {exc}) — is `make run` still running?")
        if not interactive:
            time.sleep(wait)  # give pushes (errand offers, later answers) time to arrive
            chat.poll_pushes()
    return 0


def _prompted_lines(chat: Chat) -> Iterator[str]:
    while True:
        try:
            yield input(f"{chat.role}> ")
        except EOFError:
            return


def _poll_in_background(chat: Chat, stop: threading.Event) -> None:
    """Print pushes above the prompt as they arrive, then redraw the prompt and what was typed."""
    try:
        import readline
    except ImportError:  # pragma: no cover - not on Linux
        readline = None

    def above_prompt(text: str) -> None:
        typed = readline.get_line_buffer() if readline else ""
        sys.stdout.write(f"\r\033[K{text}\n{chat.role}> {typed}")
        sys.stdout.flush()

    while not stop.wait(1.0):
        try:
            chat.poll_pushes(out=above_prompt)
        except requests.RequestException as exc:
            above_prompt(f"(cannot read pushes from the fake WeChat API: {exc.__class__.__name__})")
            stop.wait(5.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make chat", description=__doc__.splitlines()[0])
    parser.add_argument("--as", dest="role", choices=list(DEV_ROLES), default="villager")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port of `make run`'s web server")
    parser.add_argument("--fake-port", type=int, default=DEFAULT_FAKE_PORT, help="port of the fake WeChat API")
    parser.add_argument("--wait", type=float, default=1.0,
                        help="seconds to wait for pushes after each scripted line (stdin not a terminal)")
    args = parser.parse_args(argv)

    down = [f"{name} (port {port})" for name, port in
            (("the webhook", args.port), ("the fake WeChat API", args.fake_port)) if not port_answers(port)]
    if down:
        print(f"Nothing answers for {' and '.join(down)}. Start the bot first: `make run` in another "
              "terminal (with the same PORT and FAKE_PORT).", file=sys.stderr)
        return 2
    # The same token and key as `make run`: the dev values, unless the environment sets others.
    env = dev_environment(args.port, args.fake_port)
    webhook = WebhookClient(f"http://{DEFAULT_HOST}:{args.port}/wechat", env["WECHAT_TOKEN"],
                            env["WECHAT_ENCODING_AES_KEY"], env["WECHAT_APP_ID"], DEV_ACCOUNT_ID)
    try:
        chat = Chat(webhook, FakeWeChat(env["WECHAT_API_BASE"]), args.role)
    except requests.RequestException as exc:
        print(f"The fake WeChat API does not answer its control endpoints: {exc}", file=sys.stderr)
        return 2
    if not sys.stdin.isatty():
        return run(chat, sys.stdin, interactive=False, wait=args.wait)

    print(HELP)
    stop = threading.Event()
    threading.Thread(target=_poll_in_background, args=(chat, stop), daemon=True).start()
    try:
        return run(chat, _prompted_lines(chat), interactive=True, wait=0)
    except KeyboardInterrupt:
        print()
        return 0
    finally:
        stop.set()


if __name__ == "__main__":
    sys.exit(main())
