"""The dashboard's follow-up figures and the follow-up list read the area's index range
(``rtl_kelurahan_status_batas``), not its households, on generated data where the TKSK's kecamatan is a
small part of the province (split from ``test_kelurahan_tindak_lanjut`` so the data is built once)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmks.models import Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import RencanaTindakLanjut
from pmks.pendampingan.selectors import angka_dasbor
from tests.conftest import data_modul, persona
from tests.laporan.test_rencana_kueri import isi_registri
from tksk.models import Tingkat, Wilayah

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("tindak_lanjut_area")]
T = pc.StatusTindakLanjut


def _simpul(node: dict):
    yield node
    for anak in node.get("Plans", []):
        yield from _simpul(anak)


def _rencana(sql: str) -> list[dict]:
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")  # what the plan CAN do without reading whole tables
        cur.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        r = cur.fetchone()[0]
        cur.execute("RESET enable_seqscan")
    return list(_simpul((r[0] if isinstance(r, list) else r)["Plan"]))


def _kabupaten_lain(n_kecamatan: int = 20, n_kelurahan: int = 15) -> list[int]:
    """A generated kab (35.99) of ``n_kecamatan`` × ``n_kelurahan`` desa: the test data's other areas, so that a
    kecamatan is a small part of the kelurahan as in the province (the reference data hold one city only)."""
    prov = Wilayah.objects.get(kode="35")
    kab = Wilayah.objects.create(kode="35.99", nama="Kabupaten Uji", tingkat=Tingkat.KABUPATEN, induk=prov)
    kec = Wilayah.objects.bulk_create([
        Wilayah(kode=f"35.99.{i:02d}", nama=f"Kecamatan Uji {i}", tingkat=Tingkat.KECAMATAN, induk=kab)
        for i in range(1, n_kecamatan + 1)
    ])
    desa = Wilayah.objects.bulk_create([Wilayah(kode=f"{k.kode}.{2000 + j}", nama=f"Desa Uji {k.kode}.{j}",
                                                tingkat=Tingkat.DESA, induk=k)
                                        for k in kec for j in range(1, n_kelurahan + 1)])
    return [d.pk for d in desa]


def _bangun_tindak_lanjut_kota() -> int:
    """3,000 generated households, those outside the TKSK's kecamatan spread over 300 more desa, with one to
    five follow-ups each in every status: the kecamatan holds ~2 % of the kelurahan and of the follow-ups, as
    the largest kecamatan of the province at 1 M (on a few dozen rows, or with the area a fifth of the data,
    reading the whole status index is as cheap, so the plan would be luck); then ANALYZEd."""
    tksk_kanigaran, dinsos = persona("tksk_kanigaran"), persona("dinsos")
    isi_registri(jumlah=3000, pengguna_id=dinsos.pk)
    desa = _kabupaten_lain()
    area = list(Wilayah.objects.kelurahan().filter(kode__startswith=f"{tksk_kanigaran.wilayah.kode}.")
                .values_list("id", flat=True))
    with connection.cursor() as cur:
        cur.execute("UPDATE pmks_keluarga SET kelurahan_id = (%s::bigint[])[1 + id %% %s]"
                    " WHERE NOT kelurahan_id = ANY(%s)", [desa, len(desa), area])
    rng = random.Random(16)
    hari_ini = timezone.localdate()
    baris = [
        RencanaTindakLanjut(keluarga_id=kid, uraian="Tindak lanjut", dibuat_oleh=dinsos,
                            batas_waktu=hari_ini + timedelta(days=rng.randint(-60, 40)),
                            status=rng.choices([T.TERBUKA, T.SELESAI, T.BATAL], weights=[40, 50, 10])[0])
        for kid in Keluarga.objects.values_list("id", flat=True) for _ in range(rng.randint(1, 5))
    ]
    RencanaTindakLanjut.objects.bulk_create(baris)
    with connection.cursor() as cur:
        for t in ("pmks_rencanatindaklanjut", "pmks_keluarga", "tksk_wilayah"):
            cur.execute(f"ANALYZE {t}")
    return len(baris)


@pytest.fixture(scope="module")
def tindak_lanjut_kota(request, django_db_setup, django_db_blocker):
    """Built once for the module (see ``tests.conftest.data_modul``)."""
    yield from data_modul(request, django_db_blocker, _bangun_tindak_lanjut_kota)


def _lewat_indeks_area(simpul: list[dict]) -> None:
    """The follow-ups are read by the area index, with the kelurahan in its condition, and by no other
    index but the primary key (the page's rows); a household only by its key."""
    indeks = {n["Index Name"]: n.get("Index Cond", "") for n in simpul if n.get("Index Name")}
    assert "kelurahan_id" in indeks.get("rtl_kelurahan_status_batas", ""), indeks
    assert not {i for i in indeks if i.startswith("pmks_rencan")} - {"pmks_rencanatindaklanjut_pkey"}, indeks
    for n in simpul:
        if n.get("Relation Name") in {"pmks_rencanatindaklanjut", "pmks_keluarga"}:
            assert n["Node Type"] != "Seq Scan", n
        if n.get("Relation Name") == "pmks_keluarga":
            assert n.get("Index Cond", "").startswith("(id = "), n


def test_dashboard_follow_up_reads_use_the_area_index_not_the_households(tindak_lanjut_kota, tksk_kanigaran):
    with CaptureQueriesContext(connection) as ctx:
        angka_dasbor(user=tksk_kanigaran)
    kueri = [q["sql"] for q in ctx.captured_queries if 'FROM "pmks_rencanatindaklanjut"' in q["sql"]]
    assert len(kueri) == 2, kueri  # the counts per kelurahan, the short list
    for sql in kueri:
        _lewat_indeks_area(_rencana(sql))


def test_follow_up_list_page_reads_the_area_index_for_its_count_and_page(tindak_lanjut_kota, client,
                                                                        tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/pmks/pendampingan/tindak-lanjut/?halaman=2")
    assert r.status_code == 200 and r.context["halaman"].paginator.count > 25
    kueri = [q["sql"] for q in ctx.captured_queries if 'FROM "pmks_rencanatindaklanjut"' in q["sql"]]
    assert len(kueri) == 2, kueri  # the count, the page
    for sql in kueri:
        _lewat_indeks_area(_rencana(sql))
