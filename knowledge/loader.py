"""Loads the sample knowledge into the database (placeholder until the knowledge issue lands)."""


def load_all(echo=print) -> None:
    echo("knowledge: nothing to load yet")
