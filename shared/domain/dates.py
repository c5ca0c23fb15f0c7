"""Calendar arithmetic the services share: month offsets (a term's probation, an observation period), and the
business day of a moment."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

# The groups are in China: a moment's business day is China Standard Time's (UTC+8, no daylight saving), so an
# entry made at 07:30 on 2 March in Beijing is of 2 March, not of UTC's 1 March.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def business_day(moment: datetime) -> date:
    return moment.astimezone(CHINA_STANDARD_TIME).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month (31 August + 6 months: 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
