"""Intake of a complaint from any channel (reporter, subject, related recipient, ticket code) and its evidence."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from tksk import batas
from tksk.models import Peran, Wilayah
from tksk.permissions import Aksi, boleh_di, wajib

from ...models import Aduan, LampiranAduan, ProgramBantuan, RiwayatStatusAduan, Usulan
from ...models.aduan import buat_kode_tiket
from .. import choices as ac
from ..selectors import pengaturan_tenggat
from .umum import (
    PESAN_WILAYAH,
    BerkasAduan,
    S,
    _beri_tahu_petugas,
    _kunci,
    _penerima_aktif,
    _simpan_lampiran,
    _teks_diisi,
    normalisasi_telepon,
    petugas_kecamatan,
)

_TELEPON = re.compile(r"^0[0-9]{8,14}$")


# --- Intake ---------------------------------------------------------------------------------------
def _pelapor(*, jenis: str, anonim: bool, nama: str, telepon: str, hubungan: str) -> tuple[str, str, str]:
    """(nama, telepon, hubungan) as stored: anonymous only for a sanggah; phone normalised."""
    telepon = normalisasi_telepon(telepon)
    if anonim and jenis != ac.JenisAduan.SANGGAH:
        raise ValidationError({"anonim": "Pelapor anonim hanya diperbolehkan untuk sanggah."})
    if anonim:
        nama, hubungan = "", ""
    else:
        if not nama.strip():
            raise ValidationError({"pelapor_nama": "Nama pelapor wajib diisi (kecuali sanggah anonim)."})
        if not telepon:
            raise ValidationError({"pelapor_telepon": "Nomor telepon pelapor wajib diisi (kecuali sanggah anonim)."})
    if telepon and not _TELEPON.match(telepon):
        raise ValidationError({"pelapor_telepon": "Nomor telepon harus 9–15 angka, mis. 081234567890."})
    if hubungan and hubungan not in ac.HubunganPelapor.values:
        raise ValidationError({"pelapor_hubungan": "Pilih hubungan pelapor."})
    return nama.strip(), telepon, hubungan


def _usulan_terkait(*, kategori: str, jenis: str, keluarga, program) -> Usulan | None:
    """The recipient a complaint is about, with the rules of each kind about its subject."""
    K = ac.KategoriAduan
    if kategori == K.SANGGAH_INKLUSI:
        if keluarga is None or program is None:
            raise ValidationError(
                {"program": "Sanggah penerima tidak layak memerlukan keluarga terdaftar dan programnya."}
            )
        penerima = _penerima_aktif(keluarga, program)
        if penerima is None:
            raise ValidationError({"program": f"Keluarga ini bukan penerima aktif program {program}."})
        return penerima
    if jenis == ac.JenisAduan.PERBAIKAN_DATA and keluarga is None:
        raise ValidationError({"nomor": "Perbaikan data memerlukan keluarga yang terdaftar (cari dengan NIK/No. KK)."})
    if kategori in (K.TIDAK_DITERIMA, K.TERHENTI, K.NOMINAL_SALAH):
        if program is None:
            raise ValidationError({"program": "Pilih program bantuan yang diadukan."})
        return _penerima_aktif(keluarga, program) if keluarga is not None else None
    return None


def _periksa_pilihan(*, jenis: str, kategori: str, saluran: str) -> None:
    """The complaint's kind, category (one of its kind's) and channel are among the choices."""
    if jenis not in ac.JenisAduan.values:
        raise ValidationError({"jenis": "Pilih jenis aduan."})
    if kategori not in ac.KATEGORI_PER_JENIS[jenis]:
        raise ValidationError({"kategori": "Kategori ini bukan bagian dari jenis aduan yang dipilih."})
    if saluran not in ac.SaluranAduan.values:
        raise ValidationError({"saluran": "Pilih saluran aduan."})


def _subjek(oleh, *, keluarga, anggota, nama: str, alamat: str, kelurahan):
    """Who the complaint is about: a registered household of the user's area (and one of its members),
    or a named person not registered, with an address in a kelurahan of the user's area. Returns
    ``(anggota, kelurahan, nama, alamat)``."""
    if keluarga is not None:
        wajib(oleh, Aksi.TERIMA_ADUAN, wilayah=keluarga.kelurahan,
              pesan_wilayah="Keluarga ini di luar wilayah tugas Anda.")
        if anggota is not None and anggota.keluarga_id != keluarga.pk:
            raise ValidationError({"anggota": "Anggota bukan anggota keluarga ini."})
        return anggota, keluarga.kelurahan, "", ""
    if not nama.strip() or not alamat.strip() or kelurahan is None:
        raise ValidationError(
            {"nomor": "Cari keluarga terdaftar dengan NIK/No. KK, atau isi nama, alamat dan kelurahan "
                      "orang yang belum terdaftar."}
        )
    if kelurahan.tingkat not in ("kelurahan", "desa") or not boleh_di(oleh, Aksi.TERIMA_ADUAN, kelurahan):
        raise ValidationError({"kelurahan": "Kelurahan di luar wilayah tugas Anda."})
    return None, kelurahan, nama, alamat


@transaction.atomic
def aduan_terima(
    *,
    oleh,
    jenis: str,
    kategori: str,
    saluran: str,
    uraian: str,
    tanggal_terima: date | None = None,
    anonim: bool = False,
    pelapor_nama: str = "",
    pelapor_telepon: str = "",
    pelapor_hubungan: str = "",
    keluarga: Keluarga | None = None,
    anggota: Anggota | None = None,
    subjek_nama: str = "",
    subjek_alamat: str = "",
    kelurahan: Wilayah | None = None,
    program: ProgramBantuan | None = None,
    lampiran: list[BerkasAduan] | None = None,
) -> Aduan:
    """Record a complaint from any channel (TKSK or Dinas Sosial); gives it a ticket code."""
    wajib(oleh, Aksi.TERIMA_ADUAN, pesan="Peran Anda tidak berwenang mencatat aduan.")
    _periksa_pilihan(jenis=jenis, kategori=kategori, saluran=saluran)
    tanggal_terima = tanggal_terima or timezone.localdate()
    batas.periksa_field("tanggal_terima", tanggal_terima, *Aduan._meta.get_field("tanggal_terima").validators)
    uraian = _teks_diisi(uraian, "uraian", "Uraian aduan wajib diisi.")
    pelapor_nama, telepon, pelapor_hubungan = _pelapor(
        jenis=jenis, anonim=anonim, nama=pelapor_nama, telepon=pelapor_telepon, hubungan=pelapor_hubungan
    )
    anggota, kelurahan, subjek_nama, subjek_alamat = _subjek(
        oleh, keluarga=keluarga, anggota=anggota, nama=subjek_nama, alamat=subjek_alamat, kelurahan=kelurahan
    )
    usulan_terkait = _usulan_terkait(kategori=kategori, jenis=jenis, keluarga=keluarga, program=program)

    hari, _peringatan = pengaturan_tenggat().get(jenis, (ac.TENGGAT_BAWAAN[jenis], ac.HARI_PERINGATAN_BAWAAN))
    petugas = oleh if getattr(oleh, "peran", "") == Peran.TKSK else petugas_kecamatan(kelurahan)
    aduan = Aduan(
        jenis=jenis, kategori=kategori, saluran=saluran, tanggal_terima=tanggal_terima,
        tenggat=tanggal_terima + timedelta(days=hari), anonim=anonim, pelapor_nama=pelapor_nama,
        pelapor_telepon=telepon, pelapor_hubungan=pelapor_hubungan, keluarga=keluarga, anggota=anggota,
        subjek_nama=subjek_nama.strip(), subjek_alamat=subjek_alamat.strip(), kelurahan=kelurahan, program=program,
        usulan_terkait=usulan_terkait, uraian=uraian, petugas=petugas, dicatat_oleh=oleh,
    )
    aduan.full_clean(exclude=["dicatat_oleh", "petugas", "keluarga", "anggota", "usulan_terkait", "program"])
    with pghistory.context(user=oleh.pk):
        _simpan_dengan_kode_unik(aduan)
        RiwayatStatusAduan.objects.create(
            aduan=aduan, dari="", ke=S.DITERIMA, oleh=oleh,
            catatan=f"Aduan diterima melalui {aduan.get_saluran_display().lower()}.",
        )
        for item in lampiran or []:
            _simpan_lampiran(aduan, oleh=oleh, berkas=item.berkas, jenis=item.jenis)
    _beri_tahu_petugas(aduan, oleh=oleh)
    return aduan


def _simpan_dengan_kode_unik(aduan: Aduan) -> None:
    for _ in range(5):  # a ticket code collision (31^8 codes) is retried with a new code
        try:
            with transaction.atomic():
                aduan.save()
            return
        except IntegrityError:
            aduan.pk = None
            aduan.kode_tiket = buat_kode_tiket()
    raise ValidationError("Kode tiket tidak dapat dibuat; coba lagi.")  # pragma: no cover


@transaction.atomic
def lampiran_aduan_tambah(*, aduan: Aduan, oleh, berkas: UploadedFile, jenis: str) -> LampiranAduan:
    aduan = _kunci(aduan)
    wajib(oleh, (Aksi.TERIMA_ADUAN, Aksi.VERIFIKASI_ADUAN), wilayah=aduan.kelurahan,
          pesan="Peran Anda tidak berwenang menambah lampiran aduan.", pesan_wilayah=PESAN_WILAYAH)
    if aduan.status == S.SELESAI:
        raise ValidationError("Aduan yang sudah selesai tidak dapat diberi lampiran.")
    return _simpan_lampiran(aduan, oleh=oleh, berkas=berkas, jenis=jenis)
