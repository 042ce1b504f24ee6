"""Issue 17: one message's reads. The sender's statement brings their context items and dialog
row (no statement of their own), and the quick no's before a look-up or a rule answer exactly
as the full tests would."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import event

from bot import context
from bot.conversation import get_or_create_user
from bot.dialog import DatabaseDialogStore, DialogHandle
from handlers.answer_words import _CANT, cant_and_why, may_say_cant, mentions_cant, says_cant

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)


def _statements(db):
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context_, executemany):
        seen.append(" ".join(statement.split())[:60])

    event.listen(db.engine, "before_cursor_execute", note)
    return seen, lambda: event.remove(db.engine, "before_cursor_execute", note)


def _prepare(app, db, openid, flow_at):
    with app.app_context(), db.session() as session:
        get_or_create_user(session, openid)
        DialogHandle(DatabaseDialogStore(session), openid, flow_at).start("menu", "pick", page=2)
        context.remember(session, openid, "guide", "dibao", at=NOW - timedelta(hours=1))


def test_the_senders_statement_brings_dialog_and_context(app, db):
    _prepare(app, db, "reader-1", NOW - timedelta(minutes=2))
    seen, stop = _statements(db)
    try:
        with app.app_context(), db.session() as session:
            user = get_or_create_user(session, "reader-1", read_along=True)
            handle = DialogHandle(DatabaseDialogStore(session), "reader-1", NOW)
            item = context.topic(session, "reader-1", NOW)
    finally:
        stop()
    assert user.openid == "reader-1"
    assert (handle.state.flow, handle.state.step, handle.state.slots) == ("menu", "pick", {"page": 2})
    assert (item.kind, item.ref) == ("guide", "dibao")
    selects = [s for s in seen if s.startswith("SELECT")]
    assert len(selects) == 1 and "users" in selects[0], seen


def test_a_row_read_along_is_used_once_and_an_ended_flow_is_none(app, db):
    _prepare(app, db, "reader-2", NOW - timedelta(hours=2))  # idle longer than the short flow lives
    with app.app_context(), db.session() as session:
        get_or_create_user(session, "reader-2", read_along=True)
        assert DialogHandle(DatabaseDialogStore(session), "reader-2", NOW).state is None
        DialogHandle(DatabaseDialogStore(session), "reader-2", NOW).start("menu", "again")
        # A second load in the transaction reads what it wrote, not the row read along.
        assert DialogHandle(DatabaseDialogStore(session), "reader-2", NOW).state.step == "again"


def test_a_new_sender_without_rows(app, db):
    with app.app_context(), db.session() as session:
        user = get_or_create_user(session, "reader-new", read_along=True)
        assert user.id is not None
        assert DialogHandle(DatabaseDialogStore(session), "reader-new", NOW).state is None
        assert context.topic(session, "reader-new", NOW) is None


def test_may_say_cant_never_misses_a_cant():
    # Every can't-word, alone, inside a sentence, split by a piece that a task title may take out.
    texts = [*_CANT, *(f"俺那天{w}了" for w in _CANT), *(f"{w[:1]}帮厨{w[1:]}" for w in _CANT),
             "家里来亲戚了，那个去不成了", "低保怎么申请", "好的", "你好"]
    for text in texts:
        pieces = [text] + [text[:a] + text[b:] for a in range(len(text)) for b in range(a + 2, len(text) + 1)]
        if any(says_cant(p) or mentions_cant(p) or cant_and_why(p) is not None for p in pieces):
            assert may_say_cant(text), text
    assert not may_say_cant("低保怎么申请") and not may_say_cant("你好")


def test_the_detectors_quick_nos_answer_as_the_full_tests():
    from bot.safety.quick import absent_kind, mask, starting
    from bot.safety.sounds import MASK
    from bot.safety.words import safety_words

    words = safety_words()
    texts = ["俺家着火了", "低保怎么申请", "坐火车去看病", "上火了嗓子疼", "俺爹晕倒了 快来人", "", "ok 好的"]
    for text in texts:
        for kind in words.kinds:
            terms = (*kind.words, *kind.weak, *(t for pair in kind.pairs for t in pair.first))
            assert absent_kind(kind, text) == (not any(t[0] in text for t in terms))
            assert list(starting(kind.words, text)) == [t for t in kind.words if t[0] in text]
        naive = text
        for word in sorted(words.masks, key=len, reverse=True):
            naive = naive.replace(word, MASK * len(word))
        assert mask(text, words.masks) == naive
