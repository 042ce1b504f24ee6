"""Why a push died, in plain words, and what to do about it: the one table of WeChat error codes.

    explain("errcode 43004: require subscribe rid: …")
    → Reason(code=43004, words="对方已经取消关注公众号", action="重发没有用：等他重新关注，或打电话告诉他。",
             resend=False, for_it=False)

The outbox keeps WeChat's text as it came (`last_error`); pages show `explain(...)` instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: int | None
    words: str  # what happened
    action: str  # what the cadre should do
    resend: bool  # does sending again have a chance?
    for_it: bool = False  # a matter for the IT staff, not the cadre

    @property
    def who(self) -> str:
        return "请信息技术人员处理" if self.for_it else "工作人员可处理"


# errcode → (what happened, what to do, resend helps, for IT)
CODES: dict[int, tuple[str, str, bool, bool]] = {
    43004: ("对方已经取消关注公众号", "重发没有用：等他重新关注，或直接打电话告诉他。", False, False),
    43101: ("对方拒收这类消息", "重发没有用：请打电话告诉他。", False, False),
    45015: ("对方超过48小时没和公众号说话，客服消息发不出", "等他下次发消息后再重发，或打电话告诉他。", True, False),
    45047: ("对方48小时内没回话，发给他的消息已到微信的条数上限", "等他下次发消息后再重发，或打电话告诉他。", True, False),
    40003: ("收件人不是本公众号的用户（账号不对）", "重发没有用：请核对这个人的登记。", False, False),
    40164: ("服务器的IP地址不在公众号的白名单里", "请信息技术人员在微信公众平台把服务器IP加进白名单，加好后重发。", True, True),
    40001: ("公众号的密钥不对或已过期", "请信息技术人员检查公众号的 AppSecret，改好后重发。", True, True),
    42001: ("公众号的访问凭证过期了", "一般会自动恢复；过一会儿重发。", True, True),
    40037: ("模板消息没有配置好（模板编号不对）", "请信息技术人员检查模板消息的设置，改好后重发。", True, True),
    47003: ("模板消息的内容不合微信的要求", "请信息技术人员检查模板字段，改好后重发。", True, True),
    48001: ("公众号没有这个功能的权限", "请信息技术人员确认公众号是认证服务号。", False, True),
    45009: ("微信今天的发送额度用完了", "不用管：明天0点以后会自动发出。", True, False),
    -1: ("微信系统繁忙", "过一会儿重发。", True, False),
}
# Reasons written by the outbox itself, not by WeChat.
PHRASES: list[tuple[str, int | None, tuple[str, str, bool, bool]]] = [
    ("unsubscribed", 43004, CODES[43004]),
    ("outside 48h window", 45015, ("对方超过48小时没和公众号说话，这类推送又没有配置模板消息",
                                   "等他下次发消息后再重发，或打电话告诉他；信息技术人员可配置模板消息。", True, False)),
    ("timeout", None, ("网络不通，没连上微信", "过一会儿重发。", True, False)),
    ("connection", None, ("网络不通，没连上微信", "过一会儿重发。", True, False)),
]
_CODE = re.compile(r"(?:errcode\s*)?(?<![\d.])(-1|4\d{4})(?!\d)")


def explain(last_error: str | None) -> Reason:
    """The reason of a dead push in words; unknown codes still say the code is WeChat's."""
    text = last_error or ""
    match = _CODE.search(text)
    if match:
        code = int(match.group(1))
        if code in CODES:
            return Reason(code, *CODES[code])
    lowered = text.lower()
    for phrase, code, entry in PHRASES:
        if phrase in lowered:
            return Reason(code, *entry)
    if match:
        return Reason(int(match.group(1)), f"微信拒收（错误码 {match.group(1)}）",
                      "请信息技术人员查看原因。", True, True)
    return Reason(None, "没有发出去（原因不明）", "可以重发一次；还不行请信息技术人员查看。", True, True)
