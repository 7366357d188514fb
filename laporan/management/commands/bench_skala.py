"""Province-scale benchmark: ``manage.py bench_skala --keluarga 250000 1000000 [--pakai-ulang]``.

For every size (ascending) it builds the province data set (``buat_data_sintetis --hingga``;
with ``--pakai-ulang`` a database that already holds at least that many synthetic households is
measured as it is), then prints every page and figure of issue #16 with its median time and
query count, as a TKSK of the largest kecamatan, Dinas Sosial of its kab/kota and Dinas Sosial
of the province; the growth factor between sizes; and a bounded load test against gunicorn on
127.0.0.1 (random port, ``DEBUG=0``): ``--pengguna-beban`` concurrent users mixing list, name
search, detail and dashboard pages for a TKSK and a Dinsos user, for ``--beban-detik`` seconds.
``--hasil FILE`` keeps the figures as JSON so that sizes measured in separate databases are
compared too; ``--basis-data`` names one database per size (same server, e.g. ``sidamping_g250k
sidamping_g1m sidamping_g5m``, each generated with ``buat_data_sintetis``) and measures them in
one run. Figures, not a timed test: run it on its own database (``SIDAMPING_DB_NAME=sidamping_bench``).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from bantuan.models import Usulan
from pmks.management.commands.buat_data_sintetis import jumlah_sintetis
from pmks.models import Anggota, JenisPMKS, Keluarga
from tksk.models import Pengguna, Peran, Wilayah


def _pengguna(username: str, peran: str, wilayah: Wilayah) -> Pengguna:
    user, _ = Pengguna.objects.update_or_create(
        username=username, defaults={"peran": peran, "wilayah": wilayah, "first_name": username, "is_active": True}
    )
    return user


def _pakai_basis_data(nama: str) -> None:
    """Measure the next size in database ``nama`` (same server): the default connection is reopened there."""
    connection.close()
    connection.settings_dict["NAME"] = nama


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Mengukur setiap halaman dan angka laporan pada data sintetis sebesar provinsi, plus uji beban gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--keluarga", type=int, nargs="+", required=True, help="ukuran (jumlah keluarga)")
        parser.add_argument("--pakai-ulang", action="store_true", help="pakai data sintetis yang sudah ada")
        parser.add_argument("--wilayah", default="35", help="kode provinsi (bawaan 35 = Jawa Timur)")
        parser.add_argument("--ulang", type=int, default=3, help="pengulangan tiap halaman (median)")
        parser.add_argument("--beban-detik", type=float, default=30)
        parser.add_argument("--pengguna-beban", type=int, default=50)
        parser.add_argument("--pekerja", type=int, default=4, help="jumlah worker gunicorn")
        parser.add_argument("--benang", type=int, default=1, help="thread per worker gunicorn (gthread bila > 1)")
        parser.add_argument("--jeda-pikir", default="2-5",
                            help="jeda pikir antar klik tiap pengguna, detik 'min-maks' (0: hanya loop tertutup)")
        parser.add_argument("--tanpa-beban", action="store_true")
        parser.add_argument("--tanpa-pdf", action="store_true")
        parser.add_argument("--hasil", type=Path, help="berkas JSON hasil (digabung dengan isinya)")
        parser.add_argument("--hanya", nargs="+", default=[], help="ukur hanya label yang memuat teks ini")
        parser.add_argument(
            "--basis-data", nargs="+", default=[], metavar="NAMA",
            help="satu basis data per ukuran, urut seperti --keluarga (mis. sidamping_g250k sidamping_g1m)",
        )

    def handle(self, *args, keluarga, pakai_ulang, wilayah, ulang, beban_detik, pengguna_beban, pekerja,
               tanpa_beban, tanpa_pdf, hasil, hanya, basis_data, **options):
        self.hanya = [h.lower() for h in hanya]
        if basis_data and len(basis_data) != len(keluarga):
            raise CommandError("--basis-data harus satu nama per ukuran --keluarga.")
        db_ukuran = dict(zip(keluarga, basis_data, strict=True)) if basis_data else {}
        try:
            setup_test_environment()  # the test Client exposes the response context
        except RuntimeError:
            pass  # already set up (the command's own test)
        semua = json.loads(hasil.read_text()) if hasil and hasil.exists() else {}
        for ukuran in sorted(keluarga):
            if ukuran in db_ukuran:
                _pakai_basis_data(db_ukuran[ukuran])
            call_command("createcachetable")  # the rate-limit cache table (bin/run makes it; a bench db may not)
            ada = jumlah_sintetis()
            if not (pakai_ulang and ada >= ukuran):
                call_command("buat_data_sintetis", hingga=ukuran, wilayah=wilayah, stdout=self.stdout,
                             izinkan_db_utama=settings.DATABASES["default"]["NAME"] != "sidamping")
            n = Keluarga.objects.count()
            self.stdout.write(self.style.MIGRATE_HEADING(
                f"\n== {n:,} keluarga, {Anggota.objects.count():,} anggota, {Usulan.objects.count():,} usulan "
                f"(basis data {connection.settings_dict['NAME']}) =="
            ))
            angka = self._ukur_semua(wilayah, ulang, tanpa_pdf)
            if not tanpa_beban and (not self.hanya or any(h in "uji beban" for h in self.hanya)):
                angka.update(self._uji_beban(wilayah, beban_detik, pengguna_beban, pekerja))
            semua[str(n)] = {**semua.get(str(n), {}), **angka}
            if hasil:
                hasil.write_text(json.dumps(semua, indent=1, ensure_ascii=False))
        self._tulis_pertumbuhan(semua)

    # --- the people and objects measured -----------------------------------------------------
    def _subjek(self, kode_provinsi: str) -> dict:
        provinsi = Wilayah.objects.get(kode=kode_provinsi)
        terbesar = (
            Keluarga.objects.filter(kelurahan__kode__startswith=f"{kode_provinsi}.")
            .values("kelurahan__induk").annotate(n=Count("id")).order_by("-n").first()
        )
        if terbesar is None:
            raise CommandError("Belum ada keluarga di provinsi ini.")
        kec = Wilayah.objects.select_related("induk").get(pk=terbesar["kelurahan__induk"])
        kota = kec.induk
        contoh = Keluarga.objects.filter(kelurahan__induk=kec)
        detail = (
            Usulan.objects.filter(keluarga__kelurahan__induk=kec).values_list("keluarga_id", flat=True).first()
            or contoh.values_list("id", flat=True).first()
        )
        return {
            "provinsi": provinsi, "kec": kec, "kota": kota, "n_kec": terbesar["n"],
            "n_kota": Keluarga.objects.filter(kelurahan__kode__startswith=f"{kota.kode}.").count(),
            "tksk": _pengguna("bench.skala.tksk", Peran.TKSK, kec),
            "dinsos": _pengguna("bench.skala.dinsos", Peran.DINSOS, kota),
            "provinsi_user": _pengguna("bench.skala.provinsi", Peran.DINSOS, provinsi),
            "nik": Anggota.objects.filter(keluarga__kelurahan__induk=kec).values_list("nik", flat=True)[7],
            "detail": detail,
            "fm": JenisPMKS.objects.get(singkatan="FM").pk,
            "detail_kota": list(
                Keluarga.objects.filter(kelurahan__kode__startswith=f"{kota.kode}.").values_list("id", flat=True)[:300]
            ),
            "detail_kec": list(contoh.values_list("id", flat=True)[:300]),
        }

    def _ukur_semua(self, kode_provinsi: str, ulang: int, tanpa_pdf: bool) -> dict:
        from laporan.cetak import render_pdf_laporan
        from laporan.periode import Periode
        from laporan.selectors import angka_laporan, angka_rekap

        s = self._subjek(kode_provinsi)
        kec, kota, prov = s["kec"], s["kota"], s["provinsi"]
        self.stdout.write(
            f"TKSK: Kecamatan {kec.nama} ({s['n_kec']:,} keluarga); Dinsos: {kota} ({s['n_kota']:,} keluarga); "
            f"provinsi: {prov}. Median dari {ulang} kali setelah 1 pemanasan."
        )
        self.stdout.write(f"{'halaman / angka':<62} {'median':>10} {'kueri':>6} {'hasil':>8}")
        hasil: dict[str, dict] = {}

        def tulis(label, waktu, kueri, jumlah="-"):
            median = statistics.median(waktu)
            hasil[label] = {"ms": round(median, 1), "kueri": kueri}
            self.stdout.write(f"{label:<62} {median:>8.1f}ms {kueri:>6} {jumlah!s:>8}")

        def dilewati(label: str) -> bool:
            return bool(self.hanya) and not any(h in label.lower() for h in self.hanya)

        def halaman(label, user, url, kali=ulang, dingin=False):
            if dilewati(label):
                return
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            resp = client.get(url)  # warm-up
            waktu = []
            for _ in range(kali):
                if dingin:  # the figures a page keeps (home dashboard) counted again: the first view's cost
                    cache.clear()
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    resp = client.get(url)
                    if getattr(resp, "streaming", False):
                        for _ in resp.streaming_content:
                            pass
                    waktu.append((time.perf_counter() - t0) * 1000)
                if resp.status_code != 200:
                    raise CommandError(f"{url} menjawab {resp.status_code}")
            konteks = resp.context or {}
            page = konteks.get("page_obj") or konteks.get("halaman")
            jumlah = getattr(getattr(page, "paginator", None), "count", "-")
            tulis(label, waktu, len(ctx.captured_queries), jumlah)

        def fungsi(label, fn, kali=ulang):
            if dilewati(label):
                return
            fn()
            waktu = []
            for _ in range(kali):
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    fn()
                    waktu.append((time.perf_counter() - t0) * 1000)
            tulis(label, waktu, len(ctx.captured_queries))

        tksk, dinsos, pu = s["tksk"], s["dinsos"], s["provinsi_user"]
        halaman("daftar keluarga, TKSK, 25/halaman", tksk, "/pmks/")
        halaman("daftar keluarga, Dinsos kab/kota, 25/halaman", dinsos, "/pmks/")
        halaman("daftar keluarga, Dinsos provinsi, 25/halaman", pu, "/pmks/")
        halaman("daftar keluarga, Dinsos, filter jenis FM", dinsos, f"/pmks/?jenis={s['fm']}")
        halaman("daftar keluarga, Dinsos, halaman 300", dinsos, "/pmks/?page=300")
        halaman("cari NIK, TKSK", tksk, f"/pmks/?q={s['nik']}")
        halaman("cari NIK, Dinsos", dinsos, f"/pmks/?q={s['nik']}")
        halaman("cari nama \u201cDedi\u201d, TKSK", tksk, "/pmks/?q=Dedi")
        halaman("cari nama \u201cDedi\u201d, Dinsos", dinsos, "/pmks/?q=Dedi")
        halaman("cari nama salah ketik \u201cSulastry\u201d, Dinsos", dinsos, "/pmks/?q=Sulastry")
        halaman("cari nama ejaan lama \u201cSoelastri\u201d, Dinsos", dinsos, "/pmks/?q=Soelastri")
        halaman("cari nama \u201cSiti Rahayu\u201d, Dinsos provinsi", pu, "/pmks/?q=Siti+Rahayu")
        halaman("detail keluarga, TKSK", tksk, f"/pmks/keluarga/{s['detail']}/")
        halaman("antrean usulan, Dinsos", dinsos, "/bantuan/")
        halaman("antrean usulan, Dinsos, menunggu keputusan", dinsos, "/bantuan/?status=menunggu")
        halaman("antrean usulan, TKSK", tksk, "/bantuan/")
        halaman("beranda (dasbor), Dinsos, dihitung ulang", dinsos, "/", dingin=True)
        halaman("beranda (dasbor), TKSK, dihitung ulang", tksk, "/", dingin=True)
        halaman("beranda (dasbor), Dinsos, angka tersimpan", dinsos, "/")
        halaman("beranda (dasbor), TKSK, angka tersimpan", tksk, "/")
        halaman("tumpang tindih, Dinsos", dinsos, "/bantuan/tumpang-tindih/")
        halaman("tumpang tindih, TKSK", tksk, "/bantuan/tumpang-tindih/")
        halaman("belum terjangkau, Dinsos", dinsos, "/bantuan/belum-terjangkau/")
        halaman("belum terjangkau, TKSK", tksk, "/bantuan/belum-terjangkau/")
        ini = Periode.bulan_ini()
        lalu = ini.sebelumnya
        for p, nama in ((lalu, "bulan lalu"), (ini, "bulan berjalan")):
            fungsi(f"laporan bulanan {kec.nama}, angka, {p.teks} ({nama})",
                   lambda p=p: angka_laporan(kecamatan=kec, periode=p))
        if not tanpa_pdf:
            for p, nama in ((lalu, "bulan lalu"), (ini, "bulan berjalan")):
                fungsi(f"laporan bulanan {kec.nama}, angka + PDF, {p.teks} ({nama})",
                       lambda p=p: render_pdf_laporan(angka_laporan(kecamatan=kec, periode=p)), kali=1)
        for p, nama in ((lalu, "bulan lalu"), (ini, "bulan berjalan")):
            fungsi(f"rekap {kota.nama}, angka, {p.teks} ({nama})", lambda p=p: angka_rekap(kota=kota, periode=p),
                   kali=1)
        for p, nama in ((lalu, "bulan lalu"), (ini, "bulan berjalan")):
            try:
                fungsi(f"rekap provinsi {prov.nama}, angka, {p.teks} ({nama})",
                       lambda p=p: angka_rekap(kota=prov, periode=p), kali=1)
            except Exception as exc:  # noqa: BLE001 - a figure the code cannot produce yet is reported, not fatal
                self.stdout.write(f"{'rekap provinsi ' + prov.nama:<62} {'gagal':>10}  ({type(exc).__name__}: {exc})")
        halaman(f"ekspor keluarga CSV, {kota.nama} (Dinsos)", dinsos, "/pmks/ekspor/keluarga.csv", kali=1)
        return hasil

    # --- load test ----------------------------------------------------------------------------
    def execute(self, *args, **options):
        self.opsi_beban = {k: options.get(k) for k in ("benang", "jeda_pikir")}
        return super().execute(*args, **options)

    def _uji_beban(self, kode_provinsi: str, detik: float, jumlah_pengguna: int, pekerja: int) -> dict:
        """gunicorn with ``config/gunicorn.py`` (``--pekerja`` workers × ``--benang`` threads) on a
        random port, then ``_jalankan_beban``."""
        s = self._subjek(kode_provinsi)
        opsi = {"benang": 1, "jeda_pikir": "2-5", **{k: v for k, v in getattr(self, "opsi_beban", {}).items() if v}}
        port = _port_bebas()
        env = dict(os.environ, DEBUG="0", SECRET_KEY=settings.SECRET_KEY,  # the sessions made here must be valid there
                   ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", PYTHONUNBUFFERED="1",
                   GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(pekerja),
                   GUNICORN_THREADS=str(opsi["benang"]), GUNICORN_TIMEOUT="120")
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
            self._tunggu_siap(port, proses)
            return self._jalankan_beban(s, port, detik, jumlah_pengguna, pekerja, proses=proses, opsi=opsi)
        finally:
            os.killpg(proses.pid, signal.SIGTERM)
            try:
                proses.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proses.pid, signal.SIGKILL)

    @staticmethod
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

    @staticmethod
    def _cpu_ms(pids: list[int]) -> dict[int, float]:
        """User + system CPU time (ms) each of the processes ``pids`` has used so far (Linux /proc);
        a process that has ended is left out (``_selisih`` compares the processes present twice)."""
        tik = os.sysconf("SC_CLK_TCK")
        hasil = {}
        for pid in pids:
            try:
                bagian = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            hasil[pid] = (int(bagian[11]) + int(bagian[12])) * 1000 / tik  # utime, stime (fields 14, 15)
        return hasil

    @staticmethod
    def _selisih(sebelum: dict[int, float], sesudah: dict[int, float]) -> float:
        return sum(sesudah[p] - sebelum[p] for p in sebelum.keys() & sesudah.keys())

    @staticmethod
    def _anak(pid_induk: int) -> list[int]:
        hasil = []
        for p in Path("/proc").iterdir():
            if p.name.isdigit():
                try:
                    if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid_induk:
                        hasil.append(int(p.name))
                except (OSError, IndexError, ValueError):
                    continue
        return hasil

    def _jalankan_beban(self, s: dict, port: int, detik: float, jumlah_pengguna: int, pekerja: int, *,
                        proses=None, opsi: dict | None = None) -> dict:
        """Three measurements against the same gunicorn, each labelled:

        1. per page, one request at a time: wall time, CPU of the gunicorn workers (Python: middleware,
           view, templates) and CPU of the PostgreSQL server processes of this database (queries;
           parallel query workers not included) — what one request of each page costs;
        2. ``jumlah_pengguna`` users in a *closed loop without think time* (each sends its next request
           the moment the last one answered): the machine's saturation throughput; with 50 users each
           request waits for the ~49 ahead of it, so p50 ≈ 50 / throughput;
        3. the same users with a *think time* drawn uniformly from ``--jeda-pikir`` seconds between
           a user's clicks (a TKSK reading the page before the next click): the load 50 people at work
           put on the server. The #16 target (p95 < 500 ms) is judged on this one, and said so.
        """
        opsi = opsi or {"benang": 1, "jeda_pikir": "2-5"}
        sesi = {}
        for kunci in ("tksk", "dinsos"):
            c = Client()
            c.force_login(s[kunci])
            sesi[kunci] = c.cookies[settings.SESSION_COOKIE_NAME].value
        campuran = {
            "tksk": [("/pmks/", 4), ("/pmks/?q=Dedi", 2), ("/pmks/?q=Sulastry", 1), ("/", 2),
                     ("detail_kec", 3), ("/bantuan/", 1)],
            "dinsos": [("/pmks/", 4), ("/pmks/?q=Dedi", 2), ("/pmks/?q=Sulastry", 1), ("/", 2),
                       ("detail_kota", 3), ("/bantuan/", 1)],
        }
        header = {
            peran: {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sesi[peran]}", "X-Forwarded-Proto": "https",
                    "Host": "127.0.0.1"}
            for peran in sesi
        }

        def minta(conn, url: str, peran: str):
            try:
                conn.request("GET", url, headers=header[peran])
                resp = conn.getresponse()
                resp.read()
                return conn, resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                return http.client.HTTPConnection("127.0.0.1", port, timeout=180), 0

        pekerja_pid = self._anak(proses.pid) if proses is not None else []

        def pid_db() -> list[int]:
            """The server processes of the workers' connections to this database (persistent with
            CONN_MAX_AGE; read again before each measurement)."""
            with connection.cursor() as cur:
                cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
                return [r[0] for r in cur.fetchall()]

        # 1. per page, one request at a time
        jam = "beban per halaman (1 permintaan sekaligus, median waktu dan rata-rata CPU dari 5, setelah pemanasan"
        self.stdout.write(f"{jam}; CPU gunicorn = Python, CPU PostgreSQL = proses server koneksi basis data ini,")
        self.stdout.write("  tanpa pekerja kueri paralel):")
        self.stdout.write(f"  {'halaman':<44} {'waktu':>9} {'CPU gunicorn':>13} {'CPU PostgreSQL':>15}")
        per_halaman = {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
        for peran, daftar in campuran.items():
            for url, _ in daftar:
                contoh = [f"/pmks/keluarga/{i}/" for i in s[url][:6]] if url.startswith("detail_") else [url] * 6
                for _ in range(pekerja + 1):  # warm-up: every worker has served the page once
                    conn, _status = minta(conn, contoh[0], peran)
                ukur = []
                for u in contoh[1:]:
                    db = pid_db()
                    cpu_app, cpu_db, t0 = self._cpu_ms(pekerja_pid), self._cpu_ms(db), time.perf_counter()
                    conn, status = minta(conn, u, peran)
                    wall = (time.perf_counter() - t0) * 1000
                    ukur.append((wall, self._selisih(cpu_app, self._cpu_ms(pekerja_pid)),
                                 self._selisih(cpu_db, self._cpu_ms(db))))
                    if status != 200:
                        raise CommandError(f"{u} menjawab {status}")
                # wall time: the median; CPU: the mean (the kernel counts CPU in 10 ms ticks)
                w = statistics.median(x[0] for x in ukur)
                a, d = (statistics.mean(x[i] for x in ukur) for i in (1, 2))
                nama = f"{peran} {'detail keluarga' if url.startswith('detail_') else url}"
                per_halaman[nama] = {"ms": round(w, 1), "cpu_app_ms": round(a), "cpu_db_ms": round(d)}
                self.stdout.write(f"  {nama:<44} {w:>7.0f}ms {a:>11.0f}ms {d:>13.0f}ms")
        conn.close()

        def putaran(jeda: tuple[float, float] | None) -> dict:
            waktu: list[float] = []
            per_jenis: dict[str, list[float]] = {}
            gagal: list[int] = []
            kunci_hasil = threading.Lock()
            selesai = time.monotonic() + detik

            def pengguna(i: int) -> None:
                peran = "tksk" if i % 2 == 0 else "dinsos"
                rng = random.Random(i)
                url_bobot = campuran[peran]
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
                if jeda:
                    time.sleep(rng.uniform(0, min(jeda[1], detik / 2)))  # users do not all click at once
                while time.monotonic() < selesai:
                    url = jenis = rng.choices([u for u, _ in url_bobot], weights=[b for _, b in url_bobot])[0]
                    if url.startswith("detail_"):
                        url, jenis = f"/pmks/keluarga/{rng.choice(s[url])}/", "detail keluarga"
                    t0 = time.perf_counter()
                    conn, status = minta(conn, url, peran)
                    ms = (time.perf_counter() - t0) * 1000
                    with kunci_hasil:
                        waktu.append(ms)
                        per_jenis.setdefault(f"{peran} {jenis}", []).append(ms)
                        if status != 200:
                            gagal.append(status)
                    if jeda:
                        time.sleep(rng.uniform(*jeda))
                conn.close()

            db = pid_db()
            cpu0, mulai = self._cpu_ms(pekerja_pid + db), time.monotonic()
            benang = [threading.Thread(target=pengguna, args=(i,), daemon=True) for i in range(jumlah_pengguna)]
            for b in benang:
                b.start()
            for b in benang:
                b.join()
            lama = time.monotonic() - mulai
            if not waktu:
                raise CommandError("uji beban tidak menghasilkan permintaan")
            urut = sorted(waktu)
            cpu = self._selisih(cpu0, self._cpu_ms(pekerja_pid + db)) / len(waktu)
            return {"rps": round(len(waktu) / lama, 1), "p50": round(urut[len(urut) // 2]),
                    "p95": round(urut[min(len(urut) - 1, int(len(urut) * 0.95))]), "maks": round(urut[-1]),
                    "gagal": len(gagal), "permintaan": len(waktu), "pengguna": jumlah_pengguna, "detik": round(lama),
                    "cpu_ms_per_permintaan": round(cpu),
                    "per_halaman": {j: {"n": len(w), "p50": round(sorted(w)[len(w) // 2]),
                                        "p95": round(sorted(w)[min(len(w) - 1, int(len(w) * 0.95))])}
                                    for j, w in sorted(per_jenis.items())}}

        def tulis(judul: str, h: dict, target: bool) -> None:
            nilai = "memenuhi" if h["p95"] < 500 and not h["gagal"] else "TIDAK memenuhi"
            self.stdout.write(
                f"{judul}: {h['permintaan']:,} permintaan dalam {h['detik']} s, {h['rps']} permintaan/s, "
                f"p50 {h['p50']} ms, p95 {h['p95']} ms, maks {h['maks']} ms, gagal {h['gagal']}, "
                f"CPU (gunicorn + PostgreSQL) {h['cpu_ms_per_permintaan']} ms/permintaan"
                + (f" -> target #16 (p95 < 500 ms): {nilai}" if target else " (ukuran kejenuhan, bukan target)")
            )
            self.stdout.write("  per halaman (n, p50, p95): " + "; ".join(
                f"{j} {v['n']}, {v['p50']}, {v['p95']} ms" for j, v in h["per_halaman"].items()
            ))

        server = f"gunicorn {pekerja} worker × {opsi['benang']} thread, DEBUG=0"
        tertutup = putaran(None)
        tulis(f"uji beban TANPA jeda pikir (loop tertutup: {jumlah_pengguna} pengguna, tiap pengguna langsung "
              f"meminta lagi; TKSK + Dinsos; daftar, cari nama, detail, dasbor, antrean), {server}", tertutup, False)
        hasil = {"uji beban": tertutup, "uji beban per halaman": per_halaman}
        if str(opsi["jeda_pikir"]) not in ("0", "", "None"):
            bawah, _, atas = str(opsi["jeda_pikir"]).partition("-")
            jeda = (float(bawah), float(atas or bawah))
            berpikir = putaran(jeda)
            tulis(f"uji beban DENGAN jeda pikir {jeda[0]:g}–{jeda[1]:g} s antar klik ({jumlah_pengguna} pengguna, "
                  f"campuran sama), {server}", berpikir, True)
            hasil["uji beban jeda pikir"] = {**berpikir, "jeda_pikir": f"{jeda[0]:g}-{jeda[1]:g}"}
        return hasil

    def _tulis_pertumbuhan(self, semua: dict) -> None:
        if len(semua) < 2:
            return
        ukuran = sorted(semua, key=int)
        dasar = semua[ukuran[0]]
        self.stdout.write(self.style.MIGRATE_HEADING(f"\n== pertumbuhan terhadap {int(ukuran[0]):,} keluarga =="))
        kepala = "".join(f" {int(u):>12,}" for u in ukuran)
        self.stdout.write(f"{'halaman / angka (ms)':<62}{kepala}  faktor")
        for label in dasar:
            if label == "uji beban":
                continue
            baris = [semua[u].get(label, {}).get("ms") for u in ukuran]
            teks = "".join(f" {b:>12.1f}" if b is not None else f" {'-':>12}" for b in baris)
            faktor = f"{baris[-1] / baris[0]:.2f}×" if baris[0] and baris[-1] is not None else "-"
            self.stdout.write(f"{label:<62}{teks}  {faktor}")
        beban = [semua[u].get("uji beban") for u in ukuran]
        if all(beban):
            self.stdout.write("uji beban (permintaan/s, p50, p95): " + "; ".join(
                f"{int(u):,}: {b['rps']}/s, {b['p50']} ms, {b['p95']} ms" for u, b in zip(ukuran, beban, strict=True)
            ))
