"""HTTP routes of the fake WeChat API (see package docstring)."""
from __future__ import annotations

import json
import time

from flask import Flask, Response, jsonify, request

from .state import ENDPOINTS, Fault, FakeState

ERRMSG = {
    0: "ok", -1: "system error", 40001: "invalid credential, access_token is invalid or not latest",
    40003: "invalid openid", 40013: "invalid appid", 40037: "invalid template_id",
    40125: "invalid appsecret", 41001: "access_token missing", 42001: "access_token expired",
    43004: "require subscribe", 45009: "reach max api daily quota limit",
    45015: "response out of time limit or subscription is canceled", 47001: "data format error",
    47003: "argument invalid!", 48001: "api unauthorized", 40164: "invalid ip, not in whitelist",
}


def _error(code: int) -> Response:
    return jsonify({"errcode": code, "errmsg": ERRMSG.get(code, "error")})


def _json_body() -> dict | None:
    try:
        data = json.loads(request.get_data(as_text=True) or "null")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def create_fake_app(state: FakeState | None = None) -> Flask:
    app = Flask("fakewechat")
    app.config["STATE"] = state = state or FakeState()

    def injected(endpoint: str) -> Response | None:
        fault = state.fault_for(endpoint)
        if fault is None:
            return None
        if fault.latency:
            time.sleep(fault.latency)
        if fault.hang:
            time.sleep(fault.hang)
        if fault.status:
            return Response("fake upstream failure", status=fault.status)
        if fault.errcode is not None:
            return _error(fault.errcode)
        return None

    def authorised(endpoint: str) -> Response | None:
        if (failure := injected(endpoint)) is not None:
            return failure
        token = request.args.get("access_token")
        if not token:
            return _error(41001)
        code = state.check_token(token)
        return _error(code) if code else None

    @app.get("/cgi-bin/token")
    def token():
        if (failure := injected("token")) is not None:
            return failure
        if request.args.get("grant_type") != "client_credential":
            return _error(47001)
        if request.args.get("appid") != state.app_id:
            return _error(40013)
        if request.args.get("secret") != state.app_secret:
            return _error(40125)
        value, expires_in = state.issue_token()
        return jsonify({"access_token": value, "expires_in": expires_in})

    @app.post("/cgi-bin/message/custom/send")
    def custom_send():
        if (failure := authorised("custom")) is not None:
            return failure
        body = _json_body()
        if not body or not body.get("touser") or body.get("msgtype") not in ("text", "news", "image"):
            return _error(47001)
        openid = body["touser"]
        if openid in state.unsubscribed:
            return _error(43004)
        if not state.in_cs_window(openid):
            return _error(45015)
        state.record("custom", openid, body)
        return _error(0)

    @app.post("/cgi-bin/message/template/send")
    def template_send():
        if (failure := authorised("template")) is not None:
            return failure
        body = _json_body()
        if not body or not body.get("touser") or not isinstance(body.get("data", {}), dict):
            return _error(47001)
        if not state.template_known(str(body.get("template_id", ""))):
            return _error(40037)
        if body["touser"] in state.unsubscribed:
            return _error(43004)
        entry = state.record("template", body["touser"], body)
        return jsonify({"errcode": 0, "errmsg": "ok", "msgid": entry["msgid"]})

    @app.post("/cgi-bin/menu/create")
    def menu_create():
        if (failure := authorised("menu")) is not None:
            return failure
        body = _json_body()
        buttons = (body or {}).get("button")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3 or any(
                len(b.get("sub_button", [])) > 5 for b in buttons):
            return _error(47001)
        state.menu = body
        state.stats["sends"]["menu"] += 1
        return _error(0)

    @app.get("/cgi-bin/user/info")
    def user_info():
        if (failure := authorised("user_info")) is not None:
            return failure
        openid = request.args.get("openid", "")
        if not openid:
            return _error(40003)
        subscribed = openid not in state.unsubscribed
        return jsonify({"subscribe": int(subscribed), "openid": openid, "language": "zh_CN"})

    # --- control endpoints for tests and `make chat` -----------------------------------
    @app.post("/_fake/interaction")
    def interaction():
        body = _json_body() or {}
        if not body.get("openid"):
            return jsonify({"error": "openid required"}), 400
        state.record_interaction(body["openid"], body.get("at"))
        return jsonify({"ok": True})

    @app.post("/_fake/unsubscribe")
    def unsubscribe():
        body = _json_body() or {}
        with state.lock:
            state.unsubscribed.add(body.get("openid", ""))
        return jsonify({"ok": True})

    @app.get("/_fake/messages")
    def messages():
        since = int(request.args.get("since_id", 0) or 0)
        return jsonify({"messages": state.messages_for(request.args.get("openid"), since)})

    @app.post("/_fake/faults")
    def faults():
        body = _json_body() or {}
        endpoint = body.get("endpoint", "*")
        if endpoint not in ENDPOINTS + ("*",):
            return jsonify({"error": f"unknown endpoint {endpoint}"}), 400
        if body.get("clear"):
            state.faults.pop(endpoint, None)
        else:
            state.faults[endpoint] = Fault(
                errcode=body.get("errcode"), status=body.get("status"), rate=float(body.get("rate", 1.0)),
                count=body.get("count"), latency=float(body.get("latency", 0)), hang=float(body.get("hang", 0)))
        return jsonify({"ok": True})

    @app.post("/_fake/templates")
    def templates():
        body = _json_body() or {}
        state.templates.update(body.get("ids", []))
        return jsonify({"ok": True})

    @app.post("/_fake/reset")
    def reset():
        state.reset()
        return jsonify({"ok": True})

    @app.get("/_fake/stats")
    def stats():
        with state.lock:
            return jsonify(dict(state.stats, menu=state.menu))

    return app
