"""`flask kb check`: the shipped files pass; broken copies fail naming the file and the field."""
from __future__ import annotations


import pytest

from knowledge.schema import GUIDE_IDS, read_knowledge
from tests.kit.knowledge import copy_knowledge, edit_yaml


def test_shipped_knowledge_is_valid_and_has_the_source_figures():
    kb, errors = read_knowledge()
    assert errors == []
    assert kb.counts() == {"areas": 19, "villages": 98, "guides": 18, "groups": 21, "canteens": 13}
    assert set(kb.guides) == set(GUIDE_IDS)
    daicun = next(v for v in kb.villages if v.name == "代村")
    linked = [v for v in kb.villages if v.area == daicun.area]
    assert len(linked) == 12  # 代村 and its 11 linked villages
    for v in kb.villages:
        assert 34.6 <= v.lat <= 35.1 and 117.7 <= v.lon <= 118.3, v.name
    assert {g.level for g in kb.groups} == {"county", "township"}


def test_kb_check_passes_on_shipped_files(runner):
    result = runner.invoke(args=["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "18 guides" in result.output


def _drop(key):
    return lambda data: data.pop(key)


def _set(key, value):
    return lambda data: data.__setitem__(key, value)


def _first_village_area(value):
    return lambda data: data["villages"][0].__setitem__("area", value)


def _duplicate_second(list_key):
    def change(data):
        data[list_key][1]["code"] = data[list_key][0]["code"]
    return change


BROKEN = [
    # (file, change, expected file: field in the message)
    ("guides/dibao.yaml", _drop("steps"), "guides/dibao.yaml: steps: missing"),
    ("guides/dibao.yaml", _set("steps", "一步办完"), "guides/dibao.yaml: steps: expected a list"),
    ("guides/dibao.yaml", _set("materials", []), "guides/dibao.yaml: materials: is empty"),
    ("guides/dibao.yaml", _set("checked", "yesterday"), "guides/dibao.yaml: checked: expected a date"),
    ("guides/dibao.yaml", _set("sample", ["nonsense"]), "guides/dibao.yaml: sample[0]:"),
    ("guides/dibao.yaml", _set("where", {"default": "乡镇", "townships": {"火星镇": "x"}}),
     "guides/dibao.yaml: where.townships.火星镇: unknown township"),
    ("guides/dibao.yaml", _set("summary", "第一行\n第二行"), "guides/dibao.yaml: summary: must be one line"),
    ("guides/dibao.yaml", _set("titel", "typo"), "guides/dibao.yaml: titel: unknown field"),
    ("guides/dibao.yaml", _set("id", "id-card"), "guides/dibao.yaml: id: 'id-card' does not match"),
    ("areas.yaml", _duplicate_second("areas"), "areas.yaml: areas[1].code: duplicate code"),
    ("areas.yaml", _first_village_area("no-such-area"), "areas.yaml: villages[0].area: unknown value"),
    ("areas.yaml", lambda d: d["villages"][0].__setitem__("lat", "north"),
     "areas.yaml: villages[0].lat: expected a number"),
    ("areas.yaml", lambda d: d["villages"][1].__setitem__("name", d["villages"][0]["name"]),
     "areas.yaml: villages[1].name:"),
    ("groups.yaml", _duplicate_second("groups"), "groups.yaml: groups[1].code: duplicate code"),
    ("groups.yaml", lambda d: d["groups"][0].__setitem__("field", "航天"), "groups.yaml: groups[0].field: unknown value"),
    ("groups.yaml", lambda d: d["groups"][0].__setitem__("areas", ["no-such-area"]),
     "groups.yaml: groups[0].areas: unknown area"),
    ("canteens.yaml", lambda d: d["canteens"][0].__setitem__("village", "没有这个村"),
     "canteens.yaml: canteens[0].village: unknown value"),
    ("canteens.yaml", lambda d: d["canteens"][0].pop("hours"), "canteens.yaml: canteens[0].hours: missing"),
]


def _theme(change):
    """Change the December theme of county-agri (a dict: title, description, activities)."""
    return lambda d: change(d["groups"]["county-agri"]["themes"]["2026-12"])


def _group(change):
    return lambda d: change(d["groups"]["county-agri"])


# Mistakes a cadre can make in themes.yaml and need_words.yaml (checked by the loaders' own code).
BROKEN += [
    ("themes.yaml", _theme(lambda t: t.pop("title")), "themes.yaml: groups.county-agri.themes.2026-12.title: expected"),
    ("themes.yaml", _theme(lambda t: t.__setitem__("title", "很长的标题" * 7)),
     "themes.yaml: groups.county-agri.themes.2026-12.title: longer than 30"),
    ("themes.yaml", _theme(lambda t: t.__setitem__("description", "")),
     "themes.yaml: groups.county-agri.themes.2026-12.description: expected some words"),
    ("themes.yaml", _theme(lambda t: t.__setitem__("activities", ["一", "二", "三", "四"])),
     "themes.yaml: groups.county-agri.themes.2026-12.activities: must be a list of 1 to 3"),
    ("themes.yaml", _theme(lambda t: t.__setitem__("activities", "下田指导")),
     "themes.yaml: groups.county-agri.themes.2026-12.activities: must be a list"),
    ("themes.yaml", _theme(lambda t: t.__setitem__("activities", ["下田指导", None])),
     "themes.yaml: groups.county-agri.themes.2026-12.activities[1]: expected some words"),
    ("themes.yaml", _group(lambda g: g["themes"].__setitem__("2027-13", g["themes"].pop("2027-01"))),
     "themes.yaml: groups.county-agri.themes.2027-13: months look like"),
    ("themes.yaml", _group(lambda g: g["themes"].__setitem__("2027-02", "春耕")),
     "themes.yaml: groups.county-agri.themes.2027-02: expected title, description and activities"),
    ("themes.yaml", _group(lambda g: g.pop("speciality")), "themes.yaml: groups.county-agri.speciality: expected"),
    ("themes.yaml", _group(lambda g: g.pop("themes")), "themes.yaml: groups.county-agri: needs `speciality` and `themes`"),
    ("themes.yaml", lambda d: d["groups"].__setitem__("county-agry", d["groups"].pop("county-agri")),
     "themes.yaml: groups.county-agry: unknown group code (not in groups.yaml)"),
    ("themes.yaml", lambda d: d.pop("groups"), "themes.yaml: groups: must map group codes"),
    ("need_words.yaml", lambda d: d["fields"].update({"水电": ["停电", "大棚"], "农业": ["麦子", "大棚"]}),
     "need_words.yaml: fields.水电[1]: '大棚' is listed under 农业 and 水电"),
    ("need_words.yaml", lambda d: d["fields"].__setitem__("农业", "麦子 玉米"),
     "need_words.yaml: fields.农业: expected a list of words"),
    ("need_words.yaml", lambda d: d["fields"].__setitem__("卫健", ["医院", None]),
     "need_words.yaml: fields.卫健[1]: expected a word"),
    ("need_words.yaml", lambda d: d["fields"].__setitem__("农 业", d["fields"].pop("农业")),
     "need_words.yaml: fields.农 业: unknown field (groups.yaml has:"),
    ("need_words.yaml", lambda d: d.__setitem__("fields", ["麦子"]), "need_words.yaml: fields: must map each field"),
]


@pytest.mark.parametrize("relative, change, expected", BROKEN,
                         ids=[f"{r}:{e.split(': ')[1]}" for r, _, e in BROKEN])
def test_kb_check_fails_on_broken_copy_naming_file_and_field(runner, tmp_path, relative, change, expected):
    root = copy_knowledge(tmp_path)
    edit_yaml(root / relative, change)
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert expected in result.output, result.output


def test_unknown_guide_id_and_missing_guides_are_reported(runner, tmp_path):
    root = copy_knowledge(tmp_path)
    (root / "guides" / "id-card.yaml").unlink()
    path = root / "guides" / "dibao.yaml"
    edit_yaml(path, lambda d: d.__setitem__("id", "lottery"))
    path.rename(root / "guides" / "lottery.yaml")
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "guides/lottery.yaml: id: unknown guide id 'lottery'" in result.output
    assert "guides/: (count):" in result.output
    assert "dibao" in result.output and "id-card" in result.output


def test_invalid_yaml_and_missing_file_are_reported(runner, tmp_path):
    root = copy_knowledge(tmp_path)
    (root / "groups.yaml").write_text("groups: [unclosed\n", encoding="utf-8")
    (root / "canteens.yaml").unlink()
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "groups.yaml: (file): not valid YAML" in result.output
    assert "canteens.yaml: (file): file is missing" in result.output


def test_every_error_names_a_file_and_a_field(tmp_path):
    root = copy_knowledge(tmp_path)
    for change in (_drop("who"), _set("policy", "法"), _set("where", "乡镇")):
        edit_yaml(root / "guides" / "homestead.yaml", change)
    edit_yaml(root / "areas.yaml", _first_village_area("nowhere"))
    _, errors = read_knowledge(root)
    assert errors
    for line in errors:
        file_part, field_part, message = line.split(": ", 2)
        assert file_part.endswith((".yaml", "/")) and field_part and message


def test_themes_and_need_words_files_that_cannot_be_read_are_reported(runner, tmp_path):
    root = copy_knowledge(tmp_path)
    (root / "themes.yaml").write_text("groups:\n  county-agri: {speciality: [unclosed\n", encoding="utf-8")
    (root / "need_words.yaml").unlink()
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1
    assert "themes.yaml: (file): not valid YAML at line" in result.output
    assert "need_words.yaml: (file): file is missing" in result.output
    (root / "themes.yaml").write_text("- 一月主题\n", encoding="utf-8")  # a list, not the groups
    (root / "need_words.yaml").write_text("fields:\n  农业: [麦子]\n", encoding="utf-8")
    result = runner.invoke(args=["kb", "check", "--dir", str(root)])
    assert result.exit_code == 1 and "themes.yaml: groups: must map group codes" in result.output
    (root / "themes.yaml").unlink()  # optional: `kb load` skips it
    assert runner.invoke(args=["kb", "check", "--dir", str(root)]).exit_code == 0


def test_kb_load_refuses_a_broken_themes_file_before_writing_anything(app, runner, db, tmp_path):
    from sqlalchemy import func, select

    from bot.models import Area

    root = copy_knowledge(tmp_path)
    edit_yaml(root / "themes.yaml", _theme(lambda t: t.pop("activities")))
    result = runner.invoke(args=["kb", "load", "--dir", str(root)])
    assert result.exit_code == 1 and "themes.2026-12.activities" in result.output
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Area)) == 0
