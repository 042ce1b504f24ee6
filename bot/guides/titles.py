"""The 18 matters' short titles by CONTRACT guide id, and `matter_title` that prefers the guide data.

The guide rows (bot.models.knowledge.Guide) may be edited by cadres; this table is the fallback
when they are absent (before the knowledge data is loaded, or in a branch without it).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.models import Guide
from knowledge.guide_schema import GUIDE_IDS

GUIDE_TITLES: dict[str, str] = {
    "medical-reimbursement": "医保报销",
    "dibao": "低保办理",
    "disability-subsidy": "残疾补贴",
    "funeral-subsidy": "丧葬补助",
    "medical-insurance-enrollment": "城乡居民医保参保缴费",
    "pension-insurance": "城乡居民养老保险",
    "elderly-allowance": "高龄津贴",
    "disability-certificate": "残疾证办理",
    "temporary-assistance": "临时救助",
    "extreme-poverty-support": "特困人员救助供养（五保）",
    "homestead": "宅基地申请",
    "dilapidated-housing": "农村危房改造",
    "farmland-subsidy": "耕地地力保护补贴",
    "medical-assistance": "医疗救助",
    "newborn-hukou": "新生儿落户",
    "id-card": "身份证办理",
    "social-security-card": "社保卡办理",
    "family-planning-assistance": "计划生育家庭奖励扶助",
}
assert tuple(GUIDE_TITLES) == GUIDE_IDS, "one title per CONTRACT guide id, in its order"


def matter_title(session: Session, guide_id: str | None) -> str | None:
    """The title villagers see for a guide id (the guide row's, else the table's); None if unknown."""
    if not guide_id:
        return None
    guide = session.get(Guide, guide_id)
    if guide is not None and guide.title:
        return guide.title
    return GUIDE_TITLES.get(guide_id)
