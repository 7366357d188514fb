"""Query counts of the registry pages do not grow with the data (no N+1)."""

from datetime import date

import pghistory
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks.models import JenisPMKS
from tests.factories import AnggotaFactory, KeluargaFactory, KlasifikasiPMKSFactory, wilayah


def _isi(n: int, user) -> None:
    fm = JenisPMKS.objects.get(singkatan="FM")
    rtlh = JenisPMKS.objects.get(singkatan="RTLH")
    for i in range(n):
        k = KeluargaFactory(kelurahan=wilayah("35.74.04.1001" if i % 2 else "35.74.04.1003"))
        AnggotaFactory(keluarga=k, tanggal_lahir=date(2010, 1, 1 + i % 28))
        KlasifikasiPMKSFactory(keluarga=k, jenis=fm, dinilai_oleh=user)
        KlasifikasiPMKSFactory(keluarga=k, jenis=rtlh, dinilai_oleh=user)


def _jumlah_kueri(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries)


def test_household_list_query_count_is_constant(client, tksk_kanigaran, dinsos):
    _isi(3, tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    sedikit = _jumlah_kueri(client, "/pmks/?per=100")
    cari_sedikit = _jumlah_kueri(client, "/pmks/?q=Siti&per=100")
    _isi(40, tksk_kanigaran)
    assert _jumlah_kueri(client, "/pmks/?per=100") == sedikit
    assert _jumlah_kueri(client, "/pmks/?per=25") == sedikit
    assert _jumlah_kueri(client, "/pmks/?q=Siti&per=100") == cari_sedikit == sedikit + 1  # + matching ids
    client.force_login(dinsos)
    assert _jumlah_kueri(client, "/pmks/?per=100") == sedikit + 1  # + the kecamatan select (a kota holds five)
    assert sedikit <= 12


def test_household_detail_query_count_is_constant(client, tksk_kanigaran):
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    client.force_login(tksk_kanigaran)
    url = f"/pmks/keluarga/{k.pk}/"
    # One of each first: an empty panel skips its prefetch (e.g. who made a history change), so the
    # baseline is a household with something in every panel; more rows must cost no more queries.
    with pghistory.context(user=tksk_kanigaran.pk):  # a change made by someone: the "oleh" lookup runs
        satu = AnggotaFactory(keluarga=k, tanggal_lahir=date(1999, 3, 3))
        satu.pekerjaan = "Buruh"
        satu.save()
        KlasifikasiPMKSFactory(keluarga=k, jenis=JenisPMKS.objects.get(singkatan="LUT"), dinilai_oleh=tksk_kanigaran)
    sedikit = _jumlah_kueri(client, url)
    for i in range(8):
        a = AnggotaFactory(keluarga=k, tanggal_lahir=date(2000 + i, 3, 3))
        a.pekerjaan = "Buruh"
        a.save()
    for singkatan in ("FM", "RTLH", "PD"):
        jenis = JenisPMKS.objects.get(singkatan=singkatan)
        KlasifikasiPMKSFactory(keluarga=k, jenis=jenis, dinilai_oleh=tksk_kanigaran)
    assert _jumlah_kueri(client, url) == sedikit
