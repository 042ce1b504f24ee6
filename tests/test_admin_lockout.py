"""Issue 12, finding 5: nobody can lock a cadre out by failing logins under their name.

Five wrong passwords for a name from any address made even the right password answer 429 for
15 minutes. Failures now count per (name, address); the name alone is slowed down (one attempt
per growing interval from addresses that failed), never blocked for an address that has not failed.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot import clock
from tests.kit.admin import PASSWORD, csrf_token

START = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


pytestmark = pytest.mark.county(accounts=[("laowang", "county")])


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client, password: str = PASSWORD) -> int:
    token = csrf_token(client)
    return client.post("/admin/login", data={"csrf_token": token, "username": "laowang",
                                             "password": password}).status_code


def test_an_attacker_cannot_lock_the_cadre_out_from_a_clean_address(app, county):
    limit = app.config["ADMIN_LOGIN_MAX_FAILURES"]
    with clock.frozen(START) as moved:
        attacker = _from(app, "203.0.113.9")
        for n in range(limit + 1):
            _login(attacker, f"wrong-{n}-password")
            moved.advance(seconds=1)
        assert _login(attacker) == 429  # the attacking address stays blocked, right password or not
        assert _login(_from(app, "198.51.100.7")) == 302  # the cadre, from the office


def test_guesses_from_many_addresses_are_slowed_down_per_name_not_blocked(app, county):
    limit = app.config["ADMIN_LOGIN_MAX_FAILURES"]
    with clock.frozen(START) as moved:
        for n in range(limit + 2):  # a botnet: one guess per address
            assert _login(_from(app, f"203.0.113.{n + 10}"), f"wrong-{n}-password") == 401
        again = _from(app, "203.0.113.10")  # an address that failed once: slowed down
        assert _login(again, "wrong-again-password") == 429
        moved.advance(minutes=2)
        assert _login(again, "wrong-again-password") == 401  # its turn came: one attempt
        assert _login(again, "wrong-once-more") == 429
        assert _login(_from(app, "198.51.100.7")) == 302  # a clean address is never slowed down
