"""The webhook's Token and EncodingAESKey, and during a rotation the previous ones too.

WeChat switches to a new Token or EncodingAESKey the moment the console is saved, while
messages already on their way (and their redeliveries, up to ~15 s later) were signed and
encrypted with the old ones. So while WECHAT_TOKEN_PREVIOUS / WECHAT_ENCODING_AES_KEY_PREVIOUS
are set, a request is verified with whichever token signed it and opened with whichever key
decrypts it, and the reply is sealed with that same token and key: WeChat opens a reply with
the key it used for the request. Current values are always tried first.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping

from .crypto import CryptoError, MessageCrypto
from .signature import check_msg_signature, check_signature

log = logging.getLogger(__name__)


def _distinct(*values: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return tuple(out)


class Keyring:
    """Verify and open webhook requests with the current credentials, or the previous ones."""

    def __init__(self, tokens: tuple[str, ...], aes_keys: tuple[str, ...], app_id: str):
        if not tokens:
            raise ValueError("WECHAT_TOKEN is empty")
        self.tokens = tokens
        self.aes_keys = aes_keys
        # One sealed pair per (token, key): at most four, all checked for a valid key now.
        self._cryptos = {(token, key): MessageCrypto(token, key, app_id) for token in tokens for key in aes_keys}

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "Keyring":
        current_key = config.get("WECHAT_ENCODING_AES_KEY")
        previous_key = config.get("WECHAT_ENCODING_AES_KEY_PREVIOUS")
        if previous_key and not current_key:
            raise ValueError("WECHAT_ENCODING_AES_KEY_PREVIOUS is set without WECHAT_ENCODING_AES_KEY")
        keyring = cls(_distinct(config["WECHAT_TOKEN"], config.get("WECHAT_TOKEN_PREVIOUS")),
                      _distinct(current_key, previous_key), config["WECHAT_APP_ID"])
        if keyring.rotating:
            log.warning("WeChat key rotation in progress: the previous Token/EncodingAESKey is still "
                        "accepted; unset WECHAT_TOKEN_PREVIOUS and WECHAT_ENCODING_AES_KEY_PREVIOUS "
                        "once the console is saved and no request uses them any more")
        return keyring

    @property
    def safe_mode(self) -> bool:
        """An EncodingAESKey is configured: safe and compatible mode are accepted."""
        return bool(self.aes_keys)

    @property
    def rotating(self) -> bool:
        return len(self.tokens) > 1 or len(self.aes_keys) > 1

    def _used(self, token: str) -> str:
        if token != self.tokens[0]:
            log.info("webhook: request signed with the previous Token (rotation in progress)")
        return token

    def token_for_signature(self, signature: str | None, timestamp: str, nonce: str) -> str | None:
        """The token that produced the query `signature`, or None."""
        for token in self.tokens:
            if check_signature(token, signature, timestamp, nonce):
                return self._used(token)
        return None

    def token_for_msg_signature(self, msg_signature: str | None, timestamp: str, nonce: str,
                                encrypt: str) -> str | None:
        """The token that produced the safe-mode `msg_signature` over `encrypt`, or None."""
        for token in self.tokens:
            if check_msg_signature(token, msg_signature, timestamp, nonce, encrypt):
                return self._used(token)
        return None

    def open(self, token: str, encrypt: str) -> tuple[str, MessageCrypto]:
        """The inner XML, and the crypto (this token, the key that opened it) to seal the reply.

        Raises the current key's CryptoError / AppIdMismatch when no key opens it.
        """
        first_error: CryptoError | None = None
        for key in self.aes_keys:
            crypto = self._cryptos[(token, key)]
            try:
                xml = crypto.decrypt(encrypt)
            except CryptoError as exc:
                first_error = first_error or exc
                continue
            if key != self.aes_keys[0]:
                log.info("webhook: request encrypted with the previous EncodingAESKey (rotation in progress)")
            return xml, crypto
        if first_error is None:
            raise CryptoError("no EncodingAESKey configured")
        raise first_error
