"""Who a process is, for leases and claims: ``host:pid-namespace:pid:token``.

Two processes on one database may run on one machine or on several. A lease or claim always
expires; besides, when its holder ran on this machine (same host name *and* same PID
namespace, so a container's PIDs are never mistaken for ours) and that process is gone, the
lease is free at once. A PID that was reused by another process only looks alive: the lease
then waits for its expiry, which is the safe direction.
"""

from __future__ import annotations

import os
import socket
import uuid
from functools import cache
from pathlib import Path


@cache
def this_process() -> str:
    """This process's holder name (fixed for the life of the process)."""
    return f"{socket.gethostname()}:{_pid_namespace()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def gone(holder: str) -> bool:
    """True only when ``holder`` ran on this machine, in this PID namespace, and has ended."""
    host, namespace, pid, _token = (holder.split(":") + ["", "", "", ""])[:4]
    if host != socket.gethostname() or namespace != _pid_namespace() or not pid.isdigit():
        return False
    if holder == this_process():
        return False
    return not _alive(int(pid))


def _pid_namespace() -> str:
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return "-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    try:  # a killed child its parent has not reaped yet is a zombie: gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True
