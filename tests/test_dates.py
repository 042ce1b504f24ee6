"""Days in villagers' words, around month and year ends, in Asia/Shanghai (no database)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.nlu.dates import parse_day

SH = ZoneInfo("Asia/Shanghai")
WED_DEC_30 = datetime(2026, 12, 30, 10, 0, tzinfo=SH)  # a Wednesday
# 2026-12-31 23:30 in Shanghai, given in UTC: still Thursday the 31st locally.
NYE_LATE = datetime(2026, 12, 31, 15, 30, tzinfo=timezone.utc)
# 2027-01-01 00:30 in Shanghai while it is still 2026-12-31 in UTC.
NEW_YEAR_UTC = datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc)
SAT_FEB_27 = datetime(2027, 2, 27, 9, 0, tzinfo=SH)  # a Saturday; February 2027 has 28 days

TABLE = [
    # now, words, day, part
    (WED_DEC_30, "明天", date(2026, 12, 31), None),
    (WED_DEC_30, "后天上午", date(2027, 1, 1), "morning"),
    (WED_DEC_30, "大后天", date(2027, 1, 2), None),
    (WED_DEC_30, "下周三", date(2027, 1, 6), None),
    (WED_DEC_30, "这周六", date(2027, 1, 2), None),
    (WED_DEC_30, "礼拜五", date(2027, 1, 1), None),
    (WED_DEC_30, "星期天下午", date(2027, 1, 3), "afternoon"),
    (WED_DEC_30, "12月5号", date(2027, 12, 5), None),
    (WED_DEC_30, "十二月五日", date(2027, 12, 5), None),
    (WED_DEC_30, "5号", date(2027, 1, 5), None),
    (WED_DEC_30, "下个月3号", date(2027, 1, 3), None),
    (WED_DEC_30, "月底", date(2026, 12, 31), None),
    (WED_DEC_30, "下个礼拜一上午", date(2027, 1, 4), "morning"),
    (WED_DEC_30, "周三", date(2026, 12, 30), None),
    (WED_DEC_30, "1月2号下午", date(2027, 1, 2), "afternoon"),
    (WED_DEC_30, "明儿晚上", date(2026, 12, 31), "evening"),
    (WED_DEC_30, "下下周二", date(2027, 1, 12), None),
    (WED_DEC_30, "三天后", date(2027, 1, 2), None),
    (WED_DEC_30, "下个月底", date(2027, 1, 31), None),
    (WED_DEC_30, "30号", date(2026, 12, 30), None),
    (WED_DEC_30, "29号", date(2027, 1, 29), None),
    (WED_DEC_30, "俺想下星期四去", date(2027, 1, 7), None),
    (WED_DEC_30, "这个月31号", date(2026, 12, 31), None),
    (NYE_LATE, "今天", date(2026, 12, 31), None),
    (NYE_LATE, "明天上午", date(2027, 1, 1), "morning"),
    (NYE_LATE, "后天", date(2027, 1, 2), None),
    (NYE_LATE, "下周三", date(2027, 1, 6), None),
    (NYE_LATE, "这周日", date(2027, 1, 3), None),
    (NYE_LATE, "礼拜四", date(2026, 12, 31), None),
    (NYE_LATE, "星期一", date(2027, 1, 4), None),
    (NYE_LATE, "1号", date(2027, 1, 1), None),
    (NYE_LATE, "月底", date(2026, 12, 31), None),
    (NYE_LATE, "下个月3号", date(2027, 1, 3), None),
    (NYE_LATE, "十二月五日", date(2027, 12, 5), None),
    (NYE_LATE, "下月31号", date(2027, 1, 31), None),
    (NEW_YEAR_UTC, "今天", date(2027, 1, 1), None),
    (NEW_YEAR_UTC, "明天下午", date(2027, 1, 2), "afternoon"),
    (NEW_YEAR_UTC, "月底", date(2027, 1, 31), None),
    (SAT_FEB_27, "明天", date(2027, 2, 28), None),
    (SAT_FEB_27, "后天", date(2027, 3, 1), None),
    (SAT_FEB_27, "大后天下午", date(2027, 3, 2), "afternoon"),
    (SAT_FEB_27, "月底", date(2027, 2, 28), None),
    (SAT_FEB_27, "下个月3号", date(2027, 3, 3), None),
    (SAT_FEB_27, "30号", date(2027, 3, 30), None),
    (SAT_FEB_27, "28号", date(2027, 2, 28), None),
    (SAT_FEB_27, "下周三", date(2027, 3, 3), None),
    (SAT_FEB_27, "这周六", date(2027, 2, 27), None),
    (SAT_FEB_27, "这周日", date(2027, 2, 28), None),
    (SAT_FEB_27, "周五", date(2027, 3, 5), None),
    (SAT_FEB_27, "礼拜六下午", date(2027, 2, 27), "afternoon"),
    (SAT_FEB_27, "二月二十八号", date(2027, 2, 28), None),
    (SAT_FEB_27, "3月1日上午", date(2027, 3, 1), "morning"),
    (SAT_FEB_27, "下个月底", date(2027, 3, 31), None),
    (SAT_FEB_27, "禮拜五", date(2027, 3, 5), None),
    (SAT_FEB_27, "下周末", date(2027, 3, 6), None),
    (SAT_FEB_27, "周末", date(2027, 2, 27), None),
    (SAT_FEB_27, "１２月５号", date(2027, 12, 5), None),
    (SAT_FEB_27, "两个礼拜以后", date(2027, 3, 13), None),
    (SAT_FEB_27, "下周 二", date(2027, 3, 2), None),
]


@pytest.mark.parametrize("now, words, day, part", TABLE, ids=[f"{n:%m%d%H%M%z}-{w}" for n, w, _, _ in TABLE])
def test_day_in_villagers_words(now, words, day, part):
    found = parse_day(words, now)
    assert found is not None, words
    assert (found.day, found.part) == (day, part)


@pytest.mark.parametrize("now, words, day, hour, minute", [
    (SAT_FEB_27, "后天下午两点半", date(2027, 3, 1), 14, 30),
    (SAT_FEB_27, "下周三上午10点", date(2027, 3, 3), 10, 0),
    (NYE_LATE, "明早九点", date(2027, 1, 1), 9, 0),
    (WED_DEC_30, "明天3点", date(2026, 12, 31), 15, 0),
    (WED_DEC_30, "明天晚上7点", date(2026, 12, 31), 19, 0),
    (WED_DEC_30, "1月4号 9:30", date(2027, 1, 4), 9, 30),
    (SAT_FEB_27, "明年2月29号上午", date(2028, 2, 29), None, None),
    (WED_DEC_30, "明天早一点", date(2026, 12, 31), None, None),
])
def test_clock_time_with_the_day(now, words, day, hour, minute):
    found = parse_day(words, now)
    assert (found.day, found.hour, found.minute) == (day, hour, minute)


@pytest.mark.parametrize("words", ["跟邻居吵架了", "下午", "随便", "初五", "腊月二十", "2月30号", "今年2月29号",
                                   "13812345678", ""])
def test_words_that_name_no_day(words):
    assert parse_day(words, SAT_FEB_27) is None


def test_table_has_at_least_forty_phrasings():
    assert len(TABLE) >= 40
