"""The pages and report figures ``bench_skala`` times, for one subject (see ``subjek``).

The largest subject's labels are as they always were; the fixed-size subject's carry `` [tetap]``,
name no area (a different kecamatan may be picked at each size, the label must stay the same) and
keep the largest subject's label under ``pembanding`` so that the growth tables pair them.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tksk.bench import jumlah_hasil, ukur_halaman

AKHIRAN_TETAP = " [tetap]"
LEBAR = 68  # label column ("laporan bulanan …, angka + PDF, 2026-12 (bulan berjalan) [tetap]")

# (label, user of the subject, URL with {fm} {nik} {nik_kota} {detail}, options); "provinsi_user" only on the largest
HALAMAN = (
    ("daftar keluarga, TKSK, 25/halaman", "tksk", "/pmks/", {}),
    ("daftar keluarga, Dinsos kab/kota, 25/halaman", "dinsos", "/pmks/", {}),
    ("daftar keluarga, Dinsos provinsi, 25/halaman", "provinsi_user", "/pmks/", {}),
    ("daftar keluarga, Dinsos, filter jenis FM", "dinsos", "/pmks/?jenis={fm}", {}),
    ("daftar keluarga, Dinsos, halaman 300", "dinsos", "/pmks/?page=300", {}),
    ("cari NIK, TKSK", "tksk", "/pmks/?q={nik}", {}),
    ("cari NIK, Dinsos", "dinsos", "/pmks/?q={nik_kota}", {}),
    ("cari nama \u201cDedi\u201d, TKSK", "tksk", "/pmks/?q=Dedi", {}),
    ("cari nama \u201cDedi\u201d, Dinsos", "dinsos", "/pmks/?q=Dedi", {}),
    ("cari nama salah ketik \u201cSulastry\u201d, Dinsos", "dinsos", "/pmks/?q=Sulastry", {}),
    ("cari nama ejaan lama \u201cSoelastri\u201d, Dinsos", "dinsos", "/pmks/?q=Soelastri", {}),
    ("cari nama \u201cSiti Rahayu\u201d, Dinsos provinsi", "provinsi_user", "/pmks/?q=Siti+Rahayu", {}),
    ("cari nama salah ketik \u201cSulastry\u201d, Dinsos provinsi", "provinsi_user", "/pmks/?q=Sulastry", {}),
    ("cari nama satu kata \u201cSiti\u201d, Dinsos provinsi", "provinsi_user", "/pmks/?q=Siti", {}),
    ("detail keluarga, TKSK", "tksk", "/pmks/keluarga/{detail}/", {}),
    ("antrean usulan, Dinsos", "dinsos", "/bantuan/", {}),
    ("antrean usulan, Dinsos, menunggu keputusan", "dinsos", "/bantuan/?status=menunggu", {}),
    ("antrean usulan, Dinsos, halaman setelah baris ke-10.000", "dinsos",
     "/bantuan/?setelah={antrean_dalam}&halaman=401", {}),
    ("antrean usulan, TKSK", "tksk", "/bantuan/", {}),
    ("beranda (dasbor), Dinsos, dihitung ulang", "dinsos", "/", {"dingin": True}),
    ("beranda (dasbor), TKSK, dihitung ulang", "tksk", "/", {"dingin": True}),
    ("beranda (dasbor), Dinsos, angka tersimpan", "dinsos", "/", {}),
    ("beranda (dasbor), TKSK, angka tersimpan", "tksk", "/", {}),
    ("tumpang tindih, Dinsos", "dinsos", "/bantuan/tumpang-tindih/", {}),
    ("tumpang tindih, TKSK", "tksk", "/bantuan/tumpang-tindih/", {}),
    ("belum terjangkau, Dinsos", "dinsos", "/bantuan/belum-terjangkau/", {}),
    ("belum terjangkau, TKSK", "tksk", "/bantuan/belum-terjangkau/", {}),
    ("hari ini (daftar kerja), TKSK", "tksk", "/pmks/pendampingan/hari-ini/", {}),
    ("daftar tindak lanjut, TKSK", "tksk", "/pmks/pendampingan/tindak-lanjut/", {}),
)


class Pengukur:
    """Times pages and functions (median of ``ulang`` after one warm-up), prints one row each and
    keeps ``{label: {"ms", "kueri"}}`` in ``hasil``; ``hanya`` keeps the labels containing one of them."""

    def __init__(self, tulis, *, ulang: int, hanya: list[str]):
        self.tulis_baris, self.ulang, self.hanya = tulis, ulang, [h.lower() for h in hanya]
        self.hasil: dict[str, dict] = {}

    def dilewati(self, label: str) -> bool:
        return bool(self.hanya) and not any(h in label.lower() for h in self.hanya)

    def catat(self, label: str, waktu: list[float], kueri: int, jumlah="-", **tambahan) -> None:
        median = statistics.median(waktu)
        self.hasil[label] = {"ms": round(median, 1), "kueri": kueri, **tambahan}
        self.tulis_baris(f"{label:<{LEBAR}} {median:>8.1f}ms {kueri:>6} {jumlah!s:>8}")

    def halaman(self, label: str, user, url: str, *, kali: int | None = None, dingin: bool = False,
                **tambahan) -> None:
        if self.dilewati(label):
            return
        waktu, kueri, resp = ukur_halaman(user, url, ulang=kali or self.ulang, dingin=dingin)
        self.catat(label, waktu, len(kueri), jumlah_hasil(resp.context), **tambahan)

    def fungsi(self, label: str, fn, *, kali: int | None = None, **tambahan) -> None:
        if self.dilewati(label):
            return
        fn()
        waktu = []
        for _ in range(kali or self.ulang):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                fn()
                waktu.append((time.perf_counter() - t0) * 1000)
        self.catat(label, waktu, len(ctx.captured_queries), **tambahan)


DALAM_ANTREAN = 10_000


def token_antrean(user, baris: int) -> str:
    """The ``setelah`` key of row ``baris`` of ``user``'s proposal queue (or of its last row when it is
    shorter): the link a user who paged that deep would follow. Found once with OFFSET (setup, not timed)."""
    from bantuan.models.usulan import URUTAN_ANTREAN
    from bantuan.selectors import usulan_antrian
    from tksk.paginasi import PaginatorKunci

    paginator = PaginatorKunci(usulan_antrian(user=user), 1, urutan=URUTAN_ANTREAN)
    qs = paginator.object_list
    obj = next(iter(qs[baris - 1: baris]), None) or qs.last()
    return paginator.token(paginator.kunci_dari(obj)) if obj else ""


def _label(dasar: str, tetap: bool, **nama) -> tuple[str, dict]:
    """The row's label for this subject and, on the fixed-size one, its ``pembanding``."""
    if not tetap:
        return dasar.format(**nama), {}
    return dasar.format(kec="kecamatan", kota="kab/kota") + AKHIRAN_TETAP, {"pembanding": dasar.format(**nama)}


def ukur_subjek(p: Pengukur, s: dict, *, tetap: bool, tanpa_pdf: bool, pembanding: dict | None = None) -> None:
    """Every page and figure of issue #16 for subject ``s``; on the fixed-size subject (``tetap``)
    those of a TKSK, a Dinsos kab/kota and the kecamatan report (not the province's), paired with
    the largest subject's names in ``pembanding`` (``{"kec": …, "kota": …}``)."""
    nama = pembanding or {"kec": s["kec"].nama, "kota": s["kota"].nama}
    for dasar, peran, url, opsi in HALAMAN:
        if "{antrean_dalam}" in url and "antrean_dalam" not in s:
            s["antrean_dalam"] = token_antrean(s["dinsos"], DALAM_ANTREAN)
        if "{antrean_dalam}" in url and not s["antrean_dalam"]:
            continue  # an empty queue has no page to seek to
        if peran in s:
            label, tambahan = _label(dasar, tetap, **nama)
            p.halaman(label, s[peran], url.format(**s), **opsi, **tambahan)
    _ukur_laporan(p, s, tetap=tetap, tanpa_pdf=tanpa_pdf, nama=nama)
    label, tambahan = _label("ekspor keluarga CSV, {kota} (Dinsos)", tetap, **nama)
    p.halaman(label, s["dinsos"], "/pmks/ekspor/keluarga.csv", kali=1, **tambahan)


def _ukur_laporan(p: Pengukur, s: dict, *, tetap: bool, tanpa_pdf: bool, nama: dict) -> None:
    from laporan.cetak import render_pdf_laporan
    from laporan.periode import Periode
    from laporan.selectors import angka_laporan, angka_rekap

    kec, kota, prov = s["kec"], s["kota"], s["provinsi"]
    ini = Periode.bulan_ini()
    bulan = ((ini.sebelumnya, "bulan lalu"), (ini, "bulan berjalan"))
    for per, teks in bulan:
        label, tambahan = _label(f"laporan bulanan {{kec}}, angka, {per.teks} ({teks})", tetap, **nama)
        p.fungsi(label, lambda per=per: angka_laporan(kecamatan=kec, periode=per), **tambahan)
    for per, teks in bulan if not tanpa_pdf else ():
        label, tambahan = _label(f"laporan bulanan {{kec}}, angka + PDF, {per.teks} ({teks})", tetap, **nama)
        p.fungsi(label, lambda per=per: render_pdf_laporan(angka_laporan(kecamatan=kec, periode=per)), kali=1,
                 **tambahan)
    for per, teks in bulan:
        label, tambahan = _label(f"rekap {{kota}}, angka, {per.teks} ({teks})", tetap, **nama)
        p.fungsi(label, lambda per=per: angka_rekap(kota=kota, periode=per), kali=1, **tambahan)
    for per, teks in bulan if not tetap else ():
        try:
            p.fungsi(f"rekap provinsi {prov.nama}, angka, {per.teks} ({teks})",
                     lambda per=per: angka_rekap(kota=prov, periode=per), kali=1)
        except Exception as exc:  # noqa: BLE001 - a figure the code cannot produce yet is reported, not fatal
            p.tulis_baris(f"{'rekap provinsi ' + prov.nama:<{LEBAR}} {'gagal':>10}  ({type(exc).__name__}: {exc})")
