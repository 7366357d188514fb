"""Writes of the aid domain. Every status change goes through ``tksk.transisi.pindah_status`` and the
``choices.TRANSISI`` map; every service is keyword-only, atomic, and raises ``ValidationError`` with a
message a user understands (``PermissionDenied`` for role / area).

Lock order (to avoid deadlocks): usulan → keluarga → program. Approval locks the program row, so
approvals of one program are serialized and the quota is counted under the lock.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from tksk import batas
from tksk.berkas import nama_menurut_isi, periksa_gambar, periksa_lampiran
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import Aksi, wajib
from tksk.transisi import pindah_status

from . import choices as c
from .models import (
    KuotaKecamatan,
    LampiranUsulan,
    MonitoringBantuan,
    PenerimaanEksternal,
    Penyaluran,
    ProgramBantuan,
    RiwayatStatusUsulan,
    Usulan,
)
from .notifikasi import beri_tahu_usulan
from .peringatan import LARANGAN, peringatan_untuk

S = c.StatusUsulan

NAMA_AKSI = {
    S.DIAJUKAN: "mengajukan",
    S.DIVERIFIKASI: "memverifikasi",
    S.DISETUJUI: "menyetujui",
    S.DITOLAK: "menolak",
    S.DIKEMBALIKAN: "mengembalikan",
    S.DISALURKAN: "mencatat penyaluran",
    S.DIBATALKAN: "membatalkan",
}
PESAN_WILAYAH = "Usulan ini di luar wilayah tugas Anda."
PESAN_WILAYAH_KELUARGA = "Keluarga ini di luar wilayah tugas Anda."
PESAN_PENERIMA = "Hanya Dinas Sosial yang dapat menonaktifkan atau mengganti penerima."


def pesan_peran_menuju(ke: str) -> str:
    return f"Peran Anda tidak berwenang {NAMA_AKSI.get(ke, ke)} usulan."


def _kunci_usulan(usulan: Usulan | int) -> Usulan:
    pk = usulan.pk if isinstance(usulan, Usulan) else usulan
    return (
        Usulan.objects.select_for_update(of=("self",))
        .select_related("program", "keluarga__kelurahan__induk")
        .get(pk=pk)
    )


def _pesan_status(usulan: Usulan, ke: str) -> str:
    """Why the map refuses: the current status and, when known, who moved it there."""
    terakhir = usulan.riwayat.select_related("oleh").order_by("-pada", "-id").first()
    oleh_terakhir = f" oleh {terakhir.oleh.nama_tampil}" if terakhir and terakhir.ke == usulan.status else ""
    return (
        f"Tidak dapat {NAMA_AKSI.get(ke, ke)} usulan ini: statusnya sekarang "
        f"“{usulan.get_status_display()}”{oleh_terakhir}."
    )


def _pindah_status(usulan: Usulan, *, oleh, ke: str, catatan: str = "", prasyarat=None):
    """``tksk.transisi.pindah_status`` with the proposal's map, messages and history row."""
    hasil = pindah_status(
        usulan, ke, oleh, transisi=c.TRANSISI, wilayah=usulan.keluarga.kelurahan,
        pesan_status=_pesan_status, pesan_peran=pesan_peran_menuju(ke), pesan_wilayah=PESAN_WILAYAH,
        prasyarat=prasyarat,
        riwayat=lambda dari, ke: RiwayatStatusUsulan.objects.create(
            usulan=usulan, dari=dari, ke=ke, oleh=oleh, catatan=catatan
        ),
    )
    beri_tahu_usulan(usulan)  # the proposer hears approved / rejected / returned (bantuan/notifikasi.py)
    return hasil


# --- Snapshot ----------------------------------------------------------------------------------
def snapshot_keluarga(keluarga: Keluarga) -> dict:
    """The household record an approval was based on (JSON-serializable)."""
    kepala = None
    anggota = []
    for a in keluarga.anggota.filter(status="aktif").order_by("tanggal_lahir", "id"):
        anggota.append(
            {
                "id": a.pk, "nik": a.nik, "nama": a.nama, "tanggal_lahir": a.tanggal_lahir.isoformat(),
                "jenis_kelamin": a.jenis_kelamin, "hubungan": a.get_hubungan_display(),
                "disabilitas": a.get_disabilitas_display(), "pekerjaan": a.pekerjaan,
            }
        )
        if a.adalah_kepala:
            kepala = a.nama
    klasifikasi = sorted(
        {k.jenis.nama for k in keluarga.klasifikasi.filter(aktif=True).select_related("jenis")}
    )
    return {
        "diambil_pada": timezone.now().isoformat(),
        "no_kk": keluarga.no_kk,
        "kepala": kepala,
        "alamat": keluarga.alamat,
        "rt": keluarga.rt,
        "rw": keluarga.rw,
        "kelurahan": keluarga.kelurahan.nama,
        "kelurahan_kode": keluarga.kelurahan.kode,
        "desil": keluarga.desil,
        "sumber_desil": keluarga.sumber_desil,
        "perkiraan_penghasilan": keluarga.perkiraan_penghasilan,
        "rumah": {
            "status_kepemilikan": keluarga.get_status_kepemilikan_rumah_display(),
            "luas_lantai": str(keluarga.luas_lantai) if keluarga.luas_lantai is not None else None,
            "lantai": keluarga.get_lantai_display(),
            "dinding": keluarga.get_dinding_display(),
            "atap": keluarga.get_atap_display(),
            "fasilitas_bab": keluarga.get_fasilitas_bab_display(),
        },
        "anggota": anggota,
        "klasifikasi_pmks": klasifikasi,
    }


# --- Proposals ----------------------------------------------------------------------------------
def _periksa_keluarga_bisa_diusulkan(keluarga: Keluarga, program: ProgramBantuan, anggota: Anggota | None):
    if keluarga.status != "aktif":
        raise ValidationError("Keluarga ini tidak aktif (pindah/meninggal/tidak ditemukan) dan tidak dapat diusulkan.")
    if not program.aktif or not program.dikelola_dinas:
        raise ValidationError(f"Program {program} tidak menerima usulan.")
    if program.periode_selesai < timezone.localdate():
        raise ValidationError(f"Periode program {program} sudah berakhir.")
    if anggota is not None and (anggota.keluarga_id != keluarga.pk or anggota.status != "aktif"):
        raise ValidationError({"anggota": "Anggota yang diusulkan harus anggota aktif keluarga ini."})


@transaction.atomic
def usulan_buat(
    *,
    oleh,
    keluarga: Keluarga,
    program: ProgramBantuan,
    justifikasi: str,
    asesmen: dict | None = None,
    anggota: Anggota | None = None,
    ajukan: bool = False,
) -> Usulan:
    """A TKSK drafts a proposal (and submits it right away with ``ajukan=True``)."""
    wajib(
        oleh, Aksi.AJUKAN_USULAN, wilayah=keluarga.kelurahan,
        pesan="Peran Anda tidak berwenang membuat usulan bantuan.",
        pesan_wilayah=PESAN_WILAYAH_KELUARGA,
    )
    _periksa_keluarga_bisa_diusulkan(keluarga, program, anggota)
    if not justifikasi.strip():
        raise ValidationError({"justifikasi": "Justifikasi wajib diisi."})
    if Usulan.objects.filter(
        program=program, keluarga=keluarga, status__in=c.STATUS_TERBUKA, status_penerima=c.StatusPenerima.AKTIF
    ).exists():
        raise ValidationError("Keluarga ini sudah memiliki usulan aktif untuk program tersebut.")
    usulan = Usulan(
        program=program, keluarga=keluarga, anggota=anggota, justifikasi=justifikasi.strip(),
        asesmen=asesmen or {}, diusulkan_oleh=oleh,
    )
    usulan.full_clean(exclude=["diusulkan_oleh"], validate_constraints=False)
    try:
        with transaction.atomic():
            usulan.save()
    except IntegrityError as exc:  # a parallel request created the same proposal
        raise ValidationError("Keluarga ini sudah memiliki usulan aktif untuk program tersebut.") from exc
    RiwayatStatusUsulan.objects.create(usulan=usulan, dari="", ke=S.DRAFT, oleh=oleh, catatan="Usulan dibuat.")
    if ajukan:
        usulan_ajukan(usulan=usulan, oleh=oleh)
        usulan.refresh_from_db()
    return usulan


@transaction.atomic
def usulan_ubah(
    *, usulan: Usulan, oleh, versi: int | str | None, justifikasi: str, asesmen: dict | None = None,
    anggota: Anggota | None = None,
) -> Usulan:
    """Edit a draft or a returned proposal (TKSK); ``versi`` as the form was opened (else refused)."""
    usulan = _kunci_usulan(usulan)
    wajib(
        oleh, Aksi.AJUKAN_USULAN, wilayah=usulan.keluarga.kelurahan,
        pesan="Peran Anda tidak berwenang mengubah usulan.",
        pesan_wilayah=PESAN_WILAYAH,
    )
    if not usulan.bisa_diedit:
        raise ValidationError(
            f"Usulan berstatus “{usulan.get_status_display()}” tidak dapat diubah; hanya draf atau usulan "
            "yang dikembalikan."
        )
    versi_periksa_naikkan(usulan, versi)
    if anggota is not None and (anggota.keluarga_id != usulan.keluarga_id or anggota.status != "aktif"):
        raise ValidationError({"anggota": "Anggota yang diusulkan harus anggota aktif keluarga ini."})
    if not justifikasi.strip():
        raise ValidationError({"justifikasi": "Justifikasi wajib diisi."})
    batas.periksa_field("justifikasi", justifikasi.strip(), *Usulan._meta.get_field("justifikasi").validators)
    usulan.justifikasi = justifikasi.strip()
    usulan.asesmen = asesmen or {}
    usulan.anggota = anggota
    usulan.save(update_fields=["justifikasi", "asesmen", "anggota", "versi", "diubah_pada"])
    return usulan


@transaction.atomic
def usulan_ajukan(*, usulan: Usulan, oleh, catatan: str = "") -> Usulan:
    usulan = _kunci_usulan(usulan)
    _pindah_status(usulan, oleh=oleh, ke=S.DIAJUKAN, catatan=catatan or "Usulan diajukan ke Dinas Sosial.")
    usulan.diajukan_pada = timezone.now()
    usulan.save(update_fields=["diajukan_pada"])
    return usulan


@transaction.atomic
def usulan_verifikasi(*, usulan: Usulan, oleh, catatan: str = "") -> Usulan:
    usulan = _kunci_usulan(usulan)
    _pindah_status(usulan, oleh=oleh, ke=S.DIVERIFIKASI, catatan=catatan or "Berkas dan data diverifikasi.")
    return usulan


def _periksa_kuota(usulan: Usulan) -> None:
    """Call with the program row locked. Raises when the approval would exceed a quota."""
    program = usulan.program
    aktif = Usulan.objects.filter(program=program).penerima_aktif()
    if program.kuota_total is not None:
        terpakai = aktif.count()
        if terpakai >= program.kuota_total:
            raise ValidationError(
                f"Kuota program {program} sudah penuh ({terpakai} dari {program.kuota_total} penerima)."
            )
    kecamatan = usulan.keluarga.kelurahan.induk
    kuota_kec = KuotaKecamatan.objects.filter(program=program, kecamatan=kecamatan).first()
    if kuota_kec is not None:
        terpakai = aktif.filter(keluarga__kelurahan__induk=kecamatan).count()
        if terpakai >= kuota_kec.kuota:
            raise ValidationError(
                f"Kuota {kecamatan} untuk program {program} sudah penuh ({terpakai} dari {kuota_kec.kuota})."
            )


def _periksa_persetujuan(usulan: Usulan) -> tuple[Keluarga, list]:
    """Business rules of an approval, with the household and the program locked (in that order)."""
    keluarga = Keluarga.objects.select_for_update().get(pk=usulan.keluarga_id)
    ProgramBantuan.objects.select_for_update().filter(pk=usulan.program_id).first()
    if keluarga.status != "aktif":
        raise ValidationError("Keluarga ini sudah tidak aktif; usulan tidak dapat disetujui.")
    peringatan = peringatan_untuk(keluarga=keluarga, program=usulan.program, kecuali_usulan_id=usulan.pk)
    larangan = [p.pesan for p in peringatan if p.tingkat == LARANGAN]
    if larangan:
        raise ValidationError("Tidak dapat disetujui: " + " ".join(larangan))
    _periksa_kuota(usulan)
    return keluarga, peringatan


@transaction.atomic
def usulan_setujui(*, usulan: Usulan, oleh, catatan: str = "") -> Usulan:
    """Approve: refuse on hard overlap rules or a full quota; freeze the household record.

    Status and role are checked before the wider locks are taken, so a loser gets the status message.
    """
    usulan = _kunci_usulan(usulan)
    keluarga, peringatan = _pindah_status(
        usulan, oleh=oleh, ke=S.DISETUJUI, catatan=catatan or "Usulan disetujui.",
        prasyarat=lambda: _periksa_persetujuan(usulan),
    )
    usulan.diputuskan_oleh = oleh
    usulan.diputuskan_pada = timezone.now()
    usulan.catatan_keputusan = catatan
    usulan.data_keluarga_beku = snapshot_keluarga(keluarga)
    usulan.peringatan_saat_disetujui = [p.as_dict() for p in peringatan]
    usulan.save(
        update_fields=[
            "diputuskan_oleh", "diputuskan_pada", "catatan_keputusan", "data_keluarga_beku",
            "peringatan_saat_disetujui",
        ]
    )
    return usulan


@transaction.atomic
def usulan_tolak(*, usulan: Usulan, oleh, alasan: str) -> Usulan:
    if not (alasan or "").strip():
        raise ValidationError({"alasan": "Alasan penolakan wajib diisi."})
    usulan = _kunci_usulan(usulan)
    _pindah_status(usulan, oleh=oleh, ke=S.DITOLAK, catatan=alasan.strip())
    usulan.diputuskan_oleh = oleh
    usulan.diputuskan_pada = timezone.now()
    usulan.catatan_keputusan = alasan.strip()
    usulan.save(update_fields=["diputuskan_oleh", "diputuskan_pada", "catatan_keputusan"])
    return usulan


@transaction.atomic
def usulan_kembalikan(*, usulan: Usulan, oleh, catatan: str) -> Usulan:
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Catatan perbaikan wajib diisi."})
    usulan = _kunci_usulan(usulan)
    _pindah_status(usulan, oleh=oleh, ke=S.DIKEMBALIKAN, catatan=catatan.strip())
    return usulan


@transaction.atomic
def usulan_batalkan(*, usulan: Usulan, oleh, alasan: str) -> Usulan:
    if not (alasan or "").strip():
        raise ValidationError({"alasan": "Alasan pembatalan wajib diisi."})
    usulan = _kunci_usulan(usulan)
    _pindah_status(usulan, oleh=oleh, ke=S.DIBATALKAN, catatan=alasan.strip())
    return usulan


AKSI_MASSAL = {
    "verifikasi": lambda u, oleh, catatan: usulan_verifikasi(usulan=u, oleh=oleh, catatan=catatan),
    "setujui": lambda u, oleh, catatan: usulan_setujui(usulan=u, oleh=oleh, catatan=catatan),
    "tolak": lambda u, oleh, catatan: usulan_tolak(usulan=u, oleh=oleh, alasan=catatan),
}


def usulan_proses_massal(
    *, usulan_list: list[Usulan], oleh, aksi: str, catatan: str = ""
) -> list[tuple[Usulan, bool, str]]:
    """Apply one action to many proposals, each in its own transaction: (usulan, ok, message)."""
    fungsi = AKSI_MASSAL.get(aksi)
    if fungsi is None:
        raise ValidationError("Tindakan massal tidak dikenal.")
    hasil = []
    for u in usulan_list:
        try:
            fungsi(u, oleh, catatan)
        except (ValidationError, PermissionDenied) as exc:
            pesan = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            hasil.append((u, False, pesan))
        else:
            hasil.append((u, True, "Berhasil."))
    return hasil


# --- Recipients: deactivate / replace (never delete) ---------------------------------------------
def _periksa_penerima_aktif(usulan: Usulan) -> None:
    if not usulan.penerima_aktif:
        raise ValidationError("Usulan ini bukan penerima aktif.")


@transaction.atomic
def penerima_nonaktifkan(*, usulan: Usulan, oleh, versi: int | str | None, alasan: str, keterangan: str) -> Usulan:
    """Deactivate a recipient; ``versi`` as the form was opened (else refused)."""
    usulan = _kunci_usulan(usulan)
    versi_periksa_naikkan(usulan, versi)  # first: a stale form says so, whatever changed meanwhile
    wajib(
        oleh, Aksi.VERIFIKASI_USULAN, wilayah=usulan.keluarga.kelurahan, pesan=PESAN_PENERIMA,
        pesan_wilayah=PESAN_WILAYAH,
    )
    _periksa_penerima_aktif(usulan)
    if alasan not in c.AlasanNonaktif.values:
        raise ValidationError({"alasan": "Pilih alasan penonaktifan."})
    if not keterangan.strip():
        raise ValidationError({"keterangan": "Keterangan wajib diisi."})
    usulan.status_penerima = c.StatusPenerima.NONAKTIF
    usulan.alasan_nonaktif = alasan
    usulan.keterangan_nonaktif = keterangan.strip()
    usulan.dinonaktifkan_oleh = oleh
    usulan.dinonaktifkan_pada = timezone.now()
    usulan.save()
    RiwayatStatusUsulan.objects.create(
        usulan=usulan, dari=usulan.status, ke=usulan.status, oleh=oleh,
        catatan=f"Penerima dinonaktifkan ({usulan.get_alasan_nonaktif_display()}): {keterangan.strip()}",
    )
    return usulan


@transaction.atomic
def penerima_ganti(
    *, usulan: Usulan, oleh, versi: int | str | None, keluarga_baru: Keluarga, alasan: str, keterangan: str,
    anggota_baru: Anggota | None = None,
) -> Usulan:
    """Replace a recipient: the old one becomes ``diganti``, a new approved proposal takes the place.

    ``versi``: the old proposal's version the form was opened with (else refused).
    """
    usulan = _kunci_usulan(usulan)
    versi_periksa_naikkan(usulan, versi)  # first: a stale form says so, whatever changed meanwhile
    wajib(
        oleh, Aksi.VERIFIKASI_USULAN, wilayah=usulan.keluarga.kelurahan, pesan=PESAN_PENERIMA,
        pesan_wilayah=PESAN_WILAYAH,
    )
    _periksa_penerima_aktif(usulan)
    if alasan not in c.AlasanNonaktif.values:
        raise ValidationError({"alasan": "Pilih alasan penggantian."})
    if not keterangan.strip():
        raise ValidationError({"keterangan": "Keterangan wajib diisi."})
    keluarga_baru = Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga_baru.pk)
    wajib(
        oleh, Aksi.VERIFIKASI_USULAN, wilayah=keluarga_baru.kelurahan, pesan=PESAN_PENERIMA,
        pesan_wilayah="Keluarga pengganti di luar wilayah tugas Anda.",
    )
    if keluarga_baru.pk == usulan.keluarga_id:
        raise ValidationError({"keluarga_baru": "Keluarga pengganti harus keluarga lain."})
    if keluarga_baru.status != "aktif":
        raise ValidationError({"keluarga_baru": "Keluarga pengganti tidak aktif."})
    ProgramBantuan.objects.select_for_update().filter(pk=usulan.program_id).first()
    peringatan = peringatan_untuk(keluarga=keluarga_baru, program=usulan.program)
    larangan = [p.pesan for p in peringatan if p.tingkat == LARANGAN]
    if larangan:
        raise ValidationError("Keluarga pengganti tidak dapat menerima: " + " ".join(larangan))
    usulan.status_penerima = c.StatusPenerima.DIGANTI
    usulan.alasan_nonaktif = alasan
    usulan.keterangan_nonaktif = keterangan.strip()
    usulan.dinonaktifkan_oleh = oleh
    usulan.dinonaktifkan_pada = timezone.now()
    usulan.save()
    # The freed place goes to the replacement; quota is unchanged by construction.
    baru = Usulan.objects.create(
        program=usulan.program, keluarga=keluarga_baru, anggota=anggota_baru, status=S.DISETUJUI,
        justifikasi=f"Pengganti penerima usulan #{usulan.pk}: {keterangan.strip()}",
        diusulkan_oleh=oleh, diajukan_pada=timezone.now(), diputuskan_oleh=oleh, diputuskan_pada=timezone.now(),
        data_keluarga_beku=snapshot_keluarga(keluarga_baru),
        peringatan_saat_disetujui=[p.as_dict() for p in peringatan], menggantikan=usulan,
    )
    RiwayatStatusUsulan.objects.create(
        usulan=usulan, dari=usulan.status, ke=usulan.status, oleh=oleh,
        catatan=f"Penerima diganti oleh usulan #{baru.pk} ({usulan.get_alasan_nonaktif_display()}): "
        f"{keterangan.strip()}",
    )
    RiwayatStatusUsulan.objects.create(
        usulan=baru, dari="", ke=S.DISETUJUI, oleh=oleh, catatan=f"Menggantikan penerima usulan #{usulan.pk}."
    )
    return baru


# --- Attachments ----------------------------------------------------------------------------------
@transaction.atomic
def lampiran_tambah(
    *, usulan: Usulan, oleh, berkas: UploadedFile, jenis: str, keterangan: str = ""
) -> LampiranUsulan:
    usulan = _kunci_usulan(usulan)
    wajib(
        oleh, (Aksi.AJUKAN_USULAN, Aksi.VERIFIKASI_USULAN), wilayah=usulan.keluarga.kelurahan,
        pesan="Peran Anda tidak berwenang menambah lampiran.",
        pesan_wilayah=PESAN_WILAYAH,
    )
    if usulan.status in (S.DITOLAK, S.DIBATALKAN):
        raise ValidationError("Usulan yang ditolak atau dibatalkan tidak dapat diberi lampiran.")
    if jenis not in c.JenisLampiran.values:
        raise ValidationError({"jenis": "Pilih jenis lampiran."})
    sah = periksa_lampiran(berkas)
    lampiran = LampiranUsulan(
        usulan=usulan, jenis=jenis, nama_asli=(berkas.name or "berkas")[:200], tipe_konten=sah.tipe_konten,
        ukuran=sah.ukuran, keterangan=keterangan, diunggah_oleh=oleh,
    )
    lampiran.berkas.save(nama_menurut_isi(berkas), berkas, save=False)
    lampiran.save()
    return lampiran


# --- Distribution and monitoring -----------------------------------------------------------------
@transaction.atomic
def penyaluran_catat(
    *,
    usulan: Usulan,
    oleh,
    tanggal: date,
    diterima_oleh: str,
    nilai: int | None = None,
    jumlah_barang=None,
    uraian: str = "",
    foto_bukti: UploadedFile | None = None,
    catatan: str = "",
) -> Penyaluran:
    """Record one delivery; the first one moves the proposal to ``disalurkan``."""
    usulan = _kunci_usulan(usulan)
    wajib(
        oleh, Aksi.CATAT_PENYALURAN, wilayah=usulan.keluarga.kelurahan,
        pesan="Peran Anda tidak berwenang mencatat penyaluran.",
        pesan_wilayah=PESAN_WILAYAH,
    )
    program = usulan.program
    if usulan.status not in c.STATUS_PENERIMA:
        raise ValidationError(
            f"Penyaluran hanya untuk usulan yang disetujui; status sekarang “{usulan.get_status_display()}”."
        )
    if usulan.status_penerima != c.StatusPenerima.AKTIF:
        raise ValidationError("Penerima ini sudah tidak aktif; penyaluran tidak dapat dicatat.")
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal penyaluran tidak boleh di masa depan."})
    if program.bulanan and not (program.periode_mulai <= tanggal <= program.periode_selesai):
        raise ValidationError({"tanggal": "Tanggal penyaluran di luar periode program."})
    if not diterima_oleh.strip():
        raise ValidationError({"diterima_oleh": "Nama penerima yang menandatangani wajib diisi."})
    bulan = tanggal.replace(day=1)
    sudah = usulan.penyaluran.all()
    if not program.bulanan and sudah.exists():
        raise ValidationError(f"Bantuan {program} hanya disalurkan sekali dan sudah dicatat.")
    if sudah.filter(bulan=bulan).exists():
        from tksk.templatetags.sidamping import bulan_id

        raise ValidationError({"tanggal": f"Penyaluran bulan {bulan_id(bulan)} sudah dicatat."})
    if nilai is None and program.bentuk == c.BentukBantuan.TUNAI:
        nilai = program.nilai_per_penerima
    penyaluran = Penyaluran(
        usulan=usulan, tanggal=tanggal, bulan=bulan, nilai=nilai, jumlah_barang=jumlah_barang,
        uraian=uraian or program.uraian_barang, diterima_oleh=diterima_oleh.strip(), catatan=catatan,
        dicatat_oleh=oleh,
    )
    penyaluran.full_clean(exclude=["usulan", "dicatat_oleh", "foto_bukti"], validate_constraints=False)
    if foto_bukti:
        try:
            periksa_gambar(foto_bukti)
        except ValidationError as exc:
            raise ValidationError({"foto_bukti": exc.messages}) from exc
        penyaluran.foto_bukti.save(nama_menurut_isi(foto_bukti), foto_bukti, save=False)
    penyaluran.save()
    if usulan.status == S.DISETUJUI:
        _pindah_status(usulan, oleh=oleh, ke=S.DISALURKAN, catatan=f"Penyaluran pertama {tanggal:%d-%m-%Y}.")
    return penyaluran


@transaction.atomic
def monitoring_catat(
    *,
    usulan: Usulan,
    oleh,
    tanggal: date,
    ternak_hidup: int | None = None,
    ternak_lahir: int | None = None,
    ternak_dijual: int | None = None,
    ternak_mati: int | None = None,
    usaha_berjalan: bool | None = None,
    catatan: str = "",
) -> MonitoringBantuan:
    """Follow-up of livestock / business-capital aid after distribution (TKSK or Dinas)."""
    usulan = _kunci_usulan(usulan)
    wajib(
        oleh, (Aksi.PENDAMPINGAN, Aksi.CATAT_PENYALURAN), wilayah=usulan.keluarga.kelurahan,
        pesan="Peran Anda tidak berwenang mencatat monitoring.",
        pesan_wilayah=PESAN_WILAYAH,
    )
    jenis = usulan.program.jenis
    if jenis not in (c.JenisProgram.TERNAK, c.JenisProgram.MODAL_USAHA):
        raise ValidationError("Monitoring hanya untuk bantuan ternak dan modal usaha.")
    if usulan.status != S.DISALURKAN:
        raise ValidationError("Monitoring dicatat setelah bantuan disalurkan.")
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": "Tanggal monitoring tidak boleh di masa depan."})
    if jenis == c.JenisProgram.TERNAK and ternak_hidup is None:
        raise ValidationError({"ternak_hidup": "Jumlah ternak yang hidup wajib diisi."})
    if jenis == c.JenisProgram.MODAL_USAHA and usaha_berjalan is None:
        raise ValidationError({"usaha_berjalan": "Pilih apakah usaha masih berjalan."})
    monitoring = MonitoringBantuan(
        usulan=usulan, tanggal=tanggal, ternak_hidup=ternak_hidup, ternak_lahir=ternak_lahir,
        ternak_dijual=ternak_dijual, ternak_mati=ternak_mati, usaha_berjalan=usaha_berjalan, catatan=catatan,
        dicatat_oleh=oleh,
    )
    monitoring.full_clean(exclude=["usulan", "dicatat_oleh"])
    monitoring.save()
    return monitoring


# --- External receipts (BNBA import of PKH/BPNT) -------------------------------------------------
@transaction.atomic
def penerimaan_eksternal_catat(
    *,
    program: ProgramBantuan,
    keluarga: Keluarga,
    periode_mulai: date,
    periode_selesai: date,
    sumber: str,
    anggota: Anggota | None = None,
    impor_ref: str = "",
    oleh=None,
) -> tuple[PenerimaanEksternal, bool]:
    """Record that ``keluarga`` receives ``program`` in a period per an external list.

    Idempotent per (program, keluarga, periode_mulai): re-importing the same row updates it and
    returns ``(row, False)``. With ``oleh`` the user's role (IMPOR_DATA) and area are checked.
    """
    if oleh is not None:
        wajib(
            oleh, Aksi.IMPOR_DATA, wilayah=keluarga.kelurahan,
            pesan="Peran Anda tidak berwenang mengimpor data penerima.",
            pesan_wilayah=PESAN_WILAYAH_KELUARGA,
        )
    if periode_mulai > periode_selesai:
        raise ValidationError({"periode_selesai": "Periode selesai tidak boleh sebelum periode mulai."})
    if anggota is not None and anggota.keluarga_id != keluarga.pk:
        raise ValidationError({"anggota": "Anggota bukan anggota keluarga ini."})
    if not sumber.strip():
        raise ValidationError({"sumber": "Sumber data wajib diisi."})
    obj, dibuat = PenerimaanEksternal.objects.update_or_create(
        program=program, keluarga=keluarga, periode_mulai=periode_mulai,
        defaults={
            "anggota": anggota, "periode_selesai": periode_selesai, "sumber": sumber.strip(),
            "impor_ref": impor_ref, "aktif": True,
        },
        create_defaults={
            "anggota": anggota, "periode_selesai": periode_selesai, "sumber": sumber.strip(),
            "impor_ref": impor_ref, "aktif": True, "dicatat_oleh": oleh,
        },
    )
    return obj, dibuat


# --- Programs --------------------------------------------------------------------------------------
@transaction.atomic
def program_simpan(
    *, program: ProgramBantuan, oleh, jenis_pmks, tidak_boleh_bersamaan, kuota_kecamatan: dict | None = None,
    versi: int | str | None = None,
) -> ProgramBantuan:
    """Create or update a program (Dinas Sosial). ``kuota_kecamatan``: {kecamatan: kuota or None}.

    Updating needs ``versi``, the program's version the form was opened with (refused when missing
    or stale): the row is locked and its stored version compared, whatever ``program`` holds.
    """
    wajib(oleh, Aksi.KELOLA_PROGRAM, pesan="Peran Anda tidak berwenang mengelola program.")
    if program.pk is None:
        program.dibuat_oleh = oleh
    else:
        tersimpan = ProgramBantuan.objects.select_for_update().only("versi").get(pk=program.pk)
        versi_periksa_naikkan(tersimpan, versi)
        program.versi = tersimpan.versi
    program.full_clean()
    if kuota_kecamatan is not None:
        kuota_kecamatan = {k: v for k, v in kuota_kecamatan.items() if v is not None}
        for kec, kuota in kuota_kecamatan.items():
            batas.KUOTA.periksa(kuota, f"Kuota {kec.nama}")
    if (
        kuota_kecamatan
        and program.kuota_total is not None
        and sum(kuota_kecamatan.values()) > program.kuota_total
    ):
        raise ValidationError("Jumlah kuota per kecamatan melebihi kuota total program.")
    program.save()
    program.jenis_pmks.set(jenis_pmks)
    program.tidak_boleh_bersamaan.set([p for p in tidak_boleh_bersamaan if p.pk != program.pk])
    if kuota_kecamatan is not None:
        program.kuota_kecamatan.exclude(kecamatan__in=list(kuota_kecamatan)).delete()
        for kec, kuota in kuota_kecamatan.items():
            KuotaKecamatan.objects.update_or_create(program=program, kecamatan=kec, defaults={"kuota": kuota})
    return program
