"""HTTP routes of the fake WeChat API (see package docstring); control routes are in control.py.

A client may prefix every path with `/_c/<tag>/` (a WECHAT_API_BASE ending in `/_c/<tag>/`):
the fake then knows which process is calling, so a test can aim a fault at that one process.
"""
from __future__ import annotations

import json
import re
import secrets
import time

from flask import Flask, Response, jsonify, request

from .. import clock
from . import rules
from .control import register_control
from .routes_mass import register_mass
from .state import FakeState, message_text

ERRMSG = {
    0: "ok", -1: "system error", 40001: "invalid credential, access_token is invalid or not latest",
    40003: "invalid openid", 40013: "invalid appid", 40037: "invalid template_id",
    40125: "invalid appsecret", 41001: "access_token missing", 42001: "access_token expired",
    43004: "require subscribe", 45002: "content size out of limit",
    45009: "reach max api daily quota limit", 45011: "api minute-quota reach limit mustslower retry next minute",
    45015: "response out of time limit or subscription is canceled", 47001: "data format error",
    47003: "argument invalid!", 48001: "api unauthorized", 40164: "invalid ip, not in whitelist",
    40032: "invalid openid list size", 40130: "invalid openid list size, at least two openid",
    45056: "too many tags now, no need to add new", 45057: "can't delete the tag that has too many fans",
    45058: "can't modify sys tag", 45059: "user tag too many", 45157: "invalid tag name",
    45158: "tag name too long", 45159: "invalid tag id", 45065: "clientmsgid exist",
    45067: "clientmsgid size out of limit", 40029: "invalid code",
}
OPENID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TEXT_LIMIT_BYTES = 2048


class _ClientTag:
    """WSGI middleware: `/_c/<tag>/cgi-bin/...` → `/cgi-bin/...` with the tag kept aside."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_c/"):
            _, _, tag, rest = path.split("/", 3) if path.count("/") >= 3 else ("", "", "", "")
            environ["PATH_INFO"] = "/" + rest
            environ["fakewechat.tag"] = tag
        return self.wsgi_app(environ, start_response)


def _json_body() -> dict | None:
    try:
        data = json.loads(request.get_data(as_text=True) or "null")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def create_fake_app(state: FakeState | None = None) -> Flask:
    app = Flask("fakewechat")
    app.config["STATE"] = state = state or FakeState()
    app.wsgi_app = _ClientTag(app.wsgi_app)

    def error(code: int) -> Response:
        if code:
            state.count_error(code)
        rid = secrets.token_hex(4)
        message = ERRMSG.get(code, "error") + ("" if code == 0 else f" rid: {rid}")
        return jsonify({"errcode": code, "errmsg": message})

    def injected(endpoint: str) -> Response | None:
        state.count_request(endpoint)
        fault = state.fault_for(endpoint, request.environ.get("fakewechat.tag"))
        if fault is None:
            return None
        if fault.latency:
            time.sleep(fault.latency)
        if fault.hang:
            body = _json_body() or {}
            state.hang(fault.hang, {"endpoint": endpoint, "tag": request.environ.get("fakewechat.tag"),
                                    "openid": body.get("touser"), "text": message_text(endpoint, body)})
            if fault.status is None and fault.errcode is None:
                # Nothing processed: the client gave up long ago and must not find it delivered.
                state.count_error(504)
                return Response("upstream timed out", status=504)
        if fault.status:
            state.count_error(fault.status)
            return Response("fake upstream failure", status=fault.status)
        if fault.errcode is not None:
            return error(fault.errcode)
        return None

    def authorised(endpoint: str) -> Response | None:
        if (failure := injected(endpoint)) is not None:
            return failure
        token = request.args.get("access_token")
        if not token:
            return error(41001)
        code = state.check_token(token)
        return error(code) if code else None

    def credentials_error(appid: str | None, secret: str | None) -> Response | None:
        if appid != state.app_id:
            return error(40013)
        if secret != state.app_secret:
            return error(40125)
        return None

    @app.get("/cgi-bin/token")
    def token():
        if (failure := injected("token")) is not None:
            return failure
        if request.args.get("grant_type") != "client_credential":
            return error(47001)
        if (refused := credentials_error(request.args.get("appid"), request.args.get("secret"))):
            return refused
        value, expires_in = state.issue_token()
        return jsonify({"access_token": value, "expires_in": expires_in})

    @app.post("/cgi-bin/stable_token")
    def stable_token():
        if (failure := injected("stable_token")) is not None:
            return failure
        body = _json_body() or {}
        if body.get("grant_type") != "client_credential":
            return error(47001)
        if (refused := credentials_error(body.get("appid"), body.get("secret"))):
            return refused
        value, expires_in = state.stable_token(bool(body.get("force_refresh")))
        return jsonify({"access_token": value, "expires_in": expires_in})

    @app.post("/cgi-bin/message/custom/send")
    def custom_send():
        if (failure := authorised("custom")) is not None:
            return failure
        body = _json_body()
        if not body or not body.get("touser") or body.get("msgtype") not in ("text", "news", "image"):
            return error(47001)
        openid = str(body["touser"])
        if not OPENID.match(openid):
            return error(40003)
        if body["msgtype"] == "text":
            content = (body.get("text") or {}).get("content")
            if not isinstance(content, str) or not content:
                return error(47001)
            if len(content.encode("utf-8")) > TEXT_LIMIT_BYTES:
                return error(45002)
        if openid in state.unsubscribed:
            return error(43004)
        if not state.in_cs_window(openid):
            return error(45015)
        state.record("custom", openid, body)
        return error(0)

    @app.post("/cgi-bin/message/template/send")
    def template_send():
        if (failure := authorised("template")) is not None:
            return failure
        body = _json_body()
        if not body or not body.get("touser") or not isinstance(body.get("data", {}), dict):
            return error(47001)
        openid = str(body["touser"])
        if not OPENID.match(openid):
            return error(40003)
        if not state.template_known(str(body.get("template_id", ""))):
            return error(40037)
        code, violations = rules.template_problems(body.get("data") or {})
        if code:
            return error(code)
        if "client_msg_id" in body and not rules.client_id_ok(body["client_msg_id"]):
            return error(47003)
        if openid in state.unsubscribed:
            return error(43004)
        _entry, msgid = state.record_template(openid, body, violations)
        return jsonify({"errcode": 0, "errmsg": "ok", "msgid": msgid})

    @app.post("/cgi-bin/menu/create")
    def menu_create():
        if (failure := authorised("menu")) is not None:
            return failure
        body = _json_body()
        buttons = (body or {}).get("button")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3 or any(
                not isinstance(b, dict) or len(b.get("sub_button", [])) > 5 for b in buttons):
            return error(47001)
        with state.lock:
            state.menu = body
            state.stats["sends"]["menu"] += 1
        return error(0)

    @app.get("/cgi-bin/user/info")
    def user_info():
        if (failure := authorised("user_info")) is not None:
            return failure
        openid = request.args.get("openid", "")
        if not OPENID.match(openid):
            return error(40003)
        if openid in state.unsubscribed:
            return jsonify({"subscribe": 0, "openid": openid})
        return jsonify({"subscribe": 1, "openid": openid, "language": "zh_CN", "nickname": "",
                        "subscribe_time": int(state.interactions.get(openid, clock.timestamp()))})

    @app.errorhandler(404)
    def unknown_api(_exc):
        # Count what the bot asked for that the fake does not serve (tests assert on it).
        state.count_request("unknown:" + request.path)
        return jsonify({"errcode": 404, "errmsg": f"fake WeChat API has no {request.path}"}), 404

    register_mass(app, state, authorised, error)
    register_control(app, state)
    return app
