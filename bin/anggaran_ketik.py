"""Typing budget of registering a realistic household of 4 (issue #12, "Tests and figures").

Run through ``bin/anggaran-ketik`` (it prepares .venv and the private PostgreSQL). Not a test: it
prints figures. A throw-away database (``SIDAMPING_TEST_DB``, default ``test_sidamping_anggaran``)
is migrated, a TKSK of Kecamatan Kanigaran is created, the app is served on a random port and
Debian's Chromium (360 × 800, touch) walks GET /pmks/keluarga/tambah/ as it is rendered: every
visible field in page order, filled with the household below only where the field does not
already hold the wanted value (what the page's scripts filled is free; a prefilled prefix costs
only the rest). Counted:

- text fields typed into and their keystrokes (one per character; clearing a wrong value +1),
- dropdowns changed, date entries (native date picker), taps on "Tambah anggota", submits
  (until the household is saved), and the page height in screens of 800 px.

Two walks: ``sebelum`` with static/pmks/ketik_cepat.js blocked (the form as before issue #12
item 1) and ``sesudah`` with it. ``--hanya sebelum|sesudah`` runs one.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SIDAMPING_TESTING", "1")
os.environ.setdefault("SIDAMPING_TEST_DB", "test_sidamping_anggaran")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

KELUARGA = {
    "kelurahan": "35.74.04.1003",  # Kanigaran (a wilayah code; resolved to its option)
    "no_kk": "3574040101200001",
    "alamat": "Jl. Mastrip Gg. II No. 5",
    "rt": "003",
    "rw": "002",
    "status_kepemilikan_rumah": "milik_sendiri",
    "luas_lantai": "36",
    "lantai": "semen",
    "dinding": "tembok",
    "atap": "genteng",
    "sumber_air_minum": "sumur_bor",
    "penerangan": "pln_meteran",
    "fasilitas_bab": "sendiri",
}
KOLOM_ANGGOTA = ("nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
                 "pendidikan", "pekerjaan")
ANGGOTA = [
    ("3574040203750011", "Slamet Riyadi", "Probolinggo", "1975-03-02", "L", "kepala", "kawin", "sd", "Buruh tani"),
    ("3574046108790012", "Sumiati", "Probolinggo", "1979-08-21", "P", "istri_suami", "kawin", "sd",
     "Mengurus rumah tangga"),
    ("3574043011050013", "Dimas Riyadi", "Probolinggo", "2005-11-30", "L", "anak", "belum_kawin", "sma",
     "Belum bekerja"),
    ("3574045204120014", "Putri Ayu Lestari", "Probolinggo", "2012-04-12", "P", "anak", "belum_kawin", "sd",
     "Pelajar"),
]


@dataclass
class Anggaran:
    kolom_teks: int = 0
    ketukan: int = 0
    dropdown: int = 0
    tanggal: int = 0
    tap: int = 0
    simpan: int = 0
    layar: float = 0.0
    rincian: list[str] = field(default_factory=list)

    def baris(self, nama: str) -> str:
        return (f"{nama:8} kolom teks {self.kolom_teks:3} · ketukan {self.ketukan:4} · dropdown {self.dropdown:3} · "
                f"isian tanggal {self.tanggal:2} · tap tambah anggota {self.tap} · simpan {self.simpan} · "
                f"tinggi {self.layar:.1f} layar")


def _nilai_diinginkan() -> dict[str, str]:
    from tksk.models import Wilayah

    hasil = {k: v for k, v in KELUARGA.items()}
    hasil["kelurahan"] = str(Wilayah.objects.get(kode=KELUARGA["kelurahan"]).pk)
    for i, orang in enumerate(ANGGOTA):
        for kolom, nilai in zip(KOLOM_ANGGOTA, orang, strict=True):
            hasil[f"anggota-{i}-{kolom}"] = nilai
    return hasil


def _jalan(browser, base_url: str, *, blokir_skrip: bool, password: str) -> Anggaran:
    ctx = browser.new_context(base_url=base_url, locale="id-ID", viewport={"width": 360, "height": 800},
                              is_mobile=True, has_touch=True)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    if blokir_skrip:
        page.route("**/pmks/ketik_cepat.js", lambda route: route.abort())
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("tksk.kanigaran")
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
    page.goto("/pmks/keluarga/tambah/")

    a = Anggaran()
    baris = page.get_by_test_id("baris-anggota")
    while baris.count() < len(ANGGOTA):
        page.get_by_test_id("tambah-anggota").tap()
        a.tap += 1
    mau = _nilai_diinginkan()

    # Page order; each value is read just before it is needed: a script may fill later fields from earlier ones.
    kolom_urut = page.locator(
        "form[data-testid=form-keluarga] :is(input, select, textarea):visible:not([type=hidden]):not([type=checkbox])"
    ).evaluate_all("els => els.map(e => e.name)")
    for nama in kolom_urut:
        if nama not in mau:
            continue
        el = page.locator(f"[name='{nama}']")
        tag = el.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        sekarang = el.input_value()
        ingin = mau[nama]
        if sekarang == ingin:
            a.rincian.append(f"  {nama}: sudah terisi ({ingin})")
            continue
        if tag.startswith("select"):
            el.select_option(ingin)
            a.dropdown += 1
        elif tag == "input:date":
            el.fill(ingin)
            a.tanggal += 1
        else:
            a.kolom_teks += 1
            el.tap()
            if sekarang and ingin.startswith(sekarang):
                el.press("End")
                sisa = ingin[len(sekarang):]
            else:
                if sekarang:
                    el.fill("")
                    a.ketukan += 1
                sisa = ingin
            el.press_sequentially(sisa)
            a.ketukan += len(sisa)
            if sisa != ingin:
                a.rincian.append(f"  {nama}: {len(ingin) - len(sisa)} digit sudah terisi")
    a.layar = page.evaluate("document.documentElement.scrollHeight") / 800

    for _ in range(3):
        page.get_by_test_id("simpan-keluarga").click()
        a.simpan += 1
        page.wait_for_load_state("networkidle")
        if "/pmks/keluarga/tambah/" not in page.url:
            break
    else:
        raise SystemExit(f"keluarga tidak tersimpan: {page.locator('.alert').all_inner_texts()}")
    ctx.close()
    return a


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hanya", choices=["sebelum", "sesudah"])
    parser.add_argument("--rinci", action="store_true", help="list the fields the page filled")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.runner import DiscoverRunner
    from django.test.testcases import LiveServerThread
    from django.test.utils import setup_test_environment
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, KODE, muat_data_referensi
    from tests.factories import PASSWORD, PenggunaFactory, wilayah

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0, interactive=False)
    lama = runner.setup_databases()
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    hasil = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            for mode in ("sebelum", "sesudah"):
                if args.hanya and args.hanya != mode:
                    continue
                call_command("flush", interactive=False, verbosity=0)
                muat_data_referensi()
                PenggunaFactory(username="tksk.kanigaran", peran="tksk", wilayah=wilayah(KODE["kanigaran"]))
                hasil[mode] = _jalan(browser, f"http://localhost:{server.port}", blokir_skrip=mode == "sebelum",
                                     password=PASSWORD)
            browser.close()
    finally:
        server.terminate()
        server.join(10)
        # Request threads of kept-alive browser connections may still hold a session: end them.
        from django.db import connection, connections

        with connection.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        connections.close_all()
        runner.teardown_databases(lama)

    print(f"Anggaran ketik: mendaftarkan keluarga 4 orang di /pmks/keluarga/tambah/ (360 × 800, {len(KELUARGA)} "
          f"isian keluarga + {len(KOLOM_ANGGOTA)} per anggota)")
    for mode, a in hasil.items():
        print(a.baris(mode))
        if args.rinci:
            print("\n".join(a.rincian) or "  (tidak ada yang terisi otomatis)")


if __name__ == "__main__":
    main()
