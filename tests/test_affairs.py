"""Village affairs: publishing pushes once to subscribed villagers of the scope; opting out and in;
the 议事日, notices and 村规民约 answers; sample knowledge loaded once."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bot import clock
from bot.outbox import mass
from bot import affairs
from bot.models import AffairsSubscription, Base, Notice, OutboxMessage, User, Village, VillageRules
from knowledge.schema import DEFAULT_DIRECTORY
from tests.kit.knowledge import load_into
from tests.kit.chat import chat, converse, event

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def county(county, db, router):
    """代村片区 (代村 v1, s1; 王庄 m1..m3) and 东关片区 (东关 v2, mb1); plus an unfollowed 代村 villager."""
    router.always("affairs")
    with db.session() as s:
        s.add(User(openid="gone", village_id=county.villages["代村"], subscribed=False))
        s.add(User(openid="nobody", village_id=None))
    return county


def _later(days: int = 6, hour: int = 9) -> datetime:
    return (clock.now().astimezone(SHANGHAI) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def _publish(runner, *args: str):
    return runner.invoke(args=["notice", "publish", *args])


def _pushed(db, notice_id: int | None = None) -> list[str]:
    """Who the notice (or every notice) reaches: the openids of its mass-send chunks."""
    with db.session() as s:
        return sorted(mass.receivers(s, f"notice:{notice_id}" if notice_id else "notice"))


def _last_notice_id(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.max(Notice.id)))


# --- publishing ---------------------------------------------------------------------------------

def test_publish_reaches_subscribed_villagers_of_the_area_once_even_when_retried(runner, db, county):
    args = ["--area", "bz-daicun", "--kind", "公示", "--title", "修路方案公示", "--body", "方案贴在村委会门口。"]
    first = _publish(runner, *args)
    assert first.exit_code == 0, first.output
    assert "published; 5 new push(es)" in first.output
    notice_id = _last_notice_id(db)
    area_users = {"v1", "s1", "m1", "m2", "m3"}
    assert set(_pushed(db, notice_id)) == area_users  # not 东关片区, not the unfollowed, not the unregistered

    retried = _publish(runner, *args)  # e.g. the operator's connection dropped and they ran it again
    assert retried.exit_code == 0, retried.output
    assert "already published; 0 new push(es)" in retried.output
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Notice)) == 1
        keys = s.scalars(select(OutboxMessage.business_key).where(OutboxMessage.business_key.like("notice:%"))).all()
    assert keys == [f"notice:{notice_id}:mass:0"]  # one mass send for the area, queued once


def test_village_scoped_notice_reaches_only_that_village(runner, db, county):
    result = _publish(runner, "--area", "bz-daicun", "--village", "王庄", "--kind", "通知",
                      "--title", "停水通知", "--body", "明天上午停水。")
    assert result.exit_code == 0, result.output
    assert _pushed(db) == ["m1", "m2", "m3"]


def test_push_text_names_the_meeting_and_how_to_opt_out(runner, db, county):
    at = _later()
    result = _publish(runner, "--area", "bz-daicun", "--kind", "议事日", "--title", "商量修路",
                      "--body", "议题：村东头的路怎么修。" * 30, "--at", at.strftime("%Y-%m-%d %H:%M"),
                      "--place", "村委会会议室")
    assert result.exit_code == 0, result.output
    with db.session() as s:
        row = s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.like("notice:%"))).one()
    text, template = row.payload["text"], row.payload["template"]
    assert row.payload["for"] == "notice" and "v1" in row.payload["openids"]  # one mass send
    assert "【议事日】" in text and "村委会会议室" in text
    assert f"{at.month}月{at.day}日" in text and "不要推送村务" in text
    notice_id = _last_notice_id(db)
    assert f"村务 {notice_id}" in text  # the body was cut: how to read it all
    assert len(text.encode()) < 2048
    assert template["地点"] == "村委会会议室" and "商量修路" in template["事项"]


@pytest.mark.parametrize("args, complaint", [
    (["--area", "nowhere", "--kind", "通知", "--title", "t"], "nowhere"),
    (["--area", "bz-daicun", "--village", "东关", "--kind", "通知", "--title", "t"], "东关"),
    (["--area", "bz-daicun", "--kind", "议事日", "--title", "t"], "开会时间"),
    (["--area", "bz-daicun", "--kind", "通知", "--title", "t", "--at", "12月5日"], "2026-12-05 09:00"),
])
def test_publish_refuses_what_it_cannot_place(runner, db, county, args, complaint):
    result = _publish(runner, *args)
    assert result.exit_code != 0 and complaint in result.output
    assert _pushed(db) == []


def test_same_notice_published_concurrently_is_one_notice_and_one_push_each(app, db, county):
    errors: list[Exception] = []

    def publish() -> None:
        try:
            with app.app_context(), db.session() as s:
                affairs.publish_notice(s, area_code="bz-dongguan", kind="通知", title="同时发布", body="b")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=publish) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Notice)) == 1
    assert _pushed(db) == ["mb1", "v2"]


def test_notice_list_command_shows_pushes(runner, db, county):
    _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "打疫苗")
    listed = runner.invoke(args=["notice", "list", "--area", "bz-dongguan"])
    assert listed.exit_code == 0 and "打疫苗" in listed.output and "pushes 2" in listed.output


# --- subscriptions --------------------------------------------------------------------------------

def test_opt_out_is_respected_and_opt_in_restores(app, runner, db, county, router):
    router.always("unknown")  # the commands stand on their own words
    assert "不再给您推送村务" in chat(app, "v1", "不要推送村务")
    assert "不再给您推送议事日" in chat(app, "m1", "别给我发议事日的消息了")
    _publish(runner, "--area", "bz-daicun", "--kind", "议事日", "--title", "议事",
             "--at", _later().strftime("%Y-%m-%d %H:%M"))
    _publish(runner, "--area", "bz-daicun", "--kind", "公示", "--title", "公示一下")
    meeting, shown = _last_notice_id(db) - 1, _last_notice_id(db)
    assert _pushed(db, meeting) == ["m2", "m3", "s1"]
    assert _pushed(db, shown) == ["m1", "m2", "m3", "s1"]

    assert "会推送给您" in chat(app, "v1", "订阅村务")
    _publish(runner, "--area", "bz-daicun", "--kind", "通知", "--title", "又一条")
    assert "v1" in _pushed(db, _last_notice_id(db))
    with db.session() as s:
        v1 = s.scalars(select(User).where(User.openid == "v1")).one()
        assert all(affairs.subscriptions(s, v1).values())
        assert s.scalar(select(func.count()).select_from(AffairsSubscription)) == 6  # 5 kinds of v1, 1 of m1


# --- answers in chat --------------------------------------------------------------------------------

def test_deliberation_day_answer_gives_the_next_meeting(app, runner, db, county):
    soon, later = _later(3), _later(20, hour=14)
    for at, title in ((later, "年底议事"), (soon, "修路议事")):
        _publish(runner, "--area", "bz-daicun", "--kind", "议事日", "--title", title,
                 "--at", at.strftime("%Y-%m-%d %H:%M"), "--place", "代村党群服务中心")
    reply = chat(app, "m1", "下次议事日是啥时候")
    assert "下一次议事日：修路议事" in reply
    assert f"{soon.month}月{soon.day}日" in reply and "代村党群服务中心" in reply
    assert "年底议事" in reply  # listed to read
    assert "还没有安排议事日" in chat(app, "v2", "议事日")  # 东关片区 has none


def test_notices_are_listed_numbered_and_a_number_gives_the_full_text_split_to_fit(app, runner, db, county):
    body = "\n".join(f"第{i}条：" + "村里这件事大家都要知道。" * 8 for i in range(1, 25))
    result = runner.invoke(args=["notice", "publish", "--area", "bz-daicun", "--village", "代村",
                                 "--kind", "村务公开", "--title", "三季度收支", "--body", "-"], input=body)
    assert result.exit_code == 0, result.output
    _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "东关的事")
    listing = chat(app, "v1", "村务公开")
    assert "1 【村务公开】三季度收支" in listing and "东关的事" not in listing
    full = converse(app, "v1", "1")
    assert full.followups, "a long notice comes in several messages"
    joined = "".join([full.text, *full.followups])
    for line in body.splitlines():
        assert line in joined


def test_villagers_read_only_notices_of_their_own_area(app, runner, db, county):
    _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "东关的事", "--body", "只给东关")
    other = _last_notice_id(db)
    assert "只给东关" in chat(app, "v2", f"村务 {other}")
    assert "没找到" in chat(app, "v1", f"村务 {other}")


def test_village_rules_answer_from_the_sample_knowledge(app, db, router):
    load_into(app)
    router.always("affairs")
    data = yaml.safe_load((DEFAULT_DIRECTORY / "affairs.yaml").read_text(encoding="utf-8"))
    entry = data["rules"][0]
    with db.session() as s:
        village = s.scalars(select(Village).where(Village.name == entry["village"])).one()
        s.add(User(openid="r1", village_id=village.id))
    reply = chat(app, "r1", "俺村的村规民约")
    assert f"{entry['village']}村规民约" in reply and "样例" in reply
    assert entry["text"].strip().splitlines()[0] in reply


def test_village_without_rules_is_told_where_to_look(app, db, county):
    assert "还没有放到这里" in chat(app, "v2", "村规民约")


def test_unregistered_villager_is_asked_for_the_village_then_answered(app, runner, db, county):
    _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "东关的事")
    asked = chat(app, "nobody", "村务")
    assert "我是代村的" in asked
    answered = chat(app, "nobody", "我是东关的")  # the village's own name binds at once
    assert "已登记" in answered and "东关的事" in answered


# --- sample knowledge -----------------------------------------------------------------------------

def test_setup_loads_sample_rules_and_notices_once_without_pushing(runner, db):
    data = yaml.safe_load((DEFAULT_DIRECTORY / "affairs.yaml").read_text(encoding="utf-8"))
    for _ in range(2):
        result = runner.invoke(args=["setup"])
        assert result.exit_code == 0, result.output
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Notice)) == len(data["notices"])
            assert s.scalar(select(func.count()).select_from(VillageRules)) == len(data["rules"])
            assert s.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_rules_a_cadre_made_real_are_kept_by_a_reload(app, db):
    load_into(app)
    with db.session() as s:
        rules = s.scalars(select(VillageRules).order_by(VillageRules.id)).first()
        rules.text, rules.sample, rules.version = "村民大会通过的正式条文。", False, 2
    load_into(app)
    with db.session() as s:
        kept = s.scalars(select(VillageRules).order_by(VillageRules.id)).first()
        assert (kept.text, kept.sample, kept.version) == ("村民大会通过的正式条文。", False, 2)


def test_migrated_schema_matches_the_affairs_models(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diffs if any(t in repr(d) for t in ("affairs_", "village_rules"))]
    assert mine == []


def test_menu_buttons_open_affairs_and_canteens(app, runner, db, county, router):
    router.always("unknown")
    _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "东关的事")
    assert "1 【通知】东关的事" in event(app, "v2", "CLICK", "MENU_AFFAIRS")
    assert "暖心食堂" in event(app, "v2", "CLICK", "MENU_CANTEEN")  # none registered here: asks where


def test_a_fifth_broadcast_in_a_month_is_refused_naming_how_many(runner, db, county):
    """WeChat delivers four mass messages a month to each follower: the fifth is refused, not lost."""
    for n in range(4):
        done = _publish(runner, "--area", "bz-daicun", "--kind", "通知", "--title", f"第{n + 1}条通知")
        assert done.exit_code == 0, done.output
    refused = _publish(runner, "--area", "bz-daicun", "--kind", "通知", "--title", "第五条通知")
    assert refused.exit_code != 0 and "5 人本月已收满4条群发" in refused.output
    with db.session() as s:
        assert not s.scalars(select(Notice).where(Notice.title == "第五条通知")).all()  # nothing recorded
    elsewhere = _publish(runner, "--area", "bz-dongguan", "--kind", "通知", "--title", "东关的通知")
    assert elsewhere.exit_code == 0, elsewhere.output  # other areas' villagers still have room
