"""WeChat request signatures: sha1 of the sorted parts, compared in constant time.

Plaintext and compatible mode sign (token, timestamp, nonce) as `signature`; safe mode adds
the `<Encrypt>` value and sends it as `msg_signature`. The two are easy to mix up: callers
name which one they check.
"""
from __future__ import annotations

import hashlib
import hmac


def make_signature(*parts: str) -> str:
    """sha1 hex of the parts sorted as strings and joined (WeChat's scheme)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _matches(expected: str, given: str | None) -> bool:
    if not given or len(given) != 40:
        return False
    return hmac.compare_digest(expected.encode("ascii"), given.lower().encode("ascii", "replace"))


def check_signature(token: str, signature: str | None, timestamp: str, nonce: str) -> bool:
    """The query `signature` of every request (GET verification and plaintext POSTs)."""
    return _matches(make_signature(token, timestamp, nonce), signature)


def check_msg_signature(token: str, msg_signature: str | None, timestamp: str, nonce: str,
                        encrypt: str) -> bool:
    """The query `msg_signature` of a safe-mode POST, covering the `<Encrypt>` value."""
    return _matches(make_signature(token, timestamp, nonce, encrypt), msg_signature)
