"""Writes of pendampingan records (views and commands call these; they never re-implement rules).

Every service takes the acting user and checks the write scope itself: a household outside
the user's writable area is rejected even if a view forgot to check.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tksk import batas
from tksk.berkas import nama_menurut_isi
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import Aksi, wajib
from tksk.transisi import bisa_pindah, pindah_status, tujuan_dari

from ..models import Anggota, Keluarga
from . import choices as pc
from .models import PSKS, FotoKunjungan, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

MAKS_FOTO_PER_KUNJUNGAN = 6


PESAN_PERAN = "Peran Anda tidak berwenang mencatat pendampingan."
PESAN_WILAYAH = "{wilayah} berada di luar wilayah tugas Anda."


def _periksa_keluarga_kunjungan(keluarga_list: list[Keluarga]) -> None:
    if not keluarga_list:
        raise ValidationError("Pilih minimal satu keluarga.")
    kecamatan = {k.kelurahan.induk_id for k in keluarga_list}
    if len(kecamatan) > 1:
        raise ValidationError("Keluarga dalam satu kegiatan harus berada di kecamatan yang sama.")


def _periksa_kunjungan(
    *, tanggal: date, tanggal_tindak_lanjut: date | None, jenis: str, jumlah_keluarga: int, kolom_keluarga: str
) -> None:
    """The rules of a visit, the same for recording and for correcting it (dates within
    ``tksk.batas`` windows, follow-up not before the visit, a group session has several households)."""
    batas.periksa_field("tanggal", tanggal, *Kunjungan._meta.get_field("tanggal").validators)
    batas.periksa_field(
        "tanggal_tindak_lanjut", tanggal_tindak_lanjut, *Kunjungan._meta.get_field("tanggal_tindak_lanjut").validators
    )
    if tanggal_tindak_lanjut and tanggal_tindak_lanjut < tanggal:
        raise ValidationError(
            {"tanggal_tindak_lanjut": "Tanggal tindak lanjut tidak boleh sebelum tanggal kegiatan."}
        )
    if jenis == pc.JenisKunjungan.BIMBINGAN_KELOMPOK and jumlah_keluarga < 2:
        raise ValidationError({kolom_keluarga: "Bimbingan kelompok melibatkan minimal dua keluarga."})


def _simpan_foto(*, kunjungan: Kunjungan, foto: list[UploadedFile], oleh) -> None:
    sudah = kunjungan.foto.count() if kunjungan.pk else 0
    if sudah + len(foto) > MAKS_FOTO_PER_KUNJUNGAN:
        raise ValidationError({"foto": f"Paling banyak {MAKS_FOTO_PER_KUNJUNGAN} foto per kegiatan."})
    for berkas in foto:
        obj = FotoKunjungan(kunjungan=kunjungan, berkas=berkas, diunggah_oleh=oleh)
        obj.full_clean()  # validasi_foto: a real photo within the limits, named by the client's name in errors
        obj.berkas.name = nama_menurut_isi(berkas)  # stored with the detected type's extension
        obj.save()


@transaction.atomic
def kunjungan_catat(
    *,
    oleh,
    keluarga: list[Keluarga],
    tanggal: date,
    jenis: str,
    peran: list[str] | None = None,
    catatan: str = "",
    hasil: str = "",
    tanggal_tindak_lanjut: date | None = None,
    rencana_tindak_lanjut: str = "",
    foto: list[UploadedFile] | None = None,
) -> Kunjungan:
    """Record a visit/activity; a follow-up date creates an open follow-up item for each household."""
    keluarga = list(dict.fromkeys(keluarga))  # unique, order kept: the first is the main household
    _periksa_keluarga_kunjungan(keluarga)
    wajib(
        oleh, Aksi.PENDAMPINGAN, wilayah={k.kelurahan for k in keluarga}, pesan=PESAN_PERAN,
        pesan_wilayah=PESAN_WILAYAH,
    )
    _periksa_kunjungan(
        tanggal=tanggal, tanggal_tindak_lanjut=tanggal_tindak_lanjut, jenis=jenis, jumlah_keluarga=len(keluarga),
        kolom_keluarga="keluarga_lain",
    )

    kunjungan = Kunjungan(
        kelurahan=keluarga[0].kelurahan,
        tanggal=tanggal,
        jenis=jenis,
        peran=list(dict.fromkeys(peran or [])),
        catatan=catatan.strip(),
        hasil=hasil.strip(),
        tanggal_tindak_lanjut=tanggal_tindak_lanjut,
        dicatat_oleh=oleh,
    )
    kunjungan.full_clean()
    kunjungan.save()
    kunjungan.keluarga.set(keluarga)

    if tanggal_tindak_lanjut:
        uraian = rencana_tindak_lanjut.strip() or f"Kunjungan lanjutan ({kunjungan.get_jenis_display().lower()})"
        for kel in keluarga:
            RencanaTindakLanjut.objects.create(
                keluarga=kel, kelurahan_id=kel.kelurahan_id, kunjungan=kunjungan, uraian=uraian[:255],
                batas_waktu=tanggal_tindak_lanjut, dibuat_oleh=oleh,
            )
    if foto:
        _simpan_foto(kunjungan=kunjungan, foto=foto, oleh=oleh)
    return kunjungan


@transaction.atomic
def kunjungan_ubah(
    *,
    kunjungan: Kunjungan,
    oleh,
    versi: int | str | None,
    tanggal: date,
    jenis: str,
    peran: list[str] | None = None,
    catatan: str = "",
    hasil: str = "",
    tanggal_tindak_lanjut: date | None = None,
    foto: list[UploadedFile] | None = None,
) -> Kunjungan:
    """Correct a recorded visit (households stay as recorded; history kept by pghistory).

    ``versi``: the visit's version the form was opened with (refused when missing or stale).
    """
    kunjungan = Kunjungan.objects.select_for_update().get(pk=kunjungan.pk)
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=kunjungan.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    versi_periksa_naikkan(kunjungan, versi)
    # The households stay as recorded: a one-household visit cannot become a group session.
    _periksa_kunjungan(
        tanggal=tanggal, tanggal_tindak_lanjut=tanggal_tindak_lanjut, jenis=jenis,
        jumlah_keluarga=kunjungan.keluarga.count(), kolom_keluarga="jenis",
    )
    kunjungan.tanggal = tanggal
    kunjungan.jenis = jenis
    kunjungan.peran = list(dict.fromkeys(peran or []))
    kunjungan.catatan = catatan.strip()
    kunjungan.hasil = hasil.strip()
    kunjungan.tanggal_tindak_lanjut = tanggal_tindak_lanjut
    kunjungan.full_clean()
    kunjungan.save()
    if foto:
        _simpan_foto(kunjungan=kunjungan, foto=foto, oleh=oleh)
    return kunjungan


@transaction.atomic
def tindak_lanjut_tambah(*, keluarga: Keluarga, oleh, uraian: str, batas_waktu: date) -> RencanaTindakLanjut:
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    if not uraian.strip():
        raise ValidationError({"uraian": "Uraian rencana tindak lanjut wajib diisi."})
    item = RencanaTindakLanjut(keluarga=keluarga, kelurahan_id=keluarga.kelurahan_id, uraian=uraian.strip(),
                               batas_waktu=batas_waktu, dibuat_oleh=oleh)
    item.full_clean()
    item.save()
    return item


def _ubah_status_tindak_lanjut(*, item: RencanaTindakLanjut, oleh, status: str, catatan: str) -> RencanaTindakLanjut:
    item = RencanaTindakLanjut.objects.select_for_update().select_related("keluarga__kelurahan").get(pk=item.pk)
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=item.keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    # Who and when are stored on the row itself (no separate history row).
    pindah_status(
        item, status, oleh, transisi=pc.TRANSISI_TINDAK_LANJUT, wilayah=item.keluarga.kelurahan, riwayat=None,
        pesan_status=lambda obj, ke: f"Rencana tindak lanjut ini sudah berstatus {obj.get_status_display().lower()}.",
        pesan_peran=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH,
        ubah={"catatan_penyelesaian": catatan.strip(), "diselesaikan_pada": timezone.now(), "diselesaikan_oleh": oleh},
    )
    return item


@transaction.atomic
def tindak_lanjut_selesaikan(*, item: RencanaTindakLanjut, oleh, catatan: str = "") -> RencanaTindakLanjut:
    return _ubah_status_tindak_lanjut(item=item, oleh=oleh, status=pc.StatusTindakLanjut.SELESAI, catatan=catatan)


@transaction.atomic
def tindak_lanjut_batalkan(*, item: RencanaTindakLanjut, oleh, catatan: str) -> RencanaTindakLanjut:
    if not catatan.strip():
        raise ValidationError("Tuliskan alasan pembatalan.")
    return _ubah_status_tindak_lanjut(item=item, oleh=oleh, status=pc.StatusTindakLanjut.BATAL, catatan=catatan)


@transaction.atomic
def psks_simpan(*, oleh, psks: PSKS | None = None, versi: int | str | None = None, **data) -> PSKS:
    """Create (``psks=None``) or update a PSKS entry in the user's writable area.

    Updating needs ``versi``, the version the form was opened with (refused when missing or stale).
    """
    if psks is None:
        psks = PSKS(dicatat_oleh=oleh)
    else:
        psks = PSKS.objects.select_for_update().get(pk=psks.pk)
        wajib(oleh, Aksi.PENDAMPINGAN, wilayah=psks.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
        versi_periksa_naikkan(psks, versi)
    for field, value in data.items():
        setattr(psks, field, value)
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=psks.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    psks.full_clean()
    psks.save()
    return psks


@transaction.atomic
def rujukan_buat(
    *,
    oleh,
    keluarga: Keluarga,
    kategori: str,
    alasan: str,
    tanggal: date,
    anggota: Anggota | None = None,
    psks: PSKS | None = None,
    tujuan_lain: str = "",
) -> Rujukan:
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    if anggota is not None and anggota.keluarga_id != keluarga.pk:
        raise ValidationError({"anggota": "Anggota tersebut bukan anggota keluarga ini."})
    if psks is not None and not PSKS.objects.for_user(oleh).filter(pk=psks.pk, aktif=True).exists():
        raise ValidationError({"psks": "PSKS tujuan tidak ditemukan atau tidak aktif."})
    if psks is None and not tujuan_lain.strip():
        raise ValidationError({"tujuan_lain": "Pilih PSKS/layanan tujuan atau tulis tujuan lain."})
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal rujukan tidak boleh di masa depan."})
    if not alasan.strip():
        raise ValidationError({"alasan": "Alasan rujukan wajib diisi."})
    rujukan = Rujukan(
        keluarga=keluarga, anggota=anggota, kategori=kategori, psks=psks, tujuan_lain=tujuan_lain.strip(),
        alasan=alasan.strip(), tanggal=tanggal, dibuat_oleh=oleh,
    )
    rujukan.full_clean()
    rujukan.save()
    RiwayatStatusRujukan.objects.create(rujukan=rujukan, dari_status="", ke_status=rujukan.status, oleh=oleh)
    return rujukan


def _pesan_status_rujukan(rujukan: Rujukan, ke: str) -> str:
    tujuan = pc.StatusRujukan(ke).label.lower() if ke in pc.StatusRujukan.values else ke
    return f"Rujukan berstatus {rujukan.get_status_display().lower()} tidak dapat diubah menjadi {tujuan}."


def _periksa_alasan_tolak(ke: str, *, catatan: str, hasil: str) -> None:
    if ke == pc.StatusRujukan.DITOLAK and not (catatan.strip() or hasil.strip()):
        raise ValidationError({"catatan": "Tuliskan alasan penolakan."})


def tindakan_tersedia(user, rujukan: Rujukan) -> set[str]:
    """The statuses ``user`` may move this referral to now (the same checks as ``rujukan_ubah_status``);
    the detail page offers exactly these."""
    return {
        ke for ke in tujuan_dari(pc.TRANSISI, rujukan.status)
        if bisa_pindah(user, rujukan, ke, transisi=pc.TRANSISI, wilayah=rujukan.keluarga.kelurahan)
    }


@transaction.atomic
def rujukan_ubah_status(
    *, rujukan: Rujukan, oleh, status: str, versi: int | str | None, catatan: str = "", hasil: str = ""
) -> Rujukan:
    """Move a referral along ``choices.TRANSISI``; a concurrent change makes the second caller fail.

    ``versi``: the referral's version the status form was opened with (refused when missing or stale).
    """
    rujukan = Rujukan.objects.select_for_update().select_related("keluarga__kelurahan").get(pk=rujukan.pk)
    wajib(oleh, Aksi.PENDAMPINGAN, wilayah=rujukan.keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    versi_periksa_naikkan(rujukan, versi)
    pindah_status(
        rujukan, status, oleh, transisi=pc.TRANSISI, wilayah=rujukan.keluarga.kelurahan,
        pesan_status=_pesan_status_rujukan, pesan_peran=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH,
        prasyarat=lambda: _periksa_alasan_tolak(status, catatan=catatan, hasil=hasil),
        ubah={"hasil": hasil.strip()} if hasil.strip() else None, naikkan_versi=False,
        riwayat=lambda dari, ke: RiwayatStatusRujukan.objects.create(
            rujukan=rujukan, dari_status=dari, ke_status=ke, catatan=catatan.strip(), oleh=oleh
        ),
    )
    return rujukan
