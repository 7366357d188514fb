"""Name search wider than one kab/kota (a Dinsos provinsi, the administrator): through the name
dictionary (``pmks_kamusnama``) and the exact-name index, bounded by its limits; same results and
order as the per-partition search where the dictionary's limit is not reached."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks.models import Anggota, IndeksNama, KamusNama
from pmks.registri.selectors import BATAS_HASIL_NAMA, BATAS_NAMA_KAMUS, cari_nama
from pmks.registri.sintetis_massal import tulis_massal
from tests.factories import AnggotaFactory, KeluargaFactory, PenggunaFactory, wilayah
from tksk.wilayah_indonesia import wilayah_muat

pytestmark = pytest.mark.django_db

# Kab. Probolinggo beside the Kota (35.74) the tests ship with: a second partition of the name index.
KAB = "35.13"


@pytest.fixture
def dua_kota(db):
    wilayah_muat(awalan=[KAB])
    return wilayah("35"), wilayah(KAB).anak.filter(tingkat="kecamatan").order_by("kode").first()


@pytest.fixture
def dinsos_provinsi(db):
    return PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah("35"))


def _desa(kecamatan):
    return kecamatan.anak.order_by("kode").first()


def _keluarga(nama: str, kelurahan):
    return KeluargaFactory(kelurahan=kelurahan, kepala__nama=nama)


def _ids(client, q: str) -> list[int]:
    resp = client.get("/pmks/", {"q": q, "status": "semua", "per": "100"})
    assert resp.status_code == 200
    return [k.pk for k in resp.context["page_obj"].object_list]


def _acuan(teks: str, awal: str | None = None, akhir: str | None = None, batas: int = BATAS_HASIL_NAMA) -> list[int]:
    """The per-partition search (every member's row matched, no dictionary) as the reference order."""
    syarat, param = "", [teks]
    if awal is not None:
        syarat, param = " AND kode_wilayah >= %s AND kode_wilayah < %s", [teks, awal, akhir]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT keluarga_id FROM pmks_indeksnama WHERE sidamping_nama_cari(%s) <%% nama_cari" + syarat
            + " GROUP BY keluarga_id ORDER BY max(word_similarity(sidamping_nama_cari(%s), nama_cari)) DESC,"
            " keluarga_id DESC LIMIT %s",
            [*param, teks, batas],
        )
        return [r[0] for r in cur.fetchall()]


def test_province_wide_search_finds_every_kab_kota_and_the_exact_name_first(client, dua_kota, dinsos_provinsi):
    _, kec_kab = dua_kota
    di_kota = _keluarga("Siti Rahayu", wilayah("35.74.04.1003"))
    di_kab = _keluarga("Siti Rahayu", _desa(kec_kab))
    mirip = _keluarga("Siti Rahayuningsih", _desa(kec_kab))
    _keluarga("Sri Rahayu", wilayah("35.74.03.1001"))  # word similarity below 0.6, as in a kab/kota search
    _keluarga("Budi Santoso", _desa(kec_kab))
    client.force_login(dinsos_provinsi)
    ids = _ids(client, "Siti Rahayu")
    assert set(ids[:2]) == {di_kota.pk, di_kab.pk}, "the exact name first, from both kab/kota"
    assert ids == [di_kab.pk, di_kota.pk, mirip.pk] == _acuan("Siti Rahayu", "35.", "35/")


def test_province_wide_misspelling_and_old_spelling_still_find_the_person(client, dua_kota, dinsos_provinsi):
    _, kec_kab = dua_kota
    sulastri = _keluarga("Sulastri Wahyuni", _desa(kec_kab))
    soekarno = _keluarga("Soekarno Hadi", wilayah("35.74.04.1003"))
    _keluarga("Budi Santoso", _desa(kec_kab))
    client.force_login(dinsos_provinsi)
    assert _ids(client, "Sulastry") == [sulastri.pk]
    assert _ids(client, "Soelastri") == [sulastri.pk]
    assert _ids(client, "Wahyuni Sulastri") == [sulastri.pk]
    assert _ids(client, "Sukarno") == [soekarno.pk]
    assert _ids(client, "Djoko") == []


def test_province_wide_search_stays_in_the_province(client, dinsos_provinsi):
    wilayah_muat(awalan=["33.74"])  # Kota Surakarta, Jawa Tengah
    jatim = _keluarga("Dedi Kurniawan", wilayah("35.74.04.1003"))
    jateng = _keluarga("Dedi Kurniawan", wilayah("33.74").anak.first().anak.first())
    assert cari_nama("Dedi", wilayah=wilayah("35")) == [jatim.pk]
    assert cari_nama("Dedi", wilayah=None) == [jateng.pk, jatim.pk]
    client.force_login(dinsos_provinsi)
    assert _ids(client, "Dedi") == [jatim.pk]


def test_dictionary_follows_new_names_renames_and_bulk_writers(dinsos_provinsi):
    k = _keluarga("Slamet Riyadi", wilayah("35.74.04.1003"))
    assert KamusNama.objects.filter(nama_cari="slamet riyadi").exists()
    a = k.kepala_uji
    a.nama = "Soeparman"
    a.save()
    assert KamusNama.objects.filter(nama_cari="suparman").exists()
    assert cari_nama("Suparman", wilayah=wilayah("35")) == [k.pk]
    AnggotaFactory(keluarga=k, nama="Tjahjono")
    assert cari_nama("Cahjono", wilayah=wilayah("35")) == [k.pk]
    # a writer with triggers off fills the dictionary itself
    tulis_massal(jumlah=30, pengguna_id=dinsos_provinsi.pk, awalan="35.74")
    tersimpan = set(IndeksNama.objects.values_list("nama_cari", flat=True).distinct())
    assert tersimpan <= set(KamusNama.objects.values_list("nama_cari", flat=True))
    Anggota.objects.filter(keluarga=k).update(nama="Tjokrowinoto")
    with connection.cursor() as cur:
        cur.execute('ALTER TABLE "pmks_indeksnama" DISABLE TRIGGER USER')
        IndeksNama.objects.filter(keluarga_id=k.pk).delete()
        KamusNama.objects.filter(nama_cari="cokrowinoto").delete()
        IndeksNama.isi_untuk_keluarga_baru(cur, [k.pk])
        cur.execute('ALTER TABLE "pmks_indeksnama" ENABLE TRIGGER USER')
    assert KamusNama.objects.filter(nama_cari="cokrowinoto").exists()
    assert cari_nama("Cokrowinoto", wilayah=wilayah("35")) == [k.pk]


def test_province_results_and_order_equal_the_per_partition_search_on_generated_data(dua_kota, dinsos_provinsi):
    tulis_massal(jumlah=1500, pengguna_id=dinsos_provinsi.pk, awalan="35", seed=7)
    dicoba = 0
    for q in ["Siti Rahayu", "Sulastry", "Soelastri", "Dedi", "Budi Santoso", "Wahyuni", "Joko"]:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pmks_kamusnama WHERE sidamping_nama_cari(%s) <%% nama_cari", [q])
            if cur.fetchone()[0] > BATAS_NAMA_KAMUS:
                continue  # beyond the dictionary's limit the order may differ (documented)
        dicoba += 1
        for batas in (BATAS_HASIL_NAMA, 10):
            assert cari_nama(q, wilayah=wilayah("35"), batas=batas) == _acuan(q, "35.", "35/", batas), q
            assert cari_nama(q, wilayah=None, batas=batas) == _acuan(q, batas=batas), q
    assert dicoba >= 5


def test_kab_and_kecamatan_searches_keep_the_partition_query(dua_kota, dinsos_provinsi):
    tulis_massal(jumlah=300, pengguna_id=dinsos_provinsi.pk, awalan="35", seed=3)
    _, kec_kab = dua_kota
    for w in [wilayah("35.74"), wilayah("35.74.04"), kec_kab, wilayah(KAB)]:
        with CaptureQueriesContext(connection) as ctx:
            hasil = cari_nama("Siti", wilayah=w)
        sql = ctx.captured_queries[-1]["sql"]
        assert "pmks_kamusnama" not in sql
        awal = f"{w.kode}."
        assert hasil == _acuan("Siti", awal, f"{w.kode}/")


def _rencana(sql: str) -> str:
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)
        return "\n".join(r[0] for r in cur.fetchall())


def test_province_search_plan_reads_the_dictionary_and_the_exact_name_index_not_every_member(
        dua_kota, dinsos_provinsi):
    tulis_massal(jumlah=3000, pengguna_id=dinsos_provinsi.pk, awalan="35", seed=11)
    with connection.cursor() as cur:
        cur.execute("ANALYZE pmks_indeksnama; ANALYZE pmks_kamusnama")
    with CaptureQueriesContext(connection) as ctx:
        assert cari_nama("Siti Rahayu", wilayah=wilayah("35"))
    rencana = _rencana(ctx.captured_queries[-1]["sql"])
    assert "pmks_kamusnama" in rencana
    # per name, the households come from the exact-name index of each kab/kota partition …
    assert "pmks_indeksnama_35_74_nama_cari_keluarga_id" in rencana, rencana
    assert "pmks_indeksnama_35_13_nama_cari_keluarga_id" in rencana, rencana
    # … never from the members' trigram lists or a scan of the name index
    assert "nama_cari_idx" not in rencana, rencana
    # (the empty default partition may be scanned: nothing is in it)
    assert "Seq Scan on pmks_indeksnama_35" not in rencana, rencana
    # (whether the dictionary is read through its trigram index ``kamus_nama_trgm`` or scanned is the
    # planner's choice by its size: a few thousand names here, scanned; 18,612 at 1 M and 5 M, indexed)


def test_province_search_query_count_does_not_grow_with_the_results(client, dua_kota, dinsos_provinsi):
    _, kec_kab = dua_kota
    for i in range(3):
        _keluarga(f"Dedi {i}", _desa(kec_kab))
    client.force_login(dinsos_provinsi)
    with CaptureQueriesContext(connection) as sedikit:
        client.get("/pmks/", {"q": "Dedi", "per": "100"})
    for i in range(30):
        _keluarga(f"Dedi Lain {i}", wilayah("35.74.04.1003"))
    with CaptureQueriesContext(connection) as banyak:
        resp = client.get("/pmks/", {"q": "Dedi", "per": "100"})
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)
    assert resp.context["page_obj"].paginator.count == 33
