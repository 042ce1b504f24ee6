"""Messages that are not text: voice without recognition, pictures, places, links, videos, files.

Voice with recognised words never reaches this module: the dispatcher treats it as text.
"""
from __future__ import annotations

from bot.dispatch import Context, Router

from . import canteens

router = Router("media")


@router.message("voice")
def voice_not_understood(ctx: Context) -> str:
    """Voice whose words WeChat could not recognise."""
    return "没听清，请再说一遍，或者打字告诉我。"


@router.message("image")
def picture(ctx: Context) -> str:
    """Thank for the picture (its media id stays in the inbound row) and ask what it is about."""
    return ("收到您发的图片，谢谢！\n这张图片是想说什么事？请用一两句话告诉我（打字或说话都行），"
            "比如“路坏了”“想问低保”。")


@router.message("location")
def place(ctx: Context) -> str:
    """Keep the villager's location; show the nearest canteen, unless a form is being filled
    (a form that wants a place takes the location itself, before this handler)."""
    user = ctx.user
    user.latitude, user.longitude = ctx.incoming.latitude, ctx.incoming.longitude
    user.location_at = ctx.now
    # The canteen chat asked for this location; or nothing is going on, and a bare place is
    # most often sent to find food nearby (the only service listed by distance).
    if ctx.dialog.in_flow(canteens.FLOW) or not ctx.dialog.in_form():
        return canteens.nearest_from_location(ctx)
    where = f"（{ctx.incoming.label}）" if ctx.incoming.label else ""
    return (f"收到您的位置{where}，已经记下了，用来帮您找最近的暖心食堂和办事地点。\n"
            "想找食堂请回复“食堂”，想办事请直接说要办什么。")


@router.message("link")
def link(ctx: Context) -> str:
    """A shared article or page: we cannot read it for them, so ask what they need."""
    title = f"《{ctx.incoming.label[:40]}》" if ctx.incoming.label else ""
    return (f"收到您分享的链接{title}。\n我看不了链接里的内容。您想问什么、办什么，"
            "请直接打字或说话告诉我。回复“菜单”看能办什么。")


@router.message("video")
def video(ctx: Context) -> str:
    """A video or short video."""
    return ("收到您发的视频，谢谢！\n我看不了视频。请用一两句话告诉我是什么事，"
            "需要反映情况的话我帮您转给工作人员。")


@router.message("file")
def file(ctx: Context) -> str:
    """A file."""
    return ("收到您发的文件，谢谢！\n我打不开文件。请用一两句话告诉我是什么事，"
            "要交材料的话，回复“人工”找工作人员。")
