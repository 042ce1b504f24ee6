"""导入 on the admin page: people (named invite codes), areas and villages, from CSV (UTF-8, GBK)
or .xlsx (written here by openpyxl); refused files; the import in steps with its progress; the
rejected rows and the codes as CSV downloads; a code claimed in chat."""
from __future__ import annotations

import csv
import io
import threading
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.admin import import_jobs
from bot.admin.import_files import OLE_MAGIC
from bot.admin.views import imports as import_views
from bot.models import AdminImport, AuditEntry, InviteCode, RepGroup, User, Village
from tests.kit.admin import csrf_token, follow_import, logged_in
from tests.kit.chat import say

HEADER = ["姓名*", "手机号", "所在村", "身份", "党代表活动组"]
PEOPLE = [
    ["代村片区人员名单"],                                   # 1: a title row above the header
    HEADER,                                                  # 2
    ["张三", 13812345678, "代村", "党员", None],              # 3 created (a number, as Excel stores it)
    ["李四", "139 0000 0002", "东关", "志愿者", None],         # 4 created
    ["王五", 13700000003, "向城", "党代表", "农业农村组"],     # 5 created (a county group)
    ["赵六", 13700000004, "向城", "党代表", "卞庄街道组"],     # 6 the township group does not serve 向城
    ["钱七", 12345, "代村", "党员", None],                    # 7 not a mobile number
    ["孙八", 13700000006, "火星村", "党员", None],            # 8 no such village
    ["周九", 13700000007, "代村", "群众", None],              # 9 villagers register themselves
    ["吴十", 13700000008, "代村", "党员、志愿者", None],       # 10 one role a row
    [None, None, None, None, None],                          # 11 empty: skipped
    ["张三", "13812345678", "代村", "党员", None],            # 12 the same as line 3
    ["郑一", 13700000009, "代村", "党代表", None],            # 13 a representative needs a group
]
REJECTED = {6: "不服务这个村所在的片区", 7: "不是11位手机号", 8: "没有叫“火星村”的村", 9: "群众不用导入",
            10: "一行只写一个身份", 12: "和第3行重复了", 13: "要写所在的党代表活动组"}


@pytest.fixture
def world(world, db):
    with db.session() as s:
        s.add(RepGroup(code="county-agri", name="县农业农村党代表活动组", field="农业", level="county",
                       area_codes=["bz-daicun", "bz-dongguan", "lx-xiangcheng"]))
        s.add(RepGroup(code="tw-bianzhuang", name="卞庄街道党代表活动组", field="综合", level="township",
                       township="卞庄街道", area_codes=["bz-daicun", "bz-dongguan"]))
    return world


@pytest.fixture
def cadre(app, world):
    return logged_in(app, "county1")


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(cadre, kind: str, data: bytes, filename: str, **form):
    fields = {"csrf_token": csrf_token(cadre, "/admin/import"), "kind": kind,
              "file": (io.BytesIO(data), filename), **form}
    return cadre.post("/admin/import", data=fields, content_type="multipart/form-data")


def run(cadre, kind: str, data: bytes, filename: str, **form) -> str:
    return follow_import(cadre, upload(cadre, kind, data, filename, **form)).get_data(as_text=True)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    return list(csv.reader(io.StringIO(text[1:])))


def _last_import(db) -> AdminImport:
    with db.session() as s:
        return s.scalars(select(AdminImport).order_by(AdminImport.id.desc())).first()


def _invites(db) -> dict[str, InviteCode]:
    with db.session() as s:
        return {i.person_name: i for i in s.scalars(select(InviteCode).where(InviteCode.person_name != ""))}


# --- people ----------------------------------------------------------------------------------------

def test_people_from_xlsx_get_a_named_code_each_and_the_rejected_rows_their_reasons(app, db, world, cadre):
    html = run(cadre, "people", xlsx(PEOPLE), "名单.xlsx", days="20")
    assert "导入结果" in html and "新增 3，更新 0，没有变化 0，拒绝 7" in html
    for line, reason in REJECTED.items():
        assert f"<td>{line}</td><td>" in html and reason in html
    invites = _invites(db)
    assert set(invites) == {"张三", "李四", "王五"}
    zhang, li, wang = invites["张三"], invites["李四"], invites["王五"]
    assert (zhang.role, zhang.area_id, zhang.phone) == ("party_member", world.ids["A"]["area"], "13812345678")
    assert (li.role, li.area_id, li.phone) == ("volunteer", world.ids["B"]["area"], "13900000002")
    assert (wang.role, wang.area_id, wang.group_code) == ("rep", None, "county-agri")  # serves all its areas
    assert all((i.expires_at - i.created_at).days == 20 and i.used_by is None for i in invites.values())

    job = _last_import(db)
    codes = csv_rows(cadre.get(f"/admin/import/{job.id}/codes.csv"))
    assert codes[0] == ["姓名", "电话", "村", "身份", "党代表活动组", "邀请码", "有效期至", "状态"]
    assert sorted(r[:6] for r in codes[1:]) == sorted([
        ["张三", "13812345678", "代村", "党员代办员", "", zhang.code],
        ["李四", "13900000002", "东关", "志愿者", "", li.code],
        ["王五", "13700000003", "向城", "党代表", "county-agri", wang.code]])
    rejected = csv_rows(cadre.get(f"/admin/import/{job.id}/rejected.csv"))
    assert rejected[0] == ["行号", "原因", *HEADER]
    assert [int(r[0]) for r in rejected[1:]] == sorted(REJECTED)
    assert rejected[2][2:4] == ["钱七", "12345"]  # the row as it was: fix it, upload these again
    with db.session() as s:
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "import.people")).all()
        assert len(audited) == 1 and "新增3" in audited[0].summary and audited[0].username == "county1"
        assert s.get(AdminImport, job.id).rows is None  # the file's rows (phones) are not kept


def test_a_person_claims_their_code_in_chat_and_a_second_import_makes_no_new_code(app, db, world, cadre):
    run(cadre, "people", xlsx(PEOPLE), "名单.xlsx")
    code = _invites(db)["张三"].code
    reply = say(app, "wx-zhangsan", f"邀请码 {code}")
    assert "代村片区的党员代办员" in reply
    with db.session() as s:
        user = s.scalars(select(User).where(User.openid == "wx-zhangsan")).one()
        assert (user.name, user.phone, user.village.name) == ("张三", "13812345678", "代村")
        assert [(r.role, r.area_id) for r in user.roles] == [("party_member", world.ids["A"]["area"])]
        before = s.scalar(select(func.count(InviteCode.id)))

    html = run(cadre, "people", xlsx(PEOPLE), "名单.xlsx")  # the same list again
    assert "新增 0，更新 0，没有变化 3，拒绝 7" in html
    with db.session() as s:
        assert s.scalar(select(func.count(InviteCode.id))) == before
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "import.people")).all()) == 1
    job = _last_import(db)
    listed = {r[0] for r in csv_rows(cadre.get(f"/admin/import/{job.id}/codes.csv"))[1:]}
    assert listed == {"李四", "王五"}  # pending codes are listed again; 张三 has registered


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_people_from_csv_in_utf8_or_gbk(app, db, world, cadre, encoding):
    text = "姓名,电话,村,身份\n张三,138-1234-5678,代村,党员代办员\n李四,13900000002,东关,volunteer\n"
    html = run(cadre, "people", text.encode(encoding), "名单.csv")
    assert "新增 2" in html and "拒绝 0" in html
    assert set(_invites(db)) == {"张三", "李四"}


def test_control_characters_in_cells_are_dropped(app, db, world, cadre):
    """A NUL byte in a cell (PostgreSQL refuses it in text) is not the row's fault."""
    html = run(cadre, "people", "姓名,电话,村,身份\n张\0三,13812345678,代村,党员\n".encode(), "名单.csv")
    assert "新增 1" in html and set(_invites(db)) == {"张三"}


def test_checking_people_saves_no_code(app, db, world, cadre):
    html = run(cadre, "people", xlsx(PEOPLE), "名单.xlsx", dry_run="1")
    assert "检查结果（没有保存）" in html and "新增 3" in html and "拒绝 7" in html
    assert _invites(db) == {}
    with db.session() as s:
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import.people")) == 0


# --- areas and villages from Excel -------------------------------------------------------------------

def test_areas_and_villages_from_xlsx(app, db, world, cadre):
    areas = [["片区名单（2026年）"], ["代码", "名称", "乡镇", "电话"], ["xc-nanqiao", "南桥片区", "向城镇", "0539-1234567"]]
    assert "新增 1" in run(cadre, "areas", xlsx(areas), "片区.xlsx")
    villages = [["村名", "片区代码", "别名", "纬度", "经度"], ["南桥村", "xc-nanqiao", "南桥、南桥社区", 34.9, 118.1],
                ["西桥村", "xc-nanqiao", "南桥", None, None]]
    html = run(cadre, "villages", xlsx(villages), "村.xlsx")
    assert "新增 1" in html and "“南桥”已经是“南桥村”的名字或别名" in html
    with db.session() as s:
        village = s.scalars(select(Village).where(Village.name == "南桥村")).one()
        assert (village.aliases, village.latitude, village.longitude) == ("南桥 南桥社区", 34.9, 118.1)


def test_a_village_alias_taken_earlier_in_the_same_checked_file_is_still_refused(app, db, world, cadre,
                                                                                 monkeypatch):
    """Checking saves nothing, step after step: the names the file brought in are carried along."""
    rows = [["村名", "片区代码", "别名"]] + [[f"新村{n}", "bz-daicun", ""] for n in range(30)]
    rows.append(["另一个村", "bz-daicun", "新村3"])
    monkeypatch.setattr(import_jobs, "STEP_ROWS", 7)
    html = run(cadre, "villages", xlsx(rows), "村.xlsx", dry_run="1")
    assert "新增 30" in html and "“新村3”已经是“新村3”的名字或别名" in html


# --- refused files -----------------------------------------------------------------------------------

def _rezip(data: bytes, extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


GOOD = xlsx([HEADER, ["张三", 13812345678, "代村", "党员"]])
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
REFUSED = [
    ("old.xls", OLE_MAGIC + bytes(600), "老版 Excel"),
    ("macro.xlsm", GOOD, "带宏"),
    ("renamed.xlsx", _rezip(GOOD, extra={"xl/vbaProject.bin": b"\0" * 64}), "带宏"),
    ("bomb.xlsx", _rezip(GOOD, extra={"xl/media/padding.xml": b" " * (25 * 1024 * 1024)}), "解开后太大"),
    ("broken.xlsx", b"PK\x03\x04" + bytes(range(256)) * 8, "坏了"),
    ("laughs.xlsx", _rezip(GOOD, replace={"xl/worksheets/sheet1.xml": LAUGHS}), "读不出这个 Excel 文件"),
    ("names.xlsx", "姓名,电话\n张三,1\n".encode(), "不是 Excel"),
    ("empty.csv", b"", "文件是空的"),
    ("binary.csv", bytes(range(256)) * 4, "读不出这个文件"),
    ("utf16.csv", "姓名,电话\n".encode("utf-16"), "读不出这个文件"),
    ("columns.csv", "名字,号码\n张三,1\n".encode(), "缺少：电话、村、身份"),
]


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML  # requirements.txt pins defusedxml for this


@pytest.mark.parametrize("filename, data, message", REFUSED, ids=[r[0] for r in REFUSED])
def test_unreadable_or_dangerous_files_are_refused_with_a_reason(app, db, world, cadre, filename, data, message):
    assert len(data) < 2 * 1024 * 1024  # under the upload cap: refused for what it is, not its size
    response = upload(cadre, "people", data, filename)
    assert response.status_code == 400 and message in response.get_data(as_text=True), response.get_data(as_text=True)
    with db.session() as s:
        assert s.scalar(select(func.count(AdminImport.id))) == 1  # only the world's own
        assert s.scalar(select(func.count(InviteCode.id)).where(InviteCode.person_name != "")) == 0


def test_a_file_that_takes_too_long_to_read_is_refused_in_time(app, db, world, cadre, monkeypatch):
    monkeypatch.setattr(import_views, "READ_SECONDS", 0)  # whatever this machine's speed
    rows = [HEADER] + [[f"人{n}", 13700000100 + n, "代村", "志愿者"] for n in range(450)]
    response = upload(cadre, "people", xlsx(rows), "名单.xlsx")
    assert response.status_code == 400 and "秒还没读完" in response.get_data(as_text=True)


def test_rows_over_the_cap_are_reported_not_imported(app, db, world, cadre, monkeypatch):
    monkeypatch.setattr(import_jobs, "MAX_ROWS", 5)
    rows = [HEADER] + [[f"人{n}", 13700000100 + n, "代村", "志愿者"] for n in range(8)]
    html = run(cadre, "people", xlsx(rows), "名单.xlsx")
    assert "新增 5" in html and "<td>7</td><td>一次最多导入5行，从这一行起没有导入" in html
    exactly = [["名单"]] + rows[:1] + [[f"人{n}", 13700000200 + n, "代村", "志愿者"] for n in range(5)]
    assert "新增 5，更新 0，没有变化 0，拒绝 0" in run(cadre, "people", xlsx(exactly), "名单.xlsx")  # a title row costs none


# --- in steps ---------------------------------------------------------------------------------------

def _people_csv(count: int) -> bytes:
    return ("姓名,电话,村,身份\n" + "".join(f"人{n},{13600000000 + n},代村,志愿者\n" for n in range(count))).encode()


def test_a_large_file_runs_in_steps_and_the_page_shows_the_progress(app, db, world, cadre, monkeypatch):
    monkeypatch.setattr(import_jobs, "STEP_ROWS", 100)
    monkeypatch.setattr(import_jobs, "STEP_SECONDS", 120)  # steps of exactly 100 rows, however slow
    monkeypatch.setattr(import_views, "REQUEST_SECONDS", 0)  # one step per page load
    response = upload(cadre, "people", _people_csv(650), "名单.csv")
    assert response.status_code == 303  # the upload answers at once
    seen = []
    while True:
        page = cadre.get(response.headers["Location"]).get_data(as_text=True)
        if 'http-equiv="refresh"' not in page:
            break
        job = _last_import(db)
        assert f'<progress value="{job.position}" max="650">' in page and "停止导入" in page
        seen.append(job.position)
    assert seen == [100, 200, 300, 400, 500, 600]  # the upload only read the file
    assert "导入结果" in page and "新增 650" in page
    assert len(_invites(db)) == 650


def test_stopping_keeps_what_was_imported(app, db, world, cadre, monkeypatch):
    monkeypatch.setattr(import_jobs, "STEP_ROWS", 100)
    monkeypatch.setattr(import_jobs, "STEP_SECONDS", 120)  # steps of exactly 100 rows, however slow
    monkeypatch.setattr(import_views, "REQUEST_SECONDS", 0)
    response = upload(cadre, "people", _people_csv(450), "名单.csv")
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    token = csrf_token(cadre, f"/admin/import/{job_id}")  # the page took a step
    stopped = cadre.post(f"/admin/import/{job_id}/stop", data={"csrf_token": token}, follow_redirects=True)
    html = stopped.get_data(as_text=True)
    assert "导入已停止" in html and "停止前处理了 100 / 450 行" in html
    assert len(_invites(db)) == 100
    with db.session() as s:
        assert "中途停止" in s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "import.people")).one()
    assert "停止前处理了 100 / 450 行" in cadre.get(f"/admin/import/{job_id}").get_data(as_text=True)


def test_workers_stepping_the_same_import_at_once_handle_each_row_once(app, db, world, monkeypatch):
    """Several gunicorn workers may load the page at the same moment: no row twice, none lost."""
    monkeypatch.setattr(import_jobs, "STEP_ROWS", 40)
    with db.session() as s:
        job = import_jobs.start_import(s, "people", "名单.csv", _people_csv(600), dry_run=False,
                                       options={"days": 7}, account_id=None, username="county1")
    errors = []

    def worker():
        try:
            with app.app_context():
                while (current := import_jobs.step(db, job.id)) is None or current.running:
                    pass
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with db.session() as s:
        done = s.get(AdminImport, job.id)
        assert (done.status, done.position, done.created, done.rejected) == ("done", 600, 600, 0)
        phones = s.scalars(select(InviteCode.phone).where(InviteCode.import_id == job.id)).all()
        assert len(phones) == len(set(phones)) == 600
        assert s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "import.people")) == 1


def test_a_bulk_step_the_database_refuses_is_done_again_row_by_row(app, db, world, cadre, monkeypatch):
    """People rows are written many per INSERT; when that INSERT fails, the step is rolled back
    and done again a row at a time (each in a SAVEPOINT), so nothing is lost or doubled."""
    from sqlalchemy.exc import IntegrityError

    from bot.admin import people_import

    monkeypatch.setattr(import_jobs, "STEP_ROWS", 100)
    monkeypatch.setattr(import_jobs, "STEP_SECONDS", 120)
    monkeypatch.setattr(import_views, "REQUEST_SECONDS", 0)
    written = people_import.insert_invites
    calls = []

    def refuse_the_second(session, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise IntegrityError("INSERT", {}, Exception("refused for the test"))
        written(session, rows)

    monkeypatch.setattr(people_import, "insert_invites", refuse_the_second)
    page = run(cadre, "people", _people_csv(250), "名单.csv")
    assert "新增 250" in page
    assert calls == [100, 100, 50]  # step 2 refused, then done without the bulk INSERT
    invites = _invites(db)
    assert len(invites) == 250 and len({i.code for i in invites.values()}) == 250
    job = _last_import(db)
    assert (job.status, job.created, job.rejected) == ("done", 250, 0)


def test_a_drawn_code_the_table_has_already_is_drawn_again(app, db, world, monkeypatch):
    """The import draws codes free of each other only; insert_invites asks the table once about
    them all (not a query a row, nor all codes loaded) and draws the taken ones again."""
    from datetime import datetime, timezone

    from bot.accounts import insert_invites, invite_row, rules

    now = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)
    draws = iter(["TAKEN234", "TAKEN234", "FRESH234", "OTHER234"])
    monkeypatch.setattr(rules, "new_code", lambda length=8: next(draws))
    with db.session() as s:
        insert_invites(s, [invite_row("cadre", None, None, "test", 30, now, lambda c: False)])
    with db.session() as s:
        rows = [invite_row("cadre", None, None, "import:test", 30, now, lambda c: False,
                           person={"person_name": "张三", "phone": "13812345678"})]
        rows.append(invite_row("cadre", None, None, "import:test", 30, now, {rows[0]["code"]}.__contains__,
                               person={"person_name": "李四", "phone": "13900000000"}))
        insert_invites(s, rows)  # TAKEN234 is in the table: drawn again
    with db.session() as s:
        found = dict(s.execute(select(InviteCode.code, InviteCode.person_name)
                               .where(InviteCode.created_by == "import:test")).all())
    assert found == {"OTHER234": "张三", "FRESH234": "李四"}
