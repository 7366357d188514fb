"""The user guide (``/panduan/``): its chapters, and the screenshots the browser-test harness makes.

The chapters are templates (``templates/panduan/bab/<kode>.html``), one per role; each user reads
every chapter, their own first. Screenshots are never drawn by hand: the harness
``tests/browser/test_panduan_gambar.py`` walks the real pages with the demo data at phone
(360 × 800) and desktop width and writes ``<nama>-hp.png`` / ``<nama>-lebar.png`` plus
``manifest.json`` (file → page URL, account, SHA-256) into :func:`folder_gambar`. The folder is
generated, not committed: a test run regenerates it, so the guide cannot show an outdated screen.
A screenshot that was not generated (yet) is shown as its caption with a note (``{% gambar %}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .models import Peran

# Screens at phone and at desktop width, in the order the guide shows them.
LAYAR = {"hp": "Ponsel (360 px)", "lebar": "Layar lebar"}
AWALAN_STATIS = "panduan/gambar"  # under STATIC_URL; the harness writes here


@dataclass(frozen=True)
class Bab:
    """One chapter of the guide: written for one role, readable by everyone."""

    kode: str
    judul: str
    peran: str
    ringkas: str
    layar_utama: str = "lebar"  # the one screenshot per figure the PDF prints (the screen this role uses most)

    @property
    def templat(self) -> str:
        return f"panduan/bab/{self.kode}.html"


BAB: tuple[Bab, ...] = (
    Bab("tksk", "Panduan TKSK", Peran.TKSK,
        "Masuk dan Hari ini, mendaftarkan keluarga, mencatat kunjungan dengan foto, mengusulkan bantuan, "
        "laporan bulanan, bekerja tanpa sinyal.", layar_utama="hp"),
    Bab("dinsos", "Panduan Staf Dinas Sosial", Peran.DINSOS,
        "Memverifikasi, menyetujui, mengembalikan atau menolak usulan, mencatat penyaluran, program bantuan, "
        "aduan, menerima laporan dan rekap kota."),
    Bab("pejabat", "Panduan Pejabat", Peran.PEJABAT,
        "Membaca data wilayah, mengunduh laporan bulanan (PDF), memeriksa laporan cetak melalui kode QR."),
    Bab("admin", "Panduan Administrator", Peran.ADMIN,
        "Pengguna dan peran, wilayah, cadangan dan pemulihan (cadangkan/pulihkan), log akses data pribadi."),
)
BAB_PER_KODE = {b.kode: b for b in BAB}


def bab_untuk(user) -> list[Bab]:
    """Every chapter, the user's own role first (the others keep their order)."""
    peran = getattr(user, "peran", None)
    return sorted(BAB, key=lambda b: b.peran != peran)


def folder_gambar() -> Path:
    """Where the harness writes the screenshots (a static-files folder, so pages and PDF find them)."""
    bawaan = Path(settings.BASE_DIR) / "static" / AWALAN_STATIS
    return Path(getattr(settings, "SIDAMPING_PANDUAN_GAMBAR", bawaan))


NAMA_MANIFEST = "manifest.json"
_cache: dict = {"kunci": None, "isi": {}}


def manifest() -> dict:
    """The harness's manifest (``{}`` before the first run); re-read when the file changes."""
    berkas = folder_gambar() / NAMA_MANIFEST
    try:
        st = berkas.stat()
    except OSError:
        return {}
    kunci = (str(berkas), st.st_mtime_ns, st.st_size)
    if _cache["kunci"] != kunci:
        try:
            isi = json.loads(berkas.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            isi = {}
        _cache.update(kunci=kunci, isi=isi if isinstance(isi, dict) else {})
    return _cache["isi"]


def nama_berkas(nama: str, layar: str) -> str:
    return f"{nama}-{layar}.png"


def gambar_tersedia(nama: str) -> list[dict]:
    """The generated screenshots of ``nama`` (phone first) that are in the manifest and on disk."""
    daftar = manifest().get("gambar", {})
    folder = folder_gambar()
    hasil = []
    for layar in LAYAR:
        berkas = nama_berkas(nama, layar)
        entri = daftar.get(berkas)
        if entri and (folder / berkas).is_file():
            hasil.append({**entri, "berkas": berkas, "layar": layar, "label_layar": LAYAR[layar]})
    return hasil
