"""The admin page in a real browser (Playwright driving Debian's chromium, no browser download).

The app is served by werkzeug on a free loopback port. A cadre logs in, creates a volunteer
task, sees a villager's sign-up (made through the signed webhook) appear, and confirms a
mediation booking; another edits and publishes a monthly theme and sees it pushed. Screenshots of the dashboard (desktop and phone widths) go to
test-artifacts/. Nothing may be fetched from anywhere but the app, and the CSP must not be hit.

Skipped only when chromium is not installed (`make browser` installs it).
"""
from __future__ import annotations

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from bot import clock
from bot.models import Booking, SignUp, Task, Theme
from bot.themes import push_due_themes, push_status
from bot.themes import push_due_at
from tests.kit.admin import PASSWORD
from tests.kit.admin_world import build_world
from tests.kit.wechat import WECHAT_SETTINGS, WeChatKit, make_text

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
pytestmark = [pytest.mark.skipif(CHROMIUM is None,
                                 reason="chromium not found: run `make browser` (apt-get install chromium)"),
              pytest.mark.app_settings(WECHAT_SETTINGS)]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}




@pytest.fixture
def server(app):
    """The app on 127.0.0.1:<free port>, threaded like a real server."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(5)


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        # Chromium keeps the real clock: under libfaketime (`make test-future`) it never finishes
        # loading a page. The app (this process) is what the test moves in time.
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield chromium
        chromium.close()


class Watch:
    """Every request the page makes and every console complaint (CSP violations show there)."""

    def __init__(self, page, base: str):
        self.base, self.outside, self.complaints = base, [], []
        page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
                else self.outside.append(r.url))
        page.on("console", lambda m: self.complaints.append(m.text) if m.type in ("error", "warning") else None)


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/")
    assert "/admin/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def test_cadre_creates_a_task_sees_the_signup_and_confirms_a_booking(app, db, server, browser, client):
    world = build_world(db)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page, server)
    _login(page, server, "area_a")
    page.screenshot(path=str(ARTIFACTS / "admin-dashboard-desktop.png"), full_page=True)

    page.click("nav >> text=志愿活动")
    page.click("text=新建活动")
    day = (clock.now().astimezone(SHANGHAI) + timedelta(days=4)).date().isoformat()
    page.fill("input[name=title]", "重阳节包饺子")
    page.fill("input[name=day]", day)
    page.fill("input[name=start]", "08:30")
    page.fill("input[name=needed]", "4")
    page.fill("input[name=place]", "代村暖心食堂")
    page.check("input[name=skills][value=做饭]")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=已新建")
    with db.session() as s:
        number = s.scalar(select(Task.number).where(Task.title == "重阳节包饺子"))
    assert number is not None and f"{number}号 重阳节包饺子" in page.inner_text("h1")
    assert "还没有人报名" in page.content()

    kit = WeChatKit(client)  # the villager answers the push through the signed webhook
    reply = kit.content(kit.post(make_text("v-A", f"报名 {number}"), mode="safe"))
    assert "报名成功" in reply
    page.reload()
    row = page.locator("tr", has_text="村民A甲")
    assert row.count() == 1 and "已报名" in row.inner_text()
    with db.session() as s:
        assert s.scalar(select(SignUp.state).join(Task).where(Task.number == number)) == "confirmed"

    page.click("nav >> text=调解预约")
    page.click("text=代村片区调解室A")
    with db.session() as s:
        booking = s.get(Booking, world.ids["A"]["booking"])
        week = booking.slot.starts_at.astimezone(SHANGHAI).date().isoformat()
    page.goto(f"{page.url}?week={week}")
    page.click(f"text={booking.number}号")
    page.click("text=确认这个时间")
    page.wait_for_selector("text=群众会收到通知")
    assert "已确认" in page.inner_text("h1")
    with db.session() as s:
        assert s.get(Booking, booking.id).state == "confirmed"

    page.click("nav >> text=概况")
    page.screenshot(path=str(ARTIFACTS / "admin-dashboard-desktop.png"), full_page=True)
    assert watch.outside == [], watch.outside
    assert not [c for c in watch.complaints if "Content Security Policy" in c], watch.complaints


def test_cadre_edits_and_publishes_a_theme_and_sees_it_pushed(app, db, server, browser):
    world = build_world(db)
    group, month = world.ids["A"]["group"], world.ids["A"]["month"]
    with db.session() as s:  # this month's theme of area A's group is still a draft
        theme = s.scalar(select(Theme).where(Theme.group_code == group, Theme.month == month))
        theme.published, theme.edited_on_page = False, True
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    watch = Watch(page, server)
    _login(page, server, "area_a")

    page.click("nav >> text=每月主题")
    cell = page.locator("td", has_text="A组特色主题")
    assert "草稿" in cell.inner_text()
    cell.locator("a").click()
    page.fill("input[name=title]", "冬季防火")
    page.fill("textarea[name=activities]", "上门查电线\n教用灭火器")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=已保存")
    assert "冬季防火" in page.inner_text("dl.facts") and "草稿" in page.inner_text("h1 .badge")
    page.click("button:text-is('发布')")
    page.wait_for_selector("text=已发布")
    badge = page.inner_text("h1 .badge")
    assert "已发布" in badge and "草稿" not in badge
    assert "活动：1. 上门查电线；2. 教用灭火器" in page.inner_text("pre.message >> nth=0")

    # The scheduler's job, as it runs every 15 minutes (at 09:00 on the 1st at the earliest).
    now = max(clock.now(), push_due_at(month, SHANGHAI) + timedelta(minutes=1))
    with app.app_context(), db.session() as s:
        pushed = push_due_themes(s, now)
    with db.session() as s:  # its members, and the villagers of its areas by their monthly digest
        theme = s.scalar(select(Theme).where(Theme.group_code == group, Theme.month == month))
        reached = push_status(s, [theme])[theme.id].count
    assert pushed >= reached > 0
    page.click("text=‹ 每月主题")
    cell = page.locator("td", has_text="冬季防火")
    assert f"已推送 {reached} 人" in cell.inner_text()
    page.screenshot(path=str(ARTIFACTS / "admin-themes-pushed-phone.png"), full_page=True)
    assert watch.outside == [] and not [c for c in watch.complaints if "Content Security Policy" in c]


def _pages(world) -> list[tuple[str, str]]:
    a = world.ids["A"]
    with_week = f"/admin/mediation/rooms/{a['room']}?week={world.week_of_slot}"
    return [("/admin/", "dashboard"), ("/admin/tasks", "tasks"), (f"/admin/tasks/{a['task']}", "task"),
            ("/admin/tasks/new", "task-new"), ("/admin/errands", "errands"), (f"/admin/errands/{a['errand']}", "errand"),
            ("/admin/mediation", "rooms"), (with_week, "calendar"), (f"/admin/mediation/bookings/{a['booking']}", "booking"),
            ("/admin/guides", "guides"), ("/admin/guides/dibao/edit", "guide-edit"), ("/admin/users", "users"),
            ("/admin/invites", "invites"), ("/admin/outbox", "outbox"), ("/admin/import", "import"),
            (f"/admin/import/{world.import_id}", "import-report"),
            ("/admin/accounts", "accounts"), ("/admin/audit", "audit"), ("/admin/themes", "themes"),
            (f"/admin/themes/{a['group']}/{a['month']}", "theme"), ("/admin/themes/import", "themes-import"),
            ("/admin/notices", "notices"), ("/admin/notices/new", "notice-new"),
            (f"/admin/notices/{a['notice']}", "notice"), ("/admin/needs", "needs")]


@pytest.mark.parametrize("viewport, label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_every_board_fits_the_screen(app, db, server, browser, viewport, label):
    world = build_world(db)
    with db.session() as s:
        world.week_of_slot = s.get(Booking, world.ids["A"]["booking"]).slot.starts_at.astimezone(SHANGHAI).date()
    ARTIFACTS.mkdir(exist_ok=True)
    phone = label == "phone"
    page = browser.new_page(viewport=viewport, device_scale_factor=2 if phone else 1, is_mobile=phone,
                            has_touch=phone)
    watch = Watch(page, server)
    _login(page, server, "county1")
    for path, name in _pages(world):
        response = page.goto(f"{server}{path}")
        assert response.status == 200, path
        # No sideways scrolling of the page itself (wide tables scroll inside their own box).
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
        page.screenshot(path=str(ARTIFACTS / f"admin-{name}-{label}.png"), full_page=True)
    assert watch.outside == [] and not [c for c in watch.complaints if "Content Security Policy" in c]


def test_need_cards_are_compact_on_a_phone(db, server, browser):
    """At 375 px a need is a short card: the matter as a tap target of at least 44 px, the rest in
    two lines (issue 16; the labelled card was about 340 px tall)."""
    build_world(db)
    page = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    _login(page, server, "county1")
    page.goto(f"{server}/admin/needs")
    cards = page.eval_on_selector_all("table.cards tbody tr", "rows => rows.map(r => r.offsetHeight)")
    links = page.eval_on_selector_all("table.cards tbody td a", "links => links.map(a => a.offsetHeight)")
    print("need card heights at 375 px:", cards, "link heights:", links)
    assert len(cards) == 3 and max(cards) <= 140, cards
    assert min(links) >= 44, links


def test_logging_out_in_the_browser_ends_the_session(db, server, browser):
    build_world(db)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _login(page, server, "t1")
    cookies = context.cookies()
    admin_cookie = next(c for c in cookies if c["name"] == "pq_admin")
    assert admin_cookie["httpOnly"] and admin_cookie["sameSite"] == "Lax" and admin_cookie["path"] == "/admin"
    page.click("text=退出")
    page.wait_for_url(f"{server}/admin/login")
    replay = browser.new_context()
    replay.add_cookies([admin_cookie])  # a copy of the cookie taken before logout
    other = replay.new_page()
    other.goto(f"{server}/admin/")
    assert "/admin/login" in other.url
    replay.close()
    context.close()


def test_an_import_runs_to_the_end_by_the_pages_own_reloads(db, server, browser, tmp_path, monkeypatch):
    """No script: the progress page reloads itself (meta refresh, allowed by the CSP) until done."""
    from bot.admin import import_jobs
    from bot.admin.views import imports as import_views

    build_world(db)
    monkeypatch.setattr(import_jobs, "STEP_ROWS", 60)
    monkeypatch.setattr(import_views, "REQUEST_SECONDS", 0)  # one step per page load
    table = tmp_path / "名单.csv"
    table.write_text("姓名,电话,村,身份\n" + "".join(f"人{n},{13600000000 + n},代村,志愿者\n" for n in range(400))
                     + "坏人,123,代村,志愿者\n", encoding="gbk")
    page = browser.new_page(viewport=PHONE, is_mobile=True)
    watch = Watch(page, server)
    _login(page, server, "county1")
    page.click("nav >> text=导入")
    page.select_option("select[name=kind]", "people")
    page.set_input_files("input[name=file]", str(table))
    page.click("main form button[type=submit]")
    page.wait_for_selector("progress")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-import-progress-phone.png"), full_page=True)
    page.wait_for_selector("text=导入结果", timeout=60_000)
    assert "新增 400" in page.content() and "不是11位手机号" in page.content()
    assert page.locator("text=下载邀请码名单（CSV）").count() == 1
    assert watch.outside == [] and not [c for c in watch.complaints if "Content Security Policy" in c]
