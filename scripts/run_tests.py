"""`make test`: ruff and mypy, then pytest on SQLite, then on PostgreSQL when it answers, with Redis when it answers.

PostgreSQL gets a database of its own (PG_TEST_DB, default pq_test), dropped and created afresh.
Every run happens even when an earlier one failed; the exit code is non-zero if any failed.
pytest's "no tests collected" (exit 5) is reported, not counted as a failure.
Environment: PYTEST_ARGS (extra pytest options), PG_TEST_DB, PG_HOST/PG_PORT/PG_USER,
TEST_REDIS_URL (default redis://127.0.0.1:6379/15).
"""
from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NO_TESTS_COLLECTED = 5


@dataclass
class Leg:
    name: str
    env: dict[str, str]
    code: int | None = None
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return self.code in (0, NO_TESTS_COLLECTED)


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def reset_postgres_database(host: str, port: int, user: str, name: str) -> None:
    """Drop and create `name`, so each run starts from an empty database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True,
                         connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_leg(leg: Leg, pytest_args: list[str]) -> None:
    junit = ARTIFACTS / f"junit-{leg.name}.xml"
    junit.unlink(missing_ok=True)
    print(f"\n=== pytest on {leg.name} ===", flush=True)
    leg.code = subprocess.call([sys.executable, "-m", "pytest", "-q", f"--junitxml={junit}", *pytest_args],
                               cwd=ROOT, env=leg.env)
    if junit.exists():
        for suite in ET.parse(junit).getroot().iter("testsuite"):
            total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            leg.passed += total - failed - skipped
            leg.failed += failed
            leg.skipped += skipped
    if not leg.ok and leg.failed == 0:
        leg.failed = 1  # pytest stopped before reporting (usage error, crash): still a failure


def lint() -> list[str]:
    """ruff and mypy (settings in pyproject.toml); the names of those that found something."""
    failed = []
    for name, command in (("ruff", ["ruff", "check", "."]), ("mypy", ["mypy"])):
        print(f"\n=== {name} ===", flush=True)
        if subprocess.call([sys.executable, "-m", *command], cwd=ROOT) != 0:
            failed.append(name)
    return failed


def verdict(leg: Leg) -> str:
    if leg.code == NO_TESTS_COLLECTED:
        return "no tests collected"
    return "passed" if leg.ok else f"FAILED (pytest exit {leg.code})"


def main() -> int:
    ARTIFACTS.mkdir(exist_ok=True)
    pytest_args = shlex.split(os.environ.get("PYTEST_ARGS", ""))
    base = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "DATABASE_URL", "REDIS_URL")}
    notes = []
    if port_answers(6379):
        base["TEST_REDIS_URL"] = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
        notes.append(f"Redis: {base['TEST_REDIS_URL']}")
    else:
        base.pop("TEST_REDIS_URL", None)
        notes.append("Redis: not reachable on 127.0.0.1:6379, its tests skip")

    legs = [Leg("sqlite", dict(base))]
    host, port = os.environ.get("PG_HOST", "127.0.0.1"), int(os.environ.get("PG_PORT", "5432"))
    user, name = os.environ.get("PG_USER", "postgres"), os.environ.get("PG_TEST_DB", "pq_test")
    postgres_failed_to_reset = None
    if port_answers(port, host):
        try:
            reset_postgres_database(host, port, user, name)
            legs.append(Leg("postgresql", {**base, "TEST_DATABASE_URL":
                                           f"postgresql+psycopg://{user}@{host}:{port}/{name}"}))
        except Exception as exc:  # noqa: BLE001 - reported below and counted as a failure
            postgres_failed_to_reset = f"PostgreSQL: could not reset database {name}: {exc}"
    else:
        notes.append(f"PostgreSQL: not reachable on {host}:{port}, only SQLite ran")

    lint_failed = lint()
    for leg in legs:
        run_leg(leg, pytest_args)

    print("\n=== make test ===")
    print(f"lint: {'FAILED: ' + ', '.join(lint_failed) if lint_failed else 'passed'} (ruff, mypy)")
    for leg in legs:
        print(f"{leg.name}: {verdict(leg)}")
    for note in notes:
        print(note)
    failed = sum(leg.failed for leg in legs) + len(lint_failed)
    if postgres_failed_to_reset:
        print(postgres_failed_to_reset)
        failed += 1
    print(f"total: {sum(leg.passed for leg in legs)} passed, {failed} failed, "
          f"{sum(leg.skipped for leg in legs)} skipped")
    return 0 if failed == 0 and all(leg.ok for leg in legs) else 1


if __name__ == "__main__":
    sys.exit(main())
