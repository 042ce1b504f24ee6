"""The admin work boards do their job through the domain rules: mediation, volunteer tasks, errands.

Each action is a real form POST (with its CSRF token) by a logged-in cadre; the effects are read
back from the database and the outbox (what villagers and members are told), and every change
leaves an audit entry.
"""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import clock
from bot import volunteers
from bot.models import (Booking, Errand, ErrandEvent, OutboxMessage, SignUp, Slot, Task, User,
                        UserRole)
from tests.kit.admin import audit_entries, login, post

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _keys(db, like: str) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(OutboxMessage.business_key).where(OutboxMessage.business_key.like(like))))


def _flash(response) -> str:
    return response.get_data(as_text=True)


# --- mediation -----------------------------------------------------------------------------

def test_calendar_shows_the_booking_in_its_week(cadre, world, db):
    with db.session() as s:
        slot = s.get(Slot, world.ids["A"]["slot"])
        week = slot.starts_at.astimezone(SHANGHAI).date().isoformat()
    html = cadre.get(f"/admin/mediation/rooms/{world.ids['A']['room']}?week={week}").get_data(as_text=True)
    assert "村民A甲" in html and "宅基地" in html and "1/2" in html and "等调解员确认" in html
    empty = cadre.get(f"/admin/mediation/rooms/{world.ids['A']['room']}?week=2001-01-01").get_data(as_text=True)
    assert "村民A甲" not in empty


def test_confirm_outcome_and_the_villager_is_told(cadre, world, db, frozen_clock):
    booking_id, mediator = world.ids["A"]["booking"], world.ids["A"]["mediator"]
    url = f"/admin/mediation/bookings/{booking_id}"
    response = post(cadre, f"{url}/confirm", {"mediator_id": mediator}, token_from=url, follow_redirects=True)
    assert "已确认" in _flash(response)
    with db.session() as s:
        booking = s.get(Booking, booking_id)
        assert (booking.state, booking.mediator_id) == ("confirmed", mediator)
        number = booking.number
    assert _keys(db, f"mediation:{number}:v2:confirmed:v-A")
    post(cadre, f"{url}/confirm", {"mediator_id": mediator}, token_from=url)  # twice: harmless
    with db.session() as s:  # the appointment's time has come (issue 16: no outcome before it)
        frozen_clock.set(s.get(Slot, world.ids["A"]["slot"]).starts_at + timedelta(minutes=50))
    assert login(cadre, "area_a").status_code == 302
    form = {"outcome": "调解成功", "note": "双方签了协议"}
    preview = post(cadre, f"{url}/outcome", form, token_from=url).get_data(as_text=True)
    assert "已经调解成功" in preview and "确认，保存结果" in preview  # what the villager will read, first
    with db.session() as s:
        assert s.get(Booking, booking_id).state == "confirmed"
    response = post(cadre, f"{url}/outcome", {**form, "confirmed": "1", "reason": "调解会开完了"}, token_from=url,
                    follow_redirects=True)
    assert "调解结果已记录" in _flash(response)
    with db.session() as s:
        booking = s.get(Booking, booking_id)
        assert (booking.state, booking.outcome, booking.outcome_note) == ("done", "调解成功", "双方签了协议")
    assert _keys(db, f"mediation:{number}:v%:outcome:v-A")
    confirm = audit_entries(db, "mediation.confirm")
    assert confirm[0].before["state"] == "requested" and confirm[0].after["state"] == "confirmed"
    assert confirm[0].username == "area_a" and confirm[0].area_id == world.ids["A"]["area"]
    assert audit_entries(db, "mediation.outcome")[0].after["outcome"] == "调解成功"


def test_a_mediator_of_another_room_cannot_be_chosen(cadre, world, db):
    url = f"/admin/mediation/bookings/{world.ids['A']['booking']}"
    response = post(cadre, f"{url}/confirm", {"mediator_id": world.ids["B"]["mediator"]}, token_from=url,
                    follow_redirects=True)
    assert "请选择调解员" in _flash(response)
    with db.session() as s:
        assert s.get(Booking, world.ids["A"]["booking"]).state == "requested"
    assert not audit_entries(db, "mediation.confirm")


def test_cancel_frees_the_place(cadre, world, db):
    url = f"/admin/mediation/bookings/{world.ids['A']['booking']}"
    post(cadre, f"{url}/cancel", token_from=url)  # the confirmation page only
    with db.session() as s:
        assert s.get(Booking, world.ids["A"]["booking"]).state == "requested"
    post(cadre, f"{url}/cancel", {"confirmed": "1", "reason": "调解员生病"}, token_from=url)
    with db.session() as s:
        assert s.get(Booking, world.ids["A"]["booking"]).state == "cancelled"
        assert s.get(Slot, world.ids["A"]["slot"]).taken == 0
    html = cadre.get(url).get_data(as_text=True)
    assert "确认这个时间" not in html and "取消这个预约" not in html


# --- volunteer tasks -------------------------------------------------------------------------

def _new_task_form(world, **overrides) -> dict:
    day = (clock.now().astimezone(SHANGHAI) + timedelta(days=5)).date().isoformat()
    form = {"title": "敬老院打扫", "area_id": world.ids["A"]["area"], "day": day, "start": "09:30",
            "hours": "2", "needed": "1", "place": "代村敬老院"}
    form.update(overrides)
    return form


def test_create_a_task_pushes_it_to_the_area_volunteers(cadre, world, db):
    response = post(cadre, "/admin/tasks/new", _new_task_form(world), token_from="/admin/tasks/new")
    assert response.status_code == 302
    with db.session() as s:
        task = s.scalars(select(Task).where(Task.title == "敬老院打扫")).one()
        assert task.area_id == world.ids["A"]["area"] and task.needed == 1
        assert task.starts_at.astimezone(SHANGHAI).strftime("%H:%M") == "09:30"
        assert task.ends_at - task.starts_at == timedelta(hours=2)
        number = task.number
    assert _keys(db, f"task:{number}:offer:v-A")  # the area's volunteer
    assert not _keys(db, f"task:{number}:offer:v-B")
    assert audit_entries(db, "task.create")[0].target_id == str(number)


@pytest.mark.parametrize("change, message", [
    ({"day": "2001-01-01"}, "开始时间已经过了"),
    ({"risky": "1"}, "意外保险"),
    ({"needed": "0"}, "人数"),
    ({"title": ""}, "活动名称"),
    ({"skills": "开飞机"}, "不认识的技能"),
    ({"day": "明天"}, "格式"),
])
def test_task_form_errors_are_shown_and_nothing_is_created(cadre, world, db, change, message):
    response = post(cadre, "/admin/tasks/new", _new_task_form(world, **change), token_from="/admin/tasks/new")
    assert response.status_code == 400 and message in _flash(response)
    with db.session() as s:
        assert s.scalar(select(Task.id).where(Task.title == "敬老院打扫")) is None


def test_signups_show_and_more_places_promote_the_waiting_list(cadre, world, db):
    post(cadre, "/admin/tasks/new", _new_task_form(world), token_from="/admin/tasks/new")
    with db.session() as s:
        number = s.scalar(select(Task.number).where(Task.title == "敬老院打扫"))
        first = s.get(User, world.ids["A"]["villager"])
        second = User(openid="w-A", name="候补王", village_id=world.ids["A"]["village"])
        s.add(second)
        s.flush()
        volunteers.register_volunteer(s, second, ["做饭"], ["周末"])
        assert volunteers.confirm_task(s, number, first).outcome == "confirmed"
        assert volunteers.confirm_task(s, number, second).outcome == "waiting"
    html = cadre.get(f"/admin/tasks/{number}").get_data(as_text=True)
    assert "村民A甲" in html and "候补王" in html and "候补 1" in html
    edit = f"/admin/tasks/{number}/edit"
    too_few = post(cadre, edit, {"title": "敬老院打扫", "place": "代村敬老院", "needed": "0"}, token_from=edit)
    assert too_few.status_code == 400
    response = post(cadre, edit, {"title": "敬老院大扫除", "place": "代村敬老院东院", "needed": "2"},
                    token_from=edit, follow_redirects=True)
    assert "1位候补转为正式报名" in _flash(response)
    with db.session() as s:
        task = s.scalar(select(Task).where(Task.number == number))
        assert (task.title, task.place, task.needed, task.taken) == ("敬老院大扫除", "代村敬老院东院", 2, 2)
        states = set(s.scalars(select(SignUp.state).where(SignUp.task_id == task.id)))
    assert states == {"confirmed"}
    assert _keys(db, f"task:{number}:promoted:w-A:%")
    assert len(_keys(db, f"task:{number}:place:%")) == 2  # both told the new place
    entry = audit_entries(db, "task.edit")[0]
    assert entry.before["needed"] == 1 and entry.after["needed"] == 2


def test_attendance_after_the_task_and_hours_on_the_dashboard(cadre, world, db):
    number = world.ids["A"]["task"]
    with db.session() as s:
        task = s.scalar(select(Task).where(Task.number == number))
        started = clock.now() - timedelta(hours=3)
        task.starts_at, task.ends_at = started, started + timedelta(hours=2)
        signup = s.scalars(select(SignUp).where(SignUp.task_id == task.id)).one()
    url = f"/admin/tasks/{number}"
    assert "签到" in cadre.get(url).get_data(as_text=True)
    post(cadre, f"{url}/attendance", {"signup_id": signup.id, "attended": "1", "hours": "1.5"}, token_from=url)
    with db.session() as s:
        signup = s.get(SignUp, signup.id)
        assert (signup.state, signup.hours_credited) == ("attended", 1.5)
    assert "1.5" in cadre.get("/admin/figures").get_data(as_text=True)
    assert audit_entries(db, "task.attendance")[0].after == {"state": "attended", "hours": 1.5}


def test_cancel_a_task_tells_the_volunteers(cadre, world, db):
    number = world.ids["A"]["task"]
    asked = post(cadre, f"/admin/tasks/{number}/cancel", token_from=f"/admin/tasks/{number}").get_data(as_text=True)
    assert "【活动取消】" in asked and "1位志愿者" in asked  # issue 16: what they will read, before it is sent
    with db.session() as s:
        assert s.scalar(select(Task.state).where(Task.number == number)) == "open"
    response = post(cadre, f"/admin/tasks/{number}/cancel", {"confirmed": "1", "reason": "下雨"},
                    token_from=f"/admin/tasks/{number}", follow_redirects=True)
    assert "通知了 1 人" in _flash(response)
    with db.session() as s:
        assert s.scalar(select(Task.state).where(Task.number == number)) == "cancelled"
    assert _keys(db, f"task:{number}:cancelled:v-A")


# --- errands -------------------------------------------------------------------------------

def test_reassign_an_errand_to_another_member_of_the_area(cadre, world, db):
    errand_id = world.ids["A"]["errand"]
    with db.session() as s:
        other = User(openid="m2-A", name="党员A丁", village_id=world.ids["A"]["village"])
        s.add(other)
        s.flush()
        s.add(UserRole(user_id=other.id, role="party_member", area_id=world.ids["A"]["area"]))
        other_id = other.id
        assert s.get(Errand, errand_id).assignee_id == world.ids["A"]["member"]
    url = f"/admin/errands/{errand_id}"
    assert "党员A丁" in cadre.get(url).get_data(as_text=True)
    outsider = post(cadre, f"{url}/reassign", {"member_id": world.ids["B"]["member"]}, token_from=url,
                    follow_redirects=True)
    assert "只能交给本片区的党员" in _flash(outsider)
    post(cadre, f"{url}/reassign", {"member_id": other_id}, token_from=url)
    with db.session() as s:
        errand = s.get(Errand, errand_id)
        assert (errand.state, errand.assignee_id) == ("offered", other_id)
        kinds = [e.kind for e in s.scalars(select(ErrandEvent).where(ErrandEvent.errand_id == errand_id)
                                            .order_by(ErrandEvent.id))]
    assert kinds[-1] == "offered"
    assert _keys(db, f"errand:{errand_id}:reassigned:%:m2-A")
    assert _keys(db, f"errand:{errand_id}:withdrawn-by-staff:%:m-A")


def test_close_an_errand_tells_the_villager_and_the_member(cadre, world, db):
    errand_id = world.ids["A"]["errand"]
    url = f"/admin/errands/{errand_id}"
    post(cadre, f"{url}/close", {"state": "done", "note": "已经替他交了材料"}, token_from=url)
    with db.session() as s:
        errand = s.get(Errand, errand_id)
        assert errand.state == "done" and errand.done_at is not None
    assert _keys(db, f"errand:{errand_id}:done") and _keys(db, f"errand:{errand_id}:closed:m-A")
    again = post(cadre, f"{url}/close", {"state": "cancelled"}, token_from=url, follow_redirects=True)
    assert "已经结束" in _flash(again)
    assert len(audit_entries(db, "errand.close")) == 1
