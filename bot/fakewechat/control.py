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
    GET  /_fake/stats                          token fetches, 40001s, errors by code, sends, requests
"""
from __future__ import annotations

import json

from flask import Flask, jsonify, request

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
        return jsonify({"ok": True})

    @app.post("/_fake/reset")
    def reset():
        state.reset()
        return jsonify({"ok": True})

    @app.get("/_fake/stats")
    def stats():
        return jsonify(state.snapshot_stats())
