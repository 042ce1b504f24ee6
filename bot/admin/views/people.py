"""用户和角色, 邀请码: the users of the areas in scope, their roles, group leaders, and one-time invite codes.

Invite codes are made by bot.accounts.create_invite (the same rule as `flask invite create`);
an area account makes codes for its own area only, and roles without an area (representative,
cadre) are county business.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from bot import clock
from bot.accounts import AREA_SCOPED_ROLES, STAFF_ROLES, create_invite
from bot import mediation
from bot.models import ROLE_LABELS, Area, InviteCode, RepGroup, User, UserNote, UserRole, Village
from bot.needs import REP_ROLE, set_leader

from .. import audit, export, form_tokens
from ..blueprint import bp
from ..bounds import db_id
from ..figures import ERRAND_LABELS
from .tasks import SIGNUP_LABELS
from ..history import may_see_phone, person_story
from ..listing import Filters
from ..truth import NEED_WORDS
from ..web import (FormError, audit_export, confirmed_reason, fail, int_field, ok, require_area, scope, text_field,
                   transaction, tz)


def _users_in_scope(s):
    return (select(User).outerjoin(Village, User.village_id == Village.id)
            .where(scope().where_user(s, User.id)))


def _require_user(s, user: User | None) -> User:
    if user is None:
        abort(404)
    if not scope().allows_user(s, user.id):
        abort(403)
    return user


@bp.route("/users")
def users():
    """Users of the areas in scope; ?q= searches name, phone ending or village; ?role= ?village= filter;
    paged with a count (no silent cap) and exportable (phones masked in the file too)."""
    q = (request.args.get("q") or "").strip()[:40]
    role = request.args.get("role", "")
    f = Filters.from_request(tz())
    with transaction() as s:
        query = _users_in_scope(s).options(selectinload(User.village), selectinload(User.roles))
        if q:
            query = query.where(or_(User.name.contains(q), User.phone.endswith(q), Village.name.contains(q)))
        if role in STAFF_ROLES:
            query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
        if f.village:
            query = query.where(User.village_id == f.village)
        rows, total, pages = f.page_of(s, query.order_by(User.id.desc()))
        listed = [(u, u.village.name if u.village else "", sorted(ROLE_LABELS[r] for r in u.role_names)) for u in rows]
        villages = list(s.scalars(select(Village).where(scope().where_area(s, Village.area_id)).order_by(Village.name)))
    if f.export:
        audit_export("users", total)
        return export.respond("people", "用户和角色", ["姓名", "村", "电话", "角色", "关注"],
                              [[u.name or "（未留姓名）", village, u.masked_phone, "、".join(names),
                                "是" if u.subscribed else "已取消"] for u, village, names in listed], f.export)
    extra = {k: v for k, v in {"q": q or None, "role": role or None}.items() if v}
    return render_template("admin/users.html", users=listed, q=q, role=role, roles=STAFF_ROLES, labels=ROLE_LABELS,
                           f=f, pages=pages, total=total, villages=villages, extra=extra)


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int):
    """A user's village, roles (with their areas) and the role actions."""
    with transaction() as s:
        user = _require_user(s, s.get(User, user_id))
        areas = {a.id: a.name for a in s.scalars(select(Area))}
        roles = [(r, areas.get(r.area_id, "全县" if r.area_id is None else ""),
                  scope().allows_area(s, r.area_id)) for r in user.roles]
        # The leader switch works on all the user's roles in a group (as `flask needs leader`).
        switch: dict[str, bool] = {}
        for role, _, mine in roles:
            if role.role == REP_ROLE and role.group_code:
                switch[role.group_code] = switch.get(role.group_code, True) and mine
        village = user.village.name if user.village else ""
        story = person_story(s, scope(), user)
        group_names = dict(s.execute(select(RepGroup.code, RepGroup.name)).all())
        full_phone = may_see_phone(s, scope(), user)
        for signup in story.signups:
            _ = signup.task.title
        for booking, _room in story.bookings:
            _ = booking.slot.starts_at
    return render_template("admin/user_detail.html", user=user, village=village, roles=roles, labels=ROLE_LABELS,
                           leader_switch=switch, story=story, full_phone=full_phone, need_words=NEED_WORDS,
                           errand_words=ERRAND_LABELS, booking_words=mediation.STATE_LABELS,
                           signup_words=SIGNUP_LABELS, group_names=group_names)


def _typed(user_id: int, field: str, limit: int, label: str) -> str | None:
    """The text a staff member typed into a form of the person's page; None (said why) when unfit."""
    try:
        return text_field(field, limit, label=label)
    except FormError as error:
        fail(str(error))
        return None


@bp.route("/users/<int:user_id>/name", methods=["POST"])
def user_name(user_id: int):
    """Staff write down the person's name (most villagers never typed one): audited."""
    with transaction() as s:
        user = _require_user(s, s.get(User, user_id))
        name = _typed(user_id, "name", 30, "姓名")
        if name is None:
            return redirect(url_for("admin.user_detail", user_id=user_id))
        before = {"name": user.name}
        user.name = name
        audit.record(s, "user.name", target_type="User", target_id=user.id, area_id=user.area_id,
                     summary=f"姓名：{before['name'] or '（未留姓名）'} → {name}", before=before, after={"name": name})
    ok("姓名已保存。")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/notes", methods=["POST"])
def user_note(user_id: int):
    """A staff note on the person (seen by the accounts of the person's area and above)."""
    with transaction() as s:
        user = _require_user(s, s.get(User, user_id))
        words = _typed(user_id, "text", 500, "备注")
        if words is None:
            return redirect(url_for("admin.user_detail", user_id=user_id))
        if (again := form_tokens.repeat(s)) is not None:
            return again
        area_id = user.area_id if scope().allows_area(s, user.area_id) else scope().area_id
        s.add(UserNote(user_id=user.id, area_id=area_id, username=scope().username, text=words))
        audit.record(s, "user.note", target_type="User", target_id=user.id, area_id=area_id,
                     summary=f"给{user.name or '（未留姓名）'}写备注：{words[:80]}")
        form_tokens.finish(s, url_for("admin.user_detail", user_id=user_id))
    ok("备注已保存。")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/roles/<int:role_id>/remove", methods=["POST"])
def user_role_remove(user_id: int, role_id: int):
    """Take one role (in one area) away from a user, after a confirmation page with a reason."""
    reason = confirmed_reason()
    with transaction() as s:
        user = _require_user(s, s.get(User, user_id))
        held = s.get(UserRole, role_id)
        if held is None or held.user_id != user.id:
            abort(404)
        require_area(s, held.area_id)
        label = ROLE_LABELS.get(held.role, held.role)
        if reason is None:
            if request.form.get("confirmed") == "1":
                fail("请写上原因再确认。")
            return render_template(
                "admin/confirm.html", heading=f"取消{user.name or '（未留姓名）'}的角色：{label}",
                what=f"取消后，{user.name or '这个人'}不再收到{label}的推送，也不能再做{label}的事。本人不会收到通知。",
                action=url_for("admin.user_role_remove", user_id=user_id, role_id=role_id),
                back=url_for("admin.user_detail", user_id=user_id), button="确认取消这个角色")
        facts = {"role": held.role, "area_id": held.area_id, "group_code": held.group_code}
        user.roles.remove(held)
        s.flush()
        audit.record(s, "user.role_remove", target_type="User", target_id=user.id, area_id=held.area_id,
                     summary=f"取消 {user.name or '（未留姓名）'} 的角色：{label}。原因：{reason}",
                     before=facts, after={"reason": reason})
    ok("角色已取消。")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/leader", methods=["POST"])
def user_leader(user_id: int):
    """Make a representative the leader (组长) of one of their groups, or not (`flask needs leader`).

    Every representative role the user holds in that group must be within the account's scope:
    a role serving all the group's areas is county business.
    """
    group_code = (request.form.get("group_code") or "").strip()
    leader = request.form.get("leader") == "1"
    with transaction() as s:
        user = _require_user(s, s.get(User, user_id))
        held = [r for r in user.roles if r.role == REP_ROLE and r.group_code == group_code]
        if not held:
            abort(404)
        for role in held:
            require_area(s, role.area_id)
        before = {"group_code": group_code, "leaders": [r.leader for r in held]}
        changed = set_leader(s, user, group_code, leader)
        if changed:
            audit.record(s, "user.leader", target_type="User", target_id=user.id, area_id=held[0].area_id,
                         summary=f"{user.name or user.openid[:8]} {'设为' if leader else '不再是'} {group_code} 的组长",
                         before=before, after={"group_code": group_code, "leaders": [r.leader for r in held]})
    ok(("已设为组长：没人认领的吹哨会先告诉他。" if leader else "已取消组长。") if changed else "没有变化。")
    if request.form.get("back") == "groups":
        return redirect(url_for("admin.needs_groups"))
    return redirect(url_for("admin.user_detail", user_id=user_id))


def _invite_context(s) -> dict:
    now = clock.now()
    invites = s.scalars(select(InviteCode).where(scope().where_area(s, InviteCode.area_id))
                        .order_by(InviteCode.id.desc()).limit(200)).all()
    used = {u.id: u.name or u.openid[:8] for u in s.scalars(
        select(User).where(User.id.in_([i.used_by for i in invites if i.used_by])))}
    roles = [r for r in STAFF_ROLES if scope().is_county or r in AREA_SCOPED_ROLES]
    groups = s.scalars(select(RepGroup).order_by(RepGroup.code)).all() if scope().is_county else []
    areas = scope().areas(s)
    return {"invites": invites, "used": used, "now": now, "roles": roles, "labels": ROLE_LABELS,
            "areas": areas, "area_names": {a.id: a.name for a in areas}, "groups": groups}


@bp.route("/invites", methods=["GET", "POST"])
def invites():
    """Invite codes in scope, and a form that makes new ones."""
    with transaction() as s:
        if request.method == "GET":
            return render_template("admin/invites.html", created=[], **_invite_context(s))
        if (again := form_tokens.repeat(s)) is not None:
            return again
        role = request.form.get("role", "")
        try:
            if role not in STAFF_ROLES or (not scope().is_county and role not in AREA_SCOPED_ROLES):
                raise FormError("请选择角色")  # county roles (党代表, 干部) are the county's to give
            area = None
            if raw := request.form.get("area_id"):
                area = s.get(Area, db_id(raw)) if db_id(raw) else None
                if area is None:
                    raise FormError("请选择片区")
            require_area(s, area.id if area else None)
            group = (request.form.get("group_code") or "").strip() or None
            if group and (not scope().is_county or s.scalar(select(RepGroup.id).where(RepGroup.code == group)) is None):
                raise FormError("没有这个党代表活动组")  # groups are given by the county only, as the form shows
            count = int_field("count", 1, 50, "个数", default=1)
            days = int_field("days", 1, 90, "有效天数", default=7)
            codes = [create_invite(s, role, area, group, f"admin:{scope().username}", days).code
                     for _ in range(count)]
        except (FormError, ValueError) as error:
            s.rollback()
            fail(str(error) if isinstance(error, FormError) else "这个角色需要选片区。")
            return render_template("admin/invites.html", created=[], **_invite_context(s)), 400
        audit.record(s, "invite.create", target_type="InviteCode", target_id=",".join(codes)[:60],
                     area_id=area.id if area else None,
                     summary=f"生成{count}个邀请码：{ROLE_LABELS[role]}" + (f"（{area.name}）" if area else ""),
                     after={"role": role, "area_id": area.id if area else None, "group_code": group,
                            "days": days, "codes": codes})
        form_tokens.finish(s, url_for("admin.invites"))
        return render_template("admin/invites.html", created=codes, **_invite_context(s))
