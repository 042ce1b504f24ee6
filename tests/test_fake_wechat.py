"""The fake WeChat API speaks WeChat's protocol: tokens, the 48-hour window, templates, faults."""
import requests


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
    import time

    token = _token(fake_wechat)
    assert _custom(fake_wechat, token, "never-wrote")["errcode"] == 45015
    fake_wechat.interaction("old", at=time.time() - 49 * 3600)
    assert _custom(fake_wechat, token, "old")["errcode"] == 45015
    fake_wechat.interaction("fresh")
    assert _custom(fake_wechat, token, "fresh", "你好")["errcode"] == 0
    assert fake_wechat.texts("fresh") == ["你好"]


def test_templates_and_unsubscribed_users(fake_wechat):
    token = _token(fake_wechat)
    url = fake_wechat.base_url + "cgi-bin/message/template/send"
    ok = requests.post(url, params={"access_token": token}, json={
        "touser": "u2", "template_id": "dev-tpl-task", "data": {"first": {"value": "新任务"}}}).json()
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
