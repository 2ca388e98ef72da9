"""Start a command and report its own wall time and peak RSS: ``launch.py RESULT -- ARGV...``.

Run with ``python -I -S`` (stdlib only). Linux carries a process's peak RSS across exec, and a
forked child starts with its parent's, so a command forked straight from the benchmark (which
holds the generated backlog) would report the benchmark's memory; forked from this small
launcher, it reports its own. SIGTERM is passed on, so ``intake run`` can be stopped through it.
"""

import json
import os
import signal
import sys
import time


def main() -> int:
    result, argv = sys.argv[1], sys.argv[3:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(pid, signal.SIGTERM))
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w") as out:
        json.dump({"seconds": seconds, "peak_rss_kib": usage.ru_maxrss, "returncode": code}, out)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
