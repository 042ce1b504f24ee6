"""The fake WeChat API speaks WeChat's protocol: tokens, the 48-hour window, templates, faults."""
import requests

from bot import clock


def _token(fake) -> str:
    r = requests.get(fake.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": fake.state.app_id, "secret": fake.state.app_secret})
    return r.json()["access_token"]


def _custom(fake, token, openid="u1", text="hi"):
    return requests.post(fake.base_url + "cgi-bin/message/custom/send", params={"access_token": token},
                         json={"touser": openid, "msgtype": "text", "text": {"content": text}}).json()


def test_token_errors_and_old_token_grace(fake_wechat):
    bad = requests.get(fake_wechat.base_url + "cgi-bin/token", params={
        "grant_type": "client_credential", "appid": fake_wechat.state.app_id, "secret": "wrong"}).json()
    assert bad["errcode"] == 40125
    first = _token(fake_wechat)
    second = _token(fake_wechat)
    fake_wechat.interaction("u1")
    assert _custom(fake_wechat, first)["errcode"] == 0  # old token still works for ~5 minutes
    assert _custom(fake_wechat, second)["errcode"] == 0
    assert _custom(fake_wechat, "nonsense")["errcode"] == 40001
    assert fake_wechat.stats()["token_fetches"] == 2


def test_customer_service_needs_the_48_hour_window(fake_wechat):
    token = _token(fake_wechat)
    assert _custom(fake_wechat, token, "never-wrote")["errcode"] == 45015
    fake_wechat.interaction("old", at=clock.timestamp() - 49 * 3600)
    assert _custom(fake_wechat, token, "old")["errcode"] == 45015
    fake_wechat.interaction("fresh")
    assert _custom(fake_wechat, token, "fresh", "你好")["errcode"] == 0
    assert fake_wechat.texts("fresh") == ["你好"]


def test_templates_and_unsubscribed_users(fake_wechat):
    token = _token(fake_wechat)
    url = fake_wechat.base_url + "cgi-bin/message/template/send"
    ok = requests.post(url, params={"access_token": token}, json={
        "touser": "u2", "template_id": "dev-tpl-task", "data": {"thing1": {"value": "新任务"}}}).json()
    assert ok["errcode"] == 0 and ok["msgid"]
    unknown = requests.post(url, params={"access_token": token}, json={
        "touser": "u2", "template_id": "nope", "data": {}}).json()
    assert unknown["errcode"] == 40037
    requests.post(fake_wechat.base_url + "_fake/unsubscribe", json={"openid": "u2"})
    gone = requests.post(url, params={"access_token": token}, json={
        "touser": "u2", "template_id": "dev-tpl-task", "data": {}}).json()
    assert gone["errcode"] == 43004


def test_fault_injection_by_count_status_and_latency(fake_wechat):
    import time

    token = _token(fake_wechat)
    fake_wechat.interaction("u3")
    fake_wechat.set_fault("custom", errcode=45009, count=2)
    codes = [_custom(fake_wechat, token, "u3")["errcode"] for _ in range(3)]
    assert codes == [45009, 45009, 0]
    fake_wechat.set_fault("custom", status=503, count=1)
    r = requests.post(fake_wechat.base_url + "cgi-bin/message/custom/send", params={"access_token": token},
                      json={"touser": "u3", "msgtype": "text", "text": {"content": "x"}})
    assert r.status_code == 503
    fake_wechat.set_fault("custom", latency=0.2)
    started = time.perf_counter()
    assert _custom(fake_wechat, token, "u3")["errcode"] == 0
    assert time.perf_counter() - started >= 0.2


def test_menu_is_validated_and_kept(fake_wechat):
    token = _token(fake_wechat)
    url = fake_wechat.base_url + "cgi-bin/menu/create"
    too_many = {"button": [{"name": str(i), "type": "click", "key": str(i)} for i in range(4)]}
    assert requests.post(url, params={"access_token": token}, json=too_many).json()["errcode"] == 47001
    menu = {"button": [{"name": "办事", "type": "click", "key": "MENU_GUIDES"}]}
    assert requests.post(url, params={"access_token": token}, json=menu).json()["errcode"] == 0
    assert fake_wechat.stats()["menu"] == menu


def test_stable_token_is_reused_until_forced(fake_wechat):
    url = fake_wechat.base_url + "cgi-bin/stable_token"
    creds = {"grant_type": "client_credential", "appid": fake_wechat.state.app_id,
             "secret": fake_wechat.state.app_secret}
    first = requests.post(url, json=creds).json()["access_token"]
    assert requests.post(url, json=creds).json()["access_token"] == first
    forced = requests.post(url, json={**creds, "force_refresh": True}).json()["access_token"]
    assert forced != first
    assert requests.post(url, json={**creds, "secret": "wrong"}).json()["errcode"] == 40125
    assert fake_wechat.stats()["token_fetches"] == 2


def test_a_new_token_ends_the_old_one_after_the_grace(fake_wechat):
    fake_wechat.configure(token_grace=0)
    fake_wechat.interaction("u1")
    first = _token(fake_wechat)
    second = _token(fake_wechat)
    assert _custom(fake_wechat, first)["errcode"] == 40001
    assert _custom(fake_wechat, second)["errcode"] == 0
    stats = fake_wechat.stats()
    assert stats["invalid_token_errors"] == 1 and stats["errors"] == {"40001": 1}


def test_a_token_past_its_lifetime_is_expired(fake_wechat):
    fake_wechat.configure(token_lifetime=0)
    fake_wechat.interaction("u1")
    assert _custom(fake_wechat, _token(fake_wechat))["errcode"] == 42001


def test_bad_openid_long_text_and_bad_template_data(fake_wechat):
    token = _token(fake_wechat)
    fake_wechat.interaction("u1")
    assert _custom(fake_wechat, token, "not an openid!")["errcode"] == 40003
    assert _custom(fake_wechat, token, "u1", "字" * 700)["errcode"] == 45002  # 2,100 bytes
    r = requests.post(fake_wechat.base_url + "cgi-bin/message/template/send", params={"access_token": token},
                      json={"touser": "u1", "template_id": "dev-tpl-task", "data": {"first": "no value"}}).json()
    assert r["errcode"] == 47003
    assert fake_wechat.messages() == []


def test_user_info_tells_subscription(fake_wechat):
    token = _token(fake_wechat)
    url = fake_wechat.base_url + "cgi-bin/user/info"
    assert requests.get(url, params={"access_token": token, "openid": "u9"}).json()["subscribe"] == 1
    fake_wechat.unsubscribe("u9")
    assert requests.get(url, params={"access_token": token, "openid": "u9"}).json()["subscribe"] == 0
    assert requests.get(url, params={"access_token": "stale", "openid": "u9"}).json()["errcode"] == 40001


def test_a_hang_outlasts_the_client_and_records_nothing(fake_wechat):
    import time

    token = _token(fake_wechat)
    fake_wechat.interaction("u1")
    fake_wechat.set_fault("custom", hang=30)
    started = time.perf_counter()
    try:
        _custom_with_timeout(fake_wechat, token, 0.3)
        raise AssertionError("the hang should have timed the client out")
    except requests.Timeout:
        pass
    assert time.perf_counter() - started < 2
    assert fake_wechat.stats()["hanging"] == 1
    assert fake_wechat.state.hung[0]["text"] == "hi"
    fake_wechat.reset()  # wakes it: it answers 504 to nobody and records nothing
    time.sleep(0.2)
    assert fake_wechat.stats()["hanging"] == 0 and fake_wechat.messages() == []


def _custom_with_timeout(fake, token, timeout):
    return requests.post(fake.base_url + "cgi-bin/message/custom/send", params={"access_token": token},
                         json={"touser": "u1", "msgtype": "text", "text": {"content": "hi"}}, timeout=timeout)


def test_a_fault_can_mix_failures_at_a_rate(fake_wechat):
    token = _token(fake_wechat)
    fake_wechat.interaction("u1")
    fake_wechat.set_fault("custom", errcode=[45009, -1], status=503, rate=0.5)
    outcomes = []
    for _ in range(200):
        r = requests.post(fake_wechat.base_url + "cgi-bin/message/custom/send", params={"access_token": token},
                          json={"touser": "u1", "msgtype": "text", "text": {"content": "x"}})
        outcomes.append(r.status_code if r.status_code != 200 else r.json()["errcode"])
    failures = [o for o in outcomes if o != 0]
    assert 60 <= len(failures) <= 140
    assert set(failures) == {45009, -1, 503}
    assert len(fake_wechat.messages("u1")) == outcomes.count(0)


def test_a_fault_can_aim_at_one_client(fake_wechat):
    token = _token(fake_wechat)
    fake_wechat.interaction("u1")
    fake_wechat.set_fault("custom", tag="victim", errcode=45009)
    body = {"touser": "u1", "msgtype": "text", "text": {"content": "x"}}
    aimed = requests.post(fake_wechat.base_url + "_c/victim/cgi-bin/message/custom/send",
                          params={"access_token": token}, json=body).json()
    other = requests.post(fake_wechat.base_url + "_c/other/cgi-bin/message/custom/send",
                          params={"access_token": token}, json=body).json()
    assert aimed["errcode"] == 45009 and other["errcode"] == 0


def test_messages_since_id_and_unknown_apis(fake_wechat):
    token = _token(fake_wechat)
    fake_wechat.interaction("u1")
    for text in ("一", "二", "三"):
        _custom(fake_wechat, token, "u1", text)
    first_id = fake_wechat.messages("u1")[0]["id"]
    listed = requests.get(fake_wechat.base_url + "_fake/messages",
                          params={"openid": "u1", "since_id": first_id}).json()["messages"]
    assert [m["text"] for m in listed] == ["二", "三"]
    r = requests.get(fake_wechat.base_url + "cgi-bin/no/such/api", params={"access_token": token})
    assert r.status_code == 404
    assert fake_wechat.stats()["requests"]["unknown:/cgi-bin/no/such/api"] == 1
