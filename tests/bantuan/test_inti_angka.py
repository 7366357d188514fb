"""Unscoped cores of the aid figures (``bantuan.selectors``) and the named pending-status sets.

Reports call the cores with their own area and no user; the pages call the scoped wrappers. Both
must count the same households.
"""

from __future__ import annotations

import pytest

from bantuan import choices as c
from bantuan.cakupan import (
    belum_terjangkau,
    keluarga_belum_terjangkau,
    keluarga_penerima_ganda,
    tumpang_tindih,
)
from pmks.models import JenisPMKS, Keluarga
from tests.conftest import KODE

from .conftest import buat_program, keluarga_pmks, usulan_status
from .test_tumpang_tindih import SETAHUN, dunia  # noqa: F401 (fixture)

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def test_pending_sets_are_named_for_what_they_mean():
    assert set(c.STATUS_MENUNGGU_KEPUTUSAN) == {S.DIAJUKAN, S.DIVERIFIKASI}
    assert set(c.STATUS_DIAJUKAN_BELUM_DIPUTUS) == {S.DIAJUKAN, S.DIVERIFIKASI, S.DIKEMBALIKAN}
    assert set(c.STATUS_SEDANG_DIUSULKAN) == {S.DRAFT, S.DIAJUKAN, S.DIVERIFIKASI, S.DIKEMBALIKAN}
    assert not hasattr(c, "STATUS_MENUNGGU")


def test_penerima_ganda_core_on_an_area_counts_the_households_of_the_scoped_list(dunia, dinsos):  # noqa: F811
    di_kota = Keluarga.objects.filter(kelurahan__kode__startswith=f"{KODE['kota']}.")
    inti = set(keluarga_penerima_ganda(di_kota, **SETAHUN).values_list("pk", flat=True))
    assert inti == set(dunia["ganda"]) == {k.pk for k in tumpang_tindih(user=dinsos, **SETAHUN)}


def test_belum_terjangkau_core_needs_no_user_and_matches_the_list(tksk_kanigaran, dinsos):
    program = buat_program("inti-fm", c.JenisProgram.SEMBAKO, desil_maksimum=4)
    program.jenis_pmks.set([JenisPMKS.objects.get(singkatan="FM")])
    layak, diusulkan = keluarga_pmks(), keluarga_pmks()
    draf = keluarga_pmks()
    usulan_status(program, diusulkan, S.DIKEMBALIKAN, oleh=tksk_kanigaran)
    usulan_status(program, draf, S.DRAFT, oleh=tksk_kanigaran)
    mayangan = keluarga_pmks(KODE["kel_mayangan"])
    semua = keluarga_belum_terjangkau(Keluarga.objects.all(), hari_ini=program.periode_mulai)
    assert set(semua) == {layak, mayangan}
    assert set(semua) == set(belum_terjangkau(user=dinsos, hari_ini=program.periode_mulai))


def test_a_program_without_types_or_desil_limit_makes_every_pmks_household_eligible(tksk_kanigaran):
    program = buat_program("inti-semua", c.JenisProgram.SEMBAKO)
    kaya = keluarga_pmks(desil=9, singkatan="ADK")
    hasil = keluarga_belum_terjangkau(Keluarga.objects.all(), hari_ini=program.periode_mulai)
    assert kaya in set(hasil)
