"""The outbound WeChat client: wechatpy's `WeChatClient`, pointed at WECHAT_API_BASE, made safe.

What it changes in wechatpy 1.8.18 (see WECHAT.md):
- the API base comes from config (the fake API in dev and tests), and every absolute URL to
  another host is refused, so nothing ever leaves for api.weixin.qq.com by accident;
- the access token comes from the shared store (bot/wechat/token_store.py), fetched from
  `<base>cgi-bin/token` — wechatpy's own `fetch_access_token` hard-codes the real host;
- every request has a timeout (wechatpy's default is none; its token fetch never passes one);
- on 40001/42001 it invalidates the token it used and retries once, never more (wechatpy's
  `auto_retry` retries without bound);
- failures come out as one exception type, `WeChatApiError`, with `transient` set.

    client = get_client()                       # inside the app
    client.send_text_message(openid, "...")
    msgid = client.send_template_message(openid, "tpl-id", {"thing1": {"value": "..."}}, url=None)
"""
from __future__ import annotations

import copy
import logging
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import current_app
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from .errors import TOKEN_ERRORS, WeChatApiError, from_errcode, from_http_status, from_transport
from .token_store import SharedAccessToken, token_backend

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0
ALREADY_SENT = 45065  # a mass send with a clientmsgid WeChat has seen


class WeChatApi(WeChatClient):
    """A `WeChatClient` bound to one API base and one shared access token."""

    def __init__(self, app_id: str, app_secret: str, api_base: str, tokens: SharedAccessToken,
                 timeout: float = DEFAULT_TIMEOUT_SECONDS):
        super().__init__(app_id, app_secret, timeout=timeout, auto_retry=False)
        base = api_base.rstrip("/") + "/"
        # wechatpy's `_request` reads `self.API_BASE_URL`; an instance attribute overrides the
        # class attribute (the real host) for this client only.
        self.API_BASE_URL = base + "cgi-bin/"
        parts = urlsplit(base)
        self._origin = (parts.scheme, parts.netloc)
        self.tokens = tokens

    # --- access token ------------------------------------------------------------------------
    @property
    def access_token(self) -> str:
        return self.tokens.get(self._fetch_new_token)

    def fetch_access_token(self) -> dict:
        """wechatpy's hook: hand out the shared token (refreshing it only through the store)."""
        return {"access_token": self.access_token}

    def _fetch_new_token(self) -> tuple[str, int]:
        params = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        try:
            res = self._http.get(self._checked_url("token"), params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise from_transport(exc) from exc
        if res.status_code >= 400:
            raise from_http_status(res.status_code, "token fetch failed")
        try:
            data = res.json()
        except ValueError as exc:
            raise WeChatApiError(None, "token fetch: the answer is not JSON", transient=True) from exc
        if data.get("errcode"):
            raise from_errcode(int(data["errcode"]), str(data.get("errmsg", "")))
        log.info("fetched a new WeChat access token (expires in %s s)", data.get("expires_in"))
        return str(data["access_token"]), int(data.get("expires_in", 7200))

    # --- requests ----------------------------------------------------------------------------
    def _checked_url(self, url_or_endpoint: str, api_base: str | None = None) -> str:
        """The full URL; refused unless it is on WECHAT_API_BASE's host.

        Some wechatpy sub-APIs carry their own base (`datacube`, `card` …) or absolute URLs
        (`customservice`) on the real host: pointed at the fake, those are refused, not sent.
        """
        if not url_or_endpoint.startswith(("http://", "https://")):
            url_or_endpoint = (api_base or self.API_BASE_URL) + url_or_endpoint
        parts = urlsplit(url_or_endpoint)
        if (parts.scheme, parts.netloc) != self._origin:
            raise WeChatApiError(None, f"refusing to call {parts.netloc}: not WECHAT_API_BASE "
                                       f"({self._origin[1]})", transient=False)
        return url_or_endpoint

    def _request(self, method: str, url_or_endpoint: str, **kwargs: Any):
        url = self._checked_url(url_or_endpoint, kwargs.pop("api_base_url", None))
        kwargs.setdefault("timeout", self.timeout)
        for attempt in (1, 2):
            call = copy.deepcopy(kwargs)  # wechatpy's _request mutates what it is given
            params = dict(call.get("params") or {})
            token = None
            if "access_token" not in params:
                token = params["access_token"] = self.access_token
            call["params"] = params
            try:
                return super()._request(method, url, **call)
            except WeChatClientException as exc:
                error = _translate(exc)
            except requests.RequestException as exc:
                raise from_transport(exc) from exc
            if error.code in TOKEN_ERRORS and token is not None and attempt == 1:
                log.info("WeChat refused the access token (%s): refreshing once", error.code)
                self.tokens.invalidate(token)
                continue
            raise error
        raise AssertionError("unreachable")

    # --- what the bot sends ------------------------------------------------------------------
    def send_text_message(self, openid: str, text: str) -> dict:
        """A customer-service text (only within 48 hours of the user's last interaction)."""
        return self.message.send_text(openid, text)

    def send_template_message(self, openid: str, template_id: str, data: dict,
                              url: str | None = None, client_msg_id: str | None = None) -> str | None:
        """A template message; returns WeChat's msgid (TEMPLATESENDJOBFINISH refers to it).

        `client_msg_id`: WeChat sends one message per openid + id within 10 minutes, so a
        resend after a crash between WeChat's answer and our commit is not delivered twice."""
        body: dict[str, Any] = {"touser": openid, "template_id": template_id, "data": data}
        if url:
            body["url"] = url
        if client_msg_id:
            body["client_msg_id"] = client_msg_id
        result = self.post("message/template/send", data=body)
        msgid = result.get("msgid") if isinstance(result, dict) else None
        return str(msgid) if msgid is not None else None

    def send_mass_text(self, text: str, clientmsgid: str, openids: list[str] | None = None,
                       tag_id: int | None = None) -> str:
        """A mass send (群发) of a text to an openid list (2–10,000) or to a tag; WeChat's
        msg_id. A `clientmsgid` already used answers 45065 with the first job's msg_id: the
        message went out before (a resend after a crash), which counts as sent."""
        body: dict[str, Any] = {"msgtype": "text", "text": {"content": text}, "clientmsgid": clientmsgid,
                                "send_ignore_reprint": 0}
        if openids is not None:
            body["touser"] = list(openids)
            endpoint = "message/mass/send"
        else:
            body["filter"] = {"is_to_all": False, "tag_id": tag_id}
            endpoint = "message/mass/sendall"
        try:
            result = self.post(endpoint, data=body)
        except WeChatApiError as exc:
            if exc.code != ALREADY_SENT:
                raise
            return f"dup:{clientmsgid}"
        return str(result.get("msg_id"))


    # --- user tags (bot/outbox/tags.py keeps them in step with areas) -------------------------
    def list_tags(self) -> dict[str, int]:
        """{name: tag id} of the account's tags."""
        return {t["name"]: int(t["id"]) for t in self.get("tags/get").get("tags", [])}

    def create_tag(self, name: str) -> int:
        return int(self.post("tags/create", data={"tag": {"name": name}})["tag"]["id"])

    def tag_users(self, tag_id: int, openids: list[str], tagging: bool = True) -> None:
        """Tag (or untag) at most 50 followers: WeChat's limit for one call."""
        endpoint = "tags/members/batchtagging" if tagging else "tags/members/batchuntagging"
        self.post(endpoint, data={"tagid": tag_id, "openid_list": list(openids)})


def _translate(exc: WeChatClientException) -> WeChatApiError:
    if exc.errcode is None:
        status = getattr(exc.response, "status_code", None)
        if status is not None:
            return from_http_status(int(status), "WeChat API answered with an error status")
        return WeChatApiError(None, "WeChat API request failed", transient=True)
    return from_errcode(int(exc.errcode), str(exc.errmsg or ""))


def build_client(config: Any, db=None, redis_client=None) -> WeChatApi:
    """A client from a config mapping (Flask's app.config or a dict) and the shared stores."""
    tokens = SharedAccessToken(token_backend(config["WECHAT_APP_ID"], db=db, redis_client=redis_client))
    return WeChatApi(config["WECHAT_APP_ID"], config["WECHAT_APP_SECRET"], config["WECHAT_API_BASE"],
                     tokens, timeout=float(config.get("WECHAT_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)))


def get_client() -> WeChatApi:
    """The app's client (one per process, created on first use)."""
    client = current_app.extensions.get("wechat_client")
    if client is None:
        client = build_client(current_app.config, db=current_app.extensions["db"],
                              redis_client=current_app.extensions.get("redis"))
        current_app.extensions["wechat_client"] = client
    return client
