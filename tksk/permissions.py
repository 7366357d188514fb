"""Who may do what: one table, readable at a glance.

Area (which kelurahan) is decided by ``tksk.scoping``; this module decides the action and holds the
one guard API (``wajib`` / ``boleh_di``) that combines both.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from .models import Peran, Tingkat


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
    AUDIT_AKSES = "audit_akses"  # read the personal-data access log (UU PDP); administrator only
    # Complaints (aduan: usul, sanggah, pengaduan layanan, perbaikan data), bantuan.aduan
    TERIMA_ADUAN = "terima_aduan"  # record a complaint from any channel, attach evidence
    VERIFIKASI_ADUAN = "verifikasi_aduan"  # the kecamatan TKSK's verification visit
    PUTUSKAN_ADUAN = "putuskan_aduan"  # decide (dikabulkan / ditolak) and close
    TINDAK_LANJUT_ADUAN = "tindak_lanjut_aduan"  # record the action a decision led to
    KELOLA_ADUAN = "kelola_aduan"  # reassign and escalate; sees every reporter's identity
    # One person, one record (pmks.ganda): decide a duplicate-candidate pair (berbeda / gabungkan)
    PUTUSKAN_DUPLIKAT = "putuskan_duplikat"
    PINDAI_DUPLIKAT = "pindai_duplikat"  # start the duplicate scan of the kab/kota now


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
            Aksi.PUTUSKAN_DUPLIKAT,  # pairs whose two records both lie in the TKSK's kecamatan
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
            Aksi.PUTUSKAN_DUPLIKAT,
            Aksi.PINDAI_DUPLIKAT,
        }
    ),
    Peran.PEJABAT: frozenset({Aksi.LIHAT_DATA, Aksi.EKSPOR_DATA}),
    Peran.ADMIN: frozenset(Aksi),
}

# Actions that change data: roles lacking every one of them are read-only.
AKSI_TULIS = frozenset(Aksi) - {Aksi.LIHAT_DATA, Aksi.EKSPOR_DATA, Aksi.AUDIT_AKSES}


def boleh(user, aksi: Aksi) -> bool:
    """True when the user's role allows ``aksi`` (area is checked separately)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return aksi in IZIN.get(user.peran, frozenset())


def hanya_baca(user) -> bool:
    return not any(boleh(user, aksi) for aksi in AKSI_TULIS)


# --- The one guard API ----------------------------------------------------------------------------
# Every role (+ area) check of the apps goes through ``wajib`` (refuse with 403) or ``boleh_di``
# (a yes/no for drawing a button). Out-of-area *reads* stay 404 through ``tksk.scoping.get_for_user``.

PESAN_PERAN = "Peran Anda tidak berwenang melakukan tindakan ini."
PESAN_WILAYAH = "Data ini di luar wilayah tugas Anda."


class _WilayahTugas:
    """``wilayah=WILAYAH_TUGAS``: somewhere in the user's area (at least one kelurahan there)."""

    def __repr__(self) -> str:
        return "WILAYAH_TUGAS"


WILAYAH_TUGAS = _WilayahTugas()


class _SatuKecamatan(_WilayahTugas):
    """``wilayah=SATU_KECAMATAN``: the user's area is exactly one kecamatan (the TKSK's), e.g. for
    taking that kecamatan's households offline (pmks.luring)."""

    def __repr__(self) -> str:
        return "SATU_KECAMATAN"


SATU_KECAMATAN = _SatuKecamatan()


def _daftar_aksi(aksi: Aksi | Iterable[Aksi]) -> tuple[Aksi, ...]:
    return (aksi,) if isinstance(aksi, Aksi) else tuple(aksi)


def boleh_di(user, aksi: Aksi | Iterable[Aksi], wilayah) -> bool:
    """The role allows ``aksi`` (or one of several) and ``wilayah`` lies in the user's area.

    The area is the write area for an action that changes data, the read area otherwise (both
    decided by ``tksk.scoping``). ``wilayah`` is a ``Wilayah``, an iterable of them (all must lie
    in the area) or ``WILAYAH_TUGAS`` (the user's area holds at least one kelurahan).
    """
    from . import scoping  # scoping imports this module

    daftar = _daftar_aksi(aksi)
    if not any(boleh(user, a) for a in daftar):
        return False
    tulis = any(a in AKSI_TULIS for a in daftar)
    if wilayah is SATU_KECAMATAN:
        area = scoping.wilayah_tugas(user)
        return area is not None and area.tingkat == Tingkat.KECAMATAN
    if wilayah is WILAYAH_TUGAS:
        return scoping.kelurahan_untuk(user, write=tulis).exists()
    cek = scoping.boleh_tulis_wilayah if tulis else scoping.boleh_baca_wilayah
    semua = wilayah if isinstance(wilayah, Iterable) else [wilayah]
    return all(cek(user, w) for w in semua)


def wajib(
    user,
    aksi: Aksi | Iterable[Aksi],
    *,
    wilayah=None,
    pesan: str | None = None,
    pesan_wilayah: str | None = None,
) -> None:
    """Refuse (``PermissionDenied``: the 403 page shows the message) unless ``boleh_di`` holds.

    ``pesan`` (default ``PESAN_PERAN``) is shown when the role lacks ``aksi``; ``pesan_wilayah``
    (default ``pesan``, else ``PESAN_WILAYAH``) when ``wilayah`` lies outside the area. It may
    name the area as ``{wilayah}`` (for a list: the first one outside it).
    """
    if not any(boleh(user, a) for a in _daftar_aksi(aksi)):
        raise PermissionDenied(pesan or PESAN_PERAN)
    if wilayah is None:
        return
    semua = [wilayah] if isinstance(wilayah, _WilayahTugas) or not isinstance(wilayah, Iterable) else list(wilayah)
    for w in semua:
        if not boleh_di(user, aksi, w):
            raise PermissionDenied((pesan_wilayah or pesan or PESAN_WILAYAH).replace("{wilayah}", str(w)))
