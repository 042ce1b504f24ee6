"""Safe-mode crypto: Tencent's official sample vector, and the app against an independent kit."""
import pytest

from bot.wechat.crypto import AppIdMismatch, CryptoError, MessageCrypto
from bot.wechat.signature import check_msg_signature, check_signature, make_signature
from tests.kit.wechat import AES_KEY, APP_ID, TOKEN, kit_decrypt, kit_encrypt, sign

# Tencent's sample (WXBizMsgCrypt), as reproduced in many SDKs' tests.
SAMPLE_TOKEN = "spamtest"
SAMPLE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SAMPLE_APP_ID = "wx2c2769f8efd9abc2"
SAMPLE_TIMESTAMP = "1409735669"
SAMPLE_NONCE = "1320562132"
SAMPLE_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
SAMPLE_ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6"
    "F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332"
    "jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgav"
    "jIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6Oewpus"
    "jZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
)
# The sample's outer message (compatible mode: plaintext fields and the cipher together).
SAMPLE_FROM_XML = (
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>"
    "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>"
    "<CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType>"
    "<Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId>"
    f"<Encrypt><![CDATA[{SAMPLE_ENCRYPT}]]></Encrypt></xml>"
)


def test_kit_reproduces_the_official_sample():
    assert sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ENCRYPT) == SAMPLE_MSG_SIGNATURE
    xml, app_id, prefix = kit_decrypt(SAMPLE_KEY, SAMPLE_ENCRYPT)
    assert app_id == SAMPLE_APP_ID
    assert "<Content><![CDATA[abcdteT]]></Content>" in xml
    assert "oyORnuP8q7ou2gfYjqLzSIWZf0rs" in xml
    # Same random prefix → the very same ciphertext: the kit's encryption is WeChat's.
    assert kit_encrypt(SAMPLE_KEY, SAMPLE_APP_ID, xml, random16=prefix) == SAMPLE_ENCRYPT


def test_app_verifies_and_decrypts_the_official_sample():
    assert make_signature(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ENCRYPT) == SAMPLE_MSG_SIGNATURE
    assert check_msg_signature(SAMPLE_TOKEN, SAMPLE_MSG_SIGNATURE, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ENCRYPT)
    assert not check_msg_signature(SAMPLE_TOKEN, SAMPLE_MSG_SIGNATURE, SAMPLE_TIMESTAMP, "1320562133",
                                   SAMPLE_ENCRYPT)
    xml = MessageCrypto(SAMPLE_TOKEN, SAMPLE_KEY, SAMPLE_APP_ID).decrypt(SAMPLE_ENCRYPT)
    assert xml == kit_decrypt(SAMPLE_KEY, SAMPLE_ENCRYPT)[0]
    with pytest.raises(AppIdMismatch):
        MessageCrypto(SAMPLE_TOKEN, SAMPLE_KEY, "wx0000000000000000").decrypt(SAMPLE_ENCRYPT)


def test_app_and_kit_understand_each_other_both_ways():
    crypto = MessageCrypto(TOKEN, AES_KEY, APP_ID)
    xml = "<xml><Content><![CDATA[低保怎么办？" + "长" * 300 + "]]></Content></xml>"
    assert crypto.decrypt(kit_encrypt(AES_KEY, APP_ID, xml)) == xml
    decrypted, app_id, _ = kit_decrypt(AES_KEY, crypto.encrypt(xml))
    assert (decrypted, app_id) == (xml, APP_ID)


def test_envelope_is_signed_over_its_own_cipher():
    crypto = MessageCrypto(TOKEN, AES_KEY, APP_ID)
    envelope = crypto.envelope("<xml><Content>hi</Content></xml>", nonce="12345", timestamp="1700000000")
    import xmltodict

    fields = xmltodict.parse(envelope)["xml"]
    assert fields["MsgSignature"] == sign(TOKEN, "1700000000", "12345", fields["Encrypt"])
    assert kit_decrypt(AES_KEY, fields["Encrypt"])[0] == "<xml><Content>hi</Content></xml>"


@pytest.mark.parametrize("garbage", [
    "", "not base64!", "QUJD", "A" * 64,  # empty, wrong alphabet, too short, not a whole block
    SAMPLE_ENCRYPT[:-8] + "AAAAAAA=",  # last block tampered
])
def test_garbage_cipher_is_a_crypto_error(garbage):
    with pytest.raises(CryptoError):
        MessageCrypto(SAMPLE_TOKEN, SAMPLE_KEY, SAMPLE_APP_ID).decrypt(garbage)


def test_plain_signature_uses_constant_time_compare_and_rejects_near_misses():
    good = sign(TOKEN, "1700000000", "42")
    assert check_signature(TOKEN, good, "1700000000", "42")
    assert check_signature(TOKEN, good.upper(), "1700000000", "42")
    assert not check_signature(TOKEN, good[:-1] + ("0" if good[-1] != "0" else "1"), "1700000000", "42")
    assert not check_signature(TOKEN, None, "1700000000", "42")
    assert not check_signature(TOKEN, "签名" * 20, "1700000000", "42")
