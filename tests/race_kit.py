"""Run callables at the same moment, each on its own thread (for race tests on the real database)."""
from __future__ import annotations

import threading


def race(workers) -> list:
    """Run the callables at the same moment, each in its own thread; return their results."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)
    errors: list[BaseException] = []

    def run(i, work):
        try:
            barrier.wait(timeout=10)
            results[i] = work()
        except BaseException as error:  # reported below, with the others
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results
