"""Hypothesis strategies for the webhook's property tests, and the checker of every answer."""
