"""Control endpoints of the fake WeChat API (`/_fake/...`), for tests and `make chat`.

    POST /_fake/interaction {openid, at?}      the user wrote: opens the 48-hour window
    POST /_fake/unsubscribe {openid}           the user unfollowed (sends get 43004)
    GET  /_fake/messages?openid=&since_id=     recorded custom and template messages, with ids
    POST /_fake/faults {endpoint, errcode|status|hang, rate|count, latency, tag?}  or {endpoint, clear}
         errcode may be a list (one chosen per failure; with a status too, a mix); hang sleeps,
         then answers the errcode/status (or 504), never processing the call
    POST /_fake/templates {ids: [...]}         template ids that exist (besides dev-tpl-*, tpl-*)
    POST /_fake/config {token_grace?, token_lifetime?}
    POST /_fake/reset                          forget everything, wake hanging requests
    GET  /_fake/stats                          token fetches, 40001s, errors by code, sends, requests,
                                               violations (rules.py)
    POST /_fake/events/deliver {url, token, to?}  post the queued TEMPLATESENDJOBFINISH and
                                               MASSSENDJOBFINISH events to the webhook (plaintext
                                               mode, signed with `token`), as WeChat does later
"""
from __future__ import annotations

import json

import secrets
from xml.sax.saxutils import escape

import requests
from flask import Flask, jsonify, request

from ..wechat.signature import make_signature

from .state import ENDPOINTS, Fault, FakeState


def _body() -> dict:
    try:
        data = json.loads(request.get_data(as_text=True) or "null")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _fault_from(body: dict) -> Fault:
    errcode = body.get("errcode")
    if isinstance(errcode, list):
        errcode = [int(c) for c in errcode]
    elif errcode is not None:
        errcode = int(errcode)
    count = body.get("count")
    return Fault(errcode=errcode, status=body.get("status"), rate=float(body.get("rate", 1.0)),
                 count=None if count is None else int(count), latency=float(body.get("latency", 0)),
                 hang=float(body.get("hang", 0)))


def register_control(app: Flask, state: FakeState) -> None:
    @app.post("/_fake/interaction")
    def interaction():
        body = _body()
        if not body.get("openid"):
            return jsonify({"error": "openid required"}), 400
        state.record_interaction(body["openid"], body.get("at"))
        return jsonify({"ok": True})

    @app.post("/_fake/unsubscribe")
    def unsubscribe():
        body = _body()
        if not body.get("openid"):
            return jsonify({"error": "openid required"}), 400
        state.unsubscribe(body["openid"])
        return jsonify({"ok": True})

    @app.get("/_fake/messages")
    def messages():
        since = int(request.args.get("since_id", 0) or 0)
        return jsonify({"messages": state.messages_for(request.args.get("openid") or None, since)})

    @app.post("/_fake/faults")
    def faults():
        body = _body()
        endpoint = body.get("endpoint", "*")
        if endpoint not in ENDPOINTS + ("*",):
            return jsonify({"error": f"unknown endpoint {endpoint}; one of {', '.join(ENDPOINTS)}, *"}), 400
        fault = None if body.get("clear") else _fault_from(body)
        state.set_fault(endpoint, fault, tag=body.get("tag"))
        return jsonify({"ok": True})

    @app.post("/_fake/templates")
    def templates():
        ids = _body().get("ids", [])
        with state.lock:
            state.templates.update(str(i) for i in ids)
        return jsonify({"ok": True})

    @app.post("/_fake/config")
    def config():
        body = _body()
        state.configure(token_grace=body.get("token_grace"), token_lifetime=body.get("token_lifetime"))
        if body.get("mass_per_user_month") is not None:
            with state.lock:
                state.broadcasts.per_user_month = int(body["mass_per_user_month"])
        return jsonify({"ok": True})

    @app.post("/_fake/reset")
    def reset():
        state.reset()
        return jsonify({"ok": True})

    @app.post("/_fake/events/deliver")
    def deliver_events():
        body = _body()
        delivered = deliver_events_to(state, str(body.get("url", "")), str(body.get("token", "")),
                                      str(body.get("to", "gh_fake")))
        return jsonify({"delivered": delivered})

    @app.get("/_fake/stats")
    def stats():
        return jsonify(state.snapshot_stats())


def event_xml(event: dict, to: str, now: int) -> str:
    fields = {"ToUserName": to, "FromUserName": event.get("FromUserName", "oFAKE-system"),
              "CreateTime": str(now), "MsgType": "event", **event}
    return "<xml>" + "".join(f"<{k}><![CDATA[{escape(str(v))}]]></{k}>" for k, v in fields.items()) + "</xml>"


def deliver_events_to(state: FakeState, url: str, token: str, to: str = "gh_fake") -> int:
    """POST every queued event to the webhook at `url`; returns how many it accepted."""
    from .state import _now
    delivered = 0
    http = requests.Session()
    http.trust_env = False
    for event in state.take_events():
        timestamp, nonce = str(int(_now())), secrets.token_hex(4)
        params = {"timestamp": timestamp, "nonce": nonce, "signature": make_signature(token, timestamp, nonce)}
        answer = http.post(url, params=params, data=event_xml(event, to, int(timestamp)).encode(), timeout=10)
        delivered += answer.status_code == 200
    return delivered
