"""The load test of ``bench_skala``: gunicorn with ``config/gunicorn.py`` (``--pekerja`` workers ×
``--benang`` threads, ``DEBUG=0``) on a random port of 127.0.0.1, then three measurements, each labelled:

1. per page, one request at a time: wall time, CPU of the gunicorn workers (Python: middleware,
   view, templates) and CPU of the PostgreSQL server processes of this database (queries;
   parallel query workers not included) — what one request of each page costs;
2. ``pengguna`` users in a *closed loop without think time* (each sends its next request the
   moment the last one answered): the machine's saturation throughput; with 50 users each request
   waits for the ~49 ahead of it, so p50 ≈ 50 / throughput;
3. the same users with a *think time* drawn uniformly from ``--jeda-pikir`` seconds between a
   user's clicks (a TKSK reading the page before the next click): the load 50 people at work put
   on the server. The #16 target (p95 < 500 ms) is judged on this one, and said so.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

CAMPURAN = {
    "tksk": [("/pmks/", 4), ("/pmks/?q=Dedi", 2), ("/pmks/?q=Sulastry", 1), ("/", 2), ("detail_kec", 3),
             ("/bantuan/", 1)],
    "dinsos": [("/pmks/", 4), ("/pmks/?q=Dedi", 2), ("/pmks/?q=Sulastry", 1), ("/", 2), ("detail_kota", 3),
               ("/bantuan/", 1)],
}


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ms(pids: list[int]) -> dict[int, float]:
    """User + system CPU time (ms) each of the processes ``pids`` has used so far (Linux /proc);
    a process that has ended is left out (``selisih`` compares the processes present twice)."""
    tik = os.sysconf("SC_CLK_TCK")
    hasil = {}
    for pid in pids:
        try:
            bagian = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        hasil[pid] = (int(bagian[11]) + int(bagian[12])) * 1000 / tik  # utime, stime (fields 14, 15)
    return hasil


def selisih(sebelum: dict[int, float], sesudah: dict[int, float]) -> float:
    return sum(sesudah[p] - sebelum[p] for p in sebelum.keys() & sesudah.keys())


def anak(pid_induk: int) -> list[int]:
    hasil = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid_induk:
                    hasil.append(int(p.name))
            except (OSError, IndexError, ValueError):
                continue
    return hasil


def pid_db() -> list[int]:
    """The server processes of the workers' connections to this database (persistent with
    CONN_MAX_AGE; read again before each measurement)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
        return [r[0] for r in cur.fetchall()]


def _tunggu_siap(port: int, proses) -> None:
    batas = time.monotonic() + 90
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise CommandError("gunicorn berhenti sebelum siap")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise CommandError("gunicorn tidak siap dalam 90 detik")


@contextmanager
def gunicorn(port: int, pekerja: int, benang: int):
    """gunicorn serving this database on ``port`` until the block ends; yields the master process."""
    env = dict(os.environ, DEBUG="0", SECRET_KEY=settings.SECRET_KEY,  # the sessions made here must be valid there
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", PYTHONUNBUFFERED="1",
               GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(pekerja),
               GUNICORN_THREADS=str(benang), GUNICORN_TIMEOUT="120")
    if not os.environ.get("DATABASE_URL"):
        env["SIDAMPING_DB_NAME"] = connection.settings_dict["NAME"]
        env["SIDAMPING_PGHOST"] = connection.settings_dict["HOST"]
    # DEBUG=0 serves hashed static files (WhiteNoise manifest): collect them once, beside the data
    env.setdefault("STATIC_ROOT", str(Path(settings.BASE_DIR) / ".data" / "bench-static"))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR,
                   env=env, check=True)
    proses = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True,
    )
    try:
        _tunggu_siap(port, proses)
        yield proses
    finally:
        os.killpg(proses.pid, signal.SIGTERM)
        try:
            proses.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proses.pid, signal.SIGKILL)


def uji_beban(s: dict, tulis, *, detik: float, pengguna: int, pekerja: int, benang: int = 1,
              jeda_pikir: str = "2-5") -> dict:
    """Start gunicorn, then the three measurements of ``UjiBeban`` on the largest subject ``s``."""
    port = port_bebas()
    with gunicorn(port, pekerja, benang) as proses:
        return UjiBeban(s, tulis, port=port, detik=detik, pengguna=pengguna, proses=proses).jalankan(
            pekerja=pekerja, benang=benang, jeda_pikir=jeda_pikir)


class UjiBeban:
    """The three measurements against one gunicorn (module docstring); ``tulis`` prints a line."""

    def __init__(self, s: dict, tulis, *, port: int, detik: float, pengguna: int, proses=None):
        self.s, self.tulis, self.port, self.detik, self.pengguna = s, tulis, port, detik, pengguna
        self.pekerja_pid = anak(proses.pid) if proses is not None else []
        self.header = {}
        for peran in ("tksk", "dinsos"):
            c = Client()
            c.force_login(s[peran])
            sesi = c.cookies[settings.SESSION_COOKIE_NAME].value
            self.header[peran] = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sesi}", "X-Forwarded-Proto": "https",
                                  "Host": "127.0.0.1"}

    def koneksi(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=180)

    def minta(self, conn, url: str, peran: str):
        try:
            conn.request("GET", url, headers=self.header[peran])
            resp = conn.getresponse()
            resp.read()
            return conn, resp.status
        except (OSError, http.client.HTTPException):
            conn.close()
            return self.koneksi(), 0

    def jalankan(self, *, pekerja: int, benang: int, jeda_pikir: str) -> dict:
        per_halaman = self.per_halaman(pekerja)
        server = f"gunicorn {pekerja} worker × {benang} thread, DEBUG=0"
        tertutup = self.putaran(None)
        self.tulis_putaran(
            f"uji beban TANPA jeda pikir (loop tertutup: {self.pengguna} pengguna, tiap pengguna langsung "
            f"meminta lagi; TKSK + Dinsos; daftar, cari nama, detail, dasbor, antrean), {server}", tertutup, False)
        hasil = {"uji beban": tertutup, "uji beban per halaman": per_halaman}
        if str(jeda_pikir) not in ("0", "", "None"):
            bawah, _, atas = str(jeda_pikir).partition("-")
            jeda = (float(bawah), float(atas or bawah))
            berpikir = self.putaran(jeda)
            self.tulis_putaran(f"uji beban DENGAN jeda pikir {jeda[0]:g}–{jeda[1]:g} s antar klik ({self.pengguna} "
                               f"pengguna, campuran sama), {server}", berpikir, True)
            hasil["uji beban jeda pikir"] = {**berpikir, "jeda_pikir": f"{jeda[0]:g}-{jeda[1]:g}"}
        return hasil

    # --- 1. per page, one request at a time -------------------------------------------------------
    def per_halaman(self, pekerja: int) -> dict:
        jam = "beban per halaman (1 permintaan sekaligus, median waktu dan rata-rata CPU dari 5, setelah pemanasan"
        self.tulis(f"{jam}; CPU gunicorn = Python, CPU PostgreSQL = proses server koneksi basis data ini,")
        self.tulis("  tanpa pekerja kueri paralel):")
        self.tulis(f"  {'halaman':<44} {'waktu':>9} {'CPU gunicorn':>13} {'CPU PostgreSQL':>15}")
        hasil = {}
        conn = self.koneksi()
        for peran, daftar in CAMPURAN.items():
            for url, _ in daftar:
                conn, (w, a, d) = self.satu_halaman(conn, peran, url, pekerja)
                nama = f"{peran} {'detail keluarga' if url.startswith('detail_') else url}"
                hasil[nama] = {"ms": round(w, 1), "cpu_app_ms": round(a), "cpu_db_ms": round(d)}
                self.tulis(f"  {nama:<44} {w:>7.0f}ms {a:>11.0f}ms {d:>13.0f}ms")
        conn.close()
        return hasil

    def satu_halaman(self, conn, peran: str, url: str, pekerja: int):
        """Median wall time and mean CPU (app, database) of 5 requests of ``url`` after a warm-up
        in which every worker has served it once (the kernel counts CPU in 10 ms ticks: the mean)."""
        contoh = [f"/pmks/keluarga/{i}/" for i in self.s[url][:6]] if url.startswith("detail_") else [url] * 6
        for _ in range(pekerja + 1):
            conn, _status = self.minta(conn, contoh[0], peran)
        ukur = []
        for u in contoh[1:]:
            db = pid_db()
            cpu_app, cpu_db, t0 = cpu_ms(self.pekerja_pid), cpu_ms(db), time.perf_counter()
            conn, status = self.minta(conn, u, peran)
            wall = (time.perf_counter() - t0) * 1000
            ukur.append((wall, selisih(cpu_app, cpu_ms(self.pekerja_pid)), selisih(cpu_db, cpu_ms(db))))
            if status != 200:
                raise CommandError(f"{u} menjawab {status}")
        w = statistics.median(x[0] for x in ukur)
        a, d = (statistics.mean(x[i] for x in ukur) for i in (1, 2))
        return conn, (w, a, d)

    # --- 2. and 3. many users at once -------------------------------------------------------------
    def putaran(self, jeda: tuple[float, float] | None) -> dict:
        self.waktu: list[float] = []
        self.per_jenis: dict[str, list[float]] = {}
        self.gagal: list[int] = []
        self.kunci = threading.Lock()
        selesai = time.monotonic() + self.detik
        db = pid_db()
        cpu0, mulai = cpu_ms(self.pekerja_pid + db), time.monotonic()
        benang = [threading.Thread(target=self.satu_pengguna, args=(i, jeda, selesai), daemon=True)
                  for i in range(self.pengguna)]
        for b in benang:
            b.start()
        for b in benang:
            b.join()
        lama = time.monotonic() - mulai
        if not self.waktu:
            raise CommandError("uji beban tidak menghasilkan permintaan")
        cpu = selisih(cpu0, cpu_ms(self.pekerja_pid + db)) / len(self.waktu)
        return {**_sebaran(self.waktu), "rps": round(len(self.waktu) / lama, 1), "gagal": len(self.gagal),
                "permintaan": len(self.waktu), "pengguna": self.pengguna, "detik": round(lama),
                "cpu_ms_per_permintaan": round(cpu),
                "per_halaman": {j: {"n": len(w), **_sebaran(w, maks=False)} for j, w in sorted(self.per_jenis.items())}}

    def satu_pengguna(self, i: int, jeda: tuple[float, float] | None, selesai: float) -> None:
        peran = "tksk" if i % 2 == 0 else "dinsos"
        rng = random.Random(i)
        url_bobot = CAMPURAN[peran]
        conn = self.koneksi()
        if jeda:
            time.sleep(rng.uniform(0, min(jeda[1], self.detik / 2)))  # users do not all click at once
        while time.monotonic() < selesai:
            url = jenis = rng.choices([u for u, _ in url_bobot], weights=[b for _, b in url_bobot])[0]
            if url.startswith("detail_"):
                url, jenis = f"/pmks/keluarga/{rng.choice(self.s[url])}/", "detail keluarga"
            t0 = time.perf_counter()
            conn, status = self.minta(conn, url, peran)
            ms = (time.perf_counter() - t0) * 1000
            with self.kunci:
                self.waktu.append(ms)
                self.per_jenis.setdefault(f"{peran} {jenis}", []).append(ms)
                if status != 200:
                    self.gagal.append(status)
            if jeda:
                time.sleep(rng.uniform(*jeda))
        conn.close()

    def tulis_putaran(self, judul: str, h: dict, target: bool) -> None:
        nilai = "memenuhi" if h["p95"] < 500 and not h["gagal"] else "TIDAK memenuhi"
        self.tulis(
            f"{judul}: {h['permintaan']:,} permintaan dalam {h['detik']} s, {h['rps']} permintaan/s, "
            f"p50 {h['p50']} ms, p95 {h['p95']} ms, maks {h['maks']} ms, gagal {h['gagal']}, "
            f"CPU (gunicorn + PostgreSQL) {h['cpu_ms_per_permintaan']} ms/permintaan"
            + (f" -> target #16 (p95 < 500 ms): {nilai}" if target else " (ukuran kejenuhan, bukan target)")
        )
        self.tulis("  per halaman (n, p50, p95): " + "; ".join(
            f"{j} {v['n']}, {v['p50']}, {v['p95']} ms" for j, v in h["per_halaman"].items()
        ))


def _sebaran(waktu: list[float], *, maks: bool = True) -> dict:
    urut = sorted(waktu)
    hasil = {"p50": round(urut[len(urut) // 2]), "p95": round(urut[min(len(urut) - 1, int(len(urut) * 0.95))])}
    return {**hasil, "maks": round(urut[-1])} if maks else hasil
