"""Hypothesis strategies for the webhook\x27s property tests and the checker of every answer (see each module)."""
