"""What the account chat says: village labels, invite outcomes, 我的信息, leaving a role."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.accounts import Claim, area_names
from bot.models import ROLE_LABELS, Area, User, Village

from .push_settings import summary as push_summary

ASK_VILLAGE = "请告诉我您是哪个村的，比如“我是代村的”。"
ASK_CODE = ("党员、志愿者、党代表、调解员等身份要用邀请码登记。\n"
            "请把片区给您的邀请码发过来（6到8位字母和数字）。没有的话请向片区书记要。")
ROLE_HINTS = {
    "party_member": "群众请党员代办时我会通知您，回复“接单 编号”就能接下；回复“我的代办”看派给您的事。",
    "grid_worker": "群众请人代办时我会通知您，回复“接单 编号”就能接下；回复“我的代办”看派给您的事。",
    "volunteer": "有志愿活动时我会通知您。",
    "rep": "群众有需求吹哨时我会通知您，回复“报到”就能接下。",
    "mediator": "有人预约调解时我会通知您。",
    "secretary": "片区的代办没人接时我会通知您安排。",
    "cadre": "",
}


def village_label(village: Village, township: bool = False) -> str:
    area: Area | None = village.area
    if area is None:
        return village.name
    where = f"{area.township} {area.name}" if township and area.township else area.name
    return f"{village.name}（{where}）"


def role_label(role: str, area_name: str | None, group_code: str | None = None) -> str:
    label = ROLE_LABELS.get(role, role)
    if group_code:
        label += f"（{group_code}组）"
    return f"{area_name}的{label}" if area_name else label


def claim_text(claim: Claim) -> str:
    area_name = claim.area.name if claim.area else None
    if claim.ok:
        hint = ROLE_HINTS.get(claim.role or "", "")
        return f"好了！您现在是{role_label(claim.role, area_name, claim.group_code)}。" + (f"\n{hint}" if hint else "")
    return {
        "unknown": "这个邀请码不对。请核对后再发一次（6到8位字母和数字）。",
        "used": "这个邀请码已经用过了，每个码只能用一次。请向片区书记要新的。",
        "expired": "这个邀请码已经过期了，请向片区书记要新的。",
        "already_has_role": f"您已经是{role_label(claim.role or '', area_name, claim.group_code)}了，不用再登记。",
        "too_many_tries": "邀请码输错的次数太多了，请过一个小时再试，或回复“人工”找工作人员。",
    }.get(claim.reason, "邀请码没能用上，请回复“人工”找工作人员。")


def my_info(session: Session, user: User) -> str:
    lines = ["您的信息："]
    lines.append("村子：" + (village_label(user.village, township=True) if user.village else "还没登记（回复“我是XX村的”登记）"))
    lines.append("电话：" + (user.masked_phone if user.phone else "还没留"))
    names = area_names(session, {r.area_id for r in user.roles if r.area_id is not None})
    staff = [role_label(r.role, names.get(r.area_id), r.group_code) for r in user.roles]
    lines.append("身份：" + ("、".join(staff) if staff else "群众"))
    lines.append(push_summary(session, user) + "（回复“我的订阅”看怎么改）")
    lines.append("换村请回复“换村”。" + ("退出某个身份请回复“退出志愿者”这样的话。" if staff else ""))
    return "\n".join(lines)


def leave_prompt(role: str) -> str:
    label = ROLE_LABELS[role]
    return f"确定要退出{label}吗？退出后不再收到{label}的通知。\n1 确定退出\n2 不退了"
