"""Scoped reads for reports: which reports a user sees, the figures, the kop surat.

The figures of a report are a JSON-ready dict (``angka_laporan`` / ``angka_rekap``); a submitted
report's snapshot is that same dict frozen, so live drafts and frozen documents render through
the same templates and XLSX writer.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime

from django.conf import settings
from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tksk.basisdata import alias_baca_kini
from tksk.models import Peran, Tingkat, Wilayah
from tksk.permissions import Aksi, wajib
from tksk.scoping import boleh_baca_wilayah, kecamatan_untuk, wilayah_tugas

from .bagian import Lingkup, daftar_bagian
from .models import DokumenRekap, LaporanBulanan, PenandatanganCamat, PengaturanLaporan, StatusLaporan
from .periode import Periode

VERSI_SNAPSHOT = 1
TINGKAT_REKAP = (Tingkat.KOTA, Tingkat.KABUPATEN, Tingkat.PROVINSI)
# Recaps composed by the background worker, never in a request (``services.rekap_minta``): a
# province's recap reads every kab/kota below it (tens of seconds at 1 M households).
TINGKAT_REKAP_LATAR = frozenset({Tingkat.PROVINSI})


# --- scope -------------------------------------------------------------------------------
def laporan_list(*, user) -> QuerySet[LaporanBulanan]:
    return LaporanBulanan.objects.for_user(user).select_related("kecamatan", "penyusun")


def kecamatan_laporan(*, user) -> QuerySet[Wilayah]:
    return kecamatan_untuk(user).order_by("kode")


_KODE_WILAYAH = re.compile(r"^[0-9.]{1,13}$")  # Kemendagri codes: 35.74.04
_KODE_VERIFIKASI = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # secrets.token_urlsafe


def get_kecamatan_for_user(*, user, kode: str, write: bool = False) -> Wilayah:
    """A kecamatan the user may read (404 otherwise); ``write`` additionally requires the
    report-writing action in that kecamatan (403 for read-only roles and Dinas Sosial)."""

    if not _KODE_WILAYAH.match(kode):  # a null byte or junk in the URL: not a region, never a query
        raise Http404("Kecamatan tidak ditemukan.")
    try:
        kecamatan = Wilayah.objects.select_related("induk").get(kode=kode, tingkat=Tingkat.KECAMATAN)
    except Wilayah.DoesNotExist as exc:
        raise Http404("Kecamatan tidak ditemukan.") from exc
    if not boleh_baca_wilayah(user, kecamatan):
        raise Http404("Kecamatan tidak ditemukan.")
    if write:
        wajib(user, Aksi.SUSUN_LAPORAN, pesan="Peran Anda tidak berwenang menyusun laporan bulanan.")
    return kecamatan


def get_kota_for_user(*, user, kode: str) -> Wilayah:
    """A kota/kabupaten (or a province) whose whole area the user may read: the area of a recap
    (Dinsos, Pejabat kota or provinsi, admin)."""
    if not _KODE_WILAYAH.match(kode):
        raise Http404("Wilayah tidak ditemukan.")
    try:
        kota = Wilayah.objects.get(kode=kode, tingkat__in=TINGKAT_REKAP)
    except Wilayah.DoesNotExist as exc:
        raise Http404("Wilayah tidak ditemukan.") from exc
    if not boleh_baca_wilayah(user, kota):
        raise Http404("Wilayah tidak ditemukan.")
    return kota


def kota_untuk_rekap(*, user) -> Wilayah | None:
    """The kota/kabupaten (or province) whose recap this user may open, or None (TKSK, Pejabat
    kecamatan)."""
    area = wilayah_tugas(user)
    if area is None:
        return Wilayah.objects.filter(tingkat__in=[Tingkat.KOTA, Tingkat.KABUPATEN]).order_by("kode").first()
    if area.tingkat in TINGKAT_REKAP and user.peran in (Peran.DINSOS, Peran.PEJABAT):
        return area
    return None


def rekap_di_latar(wilayah: Wilayah) -> bool:
    """True when this area's recap is composed by the background worker, not in the request."""
    return wilayah.tingkat in TINGKAT_REKAP_LATAR


def kabkota_dalam(*, wilayah: Wilayah) -> list[Wilayah]:
    """The kab/kota of a province (for links to their recaps); empty below a province."""
    if wilayah.tingkat != Tingkat.PROVINSI:
        return []
    return list(Wilayah.objects.filter(induk=wilayah, tingkat__in=[Tingkat.KOTA, Tingkat.KABUPATEN]).order_by("kode"))


def dokumen_rekap_atau_none(*, wilayah: Wilayah, periode: Periode) -> DokumenRekap | None:
    return DokumenRekap.objects.select_related("diminta_oleh").filter(wilayah=wilayah, periode=periode.awal).first()


def laporan_atau_none(*, kecamatan: Wilayah, periode: Periode, untuk_update: bool = False) -> LaporanBulanan | None:
    qs = LaporanBulanan.objects.filter(kecamatan=kecamatan, periode=periode.awal)
    if untuk_update:
        qs = qs.select_for_update()
    return qs.first()


def get_laporan_by_kode(*, user, kode_verifikasi: str) -> LaporanBulanan:
    """A submitted report by its verification code, within the user's read area (404 otherwise)."""
    if not _KODE_VERIFIKASI.match(kode_verifikasi):
        raise Http404("Kode verifikasi tidak dikenal.")
    laporan = (
        LaporanBulanan.objects.for_user(user)
        .select_related("kecamatan", "penyusun")
        .filter(kode_verifikasi=kode_verifikasi)
        .first()
    )
    if laporan is None:
        raise Http404("Kode verifikasi tidak dikenal.")
    return laporan


# --- kop surat and signatories -----------------------------------------------------------
def _kota_dari(wilayah: Wilayah) -> Wilayah | None:
    """The area whose ``PengaturanLaporan`` applies: the kota/kabupaten (a province: itself)."""
    if wilayah.tingkat in TINGKAT_REKAP:
        return wilayah
    return wilayah.induk


def _pemerintah_bawaan(kota: Wilayah | None) -> str:
    if kota is not None and kota.tingkat == Tingkat.PROVINSI:
        return f"PEMERINTAH {nama_lengkap(kota).upper()}"
    return "PEMERINTAH KOTA PROBOLINGGO"


def kop_dan_ttd(*, wilayah: Wilayah) -> dict:
    """Kop surat and signatories from ``PengaturanLaporan`` with defaults from settings."""
    kota = _kota_dari(wilayah)
    pengaturan = PengaturanLaporan.objects.filter(wilayah=kota).first() if kota else None
    camat = None
    if wilayah.tingkat == Tingkat.KECAMATAN:
        camat = PenandatanganCamat.objects.filter(kecamatan=wilayah).first()
    return {
        "kop": {
            "pemerintah": pengaturan.pemerintah if pengaturan else _pemerintah_bawaan(kota),
            "instansi": (pengaturan.instansi if pengaturan else "") or settings.SIDAMPING_INSTANSI,
            "alamat": pengaturan.alamat if pengaturan else "",
            "logo": pengaturan.logo if pengaturan else "",
        },
        "tempat": pengaturan.kota_penandatanganan if pengaturan else (kota.nama if kota else ""),
        "camat": {
            "jabatan": f"Camat {wilayah.nama}" if wilayah.tingkat == Tingkat.KECAMATAN else "",
            "nama": camat.nama if camat else "",
            "nip": camat.nip if camat else "",
        },
        "kepala_dinas": {
            "jabatan": pengaturan.jabatan_kepala_dinas if pengaturan else "Kepala Dinas Sosial",
            "nama": pengaturan.nama_kepala_dinas if pengaturan else "",
            "nip": pengaturan.nip_kepala_dinas if pengaturan else "",
        },
        "url_dasar": pengaturan.url_dasar if pengaturan else "",
    }


def nama_lengkap(wilayah: Wilayah) -> str:
    """'Kecamatan Kanigaran', 'Kota Probolinggo' (kota names already carry their level)."""
    tingkat = wilayah.get_tingkat_display()
    return wilayah.nama if wilayah.nama.lower().startswith(tingkat.lower()) else f"{tingkat} {wilayah.nama}"


# --- figures -----------------------------------------------------------------------------
@contextmanager
def _tanpa_jit():
    """Run the report's aggregations with PostgreSQL's JIT off (transaction-local).

    The aggregations have large cost estimates, so PostgreSQL JIT-compiles them; at 100,000
    households compiling took ~2.4 s of a 3.1 s query that executes in 0.7 s (EXPLAIN ANALYZE).
    """
    alias = alias_baca_kini()  # the read replica when the view allows it (tksk.basisdata)
    with transaction.atomic(using=alias):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _lingkup(*, wilayah: Wilayah, periode: Periode) -> Lingkup:
    """The report's area and units: kelurahan in a kecamatan, kecamatan in a kab/kota, and
    kab/kota in a province (a recap of 666 kecamatan columns is unreadable, on paper and on screen)."""
    lingkup = Lingkup.untuk(wilayah=wilayah, periode=periode)
    if wilayah.tingkat == Tingkat.PROVINSI:
        kabkota = {
            w.kode: w.nama
            for w in Wilayah.objects.filter(induk=wilayah, tingkat__in=[Tingkat.KOTA, Tingkat.KABUPATEN])
        }
        lingkup.label_unit = "Kabupaten/Kota"
        lingkup.unit = [{"kode": kode, "nama": nama} for kode, nama in sorted(kabkota.items())]
        # kecamatan kode 35.20.11 → its kab/kota 35.20 (Kemendagri codes nest by prefix)
        lingkup.unit_kelurahan = {
            kel_id: kode_kec.rsplit(".", 1)[0]
            for kel_id, kode_kec in lingkup.unit_kelurahan.items()
            if kode_kec.rsplit(".", 1)[0] in kabkota
        }
    return lingkup


def _angka(*, wilayah: Wilayah, periode: Periode, jenis: str) -> dict:
    with _tanpa_jit():
        lingkup = _lingkup(wilayah=wilayah, periode=periode)
        bagian = [bangun(lingkup) for _kode, bangun in daftar_bagian()]
        kop = kop_dan_ttd(wilayah=wilayah)
    return {
        "versi": VERSI_SNAPSHOT,
        "jenis": jenis,
        "wilayah": {
            "kode": wilayah.kode,
            "nama": wilayah.nama,
            "tingkat": wilayah.get_tingkat_display(),
            "nama_lengkap": nama_lengkap(wilayah),
        },
        "periode": periode.awal.isoformat(),
        "dihitung_pada": timezone.now().isoformat(),
        "label_unit": lingkup.label_unit,
        "unit": lingkup.unit,
        "bagian": bagian,
        **kop,
    }


def angka_laporan(*, kecamatan: Wilayah, periode: Periode) -> dict:
    """Live figures of one kecamatan's month (rows per kelurahan); constant query count."""
    return _angka(wilayah=kecamatan, periode=periode, jenis="bulanan")


def angka_rekap(*, kota: Wilayah, periode: Periode) -> dict:
    """Live figures of the whole kota for the month, one row per kecamatan (a province: one row
    per kab/kota; composed by the worker, see ``TINGKAT_REKAP_LATAR``)."""
    return _angka(wilayah=kota, periode=periode, jenis="rekap")


def dokumen_laporan(*, kecamatan: Wilayah, periode: Periode, laporan: LaporanBulanan | None) -> dict:
    """What a monthly report shows: the frozen snapshot once submitted, live figures otherwise."""
    if laporan is not None and laporan.beku and laporan.snapshot:
        return siapkan_tampilan(laporan.snapshot)
    dokumen = angka_laporan(kecamatan=kecamatan, periode=periode)
    dokumen["narasi"] = narasi_dari(laporan)
    dokumen["penyusun"] = penyusun_dari(laporan, kecamatan=kecamatan)
    dokumen["draf"] = True
    return siapkan_tampilan(dokumen)


def narasi_dari(laporan: LaporanBulanan | None) -> dict:
    return {
        "kondisi_sosial": laporan.kondisi_sosial if laporan else "",
        "kendala": laporan.kendala if laporan else "",
        "rencana_tindak_lanjut": laporan.rencana_tindak_lanjut if laporan else "",
    }


def penyusun_dari(laporan: LaporanBulanan | None, *, kecamatan: Wilayah) -> dict:
    user = laporan.penyusun if laporan and laporan.penyusun_id else None
    if user is None:
        from tksk.models import Pengguna

        user = Pengguna.objects.filter(peran=Peran.TKSK, wilayah=kecamatan, is_active=True).order_by("id").first()
    return {"nama": user.nama_tampil if user else "", "nip": user.nip if user else ""}


def siapkan_tampilan(dokumen: dict) -> dict:
    """Turn ISO strings of a (possibly JSON-loaded) document into dates for the templates."""
    hasil = dict(dokumen)
    hasil["periode_tanggal"] = date.fromisoformat(dokumen["periode"])
    hasil["dihitung_pada_waktu"] = datetime.fromisoformat(dokumen["dihitung_pada"])
    if dokumen.get("diajukan_pada"):
        hasil["diajukan_pada_waktu"] = datetime.fromisoformat(dokumen["diajukan_pada"])
    hasil.setdefault("draf", False)
    if dokumen.get("narasi") is not None:
        narasi = dokumen["narasi"]
        hasil["narasi_list"] = [(judul, narasi.get(kode, "")) for kode, judul in JUDUL_NARASI]
    return hasil


JUDUL_NARASI = [
    ("kondisi_sosial", "Kondisi sosial"),
    ("kendala", "Kendala dan hambatan"),
    ("rencana_tindak_lanjut", "Rencana tindak lanjut"),
]


def status_per_kecamatan(*, user, periode_list: list[Periode]) -> dict[tuple[str, date], LaporanBulanan]:
    """Existing reports of the given months within the user's area, keyed (kecamatan kode, periode)."""
    laporan = laporan_list(user=user).filter(periode__in=[p.awal for p in periode_list])
    return {(lap.kecamatan.kode, lap.periode): lap for lap in laporan}


STATUS_TAMPIL = {s.value: s.label for s in StatusLaporan}
