"""Typing budget of registering a realistic household of 4 (issue #12, "Tests and figures").

Run through ``bin/anggaran-ketik`` (it prepares .venv and the private PostgreSQL). Not a test: it
prints figures. A throw-away database (``SIDAMPING_TEST_DB``, default ``test_sidamping_anggaran``)
is migrated, a TKSK of Kecamatan Kanigaran is created, the app is served on a random port and
Debian's Chromium (360 × 800, touch) walks GET /pmks/keluarga/tambah/ as it is rendered: every
visible field in page order, filled with the household below only where the field does not
already hold the wanted value (what the page's scripts filled is free; a prefilled prefix costs
only the rest). Counted:

- text fields typed into and their keystrokes (one per character; clearing a wrong value +1),
- dropdowns changed, date entries (native date picker), taps on "Tambah anggota", taps on choice
  buttons (radio/checkbox options, one-tap answers under a field, a household last name added to a
  name typed in part, opening a folded "Data tambahan"),
  submits (until the household is saved), and the page height in screens of 800 px.

A value is typed the way a person would (RT "3" for 003: the form pads it); after the save the
stored household and members are compared with the wanted values, so a field the page hid or
dropped fails the walk instead of lowering the count.

Two walks: ``sebelum`` with static/pmks/ketik_cepat.js blocked (no NIK-derived fields, prefixes,
row defaults or one-tap answers) and ``sesudah`` with it. ``--hanya sebelum|sesudah`` runs one.
After the ``sesudah`` walk a visit with a photo is recorded from the household page ("Catat
kunjungan"): inputs used, keystrokes and submits.

Figures of the form before issue #12 (commit 4112997, same household): sebelum 256 keystrokes,
24 dropdowns, 4 date pickers; sesudah 250 keystrokes, 20 dropdowns, 0 date pickers; 1 submit.
After #12: 127 keystrokes; with the last-name addition 120 (the issue's target, checked by
tests/browser/test_anggaran_ketik.py, which runs the ``sesudah`` walk).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
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
    "jenis_pmks": "24",  # Fakir Miskin (a JenisPMKS kode; resolved to its option)
    "status_kepemilikan_rumah": "milik_sendiri",
    "luas_lantai": "36",
    "lantai": "semen",
    "dinding": "tembok",
    "atap": "genteng",
    "sumber_air_minum": "sumur_bor",
    "penerangan": "pln_meteran",
    "fasilitas_bab": "sendiri",
    "diberi_tahu_privasi": "on",  # UU PDP: the household was informed of the privacy notice (one tap)
}
KOLOM_ANGGOTA = ("nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
                 "pendidikan", "pekerjaan")
# Job names as the KK prints them (Dukcapil's list).
ANGGOTA = [
    ("3574040203750011", "Slamet Riyadi", "Probolinggo", "1975-03-02", "L", "kepala", "kawin", "sd",
     "Buruh tani/perkebunan"),
    ("3574046108790012", "Sumiati", "Probolinggo", "1979-08-21", "P", "istri_suami", "kawin", "sd",
     "Mengurus rumah tangga"),
    ("3574043011050013", "Dimas Riyadi", "Probolinggo", "2005-11-30", "L", "anak", "belum_kawin", "sma",
     "Belum/tidak bekerja"),
    ("3574045204120014", "Putri Ayu Lestari", "Probolinggo", "2012-04-12", "P", "anak", "belum_kawin", "sd",
     "Pelajar/mahasiswa"),
]
# How a person types a value when the form accepts a shorter form of it (stored value in KELUARGA).
KETIK = {"rt": "3", "rw": "2"}
KUNJUNGAN = {
    "jenis": "bimbingan_perorangan",
    "catatan": "Atap bocor, Putri sering absen",
    "hasil": "Diajak ke sekolah besok",
}


@dataclass
class Anggaran:
    kolom_teks: int = 0
    ketukan: int = 0
    dropdown: int = 0
    tanggal: int = 0
    tap: int = 0
    pilihan: int = 0
    simpan: int = 0
    layar: float = 0.0
    rincian: list[str] = field(default_factory=list)

    def baris(self, nama: str) -> str:
        return (f"{nama:8} kolom teks {self.kolom_teks:3} · ketukan {self.ketukan:4} · dropdown {self.dropdown:3} · "
                f"isian tanggal {self.tanggal:2} · tap tambah anggota {self.tap} · tap pilihan {self.pilihan:2} · "
                f"simpan {self.simpan} · tinggi {self.layar:.1f} layar")


def _nilai_diinginkan() -> dict[str, str]:
    from pmks.models import JenisPMKS
    from tksk.models import Wilayah

    hasil = {k: v for k, v in KELUARGA.items()}
    hasil["kelurahan"] = str(Wilayah.objects.get(kode=KELUARGA["kelurahan"]).pk)
    hasil["jenis_pmks"] = str(JenisPMKS.objects.get(kode=int(KELUARGA["jenis_pmks"])).pk)
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
        "form[data-testid=form-keluarga] :is(input, select, textarea):not([type=hidden])"
    ).evaluate_all("els => [...new Set(els.filter(e => !e.closest('template, .d-none')).map(e => e.name))]")
    for nama in kolom_urut:
        if nama not in mau:
            continue
        _isi(page, a, nama, mau[nama], KETIK.get(nama))
    _isi_tanggal_lahir_dari_teks(page, a, mau)
    a.layar = page.evaluate("document.documentElement.scrollHeight") / 800

    for _ in range(3):
        page.get_by_test_id("simpan-keluarga").click()
        a.simpan += 1
        page.wait_for_load_state("networkidle")
        if "/pmks/keluarga/tambah/" not in page.url:
            break
    else:
        raise SystemExit(f"keluarga tidak tersimpan: {page.locator('.alert').all_inner_texts()}")
    _periksa_tersimpan(mau)
    if not blokir_skrip:
        a.kunjungan = _kunjungan(page)
    ctx.close()
    return a


def _buka_rincian(page, a: Anggaran, el) -> None:
    """A field folded under a closed <details> ("Data tambahan") costs one tap to open it."""
    if el.evaluate("e => !!e.closest('details:not([open])')"):
        el.evaluate("e => e.closest('details').querySelector('summary').click()")
        a.pilihan += 1
        a.rincian.append("  (buka Data tambahan)")


def _isi(page, a: Anggaran, nama: str, ingin: str, ketik: str | None) -> None:
    el = page.locator(f"[name='{nama}']").first
    _buka_rincian(page, a, el)
    tag = el.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
    if tag in ("input:radio", "input:checkbox"):
        # A single checkbox (Django renders it without a value): "on" means ticked.
        opsi = page.locator(f"[name='{nama}']" if ingin == "on" else f"[name='{nama}'][value='{ingin}']")
        if opsi.is_checked():
            a.rincian.append(f"  {nama}: sudah terpilih ({ingin})")
            return
        page.locator(f"label[for='{opsi.get_attribute('id')}']").tap()
        a.pilihan += 1
        return
    sekarang = el.input_value()
    if sekarang == ingin or (ketik and sekarang == ketik):
        a.rincian.append(f"  {nama}: sudah terisi ({ingin})")
        return
    if tag.startswith("select"):
        el.select_option(ingin)
        a.dropdown += 1
        return
    if tag == "input:date":
        el.fill(ingin)
        a.tanggal += 1
        return
    if tag == "input:text" and el.get_attribute("data-tanggal-ketik") is not None:
        ingin = "-".join(reversed(ingin.split("-")))  # typed as dd-mm-yyyy
        if sekarang == ingin:
            a.rincian.append(f"  {nama}: sudah terisi ({ingin})")
            return
    # A one-tap answer under the field with exactly this value.
    saran = page.locator(f"[name='{nama}'] ~ .saran-isian button[data-saran-nilai='{ingin}'], "
                         f"#div_id_{nama} button[data-saran-nilai='{ingin}']")
    if saran.count():
        saran.first.tap()
        a.pilihan += 1
        a.rincian.append(f"  {nama}: satu tap ({ingin})")
        return
    # A name typed in part, then the household's last name added with one tap ("Dimas" + "Riyadi").
    tambah = page.locator(f"#div_id_{nama} button[data-saran-tambah]").evaluate_all(
        "bs => bs.map(b => b.dataset.saranTambah)")
    akhiran = next((t for t in tambah if ingin.endswith(" " + t) and len(ingin) > len(t) + 1), None)
    a.kolom_teks += 1
    el.tap()
    teks = ketik or ingin
    if akhiran and not ketik and not sekarang:
        depan = ingin[: -(len(akhiran) + 1)]
        el.press_sequentially(depan)
        a.ketukan += len(depan)
        page.locator(f"#div_id_{nama} button[data-saran-tambah='{akhiran}']").tap()
        a.pilihan += 1
        a.rincian.append(f"  {nama}: {depan!r} diketik + satu tap {akhiran!r}")
        return
    if sekarang and teks.startswith(sekarang):
        el.press("End")
        sisa = teks[len(sekarang):]
    else:
        if sekarang:
            el.fill("")
            a.ketukan += 1
        sisa = teks
    if tag == "input:text" and el.get_attribute("data-tanggal-ketik") is not None:
        sisa = sisa.replace("-", "")  # the mask puts the dashes in
    el.press_sequentially(sisa)
    a.ketukan += len(sisa)
    if sisa != teks:
        a.rincian.append(f"  {nama}: {len(teks) - len(sisa)} karakter sudah terisi")


def _isi_tanggal_lahir_dari_teks(page, a: Anggaran, mau: dict) -> None:
    """Nothing left to do: every birth date is either filled (from the NIK) or was typed above."""


def _periksa_tersimpan(mau: dict) -> None:
    """The walk counts only if the household was stored with every wanted value."""
    from pmks.models import Keluarga

    k = Keluarga.objects.get(no_kk=KELUARGA["no_kk"])
    salah = []
    for kolom, ingin in KELUARGA.items():
        if kolom == "diberi_tahu_privasi":
            if not k.pemberitahuan_privasi.exists():
                salah.append("diberi_tahu_privasi: tidak tercatat")
            continue
        if kolom == "jenis_pmks":
            nyata = [str(j) for j in k.klasifikasi.filter(aktif=True).values_list("jenis__kode", flat=True)]
            if nyata != [ingin]:
                salah.append(f"jenis_pmks: {nyata}")
            continue
        nyata = k.kelurahan.kode if kolom == "kelurahan" else getattr(k, kolom)
        sama = Decimal(ingin) == nyata if isinstance(nyata, Decimal) else str(nyata) == ingin
        if not sama:
            salah.append(f"{kolom}: {nyata!r} ≠ {ingin!r}")
    orang = {x.nik: x for x in k.anggota.all()}
    for baris in ANGGOTA:
        x = orang.get(baris[0])
        if x is None:
            salah.append(f"anggota {baris[0]} tidak tersimpan")
            continue
        for kolom, ingin in zip(KOLOM_ANGGOTA, baris, strict=True):
            if str(getattr(x, kolom)) != ingin:
                salah.append(f"{x.nama}.{kolom}: {getattr(x, kolom)!r} ≠ {ingin!r}")
    if salah:
        raise SystemExit("data tersimpan berbeda dengan yang diisi:\n  " + "\n  ".join(salah))


@dataclass
class AnggaranKunjungan:
    isian: int = 0
    ketukan: int = 0
    simpan: int = 0
    foto: int = 0

    def baris(self) -> str:
        return (f"kunjungan dengan foto: isian dipakai {self.isian} · ketukan {self.ketukan} · "
                f"foto {self.foto} · simpan {self.simpan}")


def _foto_jpeg() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 140, 90)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _kunjungan(page) -> AnggaranKunjungan:
    """From the household page just saved: "Catat kunjungan", the visit's type, notes, a photo, save."""
    k = AnggaranKunjungan()
    page.get_by_role("link", name="Catat kunjungan").first.tap()
    page.wait_for_load_state("networkidle")
    for nama, ingin in KUNJUNGAN.items():
        el = page.locator(f"[name='{nama}']").first
        tag = el.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        k.isian += 1
        if tag == "input:radio":
            page.locator(f"label[for='{page.locator(f'[name={nama}][value={ingin}]').get_attribute('id')}']").tap()
        elif tag.startswith("select"):
            el.select_option(ingin)
        else:
            el.tap()
            el.press_sequentially(ingin)
            k.ketukan += len(ingin)
    page.locator("input[type=file][name=foto]").set_input_files(
        [{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": _foto_jpeg()}]
    )
    k.isian += 1
    k.foto = 1
    page.get_by_test_id("ukuran-foto").first.wait_for()
    tombol = page.locator("form button[type=submit]").last
    tombol.click()
    k.simpan += 1
    page.wait_for_load_state("networkidle")
    from pmks.pendampingan.models import Kunjungan

    if not Kunjungan.objects.filter(catatan=KUNJUNGAN["catatan"]).exists():
        raise SystemExit(f"kunjungan tidak tersimpan: {page.locator('.alert').all_inner_texts()}")
    return k


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
    for a in hasil.values():
        if getattr(a, "kunjungan", None):
            print(a.kunjungan.baris())


if __name__ == "__main__":
    main()
