"""Writes of complaints. Every status change goes through ``_pindah_status`` and
``choices.TRANSISI``; every service is keyword-only, atomic, and raises ``ValidationError`` with a
message a user understands (``PermissionDenied`` for role / area).

Lock order: aduan → usulan (the recipient a sanggah deactivates) → keluarga.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services as pendampingan_svc
from pmks.pendampingan.models import Kunjungan
from tksk import batas
from tksk.berkas import nama_menurut_isi, periksa_lampiran
from tksk.models import Pengguna, Peran, Wilayah
from tksk.permissions import Aksi, boleh
from tksk.scoping import boleh_tulis_wilayah

from .. import choices as bc
from .. import services as bantuan_svc
from ..models import Aduan, LampiranAduan, PeringatanTenggatAduan, ProgramBantuan, RiwayatStatusAduan, Usulan
from . import choices as ac
from .selectors import keadaan_tenggat, pengaturan_tenggat

S = ac.StatusAduan
TRANSISI = ac.TRANSISI
MAKS_LAMPIRAN = 6
_TELEPON = re.compile(r"^0[0-9]{8,14}$")

NAMA_AKSI = {
    S.DIVERIFIKASI: "memverifikasi",
    S.DIPUTUSKAN: "memutuskan",
    S.DITINDAKLANJUTI: "mencatat tindak lanjut",
    S.SELESAI: "menyelesaikan",
}


def aksi_menuju(ke: str) -> frozenset[Aksi]:
    return frozenset(aksi for (_dari, tujuan), aksi in TRANSISI.items() if tujuan == ke)


def wajib_peran_menuju(user, ke: str) -> None:
    """Role before status: a role that can never reach ``ke`` is refused (403) whatever the status."""
    if not any(boleh(user, aksi) for aksi in aksi_menuju(ke)):
        raise PermissionDenied(f"Peran Anda tidak berwenang {NAMA_AKSI.get(ke, ke)} aduan.")


def transisi_boleh(user, aduan: Aduan, ke: str) -> bool:
    aksi = TRANSISI.get((aduan.status, ke))
    return aksi is not None and boleh(user, aksi)


def _kunci(aduan: Aduan | int) -> Aduan:
    pk = aduan.pk if isinstance(aduan, Aduan) else aduan
    return (
        Aduan.objects.select_for_update(of=("self",))
        .select_related("kelurahan__induk", "keluarga", "usulan_terkait", "petugas")
        .get(pk=pk)
    )


def _cek_wilayah(user, aduan: Aduan) -> None:
    if not boleh_tulis_wilayah(user, aduan.kelurahan):
        raise PermissionDenied("Aduan ini di luar wilayah tugas Anda.")


def _pindah_status(aduan: Aduan, *, oleh, ke: str, catatan: str = "") -> None:
    """Check the map, the role and the area, then change status and write the history row.

    ``aduan`` must be locked (``_kunci``) by the caller.
    """
    wajib_peran_menuju(oleh, ke)
    _cek_wilayah(oleh, aduan)  # area before status: an outsider learns nothing about it
    dari = aduan.status
    aksi = TRANSISI.get((dari, ke))
    if aksi is None:
        raise ValidationError(
            f"Tidak dapat {NAMA_AKSI.get(ke, ke)} aduan ini: statusnya sekarang “{aduan.get_status_display()}”."
        )
    if not boleh(oleh, aksi):
        raise PermissionDenied(f"Peran Anda tidak berwenang {NAMA_AKSI.get(ke, ke)} aduan.")
    aduan.status = ke
    aduan.versi += 1
    aduan.save()
    RiwayatStatusAduan.objects.create(aduan=aduan, dari=dari, ke=ke, oleh=oleh, catatan=catatan)


def _wajib_teks(nilai: str, kolom: str, pesan: str) -> str:
    teks = (nilai or "").strip()
    if not teks:
        raise ValidationError({kolom: pesan})
    batas.periksa_field(kolom, teks, *batas.validator_teks())
    return teks


def normalisasi_telepon(teks: str) -> str:
    """'+62 812-3456-7890' → '081234567890'; spaces, dots and dashes are dropped."""
    angka = re.sub(r"[\s.\-()]", "", teks or "")
    if angka.startswith("+62"):
        angka = "0" + angka[3:]
    elif angka.startswith("62"):
        angka = "0" + angka[2:]
    return angka


def petugas_kecamatan(kelurahan: Wilayah) -> Pengguna | None:
    """The (first active) TKSK of the kelurahan's kecamatan: who verifies by default."""
    return (
        Pengguna.objects.filter(peran=Peran.TKSK, is_active=True, wilayah_id=kelurahan.induk_id)
        .order_by("id").first()
    )


def _penerima_aktif(keluarga: Keluarga, program: ProgramBantuan | None) -> Usulan | None:
    qs = Usulan.objects.penerima_aktif().filter(keluarga=keluarga)
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-diputuskan_pada", "-id").first()


@dataclass(frozen=True)
class BerkasAduan:
    berkas: UploadedFile
    jenis: str = ac.JenisLampiranAduan.LAINNYA


def _simpan_lampiran(aduan: Aduan, *, oleh, berkas: UploadedFile, jenis: str) -> LampiranAduan:
    if jenis not in ac.JenisLampiranAduan.values:
        raise ValidationError({"jenis_lampiran": "Pilih jenis lampiran."})
    if aduan.lampiran.count() >= MAKS_LAMPIRAN:
        raise ValidationError({"lampiran": f"Paling banyak {MAKS_LAMPIRAN} lampiran per aduan."})
    try:
        sah = periksa_lampiran(berkas)
    except ValidationError as exc:
        raise ValidationError({"lampiran": exc.messages}) from exc
    lampiran = LampiranAduan(
        aduan=aduan, jenis=jenis, nama_asli=(berkas.name or "berkas")[:200], tipe_konten=sah.tipe_konten,
        ukuran=sah.ukuran, diunggah_oleh=oleh,
    )
    lampiran.berkas.save(nama_menurut_isi(berkas), berkas, save=False)
    lampiran.save()
    return lampiran


# --- Intake ---------------------------------------------------------------------------------------
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
    if not boleh(oleh, Aksi.TERIMA_ADUAN):
        raise PermissionDenied("Peran Anda tidak berwenang mencatat aduan.")
    if jenis not in ac.JenisAduan.values:
        raise ValidationError({"jenis": "Pilih jenis aduan."})
    if kategori not in ac.KATEGORI_PER_JENIS[jenis]:
        raise ValidationError({"kategori": "Kategori ini bukan bagian dari jenis aduan yang dipilih."})
    if saluran not in ac.SaluranAduan.values:
        raise ValidationError({"saluran": "Pilih saluran aduan."})
    tanggal_terima = tanggal_terima or timezone.localdate()
    batas.periksa_field("tanggal_terima", tanggal_terima, *Aduan._meta.get_field("tanggal_terima").validators)
    uraian = _wajib_teks(uraian, "uraian", "Uraian aduan wajib diisi.")

    # Reporter
    telepon = normalisasi_telepon(pelapor_telepon)
    if anonim and jenis != ac.JenisAduan.SANGGAH:
        raise ValidationError({"anonim": "Pelapor anonim hanya diperbolehkan untuk sanggah."})
    if anonim:
        pelapor_nama, pelapor_hubungan = "", ""
    else:
        if not pelapor_nama.strip():
            raise ValidationError({"pelapor_nama": "Nama pelapor wajib diisi (kecuali sanggah anonim)."})
        if not telepon:
            raise ValidationError({"pelapor_telepon": "Nomor telepon pelapor wajib diisi (kecuali sanggah anonim)."})
    if telepon and not _TELEPON.match(telepon):
        raise ValidationError({"pelapor_telepon": "Nomor telepon harus 9–15 angka, mis. 081234567890."})
    if pelapor_hubungan and pelapor_hubungan not in ac.HubunganPelapor.values:
        raise ValidationError({"pelapor_hubungan": "Pilih hubungan pelapor."})

    # Subject
    usulan_terkait = None
    if keluarga is not None:
        if not boleh_tulis_wilayah(oleh, keluarga.kelurahan):
            raise PermissionDenied("Keluarga ini di luar wilayah tugas Anda.")
        if anggota is not None and anggota.keluarga_id != keluarga.pk:
            raise ValidationError({"anggota": "Anggota bukan anggota keluarga ini."})
        kelurahan = keluarga.kelurahan
        subjek_nama, subjek_alamat = "", ""
    else:
        anggota = None
        if not subjek_nama.strip() or not subjek_alamat.strip() or kelurahan is None:
            raise ValidationError(
                {"nomor": "Cari keluarga terdaftar dengan NIK/No. KK, atau isi nama, alamat dan kelurahan "
                          "orang yang belum terdaftar."}
            )
        if kelurahan.tingkat not in ("kelurahan", "desa") or not boleh_tulis_wilayah(oleh, kelurahan):
            raise ValidationError({"kelurahan": "Kelurahan di luar wilayah tugas Anda."})
    if kategori == ac.KategoriAduan.SANGGAH_INKLUSI:
        if keluarga is None or program is None:
            raise ValidationError(
                {"program": "Sanggah penerima tidak layak memerlukan keluarga terdaftar dan programnya."}
            )
        usulan_terkait = _penerima_aktif(keluarga, program)
        if usulan_terkait is None:
            raise ValidationError({"program": f"Keluarga ini bukan penerima aktif program {program}."})
    if jenis == ac.JenisAduan.PERBAIKAN_DATA and keluarga is None:
        raise ValidationError({"nomor": "Perbaikan data memerlukan keluarga yang terdaftar (cari dengan NIK/No. KK)."})
    if kategori in (ac.KategoriAduan.TIDAK_DITERIMA, ac.KategoriAduan.TERHENTI, ac.KategoriAduan.NOMINAL_SALAH):
        if program is None:
            raise ValidationError({"program": "Pilih program bantuan yang diadukan."})
        if keluarga is not None:
            usulan_terkait = _penerima_aktif(keluarga, program)

    hari, _peringatan = pengaturan_tenggat().get(jenis, (ac.TENGGAT_BAWAAN[jenis], ac.HARI_PERINGATAN_BAWAAN))
    petugas = oleh if getattr(oleh, "peran", "") == Peran.TKSK else petugas_kecamatan(kelurahan)
    aduan = Aduan(
        jenis=jenis, kategori=kategori, saluran=saluran, tanggal_terima=tanggal_terima,
        tenggat=tanggal_terima + timedelta(days=hari), anonim=anonim, pelapor_nama=pelapor_nama.strip(),
        pelapor_telepon=telepon, pelapor_hubungan=pelapor_hubungan, keluarga=keluarga, anggota=anggota,
        subjek_nama=subjek_nama.strip(), subjek_alamat=subjek_alamat.strip(), kelurahan=kelurahan, program=program,
        usulan_terkait=usulan_terkait, uraian=uraian, petugas=petugas, dicatat_oleh=oleh,
    )
    aduan.full_clean(exclude=["dicatat_oleh", "petugas", "keluarga", "anggota", "usulan_terkait", "program"])
    with pghistory.context(user=oleh.pk):
        for _ in range(5):  # a ticket code collision (31^8 codes) is retried with a new code
            try:
                with transaction.atomic():
                    aduan.save()
                break
            except IntegrityError:
                aduan.pk = None
                aduan.kode_tiket = type(aduan)._meta.get_field("kode_tiket").default()
        else:  # pragma: no cover - practically impossible
            raise ValidationError("Kode tiket tidak dapat dibuat; coba lagi.")
        RiwayatStatusAduan.objects.create(
            aduan=aduan, dari="", ke=S.DITERIMA, oleh=oleh,
            catatan=f"Aduan diterima melalui {aduan.get_saluran_display().lower()}.",
        )
        for item in lampiran or []:
            _simpan_lampiran(aduan, oleh=oleh, berkas=item.berkas, jenis=item.jenis)
    return aduan


@transaction.atomic
def lampiran_aduan_tambah(*, aduan: Aduan, oleh, berkas: UploadedFile, jenis: str) -> LampiranAduan:
    aduan = _kunci(aduan)
    if not (boleh(oleh, Aksi.TERIMA_ADUAN) or boleh(oleh, Aksi.VERIFIKASI_ADUAN)):
        raise PermissionDenied("Peran Anda tidak berwenang menambah lampiran aduan.")
    _cek_wilayah(oleh, aduan)
    if aduan.status == S.SELESAI:
        raise ValidationError("Aduan yang sudah selesai tidak dapat diberi lampiran.")
    return _simpan_lampiran(aduan, oleh=oleh, berkas=berkas, jenis=jenis)


# --- Verification visit -------------------------------------------------------------------------------
@transaction.atomic
def aduan_verifikasi(
    *, aduan: Aduan, oleh, tanggal: date, hasil: str, catatan: str = "", foto: list[UploadedFile] | None = None,
) -> Aduan:
    """The kecamatan TKSK's verification visit, recorded as a pendampingan visit linked both ways."""
    wajib_peran_menuju(oleh, S.DIVERIFIKASI)
    aduan = _kunci(aduan)
    _cek_wilayah(oleh, aduan)
    if (aduan.status, S.DIVERIFIKASI) not in TRANSISI:
        _pindah_status(aduan, oleh=oleh, ke=S.DIVERIFIKASI)  # raises the status message
    if aduan.petugas_id and aduan.petugas_id != oleh.pk and not oleh.is_superuser:
        raise ValidationError(
            f"Aduan ini ditugaskan kepada {aduan.petugas.nama_tampil}; hanya petugas itu yang memverifikasi."
        )
    hasil = _wajib_teks(hasil, "hasil", "Hasil verifikasi wajib diisi.")
    teks_catatan = f"Verifikasi aduan {aduan.kode_tiket} ({aduan.get_jenis_display()})."
    if catatan.strip():
        teks_catatan += f" {catatan.strip()}"
    with pghistory.context(user=oleh.pk):
        if aduan.keluarga_id:
            kunjungan = pendampingan_svc.kunjungan_catat(
                oleh=oleh, keluarga=[aduan.keluarga], tanggal=tanggal, jenis=pc.JenisKunjungan.PENDATAAN,
                peran=[pc.PeranTKSK.IDENTIFIKATOR], catatan=teks_catatan, hasil=hasil, foto=foto,
            )
        else:
            # A person not registered yet: the visit has no household (only its kelurahan).
            batas.periksa_field("tanggal", tanggal, *Kunjungan._meta.get_field("tanggal").validators)
            kunjungan = Kunjungan(
                kelurahan=aduan.kelurahan, tanggal=tanggal, jenis=pc.JenisKunjungan.PENDATAAN,
                peran=[pc.PeranTKSK.IDENTIFIKATOR], catatan=teks_catatan, hasil=hasil, dicatat_oleh=oleh,
            )
            kunjungan.full_clean()
            kunjungan.save()
            if foto:
                pendampingan_svc._simpan_foto(kunjungan=kunjungan, foto=foto, oleh=oleh)
        aduan.kunjungan_verifikasi = kunjungan
        aduan.hasil_verifikasi = hasil
        if aduan.petugas_id is None:
            aduan.petugas = oleh
        _pindah_status(aduan, oleh=oleh, ke=S.DIVERIFIKASI, catatan=f"Kunjungan verifikasi {tanggal:%d-%m-%Y}.")
    return aduan


# --- Decision, action, close ---------------------------------------------------------------------------
@transaction.atomic
def aduan_putuskan(*, aduan: Aduan, oleh, keputusan: str, alasan: str) -> Aduan:
    wajib_peran_menuju(oleh, S.DIPUTUSKAN)
    if keputusan not in ac.Keputusan.values:
        raise ValidationError({"keputusan": "Pilih keputusan: dikabulkan atau ditolak."})
    alasan = _wajib_teks(alasan, "alasan", "Alasan keputusan wajib diisi.")
    aduan = _kunci(aduan)
    with pghistory.context(user=oleh.pk):
        aduan.keputusan = keputusan
        aduan.alasan_keputusan = alasan
        aduan.diputuskan_oleh = oleh
        aduan.diputuskan_pada = timezone.now()
        _pindah_status(aduan, oleh=oleh, ke=S.DIPUTUSKAN, catatan=f"{aduan.get_keputusan_display()}: {alasan}")
    return aduan


@transaction.atomic
def aduan_tindak_lanjuti(
    *,
    aduan: Aduan,
    oleh,
    jenis: str,
    keterangan: str,
    keluarga_baru: Keluarga | None = None,
    usulan_baru: Usulan | None = None,
    kolom_diperbaiki: str = "",
    alasan_nonaktif: str = bc.AlasanNonaktif.TIDAK_MEMENUHI,
) -> Aduan:
    """Record the action a granted complaint led to, each linked: a new registration, a proposal,
    a recipient deactivated (through ``bantuan.services.penerima_nonaktifkan``) or a corrected field."""
    wajib_peran_menuju(oleh, S.DITINDAKLANJUTI)
    aduan = _kunci(aduan)
    _cek_wilayah(oleh, aduan)
    if (aduan.status, S.DITINDAKLANJUTI) not in TRANSISI:
        _pindah_status(aduan, oleh=oleh, ke=S.DITINDAKLANJUTI)  # raises the status message
    if aduan.keputusan != ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang ditolak tidak ditindaklanjuti; selesaikan setelah surat jawaban dikirim.")
    if jenis not in ac.JenisTindakLanjut.values:
        raise ValidationError({"jenis": "Pilih jenis tindak lanjut."})
    keterangan = _wajib_teks(keterangan, "keterangan", "Keterangan tindak lanjut wajib diisi.")
    T = ac.JenisTindakLanjut
    with pghistory.context(user=oleh.pk):
        if jenis == T.PENDAFTARAN_BARU:
            if keluarga_baru is None:
                raise ValidationError({"nomor": "Cari keluarga yang sudah didaftarkan (NIK/No. KK)."})
            if not boleh_tulis_wilayah(oleh, keluarga_baru.kelurahan):
                raise ValidationError({"nomor": "Keluarga itu di luar wilayah tugas Anda."})
            aduan.keluarga_baru = keluarga_baru
            if aduan.keluarga_id is None:
                aduan.keluarga = keluarga_baru
        elif jenis == T.USULAN:
            if usulan_baru is None:
                raise ValidationError({"usulan": "Pilih usulan bantuan yang dibuat."})
            keluarga_ids = {aduan.keluarga_id, aduan.keluarga_baru_id} - {None}
            if usulan_baru.keluarga_id not in keluarga_ids:
                raise ValidationError({"usulan": "Usulan itu bukan untuk keluarga yang diadukan."})
            aduan.usulan_baru = usulan_baru
        elif jenis == T.PENERIMA_DINONAKTIFKAN:
            penerima = aduan.usulan_terkait
            if penerima is None:
                raise ValidationError({"jenis": "Aduan ini tidak terkait dengan penerima bantuan."})
            if not boleh(oleh, Aksi.VERIFIKASI_USULAN):
                raise ValidationError({"jenis": "Hanya Dinas Sosial yang dapat menonaktifkan penerima."})
            if alasan_nonaktif not in bc.AlasanNonaktif.values:
                raise ValidationError({"alasan_nonaktif": "Pilih alasan penonaktifan."})
            versi = Usulan.objects.only("versi").get(pk=penerima.pk).versi
            bantuan_svc.penerima_nonaktifkan(
                usulan=penerima, oleh=oleh, versi=versi, alasan=alasan_nonaktif,
                keterangan=f"Sanggah {aduan.kode_tiket} dikabulkan: {aduan.alasan_keputusan}",
            )
            aduan.usulan_dinonaktifkan = penerima
        elif jenis == T.PERBAIKAN_DATA:
            if aduan.keluarga_id is None:
                raise ValidationError({"jenis": "Aduan ini tidak terkait dengan keluarga terdaftar."})
            kolom_diperbaiki = _wajib_teks(kolom_diperbaiki, "kolom_diperbaiki", "Tulis data yang diperbaiki.")
            if len(kolom_diperbaiki) > 150:
                raise ValidationError({"kolom_diperbaiki": "Paling banyak 150 karakter."})
            aduan.kolom_diperbaiki = kolom_diperbaiki
        aduan.jenis_tindak_lanjut = jenis
        aduan.keterangan_tindak_lanjut = keterangan
        aduan.ditindaklanjuti_pada = timezone.now()
        _pindah_status(aduan, oleh=oleh, ke=S.DITINDAKLANJUTI, catatan=f"{dict(T.choices)[jenis]}: {keterangan}")
    return aduan


@transaction.atomic
def aduan_selesaikan(*, aduan: Aduan, oleh, catatan: str = "") -> Aduan:
    wajib_peran_menuju(oleh, S.SELESAI)
    aduan = _kunci(aduan)
    _cek_wilayah(oleh, aduan)
    if aduan.status == S.DIPUTUSKAN and aduan.keputusan == ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang dikabulkan diselesaikan setelah tindak lanjutnya dicatat.")
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        aduan.selesai_pada = timezone.now()
        _pindah_status(aduan, oleh=oleh, ke=S.SELESAI, catatan=catatan.strip() or "Aduan selesai.")
    return aduan


# --- Reassign, escalate (Dinas Sosial) -------------------------------------------------------------------
def _wajib_kelola(oleh, aduan: Aduan) -> None:
    if not boleh(oleh, Aksi.KELOLA_ADUAN):
        raise PermissionDenied("Hanya Dinas Sosial yang dapat mengalihkan atau mengeskalasi aduan.")
    _cek_wilayah(oleh, aduan)
    if aduan.status == S.SELESAI:
        raise ValidationError("Aduan ini sudah selesai.")


@transaction.atomic
def aduan_alihkan(*, aduan: Aduan, oleh, petugas: Pengguna, catatan: str = "") -> Aduan:
    aduan = _kunci(aduan)
    _wajib_kelola(oleh, aduan)
    if petugas.peran != Peran.TKSK or not petugas.is_active or petugas.wilayah is None or not (
        petugas.wilayah.mencakup(aduan.kelurahan)
    ):
        raise ValidationError({"petugas": "Pilih TKSK aktif dari kecamatan aduan ini."})
    if petugas.pk == aduan.petugas_id:
        raise ValidationError({"petugas": "Aduan ini sudah ditugaskan kepada petugas tersebut."})
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        aduan.petugas = petugas
        aduan.versi += 1
        aduan.save()
        RiwayatStatusAduan.objects.create(
            aduan=aduan, dari=aduan.status, ke=aduan.status, oleh=oleh,
            catatan=f"Dialihkan kepada {petugas.nama_tampil}." + (f" {catatan.strip()}" if catatan.strip() else ""),
        )
    return aduan


@transaction.atomic
def aduan_eskalasi(*, aduan: Aduan, oleh, catatan: str) -> Aduan:
    aduan = _kunci(aduan)
    _wajib_kelola(oleh, aduan)
    catatan = _wajib_teks(catatan, "catatan", "Catatan eskalasi wajib diisi.")
    if aduan.dieskalasi:
        raise ValidationError("Aduan ini sudah dieskalasi.")
    with pghistory.context(user=oleh.pk):
        aduan.dieskalasi = True
        aduan.catatan_eskalasi = catatan
        aduan.versi += 1
        aduan.save()
        RiwayatStatusAduan.objects.create(
            aduan=aduan, dari=aduan.status, ke=aduan.status, oleh=oleh, catatan=f"Dieskalasi: {catatan}"
        )
    return aduan


# --- The daily deadline scan --------------------------------------------------------------------------
def aduan_pindai_tenggat(now: datetime | None = None) -> list[PeringatanTenggatAduan]:
    """Daily scan (07:00 WIB): every undecided complaint that is now *hampir jatuh tempo* or
    *terlambat* gets one ``PeringatanTenggatAduan`` row per state. Idempotent: a second run the
    same day (or any later day) creates nothing new for a state already recorded. Returns the rows
    created by this run (what a notifier should announce)."""
    hari_ini = timezone.localdate(now) if now is not None else timezone.localdate()
    pengaturan = pengaturan_tenggat()
    baru = []
    qs = Aduan.objects.belum_diputuskan().filter(
        tenggat__lte=hari_ini + timedelta(days=max(p for _h, p in pengaturan.values()))
    )
    for aduan in qs.only("pk", "jenis", "tenggat", "status", "diputuskan_pada"):
        keadaan = keadaan_tenggat(aduan, hari_ini=hari_ini, pengaturan=pengaturan)
        if keadaan == ac.StatusTenggat.TEPAT_WAKTU:
            continue
        obj, dibuat = PeringatanTenggatAduan.objects.get_or_create(
            aduan_id=aduan.pk, keadaan=keadaan, defaults={"tanggal": hari_ini}
        )
        if dibuat:
            baru.append(obj)
    return baru
