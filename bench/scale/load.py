"""The locustfile: villagers, volunteers and representatives talking to /wechat as WeChat delivers it.

    locust -f bench/scale/load.py --headless -u 60 -r 10 -t 240s   (run.py starts it)

Each simulated user holds one conversation at a time (conversations.py) as one person from the
world manifest, with a pause to read and type between messages. Messages go the way WeChat
sends them (bot/dev/wire.py: safe mode, signed, MsgId): WeChat waits 5 s, and without an
answer (timeout, refused or cut connection, HTTP error) delivers the same message again, three
deliveries in all. Now and then a message that was answered is delivered once more, as WeChat
does when the answer was lost on the way. Every delivery is one JSON line in SCALE_REQUEST_LOG:
time, person, MsgId, delivery, status, latency, reply text.

Representatives read their pushes from the fake WeChat API and answer 报到 N to the whistles.
Environment: SCALE_WORLD, SCALE_REQUEST_LOG, SCALE_WEB_URL, SCALE_FAKE_URL, SCALE_END_AT (epoch
seconds: no message starts after it), SCALE_DUPLICATE_RATE, SCALE_SEED, SCALE_FAST_REDELIVERY
(seconds before a delivery cut off by a closed connection is delivered again).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import User, constant, events, task

from bench.scale import conversations as talk
from bench.scale.world import World
from bot.dev.settings import DEV_ACCOUNT_ID, DEV_AES_KEY, DEV_APP_ID, DEV_TOKEN
from bot.dev.wire import FakeWeChat, WebhookClient, describe_reply, text_message

WECHAT_WAIT = 5.0  # WeChat waits this long for an answer before delivering again
DELIVERIES = 3
FAST_REDELIVERY = float(os.environ.get("SCALE_FAST_REDELIVERY", "0.5"))
WORLD = World.load(Path(os.environ["SCALE_WORLD"]))
END_AT = float(os.environ.get("SCALE_END_AT", time.time() + 120))
DUPLICATE_RATE = float(os.environ.get("SCALE_DUPLICATE_RATE", "0.05"))
WEB_URL = os.environ.get("SCALE_WEB_URL", "http://127.0.0.1:9203/wechat")
FAKE_URL = os.environ.get("SCALE_FAKE_URL", "http://127.0.0.1:9202/")
RNG = random.Random(int(os.environ.get("SCALE_SEED", "7")))
LOG = open(os.environ.get("SCALE_REQUEST_LOG", "requests.jsonl"), "a", buffering=1, encoding="utf-8")

# (kind, weight): the mix of conversations.
MIX = [("guides", 40), ("booking", 15), ("volunteering", 14), ("reporting", 8), ("representative", 10),
       ("newcomer", 7), ("status", 6)]
BUSY: set[str] = set()  # people in a conversation right now (one conversation per person at a time)
WHISTLES: dict[str, list[int]] = {}  # representative → need numbers pushed to them, not answered yet
_newcomers = iter(WORLD.newcomers)
_msg_ids = itertools.count(int(time.time() * 1000) * 1000)


def _pick(pool: list[str], rng: random.Random) -> str:
    for _ in range(50):
        openid = rng.choice(pool)
        if openid not in BUSY:
            return openid
    return rng.choice(pool)


def person_for(kind: str, rng: random.Random) -> talk.Person:
    if kind == "newcomer":
        openid = next(_newcomers, None) or _pick(WORLD.villagers, rng)
        return talk.Person(openid, village=rng.choice(WORLD.villages))
    if kind == "volunteering":
        return talk.Person(_pick(WORLD.volunteers, rng))
    if kind == "representative":
        waiting = [r for r, numbers in WHISTLES.items() if numbers and r not in BUSY]
        openid = rng.choice(waiting) if waiting else _pick(WORLD.reps, rng)
        return talk.Person(openid, whistles=WHISTLES.pop(openid, []))
    return talk.Person(_pick(WORLD.villagers, rng))


def conversation(kind: str, person: talk.Person, rng: random.Random) -> talk.Conversation:
    if kind == "volunteering":
        return talk.volunteering(person, rng, WORLD.tasks)
    return getattr(talk, kind)(person, rng)


def watch_whistles(fake: FakeWeChat) -> None:
    """Collect the whistles the fake API delivered to representatives (what they read on phones)."""
    cursor = 0
    while time.time() < END_AT:
        try:
            response = fake.http.get(f"{fake.base}/_fake/messages", params={"since_id": cursor}, timeout=10)
            for message in response.json().get("messages", []):
                cursor = max(cursor, int(message["id"]))
                if str(message.get("openid", "")).startswith("sr") and \
                        (match := talk.WHISTLED.search(message.get("text", ""))):
                    WHISTLES.setdefault(message["openid"], []).append(int(match.group(1)))
        except Exception:
            pass  # the fake is busy: look again later
        gevent.sleep(2)


@events.test_start.add_listener
def _start(environment, **_kwargs) -> None:
    gevent.spawn(watch_whistles, FakeWeChat(FAKE_URL, timeout=10))


@events.quitting.add_listener
def _quit(environment, **_kwargs) -> None:
    LOG.flush()


class Villager(User):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.rng = random.Random(RNG.random())
        self.client = WebhookClient(WEB_URL, DEV_TOKEN, DEV_AES_KEY, DEV_APP_ID, DEV_ACCOUNT_ID,
                                    timeout=WECHAT_WAIT)
        self.fake = FakeWeChat(FAKE_URL, timeout=10)

    @task
    def converse(self) -> None:
        if time.time() >= END_AT:
            gevent.sleep(1)
            return
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        person = person_for(kind, self.rng)
        BUSY.add(person.openid)
        try:
            try:
                self.fake.record_interaction(person.openid)  # opens the 48-hour window, as WeChat does
            except Exception:
                pass
            convo = conversation(kind, person, self.rng)
            text = next(convo)
            while time.time() < END_AT:
                reply = self.say(person.openid, kind, text)
                gevent.sleep(self.rng.uniform(1.0, 4.0))  # reading and typing
                text = convo.send(reply)
        except StopIteration:
            pass
        finally:
            BUSY.discard(person.openid)
        gevent.sleep(self.rng.uniform(0.5, 3.0))

    def say(self, openid: str, kind: str, text: str) -> str | None:
        """Deliver one message like WeChat; the passive reply ("" for `success`), None if none."""
        message = {**text_message(text), "MsgId": str(next(_msg_ids)), "CreateTime": int(time.time())}
        for delivery in range(1, DELIVERIES + 1):
            status, reply, elapsed = self._deliver(openid, kind, message, delivery, "first" if delivery == 1 else "retry")
            if status == 200:
                if self.rng.random() < DUPLICATE_RATE:
                    gevent.sleep(self.rng.uniform(0.0, 3.0))
                    self._deliver(openid, kind, message, delivery + 1, "duplicate")
                return reply
            # A cut connection (a worker killed under it) is redelivered at once, as in the attack
            # run that lost messages (issue 12); a timeout or an HTTP error after WeChat's wait.
            gevent.sleep(FAST_REDELIVERY if status is None and elapsed < WECHAT_WAIT - 1 else
                         max(0.0, WECHAT_WAIT - elapsed))
        return None

    def _deliver(self, openid: str, kind: str, message: dict, delivery: int, why: str):
        started, clock = time.time(), time.perf_counter()
        status, reply, error = None, None, None
        try:
            answer = self.client.send(openid, message)
            status = answer.status
            if status == 200:
                reply = describe_reply(answer.fields) if answer.fields else ""
        except Exception as exc:  # timeout, refused or cut connection: WeChat delivers again
            error = type(exc).__name__
        elapsed = time.perf_counter() - clock
        LOG.write(json.dumps({"t": started, "end": started + elapsed, "openid": openid, "kind": kind,
                              "msgid": message["MsgId"], "delivery": delivery, "why": why,
                              "text": message["Content"], "status": status, "error": error,
                              "ms": round(elapsed * 1000, 1), "reply": reply}, ensure_ascii=False) + "\n")
        self.environment.events.request.fire(
            request_type="wechat", name=kind, response_time=elapsed * 1000, response_length=len(reply or ""),
            exception=None if status == 200 else RuntimeError(error or f"HTTP {status}"), context={})
        return status, reply, elapsed
