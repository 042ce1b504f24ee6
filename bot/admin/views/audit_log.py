"""操作记录: the audit log. County accounts see everything; others their areas' entries and their own."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import or_, select

from bot.models import AuditEntry

from ..blueprint import bp
from ..web import scope, transaction

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
    "notice.publish": "发布村务公告",
}


@bp.route("/audit")
def audit():
    """The newest changes first, 100 a page (?before=<id> for older ones)."""
    before = request.args.get("before", "")
    with transaction() as s:
        query = select(AuditEntry)
        if not scope().is_county:
            query = query.where(or_(scope().where_area(s, AuditEntry.area_id),
                                    AuditEntry.account_id == scope().account_id))
        if before.isdigit():
            query = query.where(AuditEntry.id < int(before))
        rows = s.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE)).all()
    older = rows[-1].id if len(rows) == PAGE else None
    return render_template("admin/audit.html", rows=rows, older=older, labels=ACTION_LABELS)
