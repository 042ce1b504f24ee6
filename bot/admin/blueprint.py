"""The admin blueprint object, shared by the view modules (bot/admin/views/*) that add routes to it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static")

# Endpoints reachable without a session; every other /admin endpoint needs one (deny by default).
PUBLIC_ENDPOINTS = frozenset({"admin.login", "admin.static"})
