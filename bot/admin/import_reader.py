"""Reading an upload in a child process with a hard time and memory limit (issue 12, finding 8).

A 27 KB .xlsx unpacking to 24 MB of empty cells held a web worker 30–44 s: the parser (openpyxl
then, python-calamine now) reads a whole row or sheet before the reader can look at its deadline. `read_isolated` runs import_files'
reader in a fresh interpreter (`python -I`, nothing but the standard library and python-calamine
imported) with RLIMIT_AS and RLIMIT_CPU set, killed at the wall-clock limit; the request
waits for it and gets the rows, or the reason for the cadre.

    python -I bot/admin/import_reader.py <filename> <max_rows> <seconds>   (bytes on stdin, JSON out)
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MEMORY_BYTES = 768 * 1024 * 1024  # address space: the largest allowed file needs ~150 MB
START_SECONDS = 3.0  # the interpreter and the reader starting, on a busy machine
TOO_BIG_OR_SLOW = "这个文件太大，读不完：请分成几个文件上传，或另存为 CSV（CSV 读得快得多）"


def _limit_self(seconds: float) -> None:
    """In the child, before it reads anything (not a preexec_fn: unsafe in a threaded worker)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    cpu = int(math.ceil(seconds + START_SECONDS))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def read_isolated(data: bytes, filename: str, max_rows: int, seconds: float):
    """import_files.read_table(data, filename, max_rows, seconds), in a limited child process."""
    from .import_files import ImportFileError, Table

    command = [sys.executable, "-I", os.path.join(HERE, "import_reader.py"), filename or "", str(max_rows),
               str(seconds)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds + START_SECONDS,
                              check=False)
    except subprocess.TimeoutExpired:  # run() has killed it
        raise ImportFileError(TOO_BIG_OR_SLOW) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:  # killed by a limit (SIGXCPU, MemoryError), or crashed
        raise ImportFileError(TOO_BIG_OR_SLOW) from None
    if "error" in answer:
        raise ImportFileError(answer["error"])
    return Table(rows=[(line, cells) for line, cells in answer["rows"]], more=answer["more"])


def _main(argv: list[str]) -> int:
    sys.path.insert(0, HERE)
    import import_files  # this directory's module, without the app (and its imports) around it

    filename, max_rows, seconds = argv[0], int(argv[1]), float(argv[2])
    _limit_self(seconds)
    data = sys.stdin.buffer.read()
    try:
        table = import_files.read_table_here(data, filename, max_rows, seconds)
        answer = {"rows": table.rows, "more": table.more}
    except import_files.ImportFileError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": TOO_BIG_OR_SLOW}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
