"""The overlap and belum-terjangkau pages: a constant number of queries however many households
match (the page's ids first, then those rows by primary key), and the rows shown in the order and
with the figures of the one selector."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantuan import choices as c
from bantuan.cakupan import belum_terjangkau, tumpang_tindih
from bantuan.services import penyaluran as penyaluran_svc
from pmks.models import JenisPMKS
from tests.conftest import KODE

from .conftest import TAHUN, buat_program, keluarga_pmks, usulan_status

pytestmark = pytest.mark.django_db
SETAHUN = {"mulai": date(TAHUN, 1, 1), "selesai": date(TAHUN, 12, 31)}


def _kueri(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _ganda(n, sembako, pkh, oleh):
    for i in range(n):
        k = keluarga_pmks(KODE["kel_kanigaran" if i % 2 else "kel_sukoharjo"])
        usulan_status(sembako, k, c.StatusUsulan.DISETUJUI, oleh=oleh)
        penyaluran_svc.penerimaan_eksternal_catat(program=pkh, keluarga=k, periode_mulai=SETAHUN["mulai"],
                                                  periode_selesai=SETAHUN["selesai"], sumber="BNBA")


def test_overlap_page_queries_do_not_grow_and_rows_follow_the_selector(client, tksk_kanigaran, sembako):
    pkh = buat_program("pkh-hal", c.JenisProgram.PKH, dikelola_dinas=False)
    client.force_login(tksk_kanigaran)
    _ganda(2, sembako, pkh, tksk_kanigaran)
    sedikit = _kueri(client, "/bantuan/tumpang-tindih/")
    _ganda(12, sembako, pkh, tksk_kanigaran)
    assert _kueri(client, "/bantuan/tumpang-tindih/") == sedikit
    resp = client.get("/bantuan/tumpang-tindih/")
    harapan = [(k.pk, k.jumlah_program) for k in tumpang_tindih(user=tksk_kanigaran, **SETAHUN)]
    assert [(k.pk, k.jumlah_program) for k in resp.context["baris"]] == harapan
    assert all(len(k.penerimaan) == 2 for k in resp.context["baris"])
    assert resp.context["halaman"].paginator.count == 14


def test_belum_terjangkau_page_queries_do_not_grow_and_rows_follow_the_selector(client, tksk_kanigaran):
    program = buat_program("hal-fm", c.JenisProgram.SEMBAKO, desil_maksimum=4)
    program.jenis_pmks.set([JenisPMKS.objects.get(singkatan="FM")])
    client.force_login(tksk_kanigaran)
    for i in range(2):
        keluarga_pmks(desil=1 + i % 4)
    sedikit = _kueri(client, "/bantuan/belum-terjangkau/")
    for i in range(12):
        keluarga_pmks(KODE["kel_sukoharjo"], desil=None if i % 5 == 0 else 1 + i % 4)
    assert _kueri(client, "/bantuan/belum-terjangkau/") == sedikit
    resp = client.get("/bantuan/belum-terjangkau/")
    assert [k.pk for k in resp.context["baris"]] == [k.pk for k in belum_terjangkau(user=tksk_kanigaran)]
    assert resp.context["halaman"].paginator.count == 14
    assert all(k.klasifikasi_aktif for k in resp.context["baris"])
