"""Loading the knowledge: `flask setup` is idempotent, edits are kept, the bot sees edits at once."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.models import Area, Canteen, Guide, RepGroup, Village
from bot.guides import get_guide, list_guides
from knowledge.schema import GUIDE_IDS
from tests.kit.knowledge import copy_knowledge, edit_yaml, load_into

EXPECTED = {Area: 19, Village: 98, Guide: 18, RepGroup: 21, Canteen: 13}


def _counts(db) -> dict:
    with db.session() as s:
        return {model: s.scalar(select(func.count()).select_from(model)) for model in EXPECTED}


def _guide_stamps(db) -> dict:
    with db.session() as s:
        return {g.id: g.updated_at for g in s.scalars(select(Guide))}


def test_setup_twice_gives_the_same_rows(runner, db):
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert _counts(db) == EXPECTED
    stamps = _guide_stamps(db)
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert _counts(db) == EXPECTED
    assert _guide_stamps(db) == stamps  # nothing rewritten when nothing changed


def test_loaded_rows_link_up(app, db):
    load_into(app)
    with db.session() as s:
        daicun = s.scalars(select(Village).where(Village.name == "代村")).one()
        assert daicun.area.township == "卞庄街道"
        assert len(daicun.area.villages) == 12
        assert "代庄" in daicun.aliases.split()
        canteen = s.scalars(select(Canteen).where(Canteen.village_id == daicun.id)).first()
        assert canteen is not None and canteen.latitude is not None
        area_codes = set(s.scalars(select(Area.code)))
        for group in s.scalars(select(RepGroup)):
            assert group.area_codes and set(group.area_codes) <= area_codes
            if group.level == "county":
                assert set(group.area_codes) == area_codes
            else:
                townships = {s.scalars(select(Area.township).where(Area.code == c)).one()
                             for c in group.area_codes}
                assert townships == {group.township}


def test_changed_files_update_rows(app, db, tmp_path):
    load_into(app)
    root = copy_knowledge(tmp_path)

    def move_wangzhuang(data):
        village = next(v for v in data["villages"] if v["name"] == "王庄")
        village["area"] = "bz-dongguan"

    edit_yaml(root / "areas.yaml", move_wangzhuang)
    edit_yaml(root / "guides" / "dibao.yaml", lambda d: d.__setitem__("summary", "改过的说明。"))
    report = load_into(app, directory=root)
    assert report.updated == {"villages": 1, "guides": 1}
    with db.session() as s:
        village = s.scalars(select(Village).where(Village.name == "王庄")).one()
        assert village.area.code == "bz-dongguan"
        assert s.get(Guide, "dibao").data["summary"] == "改过的说明。"
    assert _counts(db) == EXPECTED


def test_cadre_edit_is_kept_unless_forced(app, db, runner, tmp_path):
    load_into(app)
    with db.session() as s:
        guide = s.get(Guide, "dibao")
        guide.data = {**guide.data, "phone": "乡镇民政办 0539-1234567"}
    report = load_into(app)
    with db.session() as s:
        assert s.get(Guide, "dibao").data["phone"] == "乡镇民政办 0539-1234567"
    assert report.kept_edits == []  # the file did not change, so nothing to warn about
    root = copy_knowledge(tmp_path)
    edit_yaml(root / "guides" / "dibao.yaml", lambda d: d.__setitem__("cost", "改过的费用"))
    assert load_into(app, directory=root).kept_edits == ["dibao"]
    result = runner.invoke(args=["kb", "load", "--force"])
    assert result.exit_code == 0, result.output
    with db.session() as s:
        assert s.get(Guide, "dibao").data["phone"] != "乡镇民政办 0539-1234567"


def test_bot_sees_a_guide_edit_without_restart(app, db, frozen_clock):
    load_into(app)
    with db.session() as s:
        before = get_guide(s, "dibao")
        assert before.title == "低保办理"
        assert [g.id for g in list_guides(s)] == list(GUIDE_IDS)
    frozen_clock.advance(minutes=1)  # edited a little later: the cache's stamp is max(updated_at)
    with db.session() as s:
        row = s.get(Guide, "dibao")
        row.data = {**row.data, "time_limit": "新的时限"}
    with db.session() as s:
        assert get_guide(s, "dibao").time_limit == "新的时限"


def test_broken_files_load_nothing(app, db, runner, tmp_path):
    root = copy_knowledge(tmp_path)
    edit_yaml(root / "areas.yaml", lambda d: d["villages"][0].__setitem__("area", "nowhere"))
    result = runner.invoke(args=["kb", "load", "--dir", str(root)])
    assert result.exit_code == 1
    assert "areas.yaml: villages[0].area" in result.output
    assert all(n == 0 for n in _counts(db).values())
