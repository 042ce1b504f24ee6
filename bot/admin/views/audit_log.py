"""操作记录: the audit log. County accounts see everything; others their areas' entries and their own."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import or_, select

from bot import mediation
from bot.models import AuditEntry, User

from ..blueprint import bp
from ..bounds import db_id
from ..figures import ERRAND_LABELS
from ..listing import Filters
from ..truth import NEED_WORDS
from ..web import scope, transaction, tz

PAGE = 100
ACTION_LABELS = {
    "login": "登录", "login.failed": "登录失败", "logout": "退出", "account.password": "改密码",
    "account.create": "新建账号", "account.active": "启用/停用账号", "mediation.confirm": "确认调解预约",
    "mediation.outcome": "记录调解结果", "mediation.cancel": "取消调解预约", "task.create": "新建志愿活动",
    "task.edit": "修改志愿活动", "task.attendance": "志愿签到", "task.cancel": "取消志愿活动",
    "errand.reassign": "改派代办", "errand.close": "关闭代办", "relay.answer": "回复群众留言",
    "need.assign": "指派群众需求",
    "need.field": "群众需求转组", "need.whistle": "群众需求吹哨", "need.escalate": "催办群众需求",
    "need.close": "办结群众需求", "need.whistle_round": "吹哨（全部待吹哨）", "need.escalate_due": "催办超时需求",
    "guide.edit": "修改明白纸", "user.role_remove": "取消角色", "user.leader": "设/取消组长", "invite.create": "生成邀请码", "outbox.retry": "重发推送",
    "import.areas": "导入片区", "import.villages": "导入村", "import.people": "导入人员",
    "theme.create": "新建每月主题", "theme.edit": "修改每月主题", "theme.publish": "发布每月主题",
    "theme.unpublish": "撤回每月主题", "theme.push": "现在推送本月主题", "theme.import": "导入主题文件",
    "notice.publish": "发布村务公告", "safety.close": "紧急求助已结束",
    "matter.create": "登记四议两公开事项", "matter.step": "录入事项步骤", "matter.correct": "更正事项步骤",
    "suggestion.answer": "回复群众建议", "family.confirm": "确认代亲属", "lexicon.add": "没听懂的话加入词表",
    "outbox.resolve": "没送到的推送已处理", "user.name": "登记姓名", "user.note": "写备注", "export": "导出列表",
    "account.reset": "重设别人的密码",
}
TARGET_WORDS = {"Need": "群众需求", "Errand": "便民代办", "Booking": "调解预约", "Task": "志愿活动", "SignUp": "志愿报名",
                "User": "人员", "OutboxMessage": "推送", "Conversation": "群众留言", "Notice": "村务公告",
                "Theme": "每月主题", "Guide": "明白纸", "AdminAccount": "管理账号", "InviteCode": "邀请码",
                "SafetyCase": "紧急求助", "AdminImport": "导入", "needs": "群众需求列表", "errands": "便民代办列表",
                "mediation_bookings": "调解预约列表", "users": "人员列表"}
FIELD_WORDS = {"state": "状态", "outcome": "结果", "mediator_id": "调解员", "slot_id": "时间段", "reason": "原因",
               "assignee_id": "经办人", "claimed_by": "认领人", "group_code": "活动组", "field": "领域",
               "escalation_level": "催办级别", "name": "姓名", "note": "说明", "title": "标题", "needed": "人数",
               "place": "地点", "starts_at": "时间", "hours": "时长", "active": "启用", "role": "角色",
               "area_id": "片区", "alerted": "吹哨条数", "moved": "催办条数", "override": "越过规则",
               "query": "筛选条件", "ids": "编号", "status": "状态", "leader": "组长", "waiting_since": "等待开始"}


PERSON_FIELDS = ("mediator_id", "assignee_id", "claimed_by")
STATE_WORDS = {**NEED_WORDS, **ERRAND_LABELS, **mediation.STATE_LABELS, "open": "进行中", "cancelled": "已取消"}


def _names(s, entries) -> dict[int, str]:
    ids = {v for e in entries for d in (e.before or {}, e.after or {}) for k, v in d.items()
           if k in PERSON_FIELDS and isinstance(v, int)}
    return dict(s.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def _words(values: dict | None, names: dict[int, str] | None = None) -> str:
    """A before/after dict as 字段：值 pairs, not JSON."""
    if not values:
        return ""
    parts = []
    for key, value in values.items():
        if key in PERSON_FIELDS and isinstance(value, int):
            value = (names or {}).get(value) or "（未留姓名）"
        elif key == "state" and isinstance(value, str):
            value = STATE_WORDS.get(value, value)
        elif value is None or value == "":
            value = "无"
        elif value is True:
            value = "是"
        elif value is False:
            value = "否"
        elif isinstance(value, (list, dict)):
            value = "、".join(map(str, value)) if isinstance(value, list) else "；".join(f"{k} {v}" for k, v in value.items())
        parts.append(f"{FIELD_WORDS.get(key, key)}：{value}")
    return "；".join(parts)


@bp.route("/audit")
def audit():
    """The newest changes first, 100 a page; filters: account, kind of object, action, dates."""
    before = db_id(request.args.get("before", ""))
    who = (request.args.get("who") or "")[:40]
    target = request.args.get("target", "")
    action = request.args.get("action", "")
    f = Filters.from_request(tz())
    with transaction() as s:
        query = select(AuditEntry)
        if not scope().is_county:
            query = query.where(or_(scope().where_area(s, AuditEntry.area_id),
                                    AuditEntry.account_id == scope().account_id))
        usernames = sorted(set(s.scalars(query.with_only_columns(AuditEntry.username).distinct())))
        if who:
            query = query.where(AuditEntry.username == who)
        if target in TARGET_WORDS:
            query = query.where(AuditEntry.target_type == target)
        if action in ACTION_LABELS:
            query = query.where(AuditEntry.action == action)
        if f.q:
            query = query.where(AuditEntry.summary.like(f.like(), escape="\\"))
        query = f.apply_dates(query, AuditEntry.at)
        if before is not None:
            query = query.where(AuditEntry.id < before)
        rows = s.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE)).all()
        names = _names(s, rows)
    older = rows[-1].id if len(rows) == PAGE else None
    listed = [(e, _words(e.before, names), _words(e.after, names)) for e in rows]
    return render_template("admin/audit.html", rows=listed, older=older, labels=ACTION_LABELS, targets=TARGET_WORDS,
                           usernames=usernames, who=who, target=target, action=action, f=f)
