"""Two staff merging the same pair at the same moment (two threads, two connections, real PostgreSQL):
one merge wins, the other is refused with the "already decided" message; nothing is merged twice."""

from __future__ import annotations

from datetime import date

import pytest

from pmks.ganda import choices as c
from pmks.ganda.models import PasanganDuplikat
from pmks.ganda.services import pasangan_gabungkan
from pmks.models import Anggota
from pmks.registri import choices as rc
from tests.balapan import serentak

from .helpers import keluarga, orang, pasangan, pindai_kota

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


def test_two_concurrent_merges_of_the_same_pair_leave_one_merge(tksk_kanigaran, dinsos):
    k1 = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    a = orang(k1, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P")
    b = orang(k1, nama="Nur Aeni", lahir=date(1990, 3, 12), jk="P")
    pindai_kota()
    p = pasangan(a, b)

    def gabung(user, penyintas):
        def _():
            pasangan_gabungkan(user=user, pasangan=PasanganDuplikat.objects.get(pk=p.pk), penyintas_id=penyintas.pk,
                               pilihan={"nik": penyintas.pk}, alasan="Orang yang sama")
        return _

    # each keeps a different record: a double merge would archive both
    hasil = serentak([gabung(tksk_kanigaran, a), gabung(dinsos, b)])
    assert sorted(ok for ok, _ in hasil) == [False, True], hasil
    kalah = next(pesan for ok, pesan in hasil if not ok)
    assert "sudah diputus" in kalah
    p.refresh_from_db()
    assert p.status == c.StatusPasangan.DIGABUNG
    status = sorted(Anggota.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True))
    assert status == sorted([rc.StatusAnggota.AKTIF, rc.StatusAnggota.DIGABUNG])
