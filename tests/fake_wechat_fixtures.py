"""Pytest fixtures that start the fake WeChat API on a free port (placeholder)."""
