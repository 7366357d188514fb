"""Writes of a proposal (usulan): create, edit, the status verbs, attachments, and what a user may
do with one now (``tindakan_tersedia``).

Every status change goes through ``tksk.transisi.pindah_status`` and the ``choices.TRANSISI``
map; every other action on a proposal has its role and state rule in ``SYARAT``, which the
services and ``tindakan_tersedia`` read alike. Every service is keyword-only, atomic, and raises
``ValidationError`` with a message a user understands (``PermissionDenied`` for role / area).

Lock order (to avoid deadlocks): usulan → keluarga → program. Approval locks the program row, so
approvals of one program are serialized and the quota is counted under the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.registri.pdp import periksa_tidak_dibatasi
from tksk import batas
from tksk.berkas import nama_menurut_isi, periksa_lampiran
from tksk.konkurensi import versi_periksa_naikkan
from tksk.permissions import Aksi, boleh_di, wajib
from tksk.transisi import bisa_pindah, pindah_status

from .. import choices as c
from ..models import KuotaKecamatan, LampiranUsulan, ProgramBantuan, RiwayatStatusUsulan, Usulan
from ..notifikasi import beri_tahu_usulan
from ..peringatan import LARANGAN, peringatan_untuk

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


def kunci_usulan(usulan: Usulan | int) -> Usulan:
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


def pindah_status_usulan(usulan: Usulan, *, oleh, ke: str, catatan: str = "", prasyarat=None):
    """``tksk.transisi.pindah_status`` with the proposal's map, messages and history row.

    ``usulan`` is locked by the caller (``kunci_usulan``, with the household's kelurahan)."""
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


# --- What each non-status action needs ------------------------------------------------------------
def periksa_bisa_diedit(usulan: Usulan) -> None:
    if not usulan.bisa_diedit:
        raise ValidationError(
            f"Usulan berstatus “{usulan.get_status_display()}” tidak dapat diubah; hanya draf atau usulan "
            "yang dikembalikan."
        )


def periksa_bisa_diberi_lampiran(usulan: Usulan) -> None:
    if usulan.status in (S.DITOLAK, S.DIBATALKAN):
        raise ValidationError("Usulan yang ditolak atau dibatalkan tidak dapat diberi lampiran.")


def periksa_bisa_disalurkan(usulan: Usulan) -> None:
    """An approved proposal of an active recipient; a one-off aid only until its delivery is recorded."""
    if usulan.status not in c.STATUS_PENERIMA:
        raise ValidationError(
            f"Penyaluran hanya untuk usulan yang disetujui; status sekarang “{usulan.get_status_display()}”."
        )
    if usulan.status_penerima != c.StatusPenerima.AKTIF:
        raise ValidationError("Penerima ini sudah tidak aktif; penyaluran tidak dapat dicatat.")
    if not usulan.program.bulanan and usulan.penyaluran.exists():
        raise ValidationError(f"Bantuan {usulan.program} hanya disalurkan sekali dan sudah dicatat.")


def periksa_bisa_dimonitor(usulan: Usulan) -> None:
    if usulan.program.jenis not in (c.JenisProgram.TERNAK, c.JenisProgram.MODAL_USAHA):
        raise ValidationError("Monitoring hanya untuk bantuan ternak dan modal usaha.")
    if usulan.status != S.DISALURKAN:
        raise ValidationError("Monitoring dicatat setelah bantuan disalurkan.")


def periksa_penerima_aktif(usulan: Usulan) -> None:
    if not usulan.penerima_aktif:
        raise ValidationError("Usulan ini bukan penerima aktif.")


@dataclass(frozen=True)
class Syarat:
    """One action on a proposal: a role allowing one of ``aksi`` in the proposal's area (else 403
    with ``pesan``), then the proposal's state rule ``periksa`` (else ``ValidationError``)."""

    aksi: tuple[Aksi, ...]
    pesan: str
    periksa: Callable[[Usulan], None]


# verb → what it needs. The services check exactly this; ``tindakan_tersedia`` offers exactly this.
SYARAT: dict[str, Syarat] = {
    "ubah": Syarat((Aksi.AJUKAN_USULAN,), "Peran Anda tidak berwenang mengubah usulan.", periksa_bisa_diedit),
    "lampiran": Syarat(
        (Aksi.AJUKAN_USULAN, Aksi.VERIFIKASI_USULAN), "Peran Anda tidak berwenang menambah lampiran.",
        periksa_bisa_diberi_lampiran,
    ),
    "penyaluran": Syarat(
        (Aksi.CATAT_PENYALURAN,), "Peran Anda tidak berwenang mencatat penyaluran.", periksa_bisa_disalurkan
    ),
    "monitoring": Syarat(
        (Aksi.PENDAMPINGAN, Aksi.CATAT_PENYALURAN), "Peran Anda tidak berwenang mencatat monitoring.",
        periksa_bisa_dimonitor,
    ),
    "penerima": Syarat((Aksi.VERIFIKASI_USULAN,), PESAN_PENERIMA, periksa_penerima_aktif),
}
# The status verbs (buttons on the detail page, the verb in the URL) → target status.
VERBA_STATUS: dict[str, str] = {
    "ajukan": S.DIAJUKAN,
    "verifikasi": S.DIVERIFIKASI,
    "setujui": S.DISETUJUI,
    "kembalikan": S.DIKEMBALIKAN,
    "tolak": S.DITOLAK,
    "batalkan": S.DIBATALKAN,
}


def tindakan_tersedia(user, usulan: Usulan) -> set[str]:
    """The verbs (``VERBA_STATUS`` and ``SYARAT`` keys) ``user`` may use on ``usulan`` now.

    Built from the same map, roles, area and state rules the services check, so the detail page
    shows a button exactly when the service would accept it. What the user is about to type (a
    note, a date) and the program's other proposals (quota, overlap: shown as warnings) are
    checked when the form is sent.
    """
    wilayah = usulan.keluarga.kelurahan
    hasil = {
        verba for verba, ke in VERBA_STATUS.items()
        if bisa_pindah(user, usulan, ke, transisi=c.TRANSISI, wilayah=wilayah)
    }
    for verba, syarat in SYARAT.items():
        if boleh_di(user, syarat.aksi, wilayah):
            try:
                syarat.periksa(usulan)
            except ValidationError:
                continue
            hasil.add(verba)
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
    periksa_tidak_dibatasi(keluarga)  # consent withdrawn (UU PDP): no new proposal
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
    usulan = kunci_usulan(usulan)
    syarat = SYARAT["ubah"]
    wajib(oleh, syarat.aksi, wilayah=usulan.keluarga.kelurahan, pesan=syarat.pesan, pesan_wilayah=PESAN_WILAYAH)
    syarat.periksa(usulan)
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
    usulan = kunci_usulan(usulan)
    pindah_status_usulan(usulan, oleh=oleh, ke=S.DIAJUKAN, catatan=catatan or "Usulan diajukan ke Dinas Sosial.")
    usulan.diajukan_pada = timezone.now()
    usulan.save(update_fields=["diajukan_pada"])
    return usulan


@transaction.atomic
def usulan_verifikasi(*, usulan: Usulan, oleh, catatan: str = "") -> Usulan:
    usulan = kunci_usulan(usulan)
    pindah_status_usulan(usulan, oleh=oleh, ke=S.DIVERIFIKASI, catatan=catatan or "Berkas dan data diverifikasi.")
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
    usulan = kunci_usulan(usulan)
    keluarga, peringatan = pindah_status_usulan(
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
    usulan = kunci_usulan(usulan)
    pindah_status_usulan(usulan, oleh=oleh, ke=S.DITOLAK, catatan=alasan.strip())
    usulan.diputuskan_oleh = oleh
    usulan.diputuskan_pada = timezone.now()
    usulan.catatan_keputusan = alasan.strip()
    usulan.save(update_fields=["diputuskan_oleh", "diputuskan_pada", "catatan_keputusan"])
    return usulan


@transaction.atomic
def usulan_kembalikan(*, usulan: Usulan, oleh, catatan: str) -> Usulan:
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Catatan perbaikan wajib diisi."})
    usulan = kunci_usulan(usulan)
    pindah_status_usulan(usulan, oleh=oleh, ke=S.DIKEMBALIKAN, catatan=catatan.strip())
    return usulan


@transaction.atomic
def usulan_batalkan(*, usulan: Usulan, oleh, alasan: str) -> Usulan:
    if not (alasan or "").strip():
        raise ValidationError({"alasan": "Alasan pembatalan wajib diisi."})
    usulan = kunci_usulan(usulan)
    pindah_status_usulan(usulan, oleh=oleh, ke=S.DIBATALKAN, catatan=alasan.strip())
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


# --- Attachments ----------------------------------------------------------------------------------
@transaction.atomic
def lampiran_tambah(
    *, usulan: Usulan, oleh, berkas: UploadedFile, jenis: str, keterangan: str = ""
) -> LampiranUsulan:
    usulan = kunci_usulan(usulan)
    syarat = SYARAT["lampiran"]
    wajib(oleh, syarat.aksi, wilayah=usulan.keluarga.kelurahan, pesan=syarat.pesan, pesan_wilayah=PESAN_WILAYAH)
    syarat.periksa(usulan)
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


