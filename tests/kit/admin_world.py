"""A small county for admin tests: three areas in two townships, each with one of everything.

    world = build_world(db)
    world.ids["A"]["booking"]      # ids per area key A, B (卞庄街道) and C (兰陵镇)
    world.marks["B"]               # words that appear only on pages showing area B's rows

Every record is made through the domain functions (book_slot, create_errand, create_task,
confirm_task, create_invite, report_need, publish_notice), as chat and CLI make them. One
representative group (GROUP, 城建交通) serves the three areas, with one representative per area
(its role bound to that area) and one villager's need per area; more groups with this month's
themes, as knowledge/themes.yaml loads them, and one notice per area (_themes_and_notices).
Accounts: county1 (county), t1 (township 卞庄街道), area_a (area A), all with tests.kit.admin.PASSWORD.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select, update

from bot import affairs, clock, errands, mediation, needs, relay, volunteers
from bot.admin.import_jobs import start_import, step
from bot.accounts import create_invite
from bot.models import (Area, Guide, MediationRoom, OpeningHours, OutboxMessage, RepGroup, SafetyCase, Slot, Theme,
                        User, UserRole, Village)
from bot.themes import month_of
from knowledge.schema import read_knowledge
from tests.kit.admin import add_account

AREAS = {
    "A": ("bz-daicun", "代村片区", "卞庄街道", "代村"),
    "B": ("bz-dongguan", "东关片区", "卞庄街道", "东关"),
    "C": ("lx-xiangcheng", "向城片区", "兰陵镇", "向城"),
}
TOWNSHIP_OF = {key: spec[2] for key, spec in AREAS.items()}
GROUP = "test-build"


@dataclass
class World:
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    marks: dict[str, list[str]] = field(default_factory=dict)
    guide_id: str = "dibao"
    import_id: int = 0  # a people import (checked only) with a rejected row


def _guide(session) -> None:
    kb, errors = read_knowledge()
    data = kb.guides["dibao"]
    session.add(Guide(id="dibao", title=data["title"], data=data, source_file="guides/dibao.yaml",
                      source_hash="", checked=datetime.fromisoformat(data["checked"]).date()))


def _area(session, key: str, now: datetime) -> dict[str, int]:
    code, name, township, village_name = AREAS[key]
    area = Area(code=code, name=name, township=township)
    session.add(area)
    session.flush()
    village = Village(name=village_name, area_id=area.id)
    session.add(village)
    session.flush()
    villager = User(openid=f"v-{key}", name=f"村民{key}甲", phone=f"1380000000{ord(key) % 10}", village_id=village.id)
    member = User(openid=f"m-{key}", name=f"党员{key}乙", phone="13900000001", village_id=village.id)
    session.add_all([villager, member])
    session.flush()
    role = UserRole(user_id=member.id, role="party_member", area_id=area.id)
    session.add(role)
    room = MediationRoom(code=f"med-{code}", area_id=area.id, name=f"{name}调解室{key}")
    room.hours = [OpeningHours(weekday=d, start_time=time(9), end_time=time(11)) for d in range(1, 8)]
    session.add(room)
    session.flush()
    mediator = User(openid=f"med-{key}", name=f"调解员{key}丙")
    session.add(mediator)
    session.flush()
    mediation.add_mediator(session, room.id, mediator.id)
    starts = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    slot = Slot(room_id=room.id, starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=2, taken=0)
    session.add(slot)
    session.flush()
    booking = mediation.book_slot(session, villager_id=villager.id, slot_id=slot.id, kind="宅基地",
                                  description=f"宅基地纠纷{key}", phone=villager.phone, now=now).booking
    session.refresh(villager)
    errand = errands.create_errand(session, villager, f"代办低保{key}", villager.phone, now=now)
    volunteers.register_volunteer(session, villager, ["做饭"], ["周末"], now=now)
    task, _ = volunteers.create_task(session, title=f"帮厨活动{key}", area_code=code, starts_at=starts,
                                     ends_at=starts + timedelta(hours=2), needed=3, now=now)
    volunteers.confirm_task(session, task.number, villager, now=now)
    invite = create_invite(session, "volunteer", area, created_by="test", now=now)
    rep = User(openid=f"rep-{key}", name=f"代表{key}戊", phone="13700000001")
    session.add(rep)
    session.flush()
    rep_role = UserRole(user_id=rep.id, role="rep", group_code=GROUP, area_id=area.id)
    session.add(rep_role)
    session.flush()
    need = needs.report_need(session, villager, f"路灯坏了{key}号杆", now=now)
    dead = session.scalars(select(OutboxMessage).where(OutboxMessage.openid == villager.openid)
                           .order_by(OutboxMessage.id)).first()
    session.execute(update(OutboxMessage).where(OutboxMessage.id == dead.id)
                    .values(status="dead", last_error=f"45015 window closed {key}"))
    case = SafetyCase(user_id=villager.id, openid=villager.openid, area_id=area.id, kind="fire", number="119",
                      words=f"俺家着火了{key}号院", recipients=[], message_at=now, alerted_at=now)
    session.add(case)
    session.flush()
    kept = relay.keep_message(session, villager, f"留言{key}请回电", now, "Asia/Shanghai")
    return {"area": area.id, "village": village.id, "villager": villager.id, "member": member.id,
            "role": role.id, "room": room.id, "slot": slot.id, "booking": booking.id, "errand": errand.id,
            "task": task.number, "signup_user": villager.id, "invite": invite.id, "outbox": dead.id,
            "mediator": mediator.id, "invite_code": invite.code, "rep": rep.id, "rep_role": rep_role.id,
            "need": need.number, "conversation": kept.conversation.id, "safety": case.id}


def build_world(db, now: datetime | None = None) -> World:
    now = now or clock.now()
    world = World()
    with db.session() as s:
        _guide(s)
        s.add(RepGroup(code=GROUP, name="城建交通测试组", field="城建交通", level="county",
                       area_codes=[spec[0] for spec in AREAS.values()], keywords=["路灯"]))
        s.flush()
        for key in AREAS:
            world.ids[key] = _area(s, key, now)
            world.marks[key] = [f"代办低保{key}", f"帮厨活动{key}", f"调解室{key}", f"村民{key}甲",
                                world.ids[key]["invite_code"], f"window closed {key}", f"路灯坏了{key}号杆",
                                f"留言{key}请回电"]
    add_account(db, "county1", "county")
    add_account(db, "t1", "township", township="卞庄街道")
    add_account(db, "area_a", "area", area_code=AREAS["A"][0])
    _themes_and_notices(db, world, now)
    world.import_id = _import(db)
    return world


def _themes_and_notices(db, world: World, now: datetime) -> None:
    """Representative groups with this month's theme: one per area serving only it (ids "group",
    "month"), 卞庄两片组 serving A and B, 县测试组 serving all; and one notice per area ("notice",
    recorded without pushing)."""
    month = month_of(now, "Asia/Shanghai")
    everywhere = [spec[0] for spec in AREAS.values()]
    with db.session() as s:
        s.add_all([RepGroup(code="cty-test", name="县测试组", field="综合", level="county", area_codes=everywhere),
                   RepGroup(code="tw-ab", name="卞庄两片组", field="综合", level="township", township="卞庄街道",
                            area_codes=everywhere[:2])])
        s.add_all([Theme(group_code="cty-test", month=month, title="全县测试主题", description="县里的。",
                         activities=["县里的活动"]),
                   Theme(group_code="tw-ab", month=month, title="两片测试主题", description="两片的。",
                         activities=["两片的活动"])])
        for key, (code, name, township, village) in AREAS.items():
            group = f"grp-{key.lower()}"
            s.add(RepGroup(code=group, name=f"{name}活动组", field="综合", level="township", township=township,
                           area_codes=[code]))
            s.add(Theme(group_code=group, month=month, title=f"{key}组特色主题", description=f"{name}的主题。",
                        activities=[f"{key}组活动一", f"{key}组活动二"]))
            notice = affairs.publish_notice(s, area_code=code, kind="通知", title=f"{key}片停水通知",
                                            body="明天上午停水。", now=now, push=False).notice
            world.ids[key].update({"group": group, "month": month, "notice": notice.id})
            world.marks[key] += [f"{key}组特色主题", f"{key}片停水通知", f"俺家着火了{key}号院"]


def _import(db) -> int:
    """A people import, as the admin page starts and runs it (checked only: it saves nothing)."""
    table = "姓名,电话,村,身份\n王五,13700000001,代村,志愿者\n赵六,123,东关,党员\n"
    with db.session() as s:
        job = start_import(s, "people", "world.csv", table.encode(), dry_run=True, options={"days": 7},
                           account_id=None, username="county1")
    while step(db, job.id).running:
        pass
    return job.id


# Which areas each account may see.
SEES = {"county1": {"A", "B", "C"}, "t1": {"A", "B"}, "area_a": {"A"}}
