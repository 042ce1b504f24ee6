"""HTTP routes of the fake API for mass sends, user tags and web OAuth (snsapi_base).

    POST cgi-bin/message/mass/sendall {filter: {is_to_all, tag_id}, msgtype: text, text, clientmsgid}
    POST cgi-bin/message/mass/send    {touser: [2–10,000 openids], msgtype: text, text, clientmsgid}
    POST cgi-bin/tags/create | tags/delete | tags/members/batchtagging | batchuntagging | tags/getidlist
    GET  cgi-bin/tags/get
    GET  connect/oauth2/authorize?redirect_uri=&scope=snsapi_base&state=&openid=   (the fake asks
         no one: the test names the reader with `openid`) → redirect with ?code=&state=
    GET  sns/oauth2/access_token?appid=&secret=&code=&grant_type=authorization_code → {openid}

A repeated `clientmsgid` answers 45065 with the earlier job's msg_id and sends nothing, as WeChat
does; past 60 calls a minute 45011, past 100 a day 45009.
"""
from __future__ import annotations

import json
import secrets
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, Response, jsonify, redirect, request

from . import rules
from .broadcast import finish_event
from .state import FakeState, _now

TEXT_LIMIT_BYTES = 2048


def _body() -> dict:
    try:
        data = json.loads(request.get_data(as_text=True) or "null")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def register_mass(app: Flask, state: FakeState, authorised: Callable[[str], Response | None],
                  error: Callable[[int], Response]) -> None:
    def mass(targets_of: Callable[[dict], tuple[int, list[str]]]) -> Response:
        if (failure := authorised("mass")) is not None:
            return failure
        body = _body()
        content = (body.get("text") or {}).get("content") if body.get("msgtype") == "text" else None
        if not isinstance(content, str) or not content:
            return error(47001)
        if len(content.encode("utf-8")) > TEXT_LIMIT_BYTES:
            return error(45002)
        clientmsgid = body.get("clientmsgid")
        if clientmsgid is not None and not rules.client_id_ok(clientmsgid):
            return error(45067)
        with state.lock:
            if (earlier := state.broadcasts.earlier_job(clientmsgid)) is not None:
                state.count_error(45065)
                return jsonify({"errcode": 45065, "errmsg": "clientmsgid exist", "msg_id": earlier.msg_id})
            code, targets = targets_of(body)
            if code:
                return error(code)
            if (code := state.broadcasts.rate_error(_now())):
                return error(code)
            job = state.broadcasts.send(targets, state.unsubscribed, clientmsgid, _now())
            state.record_mass(job, body)
            state.events.append(finish_event(job))
        return jsonify({"errcode": 0, "errmsg": "send job submission success", "msg_id": job.msg_id,
                        "msg_data_id": job.msg_id})

    def by_tag(body: dict) -> tuple[int, list[str]]:
        filt = body.get("filter") or {}
        if filt.get("is_to_all"):
            everyone = set(state.interactions) | set().union(*state.broadcasts.members.values())
            return 0, sorted(everyone)
        tag_id = filt.get("tag_id")
        if tag_id not in state.broadcasts.tags:
            return 45159, []
        return 0, sorted(state.broadcasts.members.get(tag_id, ()))

    def by_list(body: dict) -> tuple[int, list[str]]:
        openids = body.get("touser")
        if not isinstance(openids, list) or not rules.MASS_LIST_MIN <= len(openids) <= rules.MASS_LIST_MAX:
            return 40130, []
        return 0, [str(o) for o in openids]

    app.add_url_rule("/cgi-bin/message/mass/sendall", "mass_sendall", lambda: mass(by_tag), methods=["POST"])
    app.add_url_rule("/cgi-bin/message/mass/send", "mass_send", lambda: mass(by_list), methods=["POST"])

    @app.post("/cgi-bin/tags/create")
    def tags_create():
        if (failure := authorised("tags")) is not None:
            return failure
        with state.lock:
            code, tag_id = state.broadcasts.create_tag((_body().get("tag") or {}).get("name"))
        return error(code) if code else jsonify({"tag": {"id": tag_id, "name": _body()["tag"]["name"]}})

    @app.get("/cgi-bin/tags/get")
    def tags_get():
        if (failure := authorised("tags")) is not None:
            return failure
        with state.lock:
            tags = [{"id": i, "name": n, "count": len(state.broadcasts.members.get(i, ()))}
                    for i, n in sorted(state.broadcasts.tags.items())]
        return jsonify({"tags": tags})

    @app.post("/cgi-bin/tags/delete")
    def tags_delete():
        if (failure := authorised("tags")) is not None:
            return failure
        with state.lock:
            return error(state.broadcasts.delete_tag((_body().get("tag") or {}).get("id")))

    def batch(tagging: bool) -> Response:
        if (failure := authorised("tags")) is not None:
            return failure
        body = _body()
        with state.lock:
            return error(state.broadcasts.batch(body.get("tagid"), body.get("openid_list"), tagging))

    app.add_url_rule("/cgi-bin/tags/members/batchtagging", "tags_batchtagging", lambda: batch(True),
                     methods=["POST"])
    app.add_url_rule("/cgi-bin/tags/members/batchuntagging", "tags_batchuntagging", lambda: batch(False),
                     methods=["POST"])

    @app.post("/cgi-bin/tags/getidlist")
    def tags_of_user():
        if (failure := authorised("tags")) is not None:
            return failure
        with state.lock:
            return jsonify({"tagid_list": state.broadcasts.tags_of(str(_body().get("openid", "")))})

    @app.get("/connect/oauth2/authorize")
    def oauth_authorize():
        openid, target = request.args.get("openid", ""), request.args.get("redirect_uri", "")
        if request.args.get("scope") != "snsapi_base" or not openid or not target:
            return error(40029)
        code = secrets.token_urlsafe(12)
        with state.lock:
            state.oauth_codes[code] = openid
        joiner = "&" if "?" in target else "?"
        return redirect(target + joiner + urlencode({"code": code, "state": request.args.get("state", "")}))

    @app.get("/sns/oauth2/access_token")
    def oauth_token():
        if request.args.get("appid") != state.app_id or request.args.get("secret") != state.app_secret:
            return error(40013)
        with state.lock:
            openid = state.oauth_codes.pop(request.args.get("code", ""), None)  # a code works once
        if openid is None:
            return error(40029)
        return jsonify({"access_token": "FAKE_WEB_" + secrets.token_urlsafe(8), "expires_in": 7200,
                        "openid": openid, "scope": "snsapi_base"})
