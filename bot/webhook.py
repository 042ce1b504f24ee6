"""/wechat: placeholder until the protocol edge lands."""
from flask import Flask


def init_app(app: Flask) -> None:
    @app.route("/wechat", methods=["GET", "POST"])
    def wechat():  # pragma: no cover - replaced by the real edge
        return "not ready", 503
