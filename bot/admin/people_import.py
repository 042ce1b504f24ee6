"""Importing people (党员代办员、志愿者、党代表 …): one named invite code per row.

    人员: 姓名,电话,村,身份,党代表活动组    张三,13812345678,代村,党员,

The people on a county's list mostly have not followed the official account yet, so they have
no openid and no user row. The code already binds a WeChat user to a role with one-time
invite codes (bot/accounts/), so a row becomes such a code, made for that person: it carries
their name, phone and village, and when they send "邀请码 XXXXXXXX" they get the role and
whatever of their name, phone and village they had not given yet. A user is never found by
phone: anyone can type any number, and a role must not follow from it. The cadre downloads
the codes with the names (import_jobs.code_rows) and hands them out.

Importing the same list again makes no second code: a pending code for the same phone, role,
area and group is reused (and listed with this import), a used one whose holder still has
the role counts as done.
"""
from __future__ import annotations

from sqlalchemy import select

from bot.accounts import AREA_SCOPED_ROLES, ROLE_WORDS, STAFF_ROLES, create_invite, insert_invites, invite_row
from bot.models import ROLE_LABELS, Area, InviteCode, RepGroup, User, Village, mask_phone
from bot.nlu.phone import parse_mobile

from .area_import import apply, village_labels
from .import_rows import Kind, RowContext

DEFAULT_DAYS, MAX_DAYS = 30, 90
PHONES_PER_QUERY = 1000
VILLAGER_WORDS = ("群众", "村民", "居民", "villager")


def role_of(raw: str) -> str:
    """The staff role a cell names ("党员", "志愿者", "party_member" …), or ValueError."""
    word = raw.strip()
    if word in STAFF_ROLES:
        return word
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    if word in VILLAGER_WORDS:
        raise ValueError("群众不用导入：关注公众号后说“我是XX村的”就登记好了")
    if any(sep in word for sep in "、,，/;；和") and word:
        raise ValueError("一行只写一个身份；一个人有几个身份请写几行")
    choices = "、".join(dict.fromkeys(ROLE_LABELS[r] for r in STAFF_ROLES))
    raise ValueError(f"身份“{word}”不认识（可以写：{choices}）" if word else "身份必须填")


def _villages(ctx: RowContext) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Name or alias → village name; village name → (village id, area id). Once per step."""
    if "villages" not in ctx.cache:
        rows = ctx.session.execute(select(Village.name, Village.id, Village.area_id)).all()
        ctx.cache["villages"] = (village_labels(ctx.session), {name: (vid, aid) for name, vid, aid in rows})
    return ctx.cache["villages"]


def _group_names(group: RepGroup) -> set[str]:
    short = group.name.replace("党代表活动组", "")
    return {group.code, group.name, short, short + "组", short.removeprefix("县"), short.removeprefix("县") + "组"}


def _group(ctx: RowContext, raw: str, area_id: int) -> str:
    """The code of the representatives' group the cell names, which must serve the area."""
    if "groups" not in ctx.cache:
        ctx.cache["groups"] = list(ctx.session.scalars(select(RepGroup).order_by(RepGroup.id)))
        ctx.cache["area_codes"] = dict(ctx.session.execute(select(Area.id, Area.code)).all())
    word = raw.strip()
    if not word:
        raise ValueError("党代表要写所在的党代表活动组（比如“农业农村组”）")
    group = next((g for g in ctx.cache["groups"] if word in _group_names(g)), None)
    if group is None:
        raise ValueError(f"没有叫“{word}”的党代表活动组")
    if not group.serves(ctx.cache["area_codes"].get(area_id, "")):
        raise ValueError(f"{group.name}不服务这个村所在的片区")
    return group.code


def _holds(session, user_id: int, role: str, area_id: int | None, group_code: str | None) -> bool:
    user = session.get(User, user_id)
    return user is not None and any(r.role == role and r.area_id == area_id and r.group_code == group_code
                                    for r in user.roles)


def _known_phones(ctx: RowContext) -> set[str]:
    """Phones of this step's rows that have a code already (most rows of a first import have
    none), loaded by `prefetch`; all phones with a code when it did not run."""
    if "phones" not in ctx.cache:
        ctx.cache["phones"] = set(ctx.session.scalars(select(InviteCode.phone).where(InviteCode.phone != "")))
    return ctx.cache["phones"]


def prefetch(ctx: RowContext, rows: list[dict[str, str]]) -> None:
    """Before a step: which of its rows' phones have a code already, in one query per 1,000."""
    phones = sorted({phone for cells in rows if (phone := parse_mobile(cells.get("phone", "")))})
    ctx.cache["phones"] = {found for start in range(0, len(phones), PHONES_PER_QUERY)
                           for found in ctx.session.scalars(select(InviteCode.phone).where(
                               InviteCode.phone.in_(phones[start:start + PHONES_PER_QUERY])))}


def _earlier(ctx: RowContext, phone: str, role: str, area_id: int | None, group_code: str | None,
             person: dict) -> tuple[str, bool] | None:
    """The outcome when this person already has a code for the role; None when a code is needed."""
    if phone not in _known_phones(ctx):
        return None
    for invite in ctx.session.scalars(select(InviteCode).where(
            InviteCode.phone == phone, InviteCode.role == role, InviteCode.area_id == area_id,
            InviteCode.group_code == group_code).order_by(InviteCode.id.desc())):
        if invite.used_by is not None and _holds(ctx.session, invite.used_by, role, area_id, group_code):
            return "unchanged", True  # registered already
        if invite.used_by is None and invite.expires_at > ctx.now:
            changed = apply(invite, person)
            invite.import_id = ctx.options["import_id"]  # listed with this import's codes
            return ("updated" if changed else "unchanged"), False
    return None


def _area(ctx: RowContext, area_id: int | None) -> Area | None:
    if area_id is None:
        return None
    areas = ctx.cache.setdefault("areas", {})
    if area_id not in areas:
        areas[area_id] = ctx.session.get(Area, area_id)
    return areas[area_id]


def _person_row(ctx: RowContext, cells: dict[str, str]) -> tuple[str, str]:
    name = cells.get("name", "").strip()
    if not name or len(name) > 60:
        raise ValueError("姓名必须填，且不超过60字")
    phone = parse_mobile(cells.get("phone", ""))
    if phone is None:
        raise ValueError(f"电话“{cells.get('phone', '')}”不是11位手机号")
    role = role_of(cells.get("role", ""))
    labels, villages = _villages(ctx)
    village_name = labels.get(cells.get("village", "").strip())
    if village_name is None:
        raise ValueError(f"没有叫“{cells.get('village', '')}”的村（先导入村，或写村的全名）")
    village_id, village_area = villages[village_name]
    group_code = _group(ctx, cells.get("group", ""), village_area) if role == "rep" else None
    area_id = village_area if role in AREA_SCOPED_ROLES else None
    label = f"{name}（{mask_phone(phone)}，{ROLE_LABELS[role]}）"
    person = {"person_name": name, "village_id": village_id}
    if ctx.bulk and phone in _known_phones(ctx):
        write_queued(ctx)  # an earlier row of this step may have made this person's code
    if (found := _earlier(ctx, phone, role, area_id, group_code, person)) is not None:
        return found[0], label
    created_by, days = f"import:{ctx.options['username']}", int(ctx.options.get("days", DEFAULT_DAYS))
    invite_person = {**person, "phone": phone, "import_id": ctx.options["import_id"]}
    if ctx.bulk:
        codes = _codes(ctx)
        row = invite_row(role, area_id, group_code, created_by, days, ctx.now, codes.__contains__,
                         person=invite_person)
        codes.add(row["code"])
        ctx.cache.setdefault("queued", []).append(row)
    else:
        create_invite(ctx.session, role, _area(ctx, area_id), group_code, created_by, days=days, now=ctx.now,
                      person=invite_person)
    _known_phones(ctx).add(phone)
    return "created", label


def _codes(ctx: RowContext) -> set[str]:
    """The codes this step drew (insert_invites draws again any the table has already)."""
    return ctx.cache.setdefault("codes", set())


def write_queued(ctx: RowContext) -> None:
    """The codes this step's rows made, in one multi-row INSERT."""
    insert_invites(ctx.session, ctx.cache.pop("queued", []))


def _identity(cells: dict[str, str]) -> str:
    phone = parse_mobile(cells.get("phone", "")) or cells.get("phone", "")
    role = ROLE_WORDS.get(cells.get("role", "").strip(), cells.get("role", "").strip())
    return "|".join((phone, role, cells.get("village", "").strip(), cells.get("group", "").strip()))


PEOPLE = Kind(
    key="people", label="人员", target_type="InviteCode", handle=_person_row,
    headers={"name": ("name", "姓名", "名字"),
             "phone": ("phone", "电话", "手机", "手机号", "手机号码", "联系电话"),
             "village": ("village", "村", "村名", "所在村", "村庄"),
             "role": ("role", "身份", "角色", "类别"),
             "group": ("group", "党代表活动组", "活动组", "所在组", "组")},
    required=("name", "phone", "village", "role"),
    identity=_identity,
    write_queued=write_queued,
    prefetch=prefetch,
    example="姓名,电话,村,身份,党代表活动组　例：张三,13812345678,代村,党员,")
