"""The fake WeChat API enforces WeChat's real rules: template fields, client_msg_id, mass send, tags."""
from datetime import datetime, timezone

import requests

from bot import clock


def _token(fake) -> str:
    return requests.get(fake.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": fake.state.app_id, "secret": fake.state.app_secret}).json()[
        "access_token"]


def _post(fake, token, path, body):
    return requests.post(fake.base_url + "cgi-bin/" + path, params={"access_token": token},
                         data=__import__("json").dumps(body, ensure_ascii=False).encode()).json()


def _template(fake, token, openid, data, **extra):
    return _post(fake, token, "message/template/send",
                 {"touser": openid, "template_id": "tpl-x", "data": data, **extra})


def test_template_values_are_one_short_line_and_first_remark_are_dropped(fake_wechat):
    token = _token(fake_wechat)
    ok = {"thing1": {"value": "修路的事"}, "time2": {"value": "12月12日 09:00"}}
    assert _template(fake_wechat, token, "u1", ok)["errcode"] == 0
    assert _template(fake_wechat, token, "u1", {"thing1": {"value": "二" * 21}})["errcode"] == 47003
    assert _template(fake_wechat, token, "u1", {"thing1": {"value": "两\n行"}})["errcode"] == 47003
    assert fake_wechat.state.violations == []
    dropped = {"first": {"value": "标题"}, "thing1": {"value": "事"}, "remark": {"value": "备注"}}
    assert _template(fake_wechat, token, "u2", dropped)["errcode"] == 0
    assert fake_wechat.texts("u2") == ["事"]  # as the user sees it
    assert len(fake_wechat.state.violations) == 2
    fake_wechat.state.violations.clear()


def test_client_msg_id_sends_one_message_within_ten_minutes(fake_wechat):
    data = {"thing1": {"value": "事"}}
    with clock.frozen(datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)) as moved:
        token = _token(fake_wechat)
        first = _template(fake_wechat, token, "u1", data, client_msg_id="need:1:claimed")
        again = _template(fake_wechat, token, "u1", data, client_msg_id="need:1:claimed")
        assert first["errcode"] == again["errcode"] == 0 and first["msgid"] == again["msgid"]
        assert len(fake_wechat.messages("u1")) == 1
        assert _template(fake_wechat, token, "u2", data, client_msg_id="need:1:claimed")["errcode"] == 0
        moved.advance(minutes=11)
        _template(fake_wechat, token, "u1", data, client_msg_id="need:1:claimed")
        assert len(fake_wechat.messages("u1")) == 2  # past the window WeChat promises nothing
        assert _template(fake_wechat, token, "u1", data, client_msg_id="x" * 65)["errcode"] == 47003


def _mass(fake, token, openids, text="村里通知", clientmsgid=None):
    body = {"touser": openids, "msgtype": "text", "text": {"content": text}}
    if clientmsgid:
        body["clientmsgid"] = clientmsgid
    return _post(fake, token, "message/mass/send", body)


def test_mass_send_limits_per_user_month_and_clientmsgid(fake_wechat):
    with clock.frozen(datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)) as moved:
        token = _token(fake_wechat)
        assert _mass(fake_wechat, token, ["only-one"])["errcode"] == 40130
        for n in range(4):
            assert _mass(fake_wechat, token, ["a", "b"], f"第{n}条")["errcode"] == 0
        assert _mass(fake_wechat, token, ["a", "c"], "第五条")["errcode"] == 0
        assert [m["text"] for m in fake_wechat.messages("a")] == ["第0条", "第1条", "第2条", "第3条"]
        assert fake_wechat.texts("c") == ["第五条"]
        first = _mass(fake_wechat, token, ["c", "d"], "通知", clientmsgid="notice:9:0")
        again = _mass(fake_wechat, token, ["c", "d"], "通知", clientmsgid="notice:9:0")
        assert again["errcode"] == 45065 and again["msg_id"] == first["msg_id"]
        assert fake_wechat.texts("d") == ["通知"]
        events = [e for e in fake_wechat.state.take_events() if e["Event"] == "MASSSENDJOBFINISH"]
        assert events[4]["TotalCount"] == "2" and events[4]["SentCount"] == "1"
        moved.advance(days=31)  # a new month: a again
        token = _token(fake_wechat)
        assert _mass(fake_wechat, token, ["a", "b"], "一月")["errcode"] == 0
        assert fake_wechat.texts("a")[-1] == "一月"


def test_mass_send_sixty_calls_a_minute(fake_wechat):
    with clock.frozen(datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)) as moved:
        token = _token(fake_wechat)
        codes = [_mass(fake_wechat, token, [f"x{n}", f"y{n}"])["errcode"] for n in range(61)]
        assert codes[:60] == [0] * 60 and codes[60] == 45011
        moved.advance(minutes=1)
        assert _mass(fake_wechat, token, ["p", "q"])["errcode"] == 0


def test_tags_limits_and_send_by_tag(fake_wechat):
    token = _token(fake_wechat)
    made = _post(fake_wechat, token, "tags/create", {"tag": {"name": "代村片区"}})
    tag_id = made["tag"]["id"]
    assert _post(fake_wechat, token, "tags/create", {"tag": {"name": "代村片区"}})["errcode"] == 45157
    assert _post(fake_wechat, token, "tags/create", {"tag": {"name": "长" * 11}})["errcode"] == 45158
    assert _post(fake_wechat, token, "tags/members/batchtagging",
                 {"tagid": tag_id, "openid_list": [f"o{n}" for n in range(51)]})["errcode"] == 40032
    assert _post(fake_wechat, token, "tags/members/batchtagging",
                 {"tagid": tag_id, "openid_list": ["o1", "o2", "o3"]})["errcode"] == 0
    _post(fake_wechat, token, "tags/members/batchuntagging", {"tagid": tag_id, "openid_list": ["o3"]})
    assert _post(fake_wechat, token, "tags/getidlist", {"openid": "o1"})["tagid_list"] == [tag_id]
    sent = _post(fake_wechat, token, "message/mass/sendall",
                 {"filter": {"is_to_all": False, "tag_id": tag_id}, "msgtype": "text", "text": {"content": "好"}})
    assert sent["errcode"] == 0
    assert fake_wechat.texts("o1") == ["好"] and fake_wechat.texts("o3") == []
    for n in range(100):  # 100 tags an account, the 101st refused
        code = _post(fake_wechat, token, "tags/create", {"tag": {"name": f"t{n}"}}).get("errcode", 0)
        assert code == (45056 if n == 99 else 0)


def test_snsapi_base_oauth_names_the_reader_once(fake_wechat):
    answer = requests.get(fake_wechat.base_url + "connect/oauth2/authorize", allow_redirects=False, params={
        "appid": fake_wechat.state.app_id, "redirect_uri": "http://bot/m/x", "response_type": "code",
        "scope": "snsapi_base", "state": "s", "openid": "reader"})
    code = answer.headers["Location"].split("code=")[1].split("&")[0]
    params = {"appid": fake_wechat.state.app_id, "secret": fake_wechat.state.app_secret, "code": code,
              "grant_type": "authorization_code"}
    url = fake_wechat.base_url + "sns/oauth2/access_token"
    assert requests.get(url, params=params).json()["openid"] == "reader"
    assert requests.get(url, params=params).json()["errcode"] == 40029
