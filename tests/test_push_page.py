"""Every push has a detail page: signed, expiring, the receiver's only; template links lead to it."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
import requests

from bot import clock
from bot.outbox import OutboxSettings, dispatch_once, enqueue
from bot.pushpage.links import make_token
from bot.wechat.client import build_client
from tests.kit.factories import add_follower

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
TEXT = "【吹哨】12号群众需求\n村：代村\n事情：路灯坏了三盏，晚上看不见路\n能办请回复“报到 12”认领。"


pytestmark = pytest.mark.app_settings({"PUBLIC_BASE_URL": "https://bot.example.cn/",
                                       "TEMPLATE_IDS": {"whistle": "tpl-whistle"}}, fake_wechat=True)


def _sent_link(app, db, fake_wechat) -> str:
    with db.session() as s:
        add_follower(s, "rep-1", in_window=False, now=T0)
        enqueue(s, "need:12:whistle:rep-1", "rep-1", "whistle", TEXT,
                {"事项": "12号 路灯坏了三盏，晚上看不见路", "地点": "代村", "状态": "待认领"})
    settings = OutboxSettings.from_config(app.config)
    dispatch_once(db, build_client(app.config, db=db), settings=settings, now=T0)
    body = fake_wechat.messages("rep-1")[0]["body"]
    assert body["data"]["thing1"]["value"] == "12号 路灯坏了三盏，晚上看不见路"
    assert body["url"].startswith("https://bot.example.cn/m/")
    return urlsplit(body["url"]).path


def test_the_template_links_to_the_full_text_with_the_reply(app, db, client, fake_wechat):
    with clock.frozen(T0):
        path = _sent_link(app, db, fake_wechat)
        page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<script" not in html
    assert "路灯坏了三盏，晚上看不见路" in html and "报到 12" in html and "viewport" in html


def test_a_guessed_altered_or_expired_link_shows_nothing(app, db, client, fake_wechat):
    with clock.frozen(T0) as moved:
        path = _sent_link(app, db, fake_wechat)
        token = path.rsplit("/", 1)[1]
        altered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
        guessed = make_token("not-our-secret", 1)
        for bad in (altered, guessed, "1"):
            page = client.get("/m/" + bad)
            assert page.status_code == 404 and "路灯" not in page.get_data(as_text=True)
        moved.advance(days=31)
        assert client.get(path).status_code == 404


def test_with_oauth_only_the_receiver_reads_it(app, db, client, fake_wechat):
    app.config["PUSH_PAGE_OAUTH"] = True
    with clock.frozen(T0):
        path = _sent_link(app, db, fake_wechat)
        asked = client.get(path)
        assert asked.status_code == 302 and "snsapi_base" in asked.headers["Location"]
        for reader, status in (("someone-else", 403), ("rep-1", 200)):
            answer = requests.get(asked.headers["Location"].split("#")[0] + f"&openid={reader}",
                                  allow_redirects=False)
            code = answer.headers["Location"].split("code=")[1].split("&")[0]
            page = client.get(f"{path}?code={code}&state=m")
            assert page.status_code == status
            assert ("路灯" in page.get_data(as_text=True)) == (status == 200)
