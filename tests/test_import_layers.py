"""The layers hold: no import loop, and no import back up (scripts/import_layers.py reads the source)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("import_layers", ROOT / "scripts" / "import_layers.py")
assert _spec is not None and _spec.loader is not None
import_layers = importlib.util.module_from_spec(_spec)
sys.modules["import_layers"] = import_layers  # its dataclass looks itself up there
_spec.loader.exec_module(import_layers)

# The upload reader runs import_files.py as a plain script in a limited child process, so the
# two import each other inside functions only (bot/admin/import_reader.py says why).
DEFERRED_ON_PURPOSE = [["bot.admin.import_files", "bot.admin.import_reader"]]


def test_no_import_loop_and_nothing_runs_back_up():
    found = import_layers.measure(ROOT)
    assert found.loops == []
    assert found.lazy_loops == DEFERRED_ON_PURPOSE
    assert found.upward == []


def test_the_measure_sees_a_loop_and_an_upward_import(tmp_path):
    for package, text in {"bot": "", "handlers": "", "knowledge": "", "scheduler": ""}.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(text)
    (tmp_path / "bot" / "a.py").write_text("from bot import b\n")
    (tmp_path / "bot" / "b.py").write_text("from . import a\n")
    (tmp_path / "bot" / "wechat").mkdir()
    (tmp_path / "bot" / "wechat" / "__init__.py").write_text("")
    (tmp_path / "bot" / "wechat" / "menu.py").write_text("def keys():\n    from handlers.events import KEYS\n")
    (tmp_path / "handlers" / "events.py").write_text("KEYS = ()\n")
    found = import_layers.measure(tmp_path)
    assert found.loops == [["bot.a", "bot.b"]]
    assert found.upward == [("bot.wechat.menu", "handlers.events", False)]
