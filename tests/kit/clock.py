"""The time every test runs at unless it sets its own (see the `frozen_clock` fixture)."""
from __future__ import annotations

from datetime import datetime, timezone

# A Monday, 09:00 in Beijing: a working day and hour, away from a month's or year's end.
FROZEN_AT = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)
