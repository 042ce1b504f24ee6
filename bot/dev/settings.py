"""The dev settings `make run` and `make chat` share: token, AES key, ports, template ids, openids.

These values are public on purpose (they only ever talk to 127.0.0.1 and the fake WeChat API);
a real official account gets its own from the environment or `.env`.
"""
from __future__ import annotations

import os

from bot.clock import DEFAULT_TZ_NAME

DEV_TOKEN = "dev-token"
# 43 characters, like the console's EncodingAESKey: lets safe mode run end to end in dev.
DEV_AES_KEY = "PianquTongDevOnlyAESKey0123456789abcdefghij"
DEV_APP_ID = "wxdev0000000000000"
DEV_APP_SECRET = "dev-secret"
# The official account's original id (ToUserName of inbound messages).
DEV_ACCOUNT_ID = "gh_pianqutong_dev"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_FAKE_PORT = 8081

# Kinds of push that may go out as template messages (outside the 48-hour window).
TEMPLATE_KINDS = ("errand", "mediation", "task", "reminder", "whistle", "theme", "need",
                  "affairs", "notice", "human")
DEV_TEMPLATE_IDS = {kind: f"dev-tpl-{kind}" for kind in TEMPLATE_KINDS}

# Roles a developer can chat as, each with a stable openid; `flask dev users` grants the role.
DEV_ROLES = {
    # chat role: (openid, UserRole.role or None for a plain villager)
    "villager": ("oDEV-villager", None),
    "party": ("oDEV-party", "party_member"),
    "volunteer": ("oDEV-volunteer", "volunteer"),
    "rep": ("oDEV-rep", "rep"),
    "mediator": ("oDEV-mediator", "mediator"),
}


def dev_environment(port: int = DEFAULT_PORT, fake_port: int = DEFAULT_FAKE_PORT,
                    base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every `make run` child: the caller's, with dev values filled in.

    Values already in the caller's environment win, except WECHAT_API_BASE: a dev run always
    talks to its own fake WeChat API, never to the real one.
    """
    env = dict(os.environ if base is None else base)
    defaults = {
        "DATABASE_URL": "sqlite:///instance/bot.db",
        "WECHAT_TOKEN": DEV_TOKEN,
        "WECHAT_ENCODING_AES_KEY": DEV_AES_KEY,
        "WECHAT_APP_ID": DEV_APP_ID,
        "WECHAT_APP_SECRET": DEV_APP_SECRET,
        "TZ_NAME": DEFAULT_TZ_NAME,
        "PYTHONUNBUFFERED": "1",
        # The dev server speaks plain http on 127.0.0.1: let the admin cookie travel over it.
        "ADMIN_COOKIE_SECURE": "0",
    }
    defaults.update({f"WECHAT_TEMPLATE_{kind.upper()}": tid for kind, tid in DEV_TEMPLATE_IDS.items()})
    for key, value in defaults.items():
        if not env.get(key):
            env[key] = value
    env["WECHAT_API_BASE"] = f"http://{DEFAULT_HOST}:{fake_port}/"
    env["DEV_WEB_PORT"] = str(port)
    return env
