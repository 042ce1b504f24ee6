"""bench/chat_actions.py: its session is long (200+ turns), played by several roles, and every
step is one the converse runner accepts (the bench itself runs for a minute: not in the suite)."""
from __future__ import annotations

import io
import json
from collections import Counter

from bench.chat_actions import session
from bot.converse.cli import read_conversations


def test_the_session_is_long_and_varied():
    spec = session()
    turns = [s for s in spec["steps"] if "as" in s]
    roles = Counter(s["as"] for s in turns)
    assert len(turns) >= 200 and len(roles) >= 7
    assert len({s.get("say") for s in turns}) >= 150  # varied phrasings, not one line repeated
    parsed = read_conversations(io.StringIO(json.dumps(spec, ensure_ascii=False) + "\n"))
    assert isinstance(parsed[0], dict)
