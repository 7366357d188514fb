"""Who may do what: one table, readable at a glance.

Area (which kelurahan) is decided by ``tksk.scoping``; this module only decides the action.
"""

from __future__ import annotations

from enum import StrEnum

from .models import Peran


class Aksi(StrEnum):
    LIHAT_DATA = "lihat_data"  # read registry, aid, pendampingan, reports within area
    UBAH_DATA = "ubah_data"  # register / edit households, members, classification
    IMPOR_DATA = "impor_data"
    EKSPOR_DATA = "ekspor_data"
    PENDAMPINGAN = "pendampingan"  # record visits, follow-ups, referrals, PSKS
    AJUKAN_USULAN = "ajukan_usulan"  # create / submit / revise aid proposals
    VERIFIKASI_USULAN = "verifikasi_usulan"  # verify, approve, reject, return proposals
    KELOLA_PROGRAM = "kelola_program"
    CATAT_PENYALURAN = "catat_penyaluran"  # record a distribution (handover + evidence) and its monitoring
    SUSUN_LAPORAN = "susun_laporan"  # write and submit the monthly report
    TERIMA_LAPORAN = "terima_laporan"  # acknowledge / return a monthly report
    ADMIN_SITUS = "admin_situs"
    # Complaints (aduan: usul, sanggah, pengaduan layanan, perbaikan data), bantuan.aduan
    TERIMA_ADUAN = "terima_aduan"  # record a complaint from any channel, attach evidence
    VERIFIKASI_ADUAN = "verifikasi_aduan"  # the kecamatan TKSK's verification visit
    PUTUSKAN_ADUAN = "putuskan_aduan"  # decide (dikabulkan / ditolak) and close
    TINDAK_LANJUT_ADUAN = "tindak_lanjut_aduan"  # record the action a decision led to
    KELOLA_ADUAN = "kelola_aduan"  # reassign and escalate; sees every reporter's identity


IZIN: dict[str, frozenset[Aksi]] = {
    Peran.TKSK: frozenset(
        {
            Aksi.LIHAT_DATA,
            Aksi.UBAH_DATA,
            Aksi.IMPOR_DATA,
            Aksi.EKSPOR_DATA,
            Aksi.PENDAMPINGAN,
            Aksi.AJUKAN_USULAN,
            # The TKSK is present at the handover: records it with its evidence (README, roles table).
            Aksi.CATAT_PENYALURAN,
            Aksi.SUSUN_LAPORAN,
            Aksi.TERIMA_ADUAN,
            Aksi.VERIFIKASI_ADUAN,
            Aksi.TINDAK_LANJUT_ADUAN,
        }
    ),
    Peran.DINSOS: frozenset(
        {
            Aksi.LIHAT_DATA,
            Aksi.UBAH_DATA,
            Aksi.IMPOR_DATA,
            Aksi.EKSPOR_DATA,
            Aksi.VERIFIKASI_USULAN,
            Aksi.KELOLA_PROGRAM,
            Aksi.CATAT_PENYALURAN,
            Aksi.TERIMA_LAPORAN,
            Aksi.TERIMA_ADUAN,
            Aksi.PUTUSKAN_ADUAN,
            Aksi.TINDAK_LANJUT_ADUAN,
            Aksi.KELOLA_ADUAN,
        }
    ),
    Peran.PEJABAT: frozenset({Aksi.LIHAT_DATA, Aksi.EKSPOR_DATA}),
    Peran.ADMIN: frozenset(Aksi),
}

# Actions that change data: roles lacking every one of them are read-only.
AKSI_TULIS = frozenset(Aksi) - {Aksi.LIHAT_DATA, Aksi.EKSPOR_DATA}


def boleh(user, aksi: Aksi) -> bool:
    """True when the user's role allows ``aksi`` (area is checked separately)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return aksi in IZIN.get(user.peran, frozenset())


def hanya_baca(user) -> bool:
    return not any(boleh(user, aksi) for aksi in AKSI_TULIS)
