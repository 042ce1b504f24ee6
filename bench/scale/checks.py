"""The final checks of a scale run, over the database, the fake API's send log and the request log.

Each check is a `Check(name, ok, detail)`; figures (latency, throughput) are `Figure`s.
- capacity: no mediation slot and no volunteer task over its places (counted from the rows);
- effects: every booking number, sign-up and claim a reply announced exists in the database,
  and a need is never handed to two representatives;
- pushes: every outbox row delivered exactly once to the fake API (matched by recipient and
  the text the channel carries); doubles inside the documented resend window (a dispatcher
  killed or cut off from the database between WeChat's answer and the "sent" commit) are
  counted apart, any other double fails; nothing left pending, nothing the fake got unasked;
- monthly theme: every recipient's key in the outbox and delivered exactly once;
- messages: every message answered (passive reply, or `success` and the answer pushed), no
  inbound row left unhandled, a redelivery never handled twice, error answers (busy text, the
  polite error, no answer at all) only inside an outage window plus a stated grace;
- fast redeliveries (issue 12, finding 1): every message delivered again soon after a cut
  connection (a web worker killed under it) and answered is handled: its row replied, or
  deferred with the answer pushed, never left `handling`; a run with no fast redelivery fails
  (it tested nothing).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from bot.dispatch import POLITE_ERROR
from bot.models import (Area, Booking, InboundMessage, Need, OutboxMessage, RepGroup, SignUp, Slot, Task, Theme,
                        User, VolunteerProfile)
from bot.models.mediation import OPEN_STATES
from bot.outbox import mass
from bot.outbox.policy import template_data
from bot.themes import theme_recipients
from bot.webhook import BUSY_TEXT

from .faults import Window

GRACE_SECONDS = 10.0
# A push whose first delivery falls this long before a dispatcher's death may have been in
# its claimed batch, sent and not yet marked sent.
RESEND_LOOKBACK_SECONDS = 20.0
BOOKED = re.compile(r"预约号：(\d+)")
SIGNED_UP = re.compile(r"报名成功！.*（(\d+)号）")
CLAIMED = re.compile(r"(\d+)号群众需求归您了")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _within(t: float, windows: list[Window], grace: float, lookback: float = 0.0,
            end: float | None = None) -> Window | None:
    """The window that [t, end] (a moment when end is None) overlaps, widened by lookback and grace."""
    for w in windows:
        if w.start - lookback <= (end if end is not None else t) and t <= (w.end or w.start) + grace:
            return w
    return None


# --- capacity and effects -----------------------------------------------------------------------

def capacity_checks(app: Flask) -> list[Check]:
    with app.extensions["db"].session() as s:
        slots = s.execute(select(Slot.id, Slot.capacity, Slot.taken)).all()
        live = dict(s.execute(select(Booking.slot_id, func.count()).where(Booking.state != "cancelled")
                              .group_by(Booking.slot_id)).all())
        tasks = s.execute(select(Task.id, Task.needed, Task.taken)).all()
        confirmed = dict(s.execute(select(SignUp.task_id, func.count()).where(SignUp.state == "confirmed")
                                   .group_by(SignUp.task_id)).all())
        bookings = s.scalar(select(func.count()).select_from(Booking).where(Booking.state.in_(OPEN_STATES)))
        signups = sum(confirmed.values())
    over_slots = [i for i, cap, taken in slots if taken > cap or live.get(i, 0) > cap]
    slot_drift = [i for i, _, taken in slots if taken != live.get(i, 0)]
    full_slots = sum(1 for i, cap, _ in slots if live.get(i, 0) >= cap)
    over_tasks = [i for i, needed, taken in tasks if taken > needed or confirmed.get(i, 0) > needed]
    task_drift = [i for i, _, taken in tasks if taken != confirmed.get(i, 0)]
    full_tasks = sum(1 for i, needed, _ in tasks if confirmed.get(i, 0) >= needed)
    return [
        Check("no mediation slot over capacity", not over_slots,
              f"{bookings} open bookings; {full_slots} of {len(slots)} slots full; over: {over_slots or 'none'}"),
        Check("slot counters match bookings", not slot_drift, f"mismatched slots: {slot_drift or 'none'}"),
        Check("no volunteer task over its places", not over_tasks,
              f"{signups} confirmed sign-ups; {full_tasks} of {len(tasks)} tasks full; over: {over_tasks or 'none'}"),
        Check("task counters match sign-ups", not task_drift, f"mismatched tasks: {task_drift or 'none'}"),
    ]


def effect_checks(app: Flask, requests: list[dict]) -> list[Check]:
    """What replies announced (booking numbers, sign-ups, claims) is in the database."""
    booked, signed, claims = {}, set(), Counter()
    for r in requests:
        reply = r.get("reply") or ""
        if (m := BOOKED.search(reply)):
            booked[int(m.group(1))] = r["openid"]
        if (m := SIGNED_UP.search(reply)):
            signed.add((r["openid"], int(m.group(1))))
        if (m := CLAIMED.search(reply)) and r["why"] == "first":
            claims[int(m.group(1))] += 1
    with app.extensions["db"].session() as s:
        owners = dict(s.execute(select(Booking.number, User.openid).join(User, Booking.villager_id == User.id)).all())
        signups = set(s.execute(select(User.openid, Task.number).select_from(SignUp)
                                .join(Task, SignUp.task_id == Task.id)
                                .join(VolunteerProfile, SignUp.volunteer_id == VolunteerProfile.id)
                                .join(User, VolunteerProfile.user_id == User.id)).all())
        holders = dict(s.execute(select(Need.id, Need.claimed_by)).all())
    missing_bookings = [n for n, openid in booked.items() if owners.get(str(n)) != openid]
    missing_signups = sorted(signed - signups)
    twice = [n for n, c in claims.items() if c > 1]
    unheld = [n for n in claims if holders.get(n) is None]
    return [
        Check("every announced booking exists", not missing_bookings,
              f"{len(booked)} booking numbers announced; missing or not theirs: {missing_bookings or 'none'}"),
        Check("every announced sign-up exists", not missing_signups,
              f"{len(signed)} sign-ups announced; missing: {missing_signups[:10] or 'none'}"),
        Check("a need is claimed by one representative", not twice and not unheld,
              f"{sum(claims.values())} claims announced for {len(claims)} needs; "
              f"told twice: {twice or 'none'}; not held: {unheld or 'none'}"),
    ]


# --- pushes ---------------------------------------------------------------------------------------

def expected_texts(row: OutboxMessage) -> list[tuple[str, str]]:
    """(endpoint, text the fake records) for each channel the row may have gone out on."""
    payload = row.payload or {}
    template = "\n".join(v["value"] for v in template_data(payload).values())
    return [("custom", str(payload.get("text", ""))), ("template", template)]


MASS_LINK = "\n全文："  # a mass send's text ends with its page's link (mass.send_chunk)


def _mass_deliveries(row: OutboxMessage, by_receiver: dict[tuple, list[tuple]], received: dict[tuple, list[float]],
                     matched: set) -> list[float]:
    """A mass-send row (one call, many receivers; the fake records one message per receiver):
    the times its receivers got its words. Empty when one receiver got nothing (lost); more
    than one when one receiver got it twice."""
    text = str((row.payload or {}).get("text", ""))
    per_receiver = []
    for openid in (row.payload or {}).get("openids") or []:
        keys = by_receiver.get((openid, text), [])
        matched.update(keys)
        per_receiver.append(sorted(t for k in keys for t in received[k]))
    if not per_receiver or not all(per_receiver):
        return []
    return max(per_receiver, key=len)


def push_checks(app: Flask, fake_messages: list[dict], windows: list[Window]) -> tuple[list[Check], dict]:
    with app.extensions["db"].session() as s:
        rows = list(s.scalars(select(OutboxMessage)))
    received: dict[tuple, list[float]] = defaultdict(list)
    for m in fake_messages:
        received[(m["openid"], m["endpoint"], m["text"])].append(m["at"])
    by_receiver: dict[tuple, list[tuple]] = defaultdict(list)  # (openid, words without the link) → keys
    for key in received:
        if key[1] == "mass":
            by_receiver[(key[0], key[2].split(MASS_LINK)[0])].append(key)
    deaths = [w for w in windows if w.name.startswith("scheduler-killed") or w.name == "database-down"]
    lost, doubled_in_window, doubled_else, per_row, matched = [], [], [], {}, set()
    # Rows with the same words to the same person cannot be told apart in the fake's log:
    # they are compared as a group (sent rows vs records). Mass sends are matched by receivers.
    groups: dict[tuple, list[OutboxMessage]] = defaultdict(list)
    for row in rows:
        if row.kind == mass.MASS_KIND:
            times = _mass_deliveries(row, by_receiver, received, matched)
            per_row[row.id] = len(times)
            if row.status == "sent" and not times:
                lost.append(row)
            elif len(times) > 1:
                (doubled_in_window if _within(times[0], deaths, 0.0, RESEND_LOOKBACK_SECONDS)
                 else doubled_else).append(row)
            continue
        groups[(row.openid, *expected_texts(row))].append(row)
    for (openid, custom, template), same in groups.items():
        keys = [(openid, *custom), (openid, *template)]
        matched.update(keys)
        times = sorted(t for key in keys for t in received.get(key, []))
        sent = sum(1 for r in same if r.status == "sent")
        for r in same:
            per_row[r.id] = len(times) // len(same) if len(same) > 1 else len(times)
        if len(times) < sent:
            lost.extend(same[: sent - len(times)])
        elif len(times) > max(sent, 1) or (len(times) > 0 and sent == 0 and len(times) > 1):
            extra = same[: len(times) - max(sent, 1)]
            resent_after_death = _within(times[0], deaths, 0.0, RESEND_LOOKBACK_SECONDS)
            (doubled_in_window if resent_after_death else doubled_else).extend(extra)
    unknown = [k for k in received if k not in matched]
    statuses = Counter(row.status for row in rows)
    unsettled = statuses.get("pending", 0) + statuses.get("sending", 0)
    dead = [r for r in rows if r.status == "dead"]
    checks = [
        Check("every push settled (sent or dead)", unsettled == 0,
              ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))),
        Check("no push lost (sent per the outbox, never received)", not lost,
              f"{len(lost)} lost" + (f": {[r.business_key for r in lost[:5]]}" if lost else "")),
        Check("no push sent twice outside the resend window", not doubled_else,
              f"{len(doubled_else)}" + (f": {[r.business_key for r in doubled_else[:5]]}" if doubled_else else "")),
        Check("resends in the documented window (reported, allowed)", True,
              f"{len(doubled_in_window)} pushes sent twice after a dispatcher died between send and commit"
              + (f": {[r.business_key for r in doubled_in_window[:5]]}" if doubled_in_window else "")),
        Check("no send the outbox did not ask for", not unknown,
              f"{len(unknown)} unknown sends" + (f": {unknown[:3]}" if unknown else "")),
        Check("no push dead", not dead,
              f"{len(dead)} dead" + (f": {[(r.business_key, r.last_error) for r in dead[:3]]}" if dead else "")),
    ]
    figures = {"pushes": len(rows), "received": len(fake_messages), "per_row": per_row,
               "doubled_in_window": {r.id for r in doubled_in_window}, "rows": rows}
    return checks, figures


def theme_checks(app: Flask, month: str, push: dict, requests: list[dict]) -> list[Check]:
    """Every recipient of this month's themes: one row, delivered exactly once."""
    theme_rows = [r for r in push["rows"] if r.business_key.startswith(f"theme:{month}:")]
    if not theme_rows:
        return [Check("monthly theme pushed", False, "no theme row in the outbox: the job never committed")]
    enqueued_from = min(r.created_at for r in theme_rows) - timedelta(seconds=5)
    enqueued_to = max(r.created_at for r in theme_rows)
    registered_at = {}  # newcomers: when the bot confirmed their village
    for r in requests:
        if "已登记" in (r.get("reply") or "") and r["openid"] not in registered_at:
            registered_at[r["openid"]] = r["t"]
    # Members get their group's theme as a push of its own (`theme:<month>:<group>:<openid>`);
    # villagers get one digest a month, a mass send per area (`theme:<month>:digest:<area>:…`).
    expected, maybe, villagers, maybe_villagers = set(), set(), set(), set()
    with app.extensions["db"].session() as s:
        groups = {g.code: g for g in s.scalars(select(RepGroup))}
        for theme in s.scalars(select(Theme).where(Theme.month == month)):
            for openid, member in theme_recipients(s, groups[theme.group_code]):
                key = f"theme:{month}:{theme.group_code}:{openid}"
                when = registered_at.get(openid)
                sure = when is None or when < enqueued_from.timestamp()
                unsure = not sure and when <= enqueued_to.timestamp()  # registered while the job ran
                if member:
                    (expected if sure else maybe if unsure else set()).add(key)
                else:
                    (villagers if sure else maybe_villagers if unsure else set()).add(openid)
        reached = {o for area in s.scalars(select(Area))
                   for o in mass.receivers(s, f"theme:{month}:digest:{area.code}")}
    keys = {r.business_key for r in theme_rows if ":digest:" not in r.business_key}
    missing = (expected - keys) | {f"digest to {o}" for o in villagers - reached}
    extra = (keys - expected - maybe) | {f"digest to {o}" for o in reached - villagers - maybe_villagers}
    once = sum(1 for r in theme_rows if push["per_row"].get(r.id) == 1)
    twice_window = sum(1 for r in theme_rows if r.id in push["doubled_in_window"])
    other = [r.business_key for r in theme_rows if push["per_row"].get(r.id) != 1 and r.id not in push["doubled_in_window"]]
    return [
        Check("every theme recipient has exactly one push", not missing and not extra,
              f"{len(expected)} members' pushes, {len(villagers)} villagers' digests; {len(keys)} member rows, "
              f"{len(reached)} reached by digest; missing {len(missing)}; unexpected {len(extra)}"
              + (f" e.g. {sorted(missing)[:3]}" if missing else "")),
        Check("every theme push delivered exactly once", not other,
              f"{once} once; {twice_window} twice in the resend window; other: {len(other)}"
              + (f" e.g. {other[:3]}" if other else "")),
    ]


# --- messages ------------------------------------------------------------------------------------

def is_error(r: dict) -> bool:
    return r["status"] != 200 or r.get("reply") in (BUSY_TEXT, POLITE_ERROR)


def message_checks(app: Flask, requests: list[dict], windows: list[Window], push: dict) -> tuple[list[Check], dict]:
    messages: dict[tuple, list[dict]] = defaultdict(list)
    for r in requests:
        messages[(r["openid"], r["msgid"])].append(r)
    with app.extensions["db"].session() as s:
        inbound = {row.dedupe_key: row for row in s.scalars(select(InboundMessage))}
    outbox_by_key = {row.business_key: row for row in push["rows"]}
    outage = [w for w in windows if w.affects_webhook]
    lost, unanswered, handled_twice, errors_outside, errors_inside = [], [], [], [], []
    outcomes = Counter()
    for (openid, msgid), deliveries in messages.items():
        row = inbound.get(f"msg:{openid}:{msgid}")
        answered = [d for d in deliveries if d["status"] == 200 and d["reply"] and not is_error(d)]
        empty = [d for d in deliveries if d["status"] == 200 and d["reply"] == ""]
        for d in deliveries:
            if is_error(d):
                (errors_inside if _within(d["t"], outage, GRACE_SECONDS, end=d["end"])
                 else errors_outside).append(d)
        if answered:
            outcomes["answered"] += 1
            if row is None or row.status not in ("replied", "redelivered"):
                lost.append((openid, msgid, row.status if row else "no row"))
            texts = {d["reply"] for d in answered}
            if len(texts) > 1:
                handled_twice.append((openid, msgid, sorted(texts)))
        elif empty:
            # `success`: the answer must come as a push (reply:<inbound id>), or a retry answered it.
            pushed = row is not None and outbox_by_key.get(f"reply:{row.id}") is not None \
                and push["per_row"].get(outbox_by_key[f"reply:{row.id}"].id, 0) >= 1
            if row is not None and row.status in ("replied", "redelivered") and not row.reply:
                outcomes["answered (nothing to say)"] += 1
            elif pushed:
                outcomes["answered later by push"] += 1
            else:
                unanswered.append((openid, msgid, row.status if row else "no row"))
        else:
            outcomes["error answer only"] += 1
    # A row left handling/failed is fine only when every delivery of its message was told to
    # try again during an outage (WeChat got an answer, so it does not deliver again).
    told_busy = {f"msg:{o}:{m}" for (o, m), ds in messages.items()
                 if all(is_error(d) and _within(d["t"], outage, GRACE_SECONDS, end=d["end"]) for d in ds)}
    stuck = [k for k, row in inbound.items() if row.status in ("handling", "failed") and k not in told_busy]
    busy_left = sum(1 for k, row in inbound.items() if row.status in ("handling", "failed") and k in told_busy)
    checks = [
        Check("every answered message left its record", not lost,
              f"{len(lost)}" + (f": {lost[:5]}" if lost else "")),
        Check("every `success` answered later by push", not unanswered,
              f"{len(unanswered)}" + (f": {unanswered[:5]}" if unanswered else "")),
        Check("no redelivery handled twice", not handled_twice,
              f"{len(handled_twice)}" + (f": {handled_twice[:3]}" if handled_twice else "")),
        Check("no message left half handled", not stuck,
              f"{len(stuck)} inbound rows handling/failed" + (f": {stuck[:5]}" if stuck else "")
              + f"; {busy_left} more whose sender was told to try again during an outage"),
        Check(f"error answers only during outages (+{GRACE_SECONDS:.0f} s)", not errors_outside,
              f"{len(errors_inside)} inside, {len(errors_outside)} outside"
              + (f": {[(round(d['t'], 1), d['status'], d['error'], (d['reply'] or '')[:20]) for d in errors_outside[:5]]}"
                 if errors_outside else "")),
    ]
    return checks, {"messages": len(messages), "outcomes": dict(outcomes),
                    "errors_inside": len(errors_inside), "errors_outside": len(errors_outside)}


# A redelivery this soon after a cut connection is a "fast" one (WeChat's own after a reset).
FAST_REDELIVERY_SECONDS = 2.0
HANDLED = ("replied", "redelivered", "deferred")


def redelivery_checks(app: Flask, requests: list[dict], push: dict) -> list[Check]:
    """Messages redelivered within FAST_REDELIVERY_SECONDS of a failed delivery, then answered:
    each has its row handled, and a `success` answer has its reply pushed."""
    deliveries: dict[tuple, list[dict]] = defaultdict(list)
    for r in requests:
        deliveries[(r["openid"], r["msgid"])].append(r)
    fast = {}
    for key, ds in deliveries.items():
        ds.sort(key=lambda d: d["t"])
        for before, after in zip(ds, ds[1:]):
            if before["status"] is None and after["status"] == 200 and after["t"] - before["end"] <= FAST_REDELIVERY_SECONDS:
                fast[key] = after
                break
    with app.extensions["db"].session() as s:
        inbound = {row.dedupe_key: row for row in s.scalars(
            select(InboundMessage).where(InboundMessage.dedupe_key.in_([f"msg:{o}:{m}" for o, m in fast])))}
    outbox_by_key = {row.business_key: row for row in push["rows"]}
    unhandled = []
    for (openid, msgid), answer in fast.items():
        row = inbound.get(f"msg:{openid}:{msgid}")
        if row is None or row.status not in HANDLED:
            unhandled.append((openid, msgid, row.status if row else "no row"))
        elif row.status == "deferred" and row.reply:
            sent = outbox_by_key.get(f"reply:{row.id}")
            if sent is None or push["per_row"].get(sent.id, 0) < 1:
                unhandled.append((openid, msgid, "deferred, never pushed"))
    # A run without one fast redelivery did not test finding 1: that fails too.
    return [Check("worker killed with fast redeliveries: every answered message handled", bool(fast) and not unhandled,
                  f"{len(fast)} fast redeliveries answered; {len(unhandled)} not handled"
                  + (f": {unhandled[:5]}" if unhandled else "")
                  + ("" if fast else " (no fast redelivery happened: nothing was tested)"))]
