"""Guides (明白纸): the 18 matters of CONTRACT.md as villagers read them, from the Guide rows.

    from bot import guides
    guides.get_guide(session, "dibao") / list_guides(session)   # lookups.py: cached, notices edits
    guides.matter_title(session, guide_id)                       # titles.py: short titles of the matters
    guides.GUIDE_IDS                                              # CONTRACT.md's ids (knowledge/guide_schema.py)

The files are read and checked by knowledge/ (guide_schema.py) and loaded by `flask kb load`;
cadres edit a guide on the admin page.
"""
from knowledge.guide_schema import GUIDE_IDS

from .lookups import GuideCache, GuideView, get_guide, list_guides
from .titles import GUIDE_TITLES, matter_title

__all__ = ["GUIDE_IDS", "GuideCache", "GuideView", "get_guide", "list_guides", "GUIDE_TITLES", "matter_title"]
