"""Passing a villager to a person: the area's phone, and a message forwarded to its staff."""
from __future__ import annotations

from sqlalchemy import select

from bot.dispatch import Context, Router
from bot.models import Area, User, UserRole
from bot.outbox import enqueue

router = Router("human")

# Roles that receive forwarded messages, in order of preference.
STAFF_ROLES = ("secretary", "cadre")


def _area(ctx: Context) -> Area | None:
    village = ctx.user.village
    return village.area if village else None


def _staff_openids(ctx: Context, area: Area | None) -> list[str]:
    for role in STAFF_ROLES:
        query = select(User.openid).join(UserRole).where(UserRole.role == role)
        if area is not None:
            query = query.where(UserRole.area_id == area.id)
        openids = list(ctx.session.scalars(query.order_by(User.id)).unique())
        if openids:
            return openids
    return []


@router.intent("human")
def ask_for_person(ctx: Context) -> str:
    """Offer the area's phone and to forward a message to its staff."""
    area = _area(ctx)
    ctx.dialog.start("human", "message")
    lines = []
    if area is not None and area.phone:
        lines.append(f"{area.name}的电话：{area.phone}")
    lines.append("您也可以直接把要说的事发给我（打字或说话都行），我转给片区工作人员，他们会回复您。")
    lines.append("不用了请回复“取消”。")
    return "\n".join(lines)


@router.flow("human", step="message")
def forward_message(ctx: Context) -> str:
    """Forward the villager's words to the area's staff."""
    ctx.dialog.finish()
    return forward_text(ctx, ctx.text)


def forward_text(ctx: Context, words: str) -> str:
    """Send `words` to the staff of the villager's area (or the county's cadres)."""
    area = _area(ctx)
    staff = _staff_openids(ctx, area)
    if not staff:
        return "现在没有找到值班的工作人员。请先回复“我是XX村的”登记村子，或稍后再试。"
    who = ctx.user.name or "一位群众"
    where = ctx.user.village.name if ctx.user.village else "未登记村子"
    text = f"【群众留言】{who}（{where}）：{words[:300]}\n请尽快联系回复。"
    for openid in staff:
        enqueue(ctx.session, f"human:{ctx.incoming.openid}:{ctx.incoming.msg_id or ctx.now.isoformat()}:{openid}",
                openid, "human", text, {"事项": f"{who}（{where}）留言", "状态": "待回复"})
    return "好的，已经转给片区工作人员了，他们会尽快联系您。"
