"""Writes for monthly reports: narrative, submission (snapshot + PDF), acknowledgement, return,
and the download log. Status changes go through ``tksk.transisi.pindah_status`` along
``choices.TRANSISI``."""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from procrastinate.exceptions import AlreadyEnqueued

from tksk.konkurensi import versi_periksa_naikkan
from tksk.models import Tingkat, Wilayah
from tksk.permissions import Aksi, boleh_di, wajib
from tksk.transisi import bisa_pindah, pindah_status

from . import selectors
from .choices import TRANSISI, StatusRekap
from .models import (
    DokumenRekap,
    JenisUnduhan,
    LaporanBulanan,
    RiwayatStatusLaporan,
    RiwayatUnduhan,
    StatusLaporan,
    buat_kode_verifikasi,
)
from .notifikasi import beri_tahu_laporan
from .periode import Periode

log = logging.getLogger(__name__)

BATAS_NARASI = 5000


PESAN_PENYUSUN = "Hanya TKSK kecamatan ini yang dapat menyusun laporan bulanannya."
PESAN_PEMERIKSA = "Hanya Dinas Sosial yang dapat menerima atau mengembalikan laporan."
PESAN_PERAN = {StatusLaporan.DIAJUKAN: PESAN_PENYUSUN}  # the others: PESAN_PEMERIKSA


def _periksa_periode(periode: Periode) -> None:
    if not periode.sudah_berjalan():
        raise ValidationError("Laporan untuk bulan yang belum berjalan tidak dapat disusun.")


def _kunci_atau_buat(*, kecamatan: Wilayah, periode: Periode, oleh) -> LaporanBulanan:
    """Lock the report row, creating the draft first when it does not exist yet."""
    laporan = selectors.laporan_atau_none(kecamatan=kecamatan, periode=periode, untuk_update=True)
    if laporan is not None:
        return laporan
    try:
        with transaction.atomic():
            LaporanBulanan.objects.create(kecamatan=kecamatan, periode=periode.awal, penyusun=oleh)
    except IntegrityError:
        pass  # created concurrently by someone else: lock theirs below
    return selectors.laporan_atau_none(kecamatan=kecamatan, periode=periode, untuk_update=True)


def _pesan_status(laporan: LaporanBulanan, ke: str) -> str:
    if ke == StatusLaporan.DIAJUKAN:
        return f"Laporan sudah {laporan.get_status_display().lower()}; tidak dapat diajukan lagi."
    return (
        f"Laporan berstatus {laporan.get_status_display().lower()} tidak dapat diubah menjadi "
        f"{StatusLaporan(ke).label.lower()}."
    )


def _pindah_status(
    laporan: LaporanBulanan, *, kecamatan: Wilayah, ke: str, oleh, catatan: str = "", prasyarat=None
) -> None:
    """``tksk.transisi.pindah_status`` with the report's map, messages and history row (the
    history row keeps the SHA-256 of the PDF stored by the move, if any)."""
    pindah_status(
        laporan, ke, oleh, transisi=TRANSISI, wilayah=kecamatan, pesan_status=_pesan_status,
        pesan_peran=PESAN_PERAN.get(ke, PESAN_PEMERIKSA), prasyarat=prasyarat,
        riwayat=lambda dari, ke: RiwayatStatusLaporan.objects.create(
            laporan=laporan, dari_status=dari, ke_status=ke, oleh=oleh, catatan=catatan,
            sha256_pdf=laporan.sha256_pdf if ke == StatusLaporan.DIAJUKAN else "",
        ),
    )
    beri_tahu_laporan(laporan)  # the TKSK hears accepted / returned (laporan/notifikasi.py)


def tindakan_tersedia(user, *, kecamatan: Wilayah, periode: Periode, laporan: LaporanBulanan | None) -> set[str]:
    """The verbs ``user`` may use on the report of ``kecamatan`` × ``periode`` now (``laporan``:
    the row, ``None`` before the draft exists): ``narasi``, ``ajukan``, ``terima``, ``kembalikan``.

    Built from the same role, area, period, status and map the services check, so the page shows
    a form exactly when the service would accept it; what the user is about to type (an empty
    narrative, a missing note) is checked when it is sent.
    """
    status = laporan.status if laporan is not None else StatusLaporan.DRAF
    hasil = set()
    if boleh_di(user, Aksi.SUSUN_LAPORAN, kecamatan) and periode.sudah_berjalan():
        if laporan is None or laporan.bisa_diubah:
            hasil.add("narasi")
        if (status, StatusLaporan.DIAJUKAN) in TRANSISI:
            hasil.add("ajukan")
    if laporan is not None:
        for verba, ke in (("terima", StatusLaporan.DITERIMA), ("kembalikan", StatusLaporan.DIKEMBALIKAN)):
            if bisa_pindah(user, laporan, ke, transisi=TRANSISI, wilayah=kecamatan):
                hasil.add(verba)
    return hasil


def _bersihkan_narasi(teks: str, nama: str) -> str:
    teks = (teks or "").strip()
    if len(teks) > BATAS_NARASI:
        raise ValidationError(f"{nama} terlalu panjang (maksimal {BATAS_NARASI} karakter).")
    return teks


@transaction.atomic
def laporan_simpan_narasi(
    *, kecamatan: Wilayah, periode: Periode, oleh, versi: int | str | None, kondisi_sosial: str, kendala: str,
    rencana_tindak_lanjut: str,
) -> LaporanBulanan:
    """Save the TKSK's narrative of a draft (or returned) report, creating the draft if needed.

    ``versi``: the report's version the form was opened with (0 before the draft exists); a
    missing or stale one is refused, so two TKSK sessions never overwrite each other's text.
    """
    wajib(oleh, Aksi.SUSUN_LAPORAN, wilayah=kecamatan, pesan=PESAN_PENYUSUN)
    _periksa_periode(periode)
    narasi = {
        "kondisi_sosial": _bersihkan_narasi(kondisi_sosial, "Kondisi sosial"),
        "kendala": _bersihkan_narasi(kendala, "Kendala dan hambatan"),
        "rencana_tindak_lanjut": _bersihkan_narasi(rencana_tindak_lanjut, "Rencana tindak lanjut"),
    }
    laporan = _kunci_atau_buat(kecamatan=kecamatan, periode=periode, oleh=oleh)
    if not laporan.bisa_diubah:
        raise ValidationError(
            f"Laporan sudah {laporan.get_status_display().lower()}; narasi tidak dapat diubah lagi."
        )
    versi_periksa_naikkan(laporan, versi)
    for nama, nilai in narasi.items():
        setattr(laporan, nama, nilai)
    laporan.penyusun = oleh
    laporan.full_clean()
    laporan.save()
    return laporan


def url_verifikasi(*, kode: str, url_dasar: str) -> str:
    path = reverse("laporan:verifikasi", kwargs={"kode": kode})
    return f"{url_dasar.rstrip('/')}{path}" if url_dasar else path


def narasi_kosong(laporan: LaporanBulanan) -> list[str]:
    """The narrative parts still empty: a report is submitted only with all three filled in."""
    return [
        label
        for label, nilai in (
            ("kondisi sosial", laporan.kondisi_sosial),
            ("kendala dan hambatan", laporan.kendala),
            ("rencana tindak lanjut", laporan.rencana_tindak_lanjut),
        )
        if not nilai.strip()
    ]


def _bekukan(laporan: LaporanBulanan, *, kecamatan: Wilayah, periode: Periode, oleh, url_dasar: str) -> None:
    """Freeze figures + narrative in the snapshot and store the PDF rendered from it (not saved yet)."""
    from .cetak import render_pdf_laporan

    kosong = narasi_kosong(laporan)
    if kosong:
        raise ValidationError(f"Isi narasi terlebih dahulu: {', '.join(kosong)}.")
    laporan.penyusun = oleh
    if not laporan.kode_verifikasi:
        laporan.kode_verifikasi = buat_kode_verifikasi()
    sekarang = timezone.now()
    dokumen = selectors.angka_laporan(kecamatan=kecamatan, periode=periode)
    dokumen["narasi"] = selectors.narasi_dari(laporan)
    dokumen["penyusun"] = {"nama": oleh.nama_tampil, "nip": oleh.nip}
    dokumen["diajukan_pada"] = sekarang.isoformat()
    dokumen["kode_verifikasi"] = laporan.kode_verifikasi
    dokumen["url_verifikasi"] = url_verifikasi(
        kode=laporan.kode_verifikasi, url_dasar=dokumen.get("url_dasar") or url_dasar
    )
    pdf = render_pdf_laporan(dokumen)
    sha = hashlib.sha256(pdf).hexdigest()

    laporan.snapshot = dokumen
    laporan.sha256_pdf = sha
    laporan.diajukan_pada = sekarang
    laporan.diputuskan_pada = None
    nama_berkas = f"laporan-{kecamatan.kode_polos}-{periode.teks}-{sha[:8]}.pdf"
    laporan.berkas_pdf.save(nama_berkas, ContentFile(pdf), save=False)


@transaction.atomic
def laporan_ajukan(*, kecamatan: Wilayah, periode: Periode, oleh, url_dasar: str = "") -> LaporanBulanan:
    """Submit: freeze figures + narrative in the snapshot, render and store the PDF of it.

    ``url_dasar`` (e.g. ``https://sidamping.example.go.id``) makes the QR code an absolute
    address; the setting ``PengaturanLaporan.url_dasar`` wins when filled in.
    """
    wajib(oleh, Aksi.SUSUN_LAPORAN, wilayah=kecamatan, pesan=PESAN_PENYUSUN)
    _periksa_periode(periode)
    laporan = _kunci_atau_buat(kecamatan=kecamatan, periode=periode, oleh=oleh)
    _pindah_status(
        laporan, kecamatan=kecamatan, ke=StatusLaporan.DIAJUKAN, oleh=oleh,
        prasyarat=lambda: _bekukan(laporan, kecamatan=kecamatan, periode=periode, oleh=oleh, url_dasar=url_dasar),
    )
    laporan.save()
    return laporan


def _kunci_untuk_keputusan(*, kecamatan: Wilayah, periode: Periode) -> LaporanBulanan:
    laporan = selectors.laporan_atau_none(kecamatan=kecamatan, periode=periode, untuk_update=True)
    if laporan is None:
        raise ValidationError("Laporan bulan ini belum diajukan oleh TKSK.")
    return laporan


@transaction.atomic
def laporan_terima(*, kecamatan: Wilayah, periode: Periode, oleh, catatan: str = "") -> LaporanBulanan:
    """Dinas Sosial acknowledges a submitted report. The stored PDF stays unchanged."""
    wajib(oleh, Aksi.TERIMA_LAPORAN, wilayah=kecamatan, pesan=PESAN_PEMERIKSA)
    laporan = _kunci_untuk_keputusan(kecamatan=kecamatan, periode=periode)
    _pindah_status(
        laporan, kecamatan=kecamatan, ke=StatusLaporan.DITERIMA, oleh=oleh, catatan=(catatan or "").strip()
    )
    laporan.diputuskan_pada = timezone.now()
    laporan.save()
    return laporan


@transaction.atomic
def laporan_kembalikan(*, kecamatan: Wilayah, periode: Periode, oleh, catatan: str) -> LaporanBulanan:
    """Dinas Sosial returns a submitted report with a note; the TKSK revises and resubmits."""
    wajib(oleh, Aksi.TERIMA_LAPORAN, wilayah=kecamatan, pesan=PESAN_PEMERIKSA)
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError("Catatan pengembalian wajib diisi agar TKSK tahu apa yang perlu diperbaiki.")
    laporan = _kunci_untuk_keputusan(kecamatan=kecamatan, periode=periode)
    _pindah_status(laporan, kecamatan=kecamatan, ke=StatusLaporan.DIKEMBALIKAN, oleh=oleh, catatan=catatan)
    laporan.diputuskan_pada = timezone.now()
    laporan.save()
    return laporan


@transaction.atomic
def unduhan_catat(
    *, oleh, jenis: str, wilayah: Wilayah, periode: Periode, format: str, laporan: LaporanBulanan | None = None
) -> RiwayatUnduhan:
    """Record one download (called by every download view before the file is sent)."""
    if jenis == JenisUnduhan.BULANAN and wilayah.tingkat != Tingkat.KECAMATAN:
        raise ValidationError("Laporan bulanan hanya untuk kecamatan.")
    return RiwayatUnduhan.objects.create(
        laporan=laporan,
        jenis=jenis,
        wilayah=wilayah,
        periode=periode.awal,
        format=format,
        status_laporan=laporan.status if laporan else "",
        oleh=oleh,
    )


# --- recaps composed off-request (a province: tens of seconds) --------------------------------------
PESAN_REKAP_BERJALAN = "Rekap ini sedang disusun. Halaman ini menampilkannya begitu selesai."


@transaction.atomic
def rekap_minta(*, wilayah: Wilayah, periode: Periode, oleh) -> DokumenRekap:
    """Queue the composition of the recap of ``wilayah`` × ``periode`` for the background worker.

    Reading the recap is all it takes (the job changes no registry data): whoever may read the
    area may ask for it. One job per recap: asking while one is queued or running is refused with a
    message (unless that one is stuck, ``DokumenRekap.macet``); the previous result stays readable
    until the new one replaces it. The job is queued in this transaction (procrastinate shares the
    connection): it exists exactly when the request does.
    """
    from .tasks import susun_rekap

    wajib(oleh, Aksi.LIHAT_DATA, wilayah=wilayah)
    if not selectors.rekap_di_latar(wilayah):
        raise ValidationError("Rekap wilayah ini dihitung langsung saat halamannya dibuka; tidak perlu disusun.")
    _periksa_periode(periode)
    sekarang = timezone.now()
    rekap, baru = DokumenRekap.objects.select_for_update().get_or_create(
        wilayah=wilayah, periode=periode.awal, defaults={"diminta_oleh": oleh, "diminta_pada": sekarang}
    )
    if not baru:
        if rekap.sedang_berjalan and not rekap.macet:
            raise ValidationError(PESAN_REKAP_BERJALAN)
        rekap.status = StatusRekap.ANTRE
        rekap.diminta_oleh = oleh
        rekap.diminta_pada = sekarang
        rekap.mulai_pada = None
        rekap.galat = ""
        rekap.save(update_fields=["status", "diminta_oleh", "diminta_pada", "mulai_pada", "galat"])
    try:
        with transaction.atomic():  # a refused insert must not break this transaction
            susun_rekap.configure(queueing_lock=f"rekap:{rekap.pk}").defer(rekap_id=rekap.pk)
    except AlreadyEnqueued:
        pass  # a job for this recap is still waiting: it will compose it
    return rekap


def _mulai_rekap(rekap_id: int) -> DokumenRekap | None:
    with transaction.atomic():
        rekap = DokumenRekap.objects.select_for_update().select_related("wilayah").filter(pk=rekap_id).first()
        if rekap is None or not rekap.sedang_berjalan:
            return None  # already done (a re-queued job) or gone
        rekap.status = StatusRekap.BERJALAN
        rekap.mulai_pada = timezone.now()
        rekap.save(update_fields=["status", "mulai_pada"])
    return rekap


@transaction.atomic
def _akhiri_rekap(rekap_id: int, *, dokumen: dict | None, pdf: bytes | None, detik: float, galat: str = ""):
    from .notifikasi import beri_tahu_rekap

    rekap = DokumenRekap.objects.select_for_update().select_related("wilayah").get(pk=rekap_id)
    rekap.selesai_pada = timezone.now()
    rekap.detik = round(detik, 1)
    if pdf is None:
        rekap.status = StatusRekap.GAGAL
        rekap.galat = galat
    else:
        lama = rekap.berkas_pdf.name
        sha = hashlib.sha256(pdf).hexdigest()
        rekap.snapshot = dokumen
        rekap.sha256_pdf = sha
        nama = f"rekap-{rekap.wilayah.kode_polos}-{rekap.periode:%Y-%m}-{sha[:8]}.pdf"
        rekap.berkas_pdf.save(nama, ContentFile(pdf), save=False)
        rekap.status = StatusRekap.SELESAI
        rekap.galat = ""
        if lama and lama != rekap.berkas_pdf.name:
            penyimpanan = rekap.berkas_pdf.storage
            transaction.on_commit(lambda: penyimpanan.delete(lama))
    rekap.save()
    beri_tahu_rekap(rekap)
    return rekap


def rekap_susun(*, rekap_id: int) -> DokumenRekap | None:
    """The worker's part: compute the figures, render the PDF, store both, tell who asked.

    Figures and PDF are made outside a transaction holding the row (minutes at worst must not
    block the page that polls it). A failure is recorded on the row (``gagal`` with a message) and
    told to the user, who may ask again; it is not retried by the queue.
    """
    from .cetak import render_pdf_rekap

    rekap = _mulai_rekap(rekap_id)
    if rekap is None:
        return None
    mulai = time.monotonic()
    try:
        dokumen = selectors.angka_rekap(kota=rekap.wilayah, periode=Periode(rekap.periode))
        pdf = render_pdf_rekap(dokumen)
    except Exception as exc:  # noqa: BLE001 - any failure ends in "gagal" with a message the user sees
        log.exception("Rekap %s %s gagal disusun", rekap.wilayah.kode, rekap.periode)
        return _akhiri_rekap(
            rekap_id, dokumen=None, pdf=None, detik=time.monotonic() - mulai,
            galat=f"Rekap gagal disusun ({type(exc).__name__}). Coba susun lagi; bila berulang, hubungi administrator.",
        )
    log.info("Rekap %s %s disusun dalam %.1f s", rekap.wilayah.kode, rekap.periode, time.monotonic() - mulai)
    return _akhiri_rekap(rekap_id, dokumen=dokumen, pdf=pdf, detik=time.monotonic() - mulai)


def pdf_tersimpan(berkas, sha256: str) -> bytes | None:
    """The bytes of a stored PDF when the file exists and still has the recorded SHA-256 (else
    ``None``, logged: the caller renders from the snapshot or asks for a new composition)."""
    if not berkas:
        return None
    try:
        with berkas.open("rb") as fh:
            isi = fh.read()
    except OSError:
        log.error("Berkas PDF %s tidak ditemukan di penyimpanan", berkas.name)
        return None
    if sha256 and hashlib.sha256(isi).hexdigest() != sha256:
        log.error("Berkas PDF %s tidak cocok dengan SHA-256 yang tercatat", berkas.name)
        return None
    return isi
