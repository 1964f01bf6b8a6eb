"""A private, throw-away PostgreSQL cluster for the tests (see ../shared/DEPENDENCIES.md).

``start_cluster()`` runs ``initdb`` in a temporary directory (as user ``postgres`` when the tests run as
root, since initdb refuses root), starts the server on 127.0.0.1 (port 55432, or a free one when that is
taken, e.g. by another checkout's tests) with trust authentication, and returns a handle whose ``stop()``
shuts it down and removes its files. ``$NEWSLEDGER_TEST_PG`` (a server URL) uses a running server instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass

PREFERRED_PORT = 55432


def _bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_port() -> int:
    return PREFERRED_PORT if _port_free(PREFERRED_PORT) else _random_free_port()


def _random_free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(argv: list[str], as_postgres: bool) -> None:
    cmd = ["su", "postgres", "-c", shlex.join(argv)] if as_postgres else argv
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@dataclass
class Cluster:
    url: str                       # server URL without a database name
    datadir: str | None = None
    bindir: str | None = None
    as_postgres: bool = False

    def stop(self) -> None:
        if self.datadir is None or self.bindir is None:
            return
        with contextlib.suppress(subprocess.SubprocessError):
            _run([f"{self.bindir}/pg_ctl", "-D", self.datadir, "-m", "immediate", "stop"], self.as_postgres)
        shutil.rmtree(self.datadir, ignore_errors=True)

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg
        from psycopg import sql

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"{self.url}/{name}"

    def drop_database(self, url: str) -> None:
        import psycopg
        from psycopg import sql

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self._conninfo("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _conninfo(self, dbname: str) -> str:
        from sqlalchemy.engine import make_url

        u = make_url(self.url)
        parts = {"host": u.host or "127.0.0.1", "port": str(u.port or 5432), "user": u.username or "postgres",
                 "dbname": dbname}
        if u.password:
            parts["password"] = u.password
        return " ".join(f"{k}={v}" for k, v in parts.items())


def start_cluster() -> Cluster | None:
    """A running server for the tests, or None when PostgreSQL is not installed."""
    env = os.environ.get("NEWSLEDGER_TEST_PG")
    if env:
        return Cluster(url=env.rstrip("/"))
    bindir = _bindir()
    if bindir is None:
        return None
    as_postgres = os.geteuid() == 0
    datadir = tempfile.mkdtemp(prefix="newsledger-pg-")
    if as_postgres:
        shutil.chown(datadir, user="postgres")
    cluster = Cluster(url="", datadir=datadir, bindir=bindir, as_postgres=as_postgres)
    try:
        _run([f"{bindir}/initdb", "-D", datadir, "-U", "app", "--auth=trust", "-E", "UTF8"], as_postgres)
        for attempt in range(3):  # another test run may take the port between our check and the start
            port = _free_port() if attempt == 0 else _random_free_port()
            opts = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
            try:
                _run([f"{bindir}/pg_ctl", "-D", datadir, "-o", opts, "-l", f"{datadir}/log", "-w", "start"],
                     as_postgres)
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                continue
            cluster.url = f"postgresql+psycopg://app@127.0.0.1:{port}"
            break
    except (subprocess.SubprocessError, OSError):
        cluster.stop()
        raise
    return cluster
