"""The public page of a village (`/p/village/<id>/matters`), readable without login.

It shows the village's major matters once their decision is public (决议公开 entered), with
their steps and files, and the suggestions whose answer a cadre chose to make public; nothing
unpublished and nothing of another village.

    villagepage.init_app(app)
"""
from .page import bp, init_app

__all__ = ["bp", "init_app"]
