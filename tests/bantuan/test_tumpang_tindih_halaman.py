"""The overlap page's ids (#16): ``tumpang_tindih_halaman`` gives exactly the rows, order and total of
the one selector ``tumpang_tindih`` on generated data, page by page, and its plan reads only the area
(the facts' area index, no subquery per household, no region outside the area)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantuan import choices as c
from bantuan.cakupan import tumpang_tindih
from bantuan.cakupan_halaman import tumpang_tindih_halaman
from bantuan.services import penyaluran as penyaluran_svc
from laporan.management.commands.bench_laporan import isi_bantuan_sintetis
from laporan.periode import Periode
from tests.conftest import KODE, data_modul, persona
from tests.laporan.test_rencana_kueri import isi_registri
from tksk.models import Wilayah

from .conftest import TAHUN, buat_program, keluarga_pmks, program_sembako, program_ternak, usulan_status
from .test_belum_terjangkau_fakta import _rencana, _simpul

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("tumpang_tindih_halaman")]
SETAHUN = {"mulai": date(TAHUN, 1, 1), "selesai": date(TAHUN, 12, 31)}
KELURAHAN = (KODE["kel_kanigaran"], KODE["kel_sukoharjo"], KODE["kel_mayangan"])


def _bangun_kota() -> None:
    """Generated households over the city with aid, plus households receiving 2 or 3 programs in three
    kelurahan (ties in program count, so the order's last key, the id, matters)."""
    tksk_kanigaran = persona("tksk_kanigaran")
    sembako, ternak = program_sembako(), program_ternak()
    isi_registri(jumlah=3000, pengguna_id=persona("dinsos").pk)
    isi_bantuan_sintetis(porsi=0.3, periode=Periode.bulan_ini())
    pkh = buat_program("pkh-hal", c.JenisProgram.PKH, dikelola_dinas=False)
    for i in range(45):
        k = keluarga_pmks(KELURAHAN[i % 3])
        usulan_status(sembako, k, c.StatusUsulan.DISETUJUI, oleh=tksk_kanigaran)
        penyaluran_svc.penerimaan_eksternal_catat(program=pkh, keluarga=k, periode_mulai=SETAHUN["mulai"],
                                                  periode_selesai=SETAHUN["selesai"], sumber="BNBA")
        if i % 4 == 0:
            usulan_status(ternak, k, c.StatusUsulan.DISALURKAN, oleh=tksk_kanigaran)
    with connection.cursor() as cur:
        for t in ("bantuan_faktapenerimaan", "pmks_keluarga", "tksk_wilayah"):
            cur.execute(f"ANALYZE {t}")


@pytest.fixture(scope="module")
def data_kota(request, django_db_setup, django_db_blocker):
    """Built once for the module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_kota)


def _semua(user, **periode) -> list[tuple[int, int]]:
    daftar = [k.pk for k in tumpang_tindih(user=user, **periode)]
    return [(pk, len(daftar)) for pk in daftar]


def test_page_ids_equal_the_selector_rows_order_and_total(data_kota, request):
    # one data set for every role and period (generating it is most of the test's time)
    for siapa in ("dinsos", "tksk_kanigaran"):
        user = request.getfixturevalue(siapa)
        for periode in (SETAHUN, {"mulai": date(TAHUN, 4, 1), "selesai": date(TAHUN, 6, 30)}):
            harapan = _semua(user, **periode)
            assert len(harapan) > 20, (siapa, periode)
            for awal, jumlah in [(0, 7), (7, 7), (14, 1000), (len(harapan), 7)]:
                assert tumpang_tindih_halaman(user=user, awal=awal, jumlah=jumlah, **periode) == (
                    harapan[awal:awal + jumlah]), (siapa, periode, awal)


def test_page_ids_of_one_kelurahan_and_outside_the_area(data_kota, dinsos, tksk_kanigaran):
    kel = Wilayah.objects.get(kode=KODE["kel_sukoharjo"]).pk
    harapan = [k.pk for k in tumpang_tindih(user=dinsos, kelurahan=kel, **SETAHUN)]
    assert [i for i, _ in tumpang_tindih_halaman(user=dinsos, kelurahan=kel, awal=0, jumlah=500, **SETAHUN)] == harapan
    mayangan = Wilayah.objects.get(kode=KODE["kel_mayangan"]).pk  # another kecamatan: not the TKSK's
    assert tumpang_tindih_halaman(user=tksk_kanigaran, kelurahan=mayangan, awal=0, jumlah=50, **SETAHUN) == []


def halaman_sesuai(client, url: str, harapan: list[int]) -> None:
    """Pages 1 and 2 of the list page ``url`` show ``harapan``'s rows with its total; a page past the end
    shows the last page."""
    per = client.get(url).context["halaman"].paginator.per_page
    assert len(harapan) > per
    for nomor in (1, 2):
        resp = client.get(f"{url}?halaman={nomor}")
        assert [k.pk for k in resp.context["baris"]] == harapan[(nomor - 1) * per:nomor * per]
        assert resp.context["halaman"].paginator.count == len(harapan)
    terakhir = (len(harapan) - 1) // per + 1
    resp = client.get(f"{url}?halaman=999")  # past the end: the last page
    assert resp.context["halaman"].number == terakhir
    assert [k.pk for k in resp.context["baris"]] == harapan[(terakhir - 1) * per:]


def test_overlap_page_shows_the_selector_page_and_total(data_kota, client, dinsos):
    client.force_login(dinsos)
    halaman_sesuai(client, "/bantuan/tumpang-tindih/", [k.pk for k in tumpang_tindih(user=dinsos, **SETAHUN)])


def test_page_plan_reads_only_the_area_with_no_subquery_per_household(data_kota, tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:  # a kecamatan of the city: the area is a part of the facts
        tumpang_tindih_halaman(user=tksk_kanigaran, awal=0, jumlah=50, **SETAHUN)
    simpul = list(_simpul(_rencana(ctx.captured_queries[-1]["sql"])))
    assert not [n for n in simpul if n.get("Parent Relationship") == "SubPlan"]
    fakta = [n for n in simpul if n.get("Relation Name") == "bantuan_faktapenerimaan"]
    assert fakta and all("kelurahan_id" in n.get("Index Cond", "") + n.get("Recheck Cond", "") for n in fakta)
    assert {n.get("Relation Name") for n in simpul} - {None} <= {"bantuan_faktapenerimaan", "tksk_wilayah"}
    for n in simpul:  # every region read is the area's (by code)
        if n.get("Relation Name") == "tksk_wilayah":
            syarat = n.get("Index Cond", "") + n.get("Recheck Cond", "") + n.get("Filter", "")
            assert "kode" in syarat, (n["Node Type"], syarat)
