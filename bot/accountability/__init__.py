"""Accountability figures (村情发布会): each month's 响应率、解决率、满意率 of needs, errands and
mediations, per area, township, county and representative group, with their definitions.

    from bot import accountability
    areas, townships, whole, groups = accountability.monthly(session, month, tz, areas)   # lookups.py
    accountability.texts.DEFINITIONS                                                     # texts.py
"""
from . import texts
from .lookups import KIND_LABELS, KINDS, MEASURE_LABELS, MEASURES, Figures, Rate, month_bounds, monthly

__all__ = ["texts", "KIND_LABELS", "KINDS", "MEASURE_LABELS", "MEASURES", "Figures", "Rate", "month_bounds",
           "monthly"]
