"""A fake WeChat API server for development and tests: the real HTTP protocol, in memory.

`create_fake_app()` returns a Flask app serving the endpoints the bot uses (`cgi-bin/token`,
`stable_token`, `message/custom/send`, `message/template/send`, `menu/create`, `user/info`) with
WeChat's error codes, plus `/_fake/...` control endpoints (control.py) to read what was sent
and inject faults. Run it with `python -m bot.fakewechat --port 8081`; it is thread-safe and
keeps everything in memory.
"""
from .app import create_fake_app
from .state import FakeState, Fault

__all__ = ["create_fake_app", "FakeState", "Fault"]
