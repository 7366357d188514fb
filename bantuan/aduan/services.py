"""Writes of complaints. Every status change goes through ``tksk.transisi.pindah_status`` with
``choices.TRANSISI``; role and area through ``tksk.permissions.wajib``. Every service is
keyword-only, atomic, and raises ``ValidationError`` with a message a user understands
(``PermissionDenied`` for role / area, checked before the status so an outsider learns nothing).

Lock order: aduan → usulan (the recipient a sanggah deactivates) → keluarga.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan import services as pendampingan_svc
from pmks.pendampingan.models import Kunjungan
from tksk import batas
from tksk.berkas import nama_menurut_isi, periksa_lampiran
from tksk.models import Pengguna, Peran, Wilayah
from tksk.notifikasi import beri_tahu
from tksk.permissions import Aksi, boleh, boleh_di, wajib
from tksk.transisi import aksi_menuju, pindah_status

from .. import choices as bc
from ..models import Aduan, LampiranAduan, PeringatanTenggatAduan, ProgramBantuan, RiwayatStatusAduan, Usulan
from ..models.aduan import buat_kode_tiket
from ..services import penerima as bantuan_svc
from . import choices as ac
from .selectors import keadaan_tenggat, pengaturan_tenggat

S = ac.StatusAduan
MAKS_LAMPIRAN = 6
_TELEPON = re.compile(r"^0[0-9]{8,14}$")

NAMA_AKSI = {
    S.DIVERIFIKASI: "memverifikasi",
    S.DIPUTUSKAN: "memutuskan",
    S.DITINDAKLANJUTI: "mencatat tindak lanjut",
    S.SELESAI: "menyelesaikan",
}


PESAN_WILAYAH = "Aduan ini di luar wilayah tugas Anda."


def pesan_peran_menuju(ke: str) -> str:
    return f"Peran Anda tidak berwenang {NAMA_AKSI.get(ke, ke)} aduan."


def _kunci(aduan: Aduan | int) -> Aduan:
    pk = aduan.pk if isinstance(aduan, Aduan) else aduan
    return (
        Aduan.objects.select_for_update(of=("self",))
        .select_related("kelurahan__induk", "keluarga", "usulan_terkait", "petugas")
        .get(pk=pk)
    )


def _pesan_status(aduan: Aduan, ke: str) -> str:
    return f"Tidak dapat {NAMA_AKSI.get(ke, ke)} aduan ini: statusnya sekarang “{aduan.get_status_display()}”."


def _pindah_status(aduan: Aduan, *, oleh, ke: str, catatan: str, ubah: dict | None = None) -> None:
    """``tksk.transisi.pindah_status`` with the complaint's map, messages and history row."""
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, ke), wilayah=aduan.kelurahan, pesan=pesan_peran_menuju(ke),
          pesan_wilayah=PESAN_WILAYAH)
    pindah_status(
        aduan, ke, oleh, transisi=ac.TRANSISI, wilayah=aduan.kelurahan, pesan_status=_pesan_status,
        pesan_peran=pesan_peran_menuju(ke), pesan_wilayah=PESAN_WILAYAH, ubah=ubah,
        riwayat=lambda dari, ke: RiwayatStatusAduan.objects.create(
            aduan=aduan, dari=dari, ke=ke, oleh=oleh, catatan=catatan
        ),
    )


def _teks_diisi(nilai: str, kolom: str, pesan: str) -> str:
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


def _beri_tahu_petugas(aduan: Aduan, *, oleh) -> None:
    if aduan.petugas_id and aduan.petugas_id != oleh.pk:
        beri_tahu(
            aduan.petugas, "aduan_ditugaskan", f"Aduan {aduan.kode_tiket} ({aduan.get_jenis_display()}) "
            f"di {aduan.kelurahan.nama} ditugaskan kepada Anda", reverse("aduan:detail", args=[aduan.pk]),
            kunci=f"aduan:{aduan.pk}:ditugaskan:{aduan.petugas_id}",
        )


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
    if jenis not in ac.JenisAduan.values:
        raise ValidationError({"jenis": "Pilih jenis aduan."})
    if kategori not in ac.KATEGORI_PER_JENIS[jenis]:
        raise ValidationError({"kategori": "Kategori ini bukan bagian dari jenis aduan yang dipilih."})
    if saluran not in ac.SaluranAduan.values:
        raise ValidationError({"saluran": "Pilih saluran aduan."})
    tanggal_terima = tanggal_terima or timezone.localdate()
    batas.periksa_field("tanggal_terima", tanggal_terima, *Aduan._meta.get_field("tanggal_terima").validators)
    uraian = _teks_diisi(uraian, "uraian", "Uraian aduan wajib diisi.")
    pelapor_nama, telepon, pelapor_hubungan = _pelapor(
        jenis=jenis, anonim=anonim, nama=pelapor_nama, telepon=pelapor_telepon, hubungan=pelapor_hubungan
    )
    if keluarga is not None:
        wajib(oleh, Aksi.TERIMA_ADUAN, wilayah=keluarga.kelurahan,
              pesan_wilayah="Keluarga ini di luar wilayah tugas Anda.")
        if anggota is not None and anggota.keluarga_id != keluarga.pk:
            raise ValidationError({"anggota": "Anggota bukan anggota keluarga ini."})
        kelurahan, subjek_nama, subjek_alamat = keluarga.kelurahan, "", ""
    else:
        anggota = None
        if not subjek_nama.strip() or not subjek_alamat.strip() or kelurahan is None:
            raise ValidationError(
                {"nomor": "Cari keluarga terdaftar dengan NIK/No. KK, atau isi nama, alamat dan kelurahan "
                          "orang yang belum terdaftar."}
            )
        if kelurahan.tingkat not in ("kelurahan", "desa") or not boleh_di(oleh, Aksi.TERIMA_ADUAN, kelurahan):
            raise ValidationError({"kelurahan": "Kelurahan di luar wilayah tugas Anda."})
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


# --- Verification visit -------------------------------------------------------------------------------
def _kunjungan_verifikasi(aduan: Aduan, *, oleh, tanggal: date, hasil: str, catatan: str, foto) -> Kunjungan:
    teks_catatan = f"Verifikasi aduan {aduan.kode_tiket} ({aduan.get_jenis_display()})."
    if catatan.strip():
        teks_catatan += f" {catatan.strip()}"
    if aduan.keluarga_id:
        return pendampingan_svc.kunjungan_catat(
            oleh=oleh, keluarga=[aduan.keluarga], tanggal=tanggal, jenis=pc.JenisKunjungan.PENDATAAN,
            peran=[pc.PeranTKSK.IDENTIFIKATOR], catatan=teks_catatan, hasil=hasil, foto=foto,
        )
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
    return kunjungan


@transaction.atomic
def aduan_verifikasi(
    *, aduan: Aduan, oleh, tanggal: date, hasil: str, catatan: str = "", foto: list[UploadedFile] | None = None,
) -> Aduan:
    """The kecamatan TKSK's verification visit, recorded as a pendampingan visit linked both ways."""
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DIVERIFIKASI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DIVERIFIKASI), pesan_wilayah=PESAN_WILAYAH)
    if (aduan.status, S.DIVERIFIKASI) not in ac.TRANSISI:
        raise ValidationError(_pesan_status(aduan, S.DIVERIFIKASI))
    if aduan.petugas_id and aduan.petugas_id != oleh.pk and not oleh.is_superuser:
        raise ValidationError(
            f"Aduan ini ditugaskan kepada {aduan.petugas.nama_tampil}; hanya petugas itu yang memverifikasi."
        )
    hasil = _teks_diisi(hasil, "hasil", "Hasil verifikasi wajib diisi.")
    with pghistory.context(user=oleh.pk):
        kunjungan = _kunjungan_verifikasi(aduan, oleh=oleh, tanggal=tanggal, hasil=hasil, catatan=catatan, foto=foto)
        _pindah_status(
            aduan, oleh=oleh, ke=S.DIVERIFIKASI, catatan=f"Kunjungan verifikasi {tanggal:%d-%m-%Y}.",
            ubah={"kunjungan_verifikasi": kunjungan, "hasil_verifikasi": hasil, "petugas": aduan.petugas or oleh},
        )
    return aduan


# --- Decision, action, close ---------------------------------------------------------------------------
@transaction.atomic
def aduan_putuskan(*, aduan: Aduan, oleh, keputusan: str, alasan: str) -> Aduan:
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DIPUTUSKAN), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DIPUTUSKAN), pesan_wilayah=PESAN_WILAYAH)
    if keputusan not in ac.Keputusan.values:
        raise ValidationError({"keputusan": "Pilih keputusan: dikabulkan atau ditolak."})
    alasan = _teks_diisi(alasan, "alasan", "Alasan keputusan wajib diisi.")
    with pghistory.context(user=oleh.pk):
        _pindah_status(
            aduan, oleh=oleh, ke=S.DIPUTUSKAN, catatan=f"{ac.Keputusan(keputusan).label}: {alasan}",
            ubah={"keputusan": keputusan, "alasan_keputusan": alasan, "diputuskan_oleh": oleh,
                  "diputuskan_pada": timezone.now()},
        )
    return aduan


def _tautan_tindak_lanjut(
    aduan: Aduan, *, oleh, jenis: str, keluarga_baru, usulan_baru, kolom_diperbaiki: str, alasan_nonaktif: str,
) -> dict:
    """The fields linking the action to what it changed (and the deactivation itself)."""
    T = ac.JenisTindakLanjut
    if jenis == T.PENDAFTARAN_BARU:
        if keluarga_baru is None:
            raise ValidationError({"nomor": "Cari keluarga yang sudah didaftarkan (NIK/No. KK)."})
        if not boleh_di(oleh, Aksi.TINDAK_LANJUT_ADUAN, keluarga_baru.kelurahan):
            raise ValidationError({"nomor": "Keluarga itu di luar wilayah tugas Anda."})
        return {"keluarga_baru": keluarga_baru, "keluarga": aduan.keluarga or keluarga_baru}
    if jenis == T.USULAN:
        if usulan_baru is None:
            raise ValidationError({"usulan": "Pilih usulan bantuan yang dibuat."})
        if usulan_baru.keluarga_id not in {aduan.keluarga_id, aduan.keluarga_baru_id} - {None}:
            raise ValidationError({"usulan": "Usulan itu bukan untuk keluarga yang diadukan."})
        return {"usulan_baru": usulan_baru}
    if jenis == T.PENERIMA_DINONAKTIFKAN:
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
        return {"usulan_dinonaktifkan": penerima}
    if jenis == T.PERBAIKAN_DATA:
        if aduan.keluarga_id is None:
            raise ValidationError({"jenis": "Aduan ini tidak terkait dengan keluarga terdaftar."})
        kolom_diperbaiki = _teks_diisi(kolom_diperbaiki, "kolom_diperbaiki", "Tulis data yang diperbaiki.")
        if len(kolom_diperbaiki) > 150:
            raise ValidationError({"kolom_diperbaiki": "Paling banyak 150 karakter."})
        return {"kolom_diperbaiki": kolom_diperbaiki}
    return {}


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
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.DITINDAKLANJUTI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.DITINDAKLANJUTI), pesan_wilayah=PESAN_WILAYAH)
    if (aduan.status, S.DITINDAKLANJUTI) not in ac.TRANSISI:
        raise ValidationError(_pesan_status(aduan, S.DITINDAKLANJUTI))
    if aduan.keputusan != ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang ditolak tidak ditindaklanjuti; selesaikan setelah surat jawaban dikirim.")
    if jenis not in ac.JenisTindakLanjut.values:
        raise ValidationError({"jenis": "Pilih jenis tindak lanjut."})
    keterangan = _teks_diisi(keterangan, "keterangan", "Keterangan tindak lanjut wajib diisi.")
    with pghistory.context(user=oleh.pk):
        ubah = _tautan_tindak_lanjut(
            aduan, oleh=oleh, jenis=jenis, keluarga_baru=keluarga_baru, usulan_baru=usulan_baru,
            kolom_diperbaiki=kolom_diperbaiki, alasan_nonaktif=alasan_nonaktif,
        )
        ubah.update(jenis_tindak_lanjut=jenis, keterangan_tindak_lanjut=keterangan, ditindaklanjuti_pada=timezone.now())
        _pindah_status(aduan, oleh=oleh, ke=S.DITINDAKLANJUTI, ubah=ubah,
                       catatan=f"{ac.JenisTindakLanjut(jenis).label}: {keterangan}")
    return aduan


@transaction.atomic
def aduan_selesaikan(*, aduan: Aduan, oleh, catatan: str = "") -> Aduan:
    aduan = _kunci(aduan)
    # role and area before status: an outsider learns nothing about it
    wajib(oleh, aksi_menuju(ac.TRANSISI, S.SELESAI), wilayah=aduan.kelurahan,
          pesan=pesan_peran_menuju(S.SELESAI), pesan_wilayah=PESAN_WILAYAH)
    if aduan.status == S.DIPUTUSKAN and aduan.keputusan == ac.Keputusan.DIKABULKAN:
        raise ValidationError("Aduan yang dikabulkan diselesaikan setelah tindak lanjutnya dicatat.")
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        _pindah_status(aduan, oleh=oleh, ke=S.SELESAI, catatan=catatan.strip() or "Aduan selesai.",
                       ubah={"selesai_pada": timezone.now()})
    return aduan


# --- Reassign, escalate (Dinas Sosial) -------------------------------------------------------------------
PESAN_KELOLA = "Hanya Dinas Sosial yang dapat mengalihkan atau mengeskalasi aduan."


def _catat_kelola(aduan: Aduan, *, oleh, catatan: str, ubah: dict) -> None:
    """A reassignment or escalation: no status change, one history row, the version bumped."""
    if aduan.status == S.SELESAI:
        raise ValidationError("Aduan ini sudah selesai.")
    for nama, nilai in ubah.items():
        setattr(aduan, nama, nilai)
    aduan.versi += 1
    aduan.save()
    RiwayatStatusAduan.objects.create(aduan=aduan, dari=aduan.status, ke=aduan.status, oleh=oleh, catatan=catatan)


@transaction.atomic
def aduan_alihkan(*, aduan: Aduan, oleh, petugas: Pengguna, catatan: str = "") -> Aduan:
    aduan = _kunci(aduan)
    wajib(oleh, Aksi.KELOLA_ADUAN, wilayah=aduan.kelurahan, pesan=PESAN_KELOLA, pesan_wilayah=PESAN_WILAYAH)
    if petugas.peran != Peran.TKSK or not petugas.is_active or petugas.wilayah is None or not (
        petugas.wilayah.mencakup(aduan.kelurahan)
    ):
        raise ValidationError({"petugas": "Pilih TKSK aktif dari kecamatan aduan ini."})
    if petugas.pk == aduan.petugas_id:
        raise ValidationError({"petugas": "Aduan ini sudah ditugaskan kepada petugas tersebut."})
    batas.periksa_field("catatan", catatan, *batas.validator_teks())
    with pghistory.context(user=oleh.pk):
        _catat_kelola(aduan, oleh=oleh, ubah={"petugas": petugas}, catatan=f"Dialihkan kepada {petugas.nama_tampil}."
                      + (f" {catatan.strip()}" if catatan.strip() else ""))
    _beri_tahu_petugas(aduan, oleh=oleh)
    return aduan


@transaction.atomic
def aduan_eskalasi(*, aduan: Aduan, oleh, catatan: str) -> Aduan:
    aduan = _kunci(aduan)
    wajib(oleh, Aksi.KELOLA_ADUAN, wilayah=aduan.kelurahan, pesan=PESAN_KELOLA, pesan_wilayah=PESAN_WILAYAH)
    catatan = _teks_diisi(catatan, "catatan", "Catatan eskalasi wajib diisi.")
    if aduan.dieskalasi:
        raise ValidationError("Aduan ini sudah dieskalasi.")
    with pghistory.context(user=oleh.pk):
        _catat_kelola(aduan, oleh=oleh, ubah={"dieskalasi": True, "catatan_eskalasi": catatan},
                      catatan=f"Dieskalasi: {catatan}")
    return aduan


# --- The daily deadline scan --------------------------------------------------------------------------
def _penerima_peringatan(aduan: Aduan, keadaan: str) -> list[Pengguna]:
    """The assigned TKSK; for an overdue complaint also Dinas Sosial staff whose area covers it."""
    hasil = [aduan.petugas] if aduan.petugas_id else []
    if keadaan == ac.StatusTenggat.TERLAMBAT:
        kode = aduan.kelurahan.kode
        awalan = [kode[: i] for i in range(2, len(kode)) if kode[i] == "."]
        hasil += list(Pengguna.objects.filter(peran=Peran.DINSOS, is_active=True, wilayah__kode__in=awalan))
    return hasil


def aduan_pindai_tenggat(now: datetime | None = None) -> list[PeringatanTenggatAduan]:
    """Daily scan (07:00 WIB, ``tksk.jadwal``): every undecided complaint that is now *hampir jatuh
    tempo* or *terlambat* gets one ``PeringatanTenggatAduan`` row per state and one notification per
    recipient (assigned TKSK; Dinas Sosial too when overdue). Idempotent: a second run the same day
    (or later) creates nothing new for a state already recorded, and ``beri_tahu``'s ``kunci`` makes
    each notification once. Returns the rows created by this run."""
    hari_ini = timezone.localdate(now) if now is not None else timezone.localdate()
    pengaturan = pengaturan_tenggat()
    baru = []
    qs = Aduan.objects.belum_diputuskan().filter(
        tenggat__lte=hari_ini + timedelta(days=max(p for _h, p in pengaturan.values()))
    ).select_related("petugas", "kelurahan")
    for aduan in qs:
        keadaan = keadaan_tenggat(aduan, hari_ini=hari_ini, pengaturan=pengaturan)
        if keadaan == ac.StatusTenggat.TEPAT_WAKTU:
            continue
        obj, dibuat = PeringatanTenggatAduan.objects.get_or_create(
            aduan_id=aduan.pk, keadaan=keadaan, defaults={"tanggal": hari_ini}
        )
        if not dibuat:
            continue
        baru.append(obj)
        jenis, kata = (("aduan_terlambat", "melewati tenggat") if keadaan == ac.StatusTenggat.TERLAMBAT
                       else ("aduan_hampir_tenggat", "hampir jatuh tempo"))
        for penerima in _penerima_peringatan(aduan, keadaan):
            beri_tahu(
                penerima, jenis, f"Aduan {aduan.kode_tiket} {kata} (tenggat {aduan.tenggat:%d-%m-%Y})",
                reverse("aduan:detail", args=[aduan.pk]), kunci=f"aduan:{aduan.pk}:{keadaan}",
            )
    return baru


def pindai_harian(sekarang: datetime) -> int:
    """``tksk.jadwal`` entry: how many deadline warnings the scan created."""
    return len(aduan_pindai_tenggat(sekarang))
