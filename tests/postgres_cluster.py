"""A PostgreSQL primary and its streaming replica, each a server of its own in a temporary
folder on a free port of 127.0.0.1, for the replica tests and the fault-and-load bench.

The primary is made by `initdb` (whose defaults already stream: wal_level=replica and
replication connections trusted from 127.0.0.1); the replica by `pg_basebackup -R` from it,
which writes the standby's connection to the primary into its configuration. The binaries
are Debian's PostgreSQL (/usr/lib/postgresql/N/bin) or, without it, the ones the embedded
server's package ships. Run as root, the servers run as an unprivileged user, as PostgreSQL
insists.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import psycopg

from tests.live_server import free_port

PROGRAMS = ("initdb", "pg_ctl", "pg_basebackup", "postgres")
# Both servers are thrown away: nothing they write needs to survive a crash of the machine.
SERVER_OPTIONS = "-c fsync=off -c full_page_writes=off -c listen_addresses=127.0.0.1"


def binaries() -> Path | None:
    """A folder holding every program of PROGRAMS, or None."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name), reverse=True)
    for folder in debian + [_embedded_binaries()]:
        if folder and all((folder / name).exists() for name in PROGRAMS):
            return folder
    return None


def _embedded_binaries() -> Path | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        try:
            from pgserver._commands import POSTGRES_BIN_PATH
        except ImportError:
            return None
    return POSTGRES_BIN_PATH


def server_user() -> str | None:
    """Who runs the servers: ourselves, or as root an unprivileged user that exists."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    for name in ("postgres", "pgserver"):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    return None


def unavailable() -> str:
    """Why a primary and a replica cannot be started here ('' when they can)."""
    if binaries() is None:
        return f"no PostgreSQL binaries with {', '.join(PROGRAMS)} (Debian's postgresql, or the pgserver package)"
    if server_user() is None:
        return "run as root, and no unprivileged user (postgres, pgserver) to run PostgreSQL as"
    return ""


class Server:
    """One PostgreSQL server of the cluster: its data folder and port."""

    def __init__(self, cluster: "Cluster", name: str) -> None:
        self.cluster = cluster
        self.data = cluster.folder / name
        self.port = free_port()

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def start(self, action: str = "start") -> None:
        """Start the server (or, with "restart", stop and start it). Its output goes to a log
        file: a server holding pg_ctl's own output open would keep pg_ctl's caller waiting."""
        options = f"-p {self.port} -c unix_socket_directories={self.cluster.folder} {SERVER_OPTIONS}"
        self.cluster.run("pg_ctl", "-D", self.data, "-o", options, "-l", f"{self.data}.log", "-m", "fast", "-w", "-t", "60", action)

    def stop(self, mode: str = "fast") -> None:
        self.cluster.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def is_running(self) -> bool:
        return self.cluster.run("pg_ctl", "-D", self.data, "status", check=False).returncode == 0


class Cluster:
    """`primary` and `replica`, started by `start()` and stopped, folder and all, by `remove()`."""

    def __init__(self) -> None:
        self.bin, self.user = binaries(), server_user()
        # Not under pytest's tmp_path: the servers' user must be able to enter it.
        self.folder = Path(tempfile.mkdtemp(prefix="archive-replica-"))
        self.folder.chmod(0o755)
        shutil.chown(self.folder, self.user)
        self.primary = Server(self, "primary")
        self.replica = Server(self, "replica")

    def run(self, program: str, *args, check: bool = True) -> subprocess.CompletedProcess:
        user = self.user if os.geteuid() == 0 else None
        result = subprocess.run(
            [self.bin / program, *map(str, args)], user=user, capture_output=True, text=True, timeout=300, cwd=self.folder
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}")
        return result

    def start(self) -> "Cluster":
        self.run("initdb", "-D", self.primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self.primary.start()
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres", "-D", self.replica.data, "-R", "-X", "stream", "-c", "fast")
        self.replica.start()
        return self

    def wait_for_replay(self, seconds: float = 60) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        with self.primary.connect() as primary:
            target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + seconds
        with self.replica.connect() as replica:
            while not replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the replica has not replayed {target} in {seconds} s")
                time.sleep(0.05)

    def remove(self) -> None:
        for server in (self.replica, self.primary):
            if server.data.exists():
                server.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
