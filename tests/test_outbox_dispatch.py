"""The outbox dispatcher against the fake WeChat API: which channel a push takes (a customer-service
text inside the 48-hour window, a template outside it), delivery reports, the CLI."""
from __future__ import annotations

import dataclasses

import pytest

from bot.outbox import dispatch_once
from tests.kit.outbox import DISPATCH_SETTINGS, outbox_row, queue_push

# Nothing leaves for the real WeChat; the app talks to the fake API.
pytestmark = [pytest.mark.usefixtures("host_guard"), pytest.mark.app_settings(DISPATCH_SETTINGS, fake_wechat=True)]


def test_within_48_hours_a_customer_service_text(db, wechat_client, fake_wechat, outbox_settings, host_guard):
    fake_wechat.interaction("o-1")
    queue_push(db, "o-1", in_window=True, text="你好，明天开会")
    result = dispatch_once(db, wechat_client, settings=outbox_settings)
    assert (result.claimed, result.sent) == (1, 1)
    row = outbox_row(db, "k-1")
    assert (row.status, row.channel, row.wechat_msgid, row.attempts) == ("sent", "custom", None, 1)
    assert row.sent_at is not None and row.lease_until is None
    assert fake_wechat.texts("o-1") == ["你好，明天开会"]
    assert host_guard.attempts == []


def test_outside_48_hours_a_template_with_the_kinds_id_and_its_msgid_stored(db, wechat_client, fake_wechat,
        outbox_settings):
    queue_push(db, "o-2", in_window=False, template={"事项": "扫雪", "时间": "明天上午9点", "地点": "村委会门口"},
          url="http://127.0.0.1/task/3")
    dispatch_once(db, wechat_client, settings=outbox_settings)
    row = outbox_row(db, "k-1")
    sent = fake_wechat.messages("o-2")
    assert [m["endpoint"] for m in sent] == ["template"]
    body = sent[0]["body"]
    assert body["template_id"] == "tpl-task" and body["url"] == "http://127.0.0.1/task/3"
    # Named fields go to the template's keyword ids (kinds.DEFAULT_FIELD_KEYS unless configured).
    assert body["data"] == {"thing1": {"value": "扫雪"}, "time2": {"value": "明天上午9点"},
                            "thing3": {"value": "村委会门口"}}
    assert body["client_msg_id"] == "k-1"
    assert (row.status, row.channel, row.wechat_msgid) == ("sent", "template", str(sent[0]["msgid"]))


def test_template_fields_are_one_short_line_and_mapped_as_configured(db, wechat_client, fake_wechat, outbox_settings):
    long = "村委会门口东边第二个路口往北走一百米的小广场"
    queue_push(db, "o-3", in_window=None, kind="reminder", template={"事项": "扫雪\n活动", "地点": long, "first": "旧"})
    mapped = dataclasses.replace(outbox_settings, template_fields={"reminder": {"事项": "thing7"}})
    dispatch_once(db, wechat_client, settings=mapped)
    data = fake_wechat.messages("o-3")[0]["body"]["data"]
    assert data == {"thing7": {"value": "扫雪 活动"}, "thing3": {"value": long[:19] + "…"}}
    assert fake_wechat.state.violations == []


def test_without_fields_outside_48_hours_is_dead_not_guessed_from_the_text(db, wechat_client, fake_wechat,
        outbox_settings):
    queue_push(db, "o-3b", in_window=None, kind="reminder", template={})
    dispatch_once(db, wechat_client, settings=outbox_settings)
    assert outbox_row(db, "k-1").last_error == "outside 48h window; no template fields for reminder"
    assert fake_wechat.messages("o-3b") == []


def test_outside_48_hours_without_a_template_is_dead_with_its_reason(db, wechat_client, fake_wechat, outbox_settings):
    queue_push(db, "o-4", in_window=False, kind="human")
    result = dispatch_once(db, wechat_client, settings=outbox_settings)
    row = outbox_row(db, "k-1")
    assert result.dead == 1
    assert (row.status, row.last_error) == ("dead", "outside 48h window; no template for human")
    assert fake_wechat.messages("o-4") == []


def test_45015_on_a_customer_service_text_falls_back_to_the_template(db, wechat_client, fake_wechat, outbox_settings):
    # Our record says the user wrote an hour ago, but WeChat says the window is closed.
    queue_push(db, "o-5", in_window=True)
    dispatch_once(db, wechat_client, settings=outbox_settings)
    row = outbox_row(db, "k-1")
    assert (row.status, row.channel) == ("sent", "template")
    assert [m["endpoint"] for m in fake_wechat.messages("o-5")] == ["template"]


def test_45015_without_a_template_is_dead(db, wechat_client, fake_wechat, outbox_settings):
    queue_push(db, "o-6", in_window=True, kind="human")
    dispatch_once(db, wechat_client, settings=outbox_settings)
    row = outbox_row(db, "k-1")
    assert row.status == "dead" and "45015" in row.last_error and "no template for human" in row.last_error


def test_an_unsubscribed_user_is_dead_without_a_call(db, wechat_client, fake_wechat, outbox_settings):
    queue_push(db, "o-7", in_window=True, subscribed=False)
    dispatch_once(db, wechat_client, settings=outbox_settings)
    assert (outbox_row(db, "k-1").status, outbox_row(db, "k-1").last_error) == ("dead", "unsubscribed")
    assert fake_wechat.stats()["token_fetches"] == 0


def test_cli_dispatch_list_and_retry(app, db, fake_wechat, runner):
    queue_push(db, "o-13", in_window=False, kind="human", key="human:1")
    fake_wechat.interaction("o-14")
    queue_push(db, "o-14", in_window=True, key="reply:2")
    out = runner.invoke(args=["outbox", "dispatch", "--once"]).output
    assert "claimed 2: sent 1" in out and "dead 1" in out
    listing = runner.invoke(args=["outbox", "list", "--status", "dead"]).output
    assert "human:1" in listing and "no template for human" in listing and "reply:2" not in listing
    dead_id = outbox_row(db, "human:1").id
    assert "1 row(s) queued again" in runner.invoke(args=["outbox", "retry", str(dead_id)]).output
    row = outbox_row(db, "human:1")
    assert (row.status, row.attempts) == ("pending", 0)


def test_the_template_delivery_report_lands_on_its_row(db, wechat_client, fake_wechat, outbox_settings):
    from bot.outbox import record_template_delivery

    queue_push(db, "o-15", in_window=False)
    dispatch_once(db, wechat_client, settings=outbox_settings)
    msgid = outbox_row(db, "k-1").wechat_msgid
    with db.session() as s:
        assert record_template_delivery(s, msgid, "success")
        assert not record_template_delivery(s, "999", "success")
    assert outbox_row(db, "k-1").delivery_status == "success"
