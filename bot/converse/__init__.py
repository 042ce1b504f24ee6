"""Scripted conversations (`flask --app wsgi converse`): each in a fresh world, judged step by step.

world.py builds the world (the sample county in its own SQLite file, the role users, the
scheduler's preparation, the fake WeChat API); steps.py runs one step through the real
webhook, CLI and scheduler jobs; expectations.py judges it; cli.py reads JSONL and prints.
"""
