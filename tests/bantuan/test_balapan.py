"""Concurrency against real PostgreSQL: two threads, each with its own connection."""

from __future__ import annotations

import pytest

from bantuan import choices as c
from bantuan.models import RiwayatStatusUsulan, Usulan
from bantuan.services import usulan as s
from tests.balapan import serentak
from tests.factories import PenggunaFactory, wilayah

from .conftest import buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


def test_two_staff_approving_same_proposal_exactly_one_wins(tksk_kanigaran):
    kota = wilayah("35.74")
    staf = [PenggunaFactory(username=f"dinsos.{i}", peran="dinsos", wilayah=kota) for i in range(2)]
    program = buat_program("balapan-sama")
    u = usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran)
    hasil = serentak([lambda st=st: s.usulan_setujui(usulan=Usulan(pk=u.pk), oleh=st) for st in staf])
    assert sorted(ok for ok, _ in hasil) == [False, True], hasil
    pesan_kalah = next(m for ok, m in hasil if not ok)
    assert "statusnya sekarang “Disetujui”" in pesan_kalah
    assert RiwayatStatusUsulan.objects.filter(usulan_id=u.pk, ke=S.DISETUJUI).count() == 1


def test_approvals_racing_for_last_quota_place_never_exceed_quota(tksk_kanigaran):
    kota = wilayah("35.74")
    staf = [PenggunaFactory(username=f"dinsos.k{i}", peran="dinsos", wilayah=kota) for i in range(4)]
    program = buat_program("balapan-kuota", kuota_total=1)
    usulan = [usulan_status(program, keluarga_pmks(), S.DIVERIFIKASI, oleh=tksk_kanigaran) for _ in range(4)]
    hasil = serentak(
        [
            lambda u=u, st=st: s.usulan_setujui(usulan=Usulan(pk=u.pk), oleh=st)
            for u, st in zip(usulan, staf, strict=True)
        ]
    )
    assert sum(ok for ok, _ in hasil) == 1, hasil
    assert all("Kuota program" in m for ok, m in hasil if not ok), hasil
    assert Usulan.objects.filter(program=program).penerima_aktif().count() == 1


def test_non_combinable_approvals_racing_on_same_household_only_one_wins(tksk_kanigaran):
    kota = wilayah("35.74")
    staf = [PenggunaFactory(username=f"dinsos.n{i}", peran="dinsos", wilayah=kota) for i in range(2)]
    ternak = buat_program("balap-ternak", c.JenisProgram.TERNAK)
    modal = buat_program("balap-modal", c.JenisProgram.MODAL_USAHA)
    ternak.tidak_boleh_bersamaan.add(modal)
    kel = keluarga_pmks()
    a = usulan_status(ternak, kel, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    b = usulan_status(modal, kel, S.DIVERIFIKASI, oleh=tksk_kanigaran)
    hasil = serentak(
        [lambda: s.usulan_setujui(usulan=Usulan(pk=a.pk), oleh=staf[0]),
         lambda: s.usulan_setujui(usulan=Usulan(pk=b.pk), oleh=staf[1])]
    )
    assert sorted(ok for ok, _ in hasil) == [False, True], hasil
    assert Usulan.objects.filter(keluarga=kel).penerima_aktif().count() == 1
