"""A cadre's morning in a real browser (issue 16): from the 待办 page to empty, on a 375 px phone
and a 1280 px desktop. An urgent need is assigned, a booking confirmed, an overdue errand
reassigned, a message answered, a dead push understood and dealt with, an alarm closed.

Taps are counted from the 待办 page for each job (the note of issue 16 quotes them); screenshots
go to test-artifacts/admin-morning-*.png. Skipped without chromium, like tests/test_admin_browser.py.
"""
from __future__ import annotations

import pytest

from bot import needs
from bot.models import Booking, Conversation, Errand, Need, SafetyCase, User, UserRole
from tests.kit.admin import PASSWORD
from tests.kit.admin_world import build_world
from tests.test_admin_browser import ARTIFACTS, CHROMIUM, Watch, browser, server  # noqa: F401 (fixtures)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not found: run `make browser`")

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


class Taps:
    """Counts the cadre's taps (clicks, choices) per job."""

    def __init__(self, page):
        self.page, self.jobs, self.current = page, {}, ""

    def job(self, name: str) -> None:
        self.current = name
        self.jobs[name] = 0

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.jobs[self.current] += 1

    def choose(self, selector: str, **option) -> None:
        self.page.select_option(selector, **option)
        self.jobs[self.current] += 1


def _count(page, key: str) -> int:
    return int(page.locator(f"#todo-{key} b").inner_text())


def _home(page, base: str) -> None:
    """Back to 待办 (not a job's tap: the page a cadre returns to)."""
    page.goto(f"{base}/admin/")


@pytest.mark.parametrize("viewport, label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_a_morning_from_the_today_page_to_empty(app, db, server, browser, frozen_clock, viewport, label):  # noqa: F811
    world = build_world(db)
    a = world.ids["A"]
    with db.session() as s:
        villager = s.get(User, a["villager"])
        urgent = needs.report_need(s, villager, "村口的路灯全灭了，晚上有老人摔倒", urgency="urgent").number
        other = User(openid="m2-A", name="党员A丁", phone="13900000002", village_id=a["village"])
        s.add(other)
        s.flush()
        s.add(UserRole(user_id=other.id, role="party_member", area_id=a["area"]))
    frozen_clock.advance(hours=3)  # 9 to 12: the errand's offer ran out, the urgent need waited too long
    phone = label == "phone"
    page = browser.new_page(viewport=viewport, is_mobile=phone, has_touch=phone)
    watch = Watch(page, server)
    page.goto(f"{server}/admin/")
    page.fill("input[name=username]", "area_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{server}/admin/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-morning-start-{label}.png"), full_page=True)
    start = {k: _count(page, k) for k in ("urgent", "late", "bookings", "errands", "relay", "dead", "safety")}
    assert start == {"urgent": 1, "late": 1, "bookings": 1, "errands": 1, "relay": 1, "dead": 1, "safety": 1}, start
    assert page.locator("#todo-urgent .light.bad").count() == 1
    taps = Taps(page)

    taps.job("urgent need assigned")
    taps.click("#todo-urgent a")
    taps.click(f"a[href='/admin/needs/{urgent}']")
    taps.choose("select[name=rep]", label="代表A戊")
    taps.click("button:text-is('指派')")
    page.wait_for_selector("text=已指派")
    _home(page, server)
    assert _count(page, "urgent") == 0 and _count(page, "late") == 0

    taps.job("booking confirmed")
    taps.click("#todo-bookings a")
    taps.click(f"a[href='/admin/mediation/bookings/{a['booking']}']")
    taps.click("button:text-is('确认这个时间')")
    page.wait_for_selector("text=群众会收到通知")
    _home(page, server)
    assert _count(page, "bookings") == 0

    taps.job("overdue errand reassigned")
    taps.click("#todo-errands a")
    taps.click(f"a[href='/admin/errands/{a['errand']}']")
    taps.choose("select[name=member_id]", label="党员A丁")
    taps.click("button:text-is('改派')")
    page.wait_for_selector("text=已改派")
    _home(page, server)
    assert _count(page, "errands") == 0

    taps.job("message answered")
    taps.click("#todo-relay a")
    taps.click(f"a[href='/admin/inbox/{a['conversation']}']")
    page.fill("textarea[name=text]", "李大爷，下午三点给您回电话。")
    taps.jobs[taps.current] += 1  # typing the answer
    taps.click("button:text-is('发送')")
    page.wait_for_selector("text=已回复")
    _home(page, server)
    assert _count(page, "relay") == 0

    taps.job("dead push understood and resolved")
    taps.click("#todo-dead a")
    reason = page.locator("td[data-label=原因]").first.inner_text()
    assert "48小时" in reason and "45015" not in reason  # words, the code only in the details for IT
    taps.click("a:text('号志愿活动')")
    box = page.locator("#dead-pushes").inner_text()
    assert "村民A甲" in box and "怎么办" in box
    taps.choose("#dead-pushes select[name=note]", label="已打电话告诉本人")
    taps.click("#dead-pushes button:text-is('处理好了')")
    page.wait_for_selector("text=已记下处理结果")
    _home(page, server)
    assert _count(page, "dead") == 0

    taps.job("alarm closed")
    taps.click("#todo-safety a")
    taps.click("button:text-is('已结束')")
    _home(page, server)

    assert "都办完了" in page.content()
    assert all(int(n.inner_text()) == 0 for n in page.locator(".todo b").all())
    page.screenshot(path=str(ARTIFACTS / f"admin-morning-done-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    if phone:  # every board reachable: the navigation wraps instead of hiding boards off screen
        assert page.locator("nav.boards a:text('操作记录')").is_visible()
        small = page.evaluate("""Array.from(document.querySelectorAll('nav.boards a, main button, .todo a'))
            .filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent.trim())""")
        assert small == [], small
    with db.session() as s:
        assert s.get(Need, urgent).state == "claimed"
        assert s.get(Booking, a["booking"]).state == "confirmed"
        assert s.get(Errand, a["errand"]).assignee.name == "党员A丁"
        assert s.get(Conversation, a["conversation"]).waiting_since is None
        assert s.get(SafetyCase, a["safety"]).state != "open"
    (ARTIFACTS / f"admin-morning-taps-{label}.txt").write_text(
        "".join(f"{job}: {n}\n" for job, n in taps.jobs.items()), encoding="utf-8")
    assert max(taps.jobs.values()) <= 5, taps.jobs
    assert watch.outside == [] and not [c for c in watch.complaints if "Content Security Policy" in c]
