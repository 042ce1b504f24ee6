"""CLI commands (placeholder until this capability lands)."""
commands: list = []
