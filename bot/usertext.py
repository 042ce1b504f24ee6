"""User text placed in a push to someone else: no markup, no clickable link (issue 12, finding 2).

WeChat renders `<a href="…">` in a customer-service text as a link, and makes bare URLs
clickable: a villager's words passed on verbatim would let anyone make the official account
send staff a link (phishing from a trusted sender). `neutral(text)` keeps the words and says
where a link was:

    neutral('<a href="http://x.cn/p">点这里看现场照片</a>')  → '点这里看现场照片（含链接，已隐去）'
"""
from __future__ import annotations

import html
import re

LINK_NOTE = "（含链接，已隐去）"

# <a …>words</a>: keep the words, drop the address.
_ANCHOR = re.compile(r"<\s*a\b[^>]*>(.*?)<\s*/\s*a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
# Anything a client may turn into a link: a scheme, "www.", or a dotted host with a path or port.
_URL = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.\-]{1,15}://|www\.)[^\s<>\"'（）《》，。、]*"
    r"|(?<![A-Za-z0-9@.])(?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,10}(?::\d{1,5})?/[^\s<>\"'（）《》，。、]*",
    re.IGNORECASE)


def _unescape(text: str) -> str:
    """Entities decoded (twice over, for `&amp;lt;`), so encoded markup cannot slip through."""
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def neutral(text: str | None) -> str:
    """`text` with links replaced by LINK_NOTE and any markup made plain (＜ ＞ instead of < >)."""
    if not text:
        return ""
    text = _unescape(text)
    text = _ANCHOR.sub(lambda m: m.group(1) + LINK_NOTE, text)
    text = _TAG.sub("", text)
    text = _URL.sub(LINK_NOTE, text)
    text = re.sub(f"{re.escape(LINK_NOTE)}(?:\\s*{re.escape(LINK_NOTE)})+", LINK_NOTE, text)
    return text.replace("<", "＜").replace(">", "＞").replace("&", "＆")
