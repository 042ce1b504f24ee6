"""Safe/compatible mode message crypto (AES-256-CBC as WeChat publishes it).

key = base64(EncodingAESKey + "="), IV = key[:16], PKCS#7 to 32-byte blocks, plaintext =
16 random bytes + 4-byte big-endian length + xml + AppID. The AES part is wechatpy's
`PrpCrypto`; this module adds what wechatpy leaves to the caller: every failure becomes one
of two exceptions, and the AppID is always checked. Verify `msg_signature` (see
signature.py) before calling `decrypt`.
"""
from __future__ import annotations

import base64
import re
import secrets

from wechatpy.crypto import PrpCrypto
from wechatpy.exceptions import InvalidAppIdException

from .. import clock
from .signature import make_signature

# WeChat's ciphertext is plain base64; anything else is refused before the cipher sees it.
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


class CryptoError(Exception):
    """The ciphertext cannot be decrypted into a message (tampered or not from WeChat)."""


class AppIdMismatch(CryptoError):
    """The message decrypts but was encrypted for another official account."""


class MessageCrypto:
    """Decrypt inbound `<Encrypt>` values and build encrypted reply envelopes for one account."""

    def __init__(self, token: str, encoding_aes_key: str, app_id: str):
        if len(encoding_aes_key) != 43:
            raise ValueError("WECHAT_ENCODING_AES_KEY must be 43 characters")
        self.key = base64.b64decode(encoding_aes_key + "=")
        if len(self.key) != 32:
            raise ValueError("WECHAT_ENCODING_AES_KEY does not decode to 32 bytes")
        self.token = token
        self.app_id = app_id

    def decrypt(self, encrypt: str) -> str:
        """The inner XML of an `<Encrypt>` value; CryptoError / AppIdMismatch otherwise."""
        if not _BASE64.match(encrypt) or len(encrypt) % 4:
            raise CryptoError("not base64")
        try:
            return PrpCrypto(self.key).decrypt(encrypt, self.app_id)
        except InvalidAppIdException as exc:
            raise AppIdMismatch("message encrypted for another AppID") from exc
        except Exception as exc:  # garbage raises whatever it triggers (struct.error, ...)
            raise CryptoError(f"cannot decrypt: {type(exc).__name__}") from exc

    def encrypt(self, xml: str) -> str:
        """Base64 ciphertext of `xml` for this account (fresh random prefix each time)."""
        return PrpCrypto(self.key).encrypt(xml, self.app_id).decode("ascii")

    def envelope(self, xml: str, nonce: str | None = None, timestamp: str | None = None) -> str:
        """The encrypted passive-reply XML: Encrypt, MsgSignature, TimeStamp, Nonce."""
        timestamp = timestamp or str(int(clock.timestamp()))
        nonce = nonce or str(secrets.randbelow(10**10))
        encrypt = self.encrypt(xml)
        signature = make_signature(self.token, timestamp, nonce, encrypt)
        return (f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt>"
                f"<MsgSignature><![CDATA[{signature}]]></MsgSignature>"
                f"<TimeStamp>{timestamp}</TimeStamp>"
                f"<Nonce><![CDATA[{nonce}]]></Nonce></xml>")
