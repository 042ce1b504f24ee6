"""The outbound WeChat API client: wechatpy's WeChatClient, made safe for several processes.

What differs from wechatpy 1.8.18's defaults, and why:
- every URL goes to WECHAT_API_BASE (the fake in dev and tests): wechatpy's token fetch and
  some sub-APIs hard-code https://api.weixin.qq.com, so those are rewritten too, and when the
  base is not the real host, a transport adapter refuses the real host outright;
- every request, the token fetch included, carries a timeout (wechatpy's default is none);
- the access token lives in the shared token store (one refresher for all processes);
- on 40001/42001/40014 it refreshes at most once and retries once (wechatpy retries forever).

    client = get_client()                       # inside the app
    client.message.send_text(openid, "...")
    client.message.send_template(openid, template_id, data, url=None)
"""
from __future__ import annotations

import logging

import requests
from flask import current_app
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from .token_store import TokenStore, token_store_for

log = logging.getLogger(__name__)

REAL_HOSTS = ("https://api.weixin.qq.com/", "http://api.weixin.qq.com/")
# 40001 invalid/not latest, 40014 invalid token, 42001 expired: refresh once and retry once.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})


class RealHostRefused(requests.ConnectionError):
    """A request for the real WeChat API while the bot is pointed elsewhere."""


class _RefuseAdapter(requests.adapters.BaseAdapter):
    def send(self, request, **kwargs):  # noqa: ARG002 - adapter signature
        raise RealHostRefused(f"refused to call the real WeChat API ({request.url}) "
                              "while WECHAT_API_BASE points elsewhere", request=request)

    def close(self) -> None:
        pass


class WeChatApiClient(WeChatClient):
    """wechatpy's client, bound to one API base, a timeout and a shared token store."""

    def __init__(self, appid: str, secret: str, api_base: str, token_store: TokenStore,
                 timeout: float = 5.0):
        super().__init__(appid, secret, timeout=timeout, auto_retry=False)
        self.api_root = api_base if api_base.endswith("/") else api_base + "/"
        self.API_BASE_URL = self.api_root + "cgi-bin/"
        self.token_store = token_store
        self._http.trust_env = False  # no proxies from the environment: loopback stays loopback
        if not self.api_root.startswith(REAL_HOSTS):
            for host in REAL_HOSTS:
                self._http.mount(host, _RefuseAdapter())

    def _to_base(self, url: str) -> str:
        for host in REAL_HOSTS:
            if url.startswith(host):
                return self.api_root + url[len(host):]
        return url

    # --- the token --------------------------------------------------------------------------
    def fetch_access_token(self) -> dict:
        """GET cgi-bin/token at our API base (wechatpy hard-codes the real host here)."""
        response = self._http.get(self.api_root + "cgi-bin/token", timeout=self.timeout, params={
            "grant_type": "client_credential", "appid": self.appid, "secret": self.secret})
        try:
            response.raise_for_status()
        except requests.RequestException as exc:
            raise WeChatClientException(None, None, client=self, request=exc.request,
                                        response=exc.response) from exc
        result = response.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self,
                                        request=response.request, response=response)
        return result

    def _fetch_for_store(self) -> tuple[str, int]:
        result = self.fetch_access_token()
        return result["access_token"], int(result.get("expires_in", 7200))

    @property
    def access_token(self) -> str:
        return self.token_store.get(self._fetch_for_store)

    # --- every API call ---------------------------------------------------------------------
    def _request(self, method, url_or_endpoint, **kwargs):
        base = self._to_base(kwargs.pop("api_base_url", None) or self.API_BASE_URL)
        url = url_or_endpoint if url_or_endpoint.startswith(("http://", "https://")) \
            else base + url_or_endpoint
        url = self._to_base(url)
        kwargs.setdefault("timeout", self.timeout)
        params = kwargs.pop("params", None) or {}
        caller_token = isinstance(params, dict) and "access_token" in params
        for attempt in (1, 2):
            call_params = dict(params) if isinstance(params, dict) else params
            token = None
            if not caller_token and isinstance(call_params, dict):
                token = call_params["access_token"] = self.access_token
            try:
                return super()._request(method, url, params=call_params, **dict(kwargs))
            except WeChatClientException as exc:
                if attempt == 1 and token and exc.errcode in TOKEN_ERRORS:
                    log.info("WeChat said %s for our token: refreshing once and retrying", exc.errcode)
                    self.token_store.invalidate(token)
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover


def build_client(config, db, redis_client) -> WeChatApiClient:
    """A client from a config mapping (Flask's app.config or a dict)."""
    store = token_store_for(db, redis_client, config["WECHAT_APP_ID"])
    return WeChatApiClient(config["WECHAT_APP_ID"], config["WECHAT_APP_SECRET"], config["WECHAT_API_BASE"],
                           store, timeout=float(config.get("WECHAT_TIMEOUT_SECONDS", 5.0)))


def get_client() -> WeChatApiClient:
    """The app's client, made on first use (one per process; its requests session is reused)."""
    app = current_app._get_current_object()
    client = app.extensions.get("wechat_client")
    if client is None:
        client = build_client(app.config, app.extensions["db"], app.extensions.get("redis"))
        app.extensions["wechat_client"] = client
    return client
