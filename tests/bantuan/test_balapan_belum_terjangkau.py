"""Concurrency of the per-household rows *belum terjangkau* reads (``JenisAktifKeluarga``,
``RingkasanPenerimaan``): writers of the registry, of the desil and of proposals racing on the same
households never deadlock, and afterwards every row equals what its facts say and the rule equals
its from-scratch recount."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from bantuan import choices as c
from bantuan.cakupan import keluarga_belum_terjangkau, keluarga_belum_terjangkau_dari_awal
from bantuan.models import Usulan
from bantuan.models.fakta import ringkasan_berbeda
from pmks.models import JenisPMKS, Keluarga, KlasifikasiPMKS
from pmks.models.rollup import jenis_aktif_berbeda
from tests.balapan import serentak
from tests.factories import KlasifikasiPMKSFactory, PenggunaFactory, wilayah

from .conftest import buat_program, keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


def test_registry_desil_and_proposal_writers_racing_on_the_same_households_keep_the_rows_exact(tksk_kanigaran):
    hari_ini = timezone.localdate()
    program = buat_program("balap-belum", periode_mulai=hari_ini.replace(day=1), desil_maksimum=6,
                           periode_selesai=hari_ini + timedelta(days=366))
    program.jenis_pmks.set(JenisPMKS.objects.filter(singkatan__in=["FM", "LUT"]))
    penilai = PenggunaFactory(username="penilai.balap", peran="dinsos", wilayah=wilayah("35.74"))
    lut = JenisPMKS.objects.get(singkatan="LUT")
    keluarga = [keluarga_pmks(desil=3) for _ in range(6)]
    usulan = [usulan_status(program, k, S.DRAFT, oleh=tksk_kanigaran) for k in keluarga[:3]]

    def registri():  # classify every household anew (registry refresh), in one transaction
        with transaction.atomic():
            KlasifikasiPMKS.objects.filter(keluarga__in=keluarga, jenis=lut).delete()
            for k in keluarga:
                KlasifikasiPMKSFactory(keluarga=k, jenis=lut, dinilai_oleh=penilai)

    def desil():  # the desil of every household in one statement (the desil trigger)
        Keluarga.objects.filter(pk__in=[k.pk for k in keluarga]).update(desil=9)

    def usul():  # withdraw the drafts and propose the others (receipt facts), in one transaction
        with transaction.atomic():
            Usulan.objects.filter(pk__in=[u.pk for u in usulan]).update(status=S.DIBATALKAN)
            for k in keluarga[3:]:
                usulan_status(program, k, S.DIAJUKAN, oleh=tksk_kanigaran)

    def cabut():  # deactivate the first classification of every household
        KlasifikasiPMKS.objects.filter(keluarga_id__in=[k.pk for k in keluarga], jenis__singkatan="FM").update(
            aktif=False)

    for _ in range(3):
        hasil = serentak([registri, desil, usul, cabut])
        assert all(ok for ok, _ in hasil), hasil  # no deadlock, no error
        assert not jenis_aktif_berbeda() and not ringkasan_berbeda()
        area = Keluarga.objects.filter(pk__in=[k.pk for k in keluarga])
        assert set(keluarga_belum_terjangkau(area, hari_ini=hari_ini).values_list("pk", flat=True)) == set(
            keluarga_belum_terjangkau_dari_awal(area, hari_ini=hari_ini).values_list("pk", flat=True))
        # the next round starts where this one did
        Keluarga.objects.filter(pk__in=[k.pk for k in keluarga]).update(desil=3)
        KlasifikasiPMKS.objects.filter(keluarga_id__in=[k.pk for k in keluarga]).update(aktif=True)
        Usulan.objects.filter(program=program).update(status=S.DIBATALKAN)
        usulan[:] = [usulan_status(program, k, S.DRAFT, oleh=tksk_kanigaran) for k in keluarga[:3]]
