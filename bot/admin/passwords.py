"""Cadre passwords: Werkzeug scrypt hashes, the length rule, and a constant-cost check.

Werkzeug's scrypt (n=2^15, r=8, p=1) costs ~0.18 s per hash on the target machine: logins are
throttled (bot/admin/throttle.py) before a hash is ever computed. An unknown user name is checked
against a dummy hash, so a wrong name costs the same time as a wrong password.
"""
from __future__ import annotations

from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"
MIN_LENGTH = 10
MAX_LENGTH = 128  # scrypt over a megabyte of "password" is a cheap denial of service


class PasswordRejected(ValueError):
    """The new password breaks a rule; the message is for the cadre."""


def check_rules(password: str, username: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"密码至少{MIN_LENGTH}位")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"密码最多{MAX_LENGTH}位")
    if username and username.lower() in password.lower():
        raise PasswordRejected("密码里不要包含用户名")
    if len(set(password)) < 4:
        raise PasswordRejected("密码太简单了，请混用字母、数字和符号")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=METHOD)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-just-equal-cost")


def verify(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; an absent account still spends one scrypt."""
    if len(password) > MAX_LENGTH:
        return False
    if not stored_hash:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(stored_hash, password)
