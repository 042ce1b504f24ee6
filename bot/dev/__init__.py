"""Developer tools: `make run` (server.py), `make chat` (chat.py), `flask dev users` (cli.py);
reset.py empties a database for tests and benches.

Nothing here is imported by the bot itself; it only drives the bot from outside, as WeChat would.
"""
