"""The user guide's screenshots are made here, never by hand (issue #15): the demo data set is loaded,
each role logs in through the real login form, and every page the guide shows is photographed at
phone (360 × 800, touch) and desktop (1280 × 800) width into ``tksk.panduan.folder_gambar()``, with
``manifest.json`` (file → page URL, account, SHA-256, size). The set is written to a fresh folder and
swapped in only when complete, so the guide never mixes screens of two runs. Afterwards the guide's
pages are rendered: every ``<img>`` they show must be a file of this run, listed in the manifest with
its hash, and every ``{% gambar %}`` of the guide must have been photographed.

Run it alone: ``bin/test tests/browser/test_panduan_gambar.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tksk import panduan

pytestmark = [pytest.mark.browser]

LAYAR_UKURAN = {
    "hp": {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True},
    "lebar": {"viewport": {"width": 1280, "height": 800}},
}
AKUN = {"tksk": "tksk.kanigaran", "dinsos": "dinsos", "pejabat": "pejabat.kota", "admin": "admin", "anonim": None}


@dataclass(frozen=True)
class Jepretan:
    """One screenshot of the guide: ``nama`` as used in ``{% gambar "nama" … %}``."""

    nama: str
    akun: str  # key of AKUN
    url: Callable[[dict], str]  # receives the demo objects (see _dunia)
    fokus: str | None = None  # scroll this element into view and outline it before the shot
    layar: tuple[str, ...] = ("hp", "lebar")


JEPRETAN: tuple[Jepretan, ...] = (
    # TKSK
    Jepretan("tksk-masuk", "anonim", lambda d: "/accounts/login/"),
    Jepretan("tksk-hari-ini", "tksk", lambda d: "/pmks/pendampingan/hari-ini/"),
    Jepretan("tksk-keluarga-daftar", "tksk", lambda d: "/pmks/keluarga/tambah/"),
    Jepretan("tksk-keluarga-detail", "tksk", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/"),
    Jepretan("tksk-kunjungan", "tksk", lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/kunjungan/tambah/"),
    Jepretan("tksk-kunjungan-foto", "tksk",
             lambda d: f"/pmks/pendampingan/keluarga/{d['keluarga'].pk}/kunjungan/tambah/", fokus="input[type=file]"),
    Jepretan("tksk-usulan-baru", "tksk", lambda d: f"/bantuan/usulan/baru/?keluarga={d['keluarga'].pk}"),
    Jepretan("tksk-laporan", "tksk", lambda d: f"/laporan/{d['kecamatan']}/{d['bulan_ini']}/",
             fokus="[data-testid=tombol-ajukan]"),
    Jepretan("tksk-luring", "tksk", lambda d: "/luring/"),
    Jepretan("tksk-kotak-keluar", "tksk", lambda d: "/luring/kotak-keluar/"),
    # Dinas Sosial
    Jepretan("dinsos-beranda", "dinsos", lambda d: "/"),
    Jepretan("dinsos-usulan-daftar", "dinsos", lambda d: "/bantuan/?status=menunggu"),
    Jepretan("dinsos-usulan-verifikasi", "dinsos", lambda d: f"/bantuan/usulan/{d['usulan_diajukan'].pk}/"),
    Jepretan("dinsos-usulan-setujui", "dinsos", lambda d: f"/bantuan/usulan/{d['usulan_diverifikasi'].pk}/"),
    Jepretan("dinsos-penyaluran", "dinsos", lambda d: f"/bantuan/usulan/{d['usulan_disetujui'].pk}/penyaluran/"),
    Jepretan("dinsos-program", "dinsos", lambda d: "/bantuan/program/"),
    Jepretan("dinsos-program-baru", "dinsos", lambda d: "/bantuan/program/baru/"),
    Jepretan("dinsos-aduan", "dinsos", lambda d: "/aduan/"),
    Jepretan("dinsos-aduan-detail", "dinsos", lambda d: f"/aduan/{d['aduan'].pk}/"),
    Jepretan("dinsos-laporan", "dinsos", lambda d: f"/laporan/{d['kecamatan']}/{d['bulan_lalu']}/"),
    Jepretan("dinsos-rekap", "dinsos", lambda d: f"/laporan/rekap/{d['kota']}/{d['bulan_lalu']}/"),
    # Pejabat
    Jepretan("pejabat-beranda", "pejabat", lambda d: "/"),
    Jepretan("pejabat-keluarga", "pejabat", lambda d: f"/pmks/keluarga/{d['keluarga'].pk}/"),
    Jepretan("pejabat-laporan", "pejabat", lambda d: f"/laporan/{d['kecamatan']}/{d['bulan_lalu']}/"),
    Jepretan("pejabat-verifikasi", "pejabat", lambda d: f"/laporan/verifikasi/{d['kode_verifikasi']}/"),
    # Administrator (Django's admin is a desktop tool)
    Jepretan("admin-beranda", "admin", lambda d: "/admin/", layar=("lebar",)),
    Jepretan("admin-pengguna", "admin", lambda d: "/admin/tksk/pengguna/add/", layar=("lebar",)),
    Jepretan("admin-wilayah", "admin", lambda d: "/admin/tksk/wilayah/", layar=("lebar",)),
    Jepretan("admin-log-akses", "admin", lambda d: "/pmks/akses/"),
)

POLA_GAMBAR = re.compile(r"""{%\s*gambar\s+"([^"]+)\"""")


def nama_di_panduan() -> set[str]:
    """Every screenshot name the guide's templates use (``{% gambar "nama" … %}``)."""
    akar = Path(__file__).resolve().parents[2] / "templates" / "panduan"
    return {m for berkas in akar.rglob("*.html") for m in POLA_GAMBAR.findall(berkas.read_text(encoding="utf-8"))}


def _dunia() -> dict:
    """The demo objects the pages are about; one proposal of the demo is approved here so that the
    distribution form can be shown (the demo has none waiting for distribution)."""
    from bantuan.choices import StatusUsulan as S
    from bantuan.models import Aduan, Usulan
    from bantuan.services.usulan import usulan_setujui, usulan_verifikasi
    from laporan.models import LaporanBulanan, StatusLaporan
    from laporan.periode import Periode
    from pmks.models import Keluarga
    from tksk.models import Pengguna

    kanigaran = "35.74.04"
    dinsos = Pengguna.objects.get(username="dinsos")
    usulan = Usulan.objects.select_related("keluarga__kelurahan__induk")
    disetujui = usulan.filter(status=S.DISETUJUI).first()
    if disetujui is None:
        calon = usulan.filter(status=S.DIAJUKAN).exclude(keluarga__kelurahan__induk__kode=kanigaran).first()
        usulan_verifikasi(usulan=calon, oleh=dinsos)
        disetujui = usulan_setujui(usulan=Usulan.objects.get(pk=calon.pk), oleh=dinsos)
    laporan = LaporanBulanan.objects.filter(
        kecamatan__kode=kanigaran, status=StatusLaporan.DITERIMA).order_by("-periode").first()
    ini = Periode.bulan_ini()
    return {
        "kecamatan": kanigaran,
        "kota": "35.74",
        "keluarga": Keluarga.objects.filter(kelurahan__induk__kode=kanigaran, status="aktif").order_by("pk").first(),
        "usulan_diajukan": usulan.filter(status=S.DIAJUKAN, keluarga__kelurahan__induk__kode=kanigaran).first()
        or usulan.filter(status=S.DIAJUKAN).first(),
        "usulan_diverifikasi": usulan.filter(status=S.DIVERIFIKASI).first(),
        "usulan_disetujui": disetujui,
        "aduan": Aduan.objects.order_by("pk").first(),
        "bulan_ini": ini.teks,
        "bulan_lalu": laporan.periode.strftime("%Y-%m"),
        "kode_verifikasi": laporan.kode_verifikasi,
    }


GARIS_FOKUS = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const sasaran = el.type === 'file' ? (el.closest('.mb-3, .form-group, fieldset') || el) : el;
  sasaran.scrollIntoView({block: 'center'});
  sasaran.style.outline = '3px solid #dc3545';
  sasaran.style.outlineOffset = '3px';
  return true;
}"""


def _potret(konteks, j: Jepretan, dunia: dict, layar: str, folder: Path) -> dict:
    pg = konteks.pages[0] if konteks.pages else konteks.new_page()
    url = j.url(dunia)
    resp = pg.goto(url)
    pg.wait_for_load_state("networkidle")
    assert resp is not None and resp.status == 200, f"{j.nama}: {url} menjawab {resp and resp.status}"
    if j.fokus:
        assert pg.evaluate(GARIS_FOKUS, j.fokus), f"{j.nama}: {j.fokus} tidak ada di {url}"
        pg.wait_for_timeout(150)
    berkas = panduan.nama_berkas(j.nama, layar)
    pg.screenshot(path=str(folder / berkas), animations="disabled", caret="hide")
    isi = (folder / berkas).read_bytes()
    ukuran = LAYAR_UKURAN[layar]["viewport"]
    return {
        "nama": j.nama, "layar": layar, "url": url, "akun": AKUN[j.akun] or "(belum masuk)",
        "sha256": hashlib.sha256(isi).hexdigest(), "lebar": ukuran["width"], "tinggi": ukuran["height"],
    }


def _buat_semua(_browser, live_server, settings, folder: Path) -> dict:
    from tests.conftest import login_browser

    dunia = _dunia()
    gambar = {}
    for akun in AKUN:
        for layar, ukuran in LAYAR_UKURAN.items():
            daftar = [j for j in JEPRETAN if j.akun == akun and layar in j.layar]
            if not daftar:
                continue
            konteks = _browser.new_context(base_url=live_server.url, locale="id-ID", **ukuran)
            konteks.set_default_timeout(15_000)
            try:
                pg = konteks.new_page()
                if AKUN[akun]:
                    login_browser(pg, AKUN[akun], settings.SIDAMPING_DEMO_PASSWORD)
                for j in daftar:
                    entri = _potret(konteks, j, dunia, layar, folder)
                    gambar[panduan.nama_berkas(j.nama, layar)] = entri
            finally:
                konteks.close()
    return gambar


def _tukar(baru: Path, tujuan: Path) -> None:
    """Replace the previous set by the new one (both under the same parent: renames)."""
    lama = tujuan.with_name(tujuan.name + ".lama")
    shutil.rmtree(lama, ignore_errors=True)
    if tujuan.exists():
        tujuan.rename(lama)
    baru.rename(tujuan)
    shutil.rmtree(lama, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_harness_regenerates_every_guide_screenshot_from_the_demo_data(_browser, live_server, settings, client):
    mulai = time.monotonic()
    call_command("demo_data", stdout=io.StringIO())
    waktu_demo = time.monotonic() - mulai

    tujuan = panduan.folder_gambar()
    baru = tujuan.with_name(tujuan.name + ".baru")
    shutil.rmtree(baru, ignore_errors=True)
    baru.mkdir(parents=True)
    gambar = _buat_semua(_browser, live_server, settings, baru)
    isi_manifest = {
        "dibuat": timezone.now().isoformat(timespec="seconds"),
        "pembuat": "tests/browser/test_panduan_gambar.py",
        "gambar": dict(sorted(gambar.items())),
    }
    (baru / panduan.NAMA_MANIFEST).write_text(json.dumps(isi_manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    _tukar(baru, tujuan)
    waktu_total = time.monotonic() - mulai
    print(f"\npanduan: {len(gambar)} gambar; data demo {waktu_demo:.1f} s, total {waktu_total:.1f} s")

    # Every name the guide uses was photographed, in every layout it declares.
    dijepret = {j.nama for j in JEPRETAN}
    assert nama_di_panduan() <= dijepret, f"gambar di panduan tanpa jepretan: {nama_di_panduan() - dijepret}"
    for j in JEPRETAN:
        for layar in j.layar:
            assert panduan.nama_berkas(j.nama, layar) in gambar

    # Every <img> the rendered guide shows is a file of this run, listed with its hash.
    from tksk.models import Pengguna

    client.force_login(Pengguna.objects.get(username="dinsos"))
    for bab in panduan.BAB:
        html = client.get(f"/panduan/{bab.kode}/").content.decode()
        artikel = html.split(f'id="bab-{bab.kode}"', 1)[1]
        src = re.findall(r'<img src="([^"]+)"', artikel)
        harapan = {
            panduan.nama_berkas(n, layar) for n in POLA_GAMBAR.findall(_sumber_bab(bab))
            for j in JEPRETAN if j.nama == n for layar in j.layar
        }
        dilihat = {s.rsplit("/", 1)[1] for s in src}
        assert dilihat == harapan, f"bab {bab.kode}: gambar tampil {sorted(dilihat)} ≠ {sorted(harapan)}"
        for berkas in dilihat:
            isi = (tujuan / berkas).read_bytes()
            assert hashlib.sha256(isi).hexdigest() == gambar[berkas]["sha256"], berkas
            assert isi.startswith(b"\x89PNG"), berkas
        assert "gambar-belum-ada" not in artikel

    _panduan_terbaca_di_hp(_browser, live_server, settings)


GAMBAR_DIMUAT = """() => {
  const img = [...document.querySelectorAll('article img')];
  return {jumlah: img.length, rusak: img.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
          lebar: document.documentElement.scrollWidth};
}"""


def _panduan_terbaca_di_hp(_browser, live_server, settings) -> None:
    """The app serves the new screenshots, and the guide fits a 360 px phone (no sideways scroll)."""
    from tests.conftest import login_browser

    konteks = _browser.new_context(base_url=live_server.url, locale="id-ID", **LAYAR_UKURAN["hp"])
    try:
        pg = konteks.new_page()
        login_browser(pg, AKUN["tksk"], settings.SIDAMPING_DEMO_PASSWORD)
        for bab in panduan.BAB:
            pg.goto(f"/panduan/{bab.kode}/")
            for img in pg.locator("article img").all():  # lazy images: bring each into view
                img.scroll_into_view_if_needed()
            pg.wait_for_load_state("networkidle")
            hasil = pg.evaluate(GAMBAR_DIMUAT)
            assert hasil["jumlah"] > 0 and hasil["rusak"] == [], f"{bab.kode}: {hasil}"
            assert hasil["lebar"] <= 360, f"{bab.kode}: halaman bergeser horizontal ({hasil['lebar']} px)"
    finally:
        konteks.close()


def _sumber_bab(bab: panduan.Bab) -> str:
    akar = Path(__file__).resolve().parents[2] / "templates"
    return (akar / bab.templat).read_text(encoding="utf-8")
