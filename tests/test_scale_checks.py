"""The scale test's theme check (bench/scale/checks.py) against a real monthly push: it passes
when every recipient got one delivery and fails when one is missing or doubled. The scale run
is not part of `make test`, so this keeps its checks in step with the code they judge."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bench.scale.checks import theme_checks
from bot.models import OutboxMessage
from bot.themes import load_themes, monthly_theme_push
from tests.needs_kit import make_needs_county

MONTH = "2026-12"


@pytest.fixture
def theme_rows(app, db):
    make_needs_county(db)
    with db.session() as s:
        load_themes(s)
    with app.app_context(), db.session() as s:
        assert monthly_theme_push(s, datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)) > 0
    with db.session() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.business_key.startswith(f"theme:{MONTH}:"))))


def _push(rows, deliveries: dict[int, int] | None = None) -> dict:
    per_row = {r.id: 1 for r in rows} | (deliveries or {})
    return {"rows": rows, "per_row": per_row, "doubled_in_window": set()}


def test_every_recipient_delivered_once_passes(app, theme_rows):
    checks = theme_checks(app, MONTH, _push(theme_rows), requests=[])
    assert checks and all(c.ok for c in checks), [(c.name, c.detail) for c in checks if not c.ok]


def test_a_missing_row_or_a_double_delivery_fails(app, theme_rows):
    missing = theme_checks(app, MONTH, _push(theme_rows[1:]), requests=[])
    assert not all(c.ok for c in missing)
    doubled = theme_checks(app, MONTH, _push(theme_rows, {theme_rows[0].id: 2}), requests=[])
    assert not all(c.ok for c in doubled)
