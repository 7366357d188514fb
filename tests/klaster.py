"""Real PostgreSQL side processes for the scale tests: a PgBouncer and a streaming replica.

Both run beside the private cluster of bin/test (the primary's unix socket is the default
database's HOST). As root they run as the ``postgres`` user, as the cluster itself does.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

ROOT = Path(settings.BASE_DIR)


def _bin_pg(nama: str) -> str | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / nama).exists():
            return str(d / nama)
    return shutil.which(nama)


def _sebagai_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _folder_milik_pg(nama: str) -> Path:
    d = ROOT / ".data" / f"{nama}-{os.getpid()}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(d, "postgres")
    d.chmod(0o700)
    return d


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def socket_primer() -> str | None:
    """The primary's unix-socket folder, or None when the tests run against DATABASE_URL."""
    host = settings.DATABASES["default"].get("HOST") or ""
    return host if host.startswith("/") else None


def nama_db_uji() -> str:
    return connections["default"].settings_dict["NAME"]


@contextmanager
def koneksi_tambahan(alias: str, **ubah):
    """A connection to the test database by another path (pooler, replica), as alias ``alias``.

    Registered on the connection handler only (not in its settings), so Django's test case treats
    it as a dynamically created connection and lets the views of the test use it.
    """
    from django.db.backends.postgresql.base import DatabaseWrapper

    pengaturan = {**connections["default"].settings_dict, "NAME": nama_db_uji(), "CONN_MAX_AGE": 0, **ubah}
    pengaturan["TEST"] = {**pengaturan.get("TEST", {}), "MIRROR": None}
    connections[alias] = DatabaseWrapper(pengaturan, alias)
    try:
        yield pengaturan
    finally:
        connections[alias].close()
        del connections[alias]


def tunggu(cond, *, batas: float = 30.0, pesan: str = "") -> None:
    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        if cond():
            return
        time.sleep(0.1)
    raise AssertionError(f"waktu habis menunggu: {pesan}")


def _bisa_sambung(**kw) -> bool:
    try:
        psycopg.connect(connect_timeout=2, **kw).close()
        return True
    except psycopg.Error:
        return False


@contextmanager
def pgbouncer_transaksi():
    """A PgBouncer 1.18 in transaction pooling mode in front of the test database.

    Yields ``(socket_folder, port)``. ``ignore_startup_parameters`` is left empty on purpose: a
    connection passing libpq ``options`` is refused, as it would be in production.
    """
    program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    d = _folder_milik_pg("pgbouncer")
    port = _port_bebas()
    db = nama_db_uji()
    (d / "userlist.txt").write_text('"postgres" ""\n')
    (d / "pgbouncer.ini").write_text(
        f"[databases]\n{db} = host={socket_primer()} dbname={db}\n"
        f"[pgbouncer]\nlisten_addr =\nlisten_port = {port}\nunix_socket_dir = {d}\n"
        f"auth_type = trust\nauth_file = {d}/userlist.txt\npool_mode = transaction\n"
        "max_client_conn = 50\ndefault_pool_size = 4\nadmin_users = postgres\n"
        f"logfile = {d}/pgbouncer.log\npidfile = {d}/pgbouncer.pid\n"
    )
    if os.geteuid() == 0:
        for f in d.iterdir():
            shutil.chown(f, "postgres")
    proses = subprocess.Popen(_sebagai_pg([program, str(d / "pgbouncer.ini")]))
    try:
        tunggu(lambda: _bisa_sambung(host=str(d), port=port, user="postgres", dbname=db), pesan="PgBouncer")
        yield str(d), port
    finally:
        proses.terminate()
        proses.wait(10)
        shutil.rmtree(d, ignore_errors=True)


@contextmanager
def replika_streaming():
    """A real streaming replica of the private cluster (``pg_basebackup -R``), read-only.

    Yields the replica's unix-socket folder.
    """
    d = _folder_milik_pg("pg-replika")
    data, run = d / "data", d / "run"
    subprocess.run(
        _sebagai_pg([_bin_pg("pg_basebackup"), "-h", socket_primer(), "-U", "postgres", "-D", str(data),
                     "-R", "-X", "stream", "-c", "fast"]),
        check=True, capture_output=True,
    )
    subprocess.run(_sebagai_pg(["mkdir", "-m", "700", str(run)]), check=True)
    with connections["default"].cursor() as c:  # a hot standby needs at least the primary's limit
        c.execute("SHOW max_connections")
        maks = c.fetchone()[0]
    # hot_standby_feedback: the primary keeps the rows a replica query still sees, so replay never waits
    # (max_standby_streaming_delay, 30 s) behind a test's open replica transaction
    opsi = (f"-c listen_addresses='' -c unix_socket_directories='{run}' -c hot_standby=on -c max_connections={maks}"
            " -c hot_standby_feedback=on")
    subprocess.run(
        _sebagai_pg([_bin_pg("pg_ctl"), "-D", str(data), "-l", str(d / "replika.log"), "-w", "-t", "60",
                     "-o", opsi, "start"]),
        check=True, capture_output=True,
    )
    try:
        yield str(run)
    finally:
        subprocess.run(_sebagai_pg([_bin_pg("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(d, ignore_errors=True)


def tunggu_replika_menyusul(alias: str = "replica") -> None:
    """Wait until the replica has replayed everything the primary has committed so far."""
    with connections["default"].cursor() as c:
        c.execute("SELECT pg_current_wal_lsn()")
        lsn = c.fetchone()[0]

    def _sudah():
        with connections[alias].cursor() as c:
            c.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            return c.fetchone()[0]

    try:
        tunggu(_sudah, batas=90.0, pesan="replika menyusul primer")  # generous: the other worker may load the disk
    except AssertionError:
        with connections[alias].cursor() as c:
            c.execute("SELECT pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), pg_is_wal_replay_paused(),"
                      " (SELECT status FROM pg_stat_wal_receiver)")
            raise AssertionError(f"replika tidak menyusul {lsn}: terima/putar/jeda/status = {c.fetchone()}") from None
