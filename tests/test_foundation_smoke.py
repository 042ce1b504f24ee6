"""The app starts, migrates, and its dialog store keeps and forgets flow state."""
from datetime import datetime, timedelta, timezone

from bot import clock
from bot.dialog import DatabaseDialogStore, DialogHandle


def test_setup_command_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["setup"])
        assert result.exit_code == 0, result.output


def test_dialog_state_expires_after_idle_time(db):
    now = datetime(2026, 11, 29, 8, 0, tzinfo=timezone.utc)
    with db.session() as s:
        DialogHandle(DatabaseDialogStore(s), "u1", now).start("booking", "kind", matter="低保")
    with db.session() as s:
        handle = DialogHandle(DatabaseDialogStore(s), "u1", now + timedelta(minutes=9))
        assert handle.state.flow == "booking" and handle.slots == {"matter": "低保"}
    with db.session() as s:
        later = now + timedelta(minutes=9) + timedelta(minutes=10, seconds=1)
        assert DialogHandle(DatabaseDialogStore(s), "u1", later).state is None


def test_menu_and_cancel_through_the_dispatcher(app):
    from tests.kit.chat import say

    from bot.dialog import DatabaseDialogStore

    assert "片区通" in say(app, "u2", "你好")
    with app.app_context(), app.extensions["db"].session() as s:
        store = DatabaseDialogStore(s)
        DialogHandle(store, "u2", clock.now()).start("booking", "kind")
    assert "已经取消" in say(app, "u2", "算了")
    assert "已经取消" not in say(app, "u2", "算了")
