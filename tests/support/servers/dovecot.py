"""A private Dovecot IMAP server for one test session, with a fresh user per test.

The server lives in a short temporary directory (its unix sockets must fit in 108 bytes)
and authenticates from one passwd-file per user (``users/%u``). One shared file would not do:
Dovecot 2.3 stats a passwd-file at most once per second, so a user added in the same second
as another login stays unknown for up to a second. A new file is read on its first lookup,
so ``add_user`` takes effect at once, without a reload.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from bot.demo.imap import LOCALHOST, EmbeddedServerError, find_free_port, wait_for_imap_greeting
from . import Credentials
from bot.demo.server import LocalServer

# Debian installs these in sbin, which is not on every PATH.
_FALLBACK_PATH = "/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin"
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

CONFIG_TEMPLATE = """\
protocols = imap
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
instance_name = intake-test-{port}
log_path = {log_path}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_verbose = yes
# Real servers wait 2 s after a failed login; tests of bad credentials need not.
auth_failure_delay = 0 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users/%u
}}
mail_location = maildir:~/Maildir
mail_fsync = never
mailbox_idle_check_interval = 1 secs
namespace inbox {{
  inbox = yes
  separator = /
  # Marked \\Sent when a test creates it (auto = no: other tests' mailboxes have no Sent folder).
  mailbox Sent {{
    special_use = \\Sent
    auto = no
  }}
}}
protocol imap {{
  mail_max_userip_connections = 1000
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  {chroot}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
{extra}
"""

# Dovecot 2.3's capabilities after login without MOVE and UIDPLUS: `imap_capability` replaces
# the whole list, so this is the default list less those two (for a server that cannot move).
WITHOUT_MOVE_AND_UIDPLUS = (
    "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
    "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE LIST-EXTENDED "
    "I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY SNIPPET=FUZZY "
    "PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ NOTIFY")


def find_program(name: str) -> str | None:
    """Path of a Dovecot program, looking in sbin as well as PATH."""
    return shutil.which(name) or shutil.which(name, path=_FALLBACK_PATH)


def _tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return f"--- {path}: (missing)"
    text = "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return f"--- {path}:\n{text or '(empty)'}"


class DovecotServer(LocalServer):
    """A running private Dovecot instance. Use ``DovecotServer.start()`` or ``with``."""

    kind = "dovecot"

    def __init__(
        self, root: Path, host: str, port: int, dovecot: str, log_dir: Path | None = None,
        extra_config: str = "",
    ) -> None:
        self.root = root
        self.extra_config = extra_config
        self.host = host
        self.port = port
        self.config = root / "dovecot.conf"
        self.log_dir = log_dir or root
        self.log_path = self.log_dir / "dovecot.log"
        self._dovecot = dovecot
        self._users_dir = root / "users"
        self._lock = threading.Lock()
        self._running = False
        if os.geteuid() == 0:
            # Mail processes must not run as root; nobody owns every test mailbox.
            mail_user = pwd.getpwnam("nobody")
            self._mail_uid, self._mail_gid = mail_user.pw_uid, mail_user.pw_gid
        else:
            self._mail_uid, self._mail_gid = os.getuid(), os.getgid()

    @classmethod
    def start(
        cls,
        host: str = LOCALHOST,
        port: int | None = None,
        log_dir: Path | None = None,
        startup_timeout: float = 15.0,
        extra_config: str = "",
    ) -> Self:
        """Write a config in a fresh temporary directory, validate it and start Dovecot.

        Logs go to ``log_dir`` (default: that directory, removed by ``stop()``);
        ``extra_config`` is added at the end of the config (e.g. WITHOUT_MOVE_AND_UIDPLUS).
        """
        dovecot = find_program("dovecot")
        if dovecot is None:
            raise EmbeddedServerError("dovecot not found (apt-get install dovecot-imapd)")
        # /tmp rather than $TMPDIR: the socket paths under run/ must stay under 108 bytes.
        parent = "/tmp" if os.path.isdir("/tmp") else None
        root = Path(tempfile.mkdtemp(prefix="dc-", dir=parent))
        server = cls(root, host, port or find_free_port(host), dovecot, log_dir, extra_config)
        try:
            server._prepare()
            server._launch(startup_timeout)
        except BaseException:
            server.stop()
            raise
        return server

    def _prepare(self) -> None:
        # mkdtemp makes the directory 0700; Dovecot's unprivileged auth process then cannot
        # read the passwd file and LOGIN fails with "Temporary authentication failure".
        self.root.chmod(0o755)
        for name in ("run", "state", "mail", "users"):
            (self.root / name).mkdir(mode=0o755)
        os.chown(self.root / "mail", self._mail_uid, self._mail_gid)
        self.config.write_text(self._config_text())
        self.validate()

    def validate(self) -> None:
        """Check the config file with ``dovecot -n``; raise with Dovecot's own words."""
        check = subprocess.run(
            [self._dovecot, "-c", str(self.config), "-n"],
            stdin=subprocess.DEVNULL,
            capture_output=True,  # safe here: -n prints the config and exits, no daemon
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise EmbeddedServerError(
                f"Dovecot rejected {self.config}:\n{check.stderr.strip() or check.stdout.strip()}"
            )

    def _config_text(self) -> str:
        if os.geteuid() == 0:
            internal_user, internal_group, login_user, chroot = (
                "dovecot", "dovecot", "dovenull", "",
            )  # fmt: skip
        else:
            # Unprivileged: every process runs as us, and chroot needs root.
            me = pwd.getpwuid(os.getuid()).pw_name
            internal_user = login_user = me
            internal_group = grp.getgrgid(os.getgid()).gr_name
            chroot = "chroot ="
        return CONFIG_TEMPLATE.format(
            root=self.root,
            log_path=self.log_path,
            host=self.host,
            port=self.port,
            internal_user=internal_user,
            internal_group=internal_group,
            login_user=login_user,
            chroot=chroot,
            extra=self.extra_config,
        )

    def _launch(self, startup_timeout: float) -> None:
        stdout = self.log_dir / "dovecot.stdout"
        # The daemon inherits our stdout/stderr: with a pipe, run() would wait forever.
        with stdout.open("wb") as out:
            started = subprocess.run(
                [self._dovecot, "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        self._running = started.returncode == 0 or (self.root / "run" / "master.pid").exists()
        if started.returncode != 0:
            raise EmbeddedServerError(
                f"dovecot -c {self.config} exited with {started.returncode}\n"
                f"{_tail(stdout)}\n{_tail(self.log_path)}"
            )
        try:
            wait_for_imap_greeting(self.host, self.port, startup_timeout, describe="Dovecot")
        except EmbeddedServerError as err:
            raise EmbeddedServerError(f"{err}\n{_tail(stdout)}\n{_tail(self.log_path)}") from None

    def add_user(self, name: str | None = None, password: str | None = None) -> Credentials:
        """Create a user with an empty mailbox and return its credentials."""
        name = name or f"t{secrets.token_hex(5)}"
        password = password or secrets.token_hex(8)
        if not _USERNAME.fullmatch(name):
            raise ValueError(f"user name must match {_USERNAME.pattern}: {name!r}")
        if any(c in password for c in ":\r\n"):
            raise ValueError("password must not contain ':' or a line break")
        line = (
            f"{name}:{{PLAIN}}{password}:{self._mail_uid}:{self._mail_gid}::"
            f"{self.root / 'mail' / name}::\n"
        )
        with self._lock:
            passwd = self._users_dir / name
            if passwd.exists():
                raise ValueError(f"user {name!r} exists already")
            # Written aside and renamed, so the auth process never reads half a line.
            staging = self._users_dir / f".{name}.new"
            staging.write_text(line)
            staging.chmod(0o644)
            staging.replace(passwd)
        return Credentials(self.host, self.port, name, password)

    @contextmanager
    def new_mailbox(self, log_dir: Path | None = None) -> Iterator[Credentials]:
        """A fresh user for one test (``log_dir`` is unused: one log for the server)."""
        yield self.add_user()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop Dovecot, wait for its master process to exit and remove the directory."""
        pid_file = self.root / "run" / "master.pid"
        if self._running and pid_file.exists():
            # SIGTERM to the master is what `doveadm stop` sends, but doveadm then takes
            # ~3 s to notice the exit; waiting on the pid ourselves takes ~1 s.
            pid = int(pid_file.read_text())
            try:
                handle = os.pidfd_open(pid)
            except ProcessLookupError:
                handle = None
            if handle is not None:
                try:
                    os.kill(pid, signal.SIGTERM)
                    # A pidfd turns readable when the process exits: an event, not a poll.
                    if not select.select([handle], [], [], timeout)[0]:
                        raise EmbeddedServerError(f"Dovecot {pid} still runs {timeout} s after TERM")
                finally:
                    os.close(handle)
        self._running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self  # started by the start() class method
