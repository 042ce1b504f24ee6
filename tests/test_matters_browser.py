"""四议两公开 in a real browser (Playwright, Debian's chromium): an area's cadre records a matter,
enters its six steps in order (a file with 决议公开), sees each 公开 pushed, then the village's
public page shows every step; the boards and the page fit a phone. Screenshots go to
test-artifacts/matter-*.png and test-artifacts/admin-<board>-phone.png (四议两公开, 群众建议, 代亲属办,
政策找人, 村情发布会). Skipped only when chromium is not installed (`make browser`).
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.models import Matter, Village
from bot.outbox import mass
from tests.kit.admin_world import build_world
from tests import test_admin_browser as browser_kit
from tests.test_admin_browser import ARTIFACTS, CHROMIUM, DESKTOP, PHONE, Watch, _login

# The admin browser test's fixtures: the app on a loopback port, chromium; its WeChat settings.
browser, server = browser_kit.browser, browser_kit.server

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (requirements-dev.txt)")
pytestmark = [pytest.mark.skipif(CHROMIUM is None,
                                 reason="chromium not found: run `make browser` (apt-get install chromium)"),
              pytest.mark.app_settings(browser_kit.WECHAT_SETTINGS)]

STEPS = [("2026-11-02", "党支部提议：硬化村内主街1.2公里"), ("2026-11-09", "两委商议：同意，提交党员大会"),
         ("2026-11-16", "党员大会审议通过（到会42人）"), ("2026-11-23", "村民代表会议决议：38票同意，2票反对"),
         ("2026-11-30", "决议公开：主街硬化，村集体出资三成，12月开工"), ("2026-12-06", "实施结果公开：已完工，验收合格，花费18.6万元")]


def test_a_matter_goes_through_its_six_steps_and_shows_on_the_public_page(app, db, server, browser, tmp_path):
    build_world(db)
    ARTIFACTS.mkdir(exist_ok=True)
    minutes = tmp_path / "决议.pdf"
    minutes.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page, server)
    _login(page, server, "area_a")
    page.click("nav >> text=四议两公开")
    page.select_option("select[name=village]", label="代村（代村片区）")
    page.fill("input[name=title]", "村内主街硬化")
    page.fill("input[name=keywords]", "修路 水泥路")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=已登记")
    for number, (day, words) in enumerate(STEPS, 1):
        form = page.locator("#next-step")
        form.locator("input[name=day]").fill(day)
        form.locator("textarea[name=text]").fill(words)
        if number == 5:
            form.locator("input[name=file]").set_input_files(str(minutes))
        form.locator("button[type=submit]").click()
        page.wait_for_selector(f"text=已录入第{number}步")
        if number == 5:
            assert "已推送给本村 2 位村民" in page.content()
            page.screenshot(path=str(ARTIFACTS / "matter-decision-public-desktop.png"), full_page=True)
    assert page.locator("#next-step").count() == 0
    page.screenshot(path=str(ARTIFACTS / "matter-six-steps-desktop.png"), full_page=True)
    with db.session() as s:
        matter = s.scalar(select(Matter).where(Matter.title == "村内主街硬化"))
        assert [st.text for st in matter.steps] == [w for _, w in STEPS]
        assert sorted(mass.receivers(s, f"matter:{matter.id}:step:6")) == ["m-A", "v-A"]
        village_id = s.scalar(select(Village.id).where(Village.name == "代村"))

    public = browser.new_page(viewport=PHONE, is_mobile=True, device_scale_factor=2)  # no login
    public_watch = Watch(public, server)
    assert public.goto(f"{server}/p/village/{village_id}/matters").status == 200
    text = public.inner_text("body")
    for _, words in STEPS:
        assert words in text
    assert "六步都已走完" in text and "附件：决议.pdf" in text
    assert public.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    public.screenshot(path=str(ARTIFACTS / "matter-public-page-phone.png"), full_page=True)
    assert watch.outside == [] and public_watch.outside == []
    assert not [c for c in watch.complaints if "Content Security Policy" in c], watch.complaints


@pytest.mark.parametrize("path, name", [("/admin/matters", "matters"), ("/admin/suggestions", "suggestions"),
                                        ("/admin/family", "family"), ("/admin/benefits", "benefits"),
                                        ("/admin/accountability", "accountability")])
def test_the_new_boards_fit_a_phone(db, server, browser, path, name):
    build_world(db)
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    watch = Watch(page, server)
    _login(page, server, "county1")
    assert page.goto(f"{server}{path}").status == 200
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"admin-{name}-phone.png"), full_page=True)
    assert watch.outside == [] and not [c for c in watch.complaints if "Content Security Policy" in c]
