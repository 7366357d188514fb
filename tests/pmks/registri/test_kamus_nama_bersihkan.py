"""The name dictionary's clean-up (``pmks.models.cari.kamus_nama_bersihkan``): spellings nobody carries
any more leave ``pmks_kamusnama``, spellings someone carries stay, in batches, and the province-wide
search finds every member before and after (and no longer loses people to dead spellings)."""

from __future__ import annotations

import itertools
import string
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks.models import Anggota, IndeksNama, KamusNama
from pmks.models.cari import _SQL_HAPUS_YATIM, BATCH_BERSIHKAN, kamus_nama_bersihkan
from pmks.registri.selectors import BATAS_NAMA_KAMUS, cari_nama
from pmks.registri.sintetis_massal import tulis_massal
from tests.factories import AnggotaFactory, KeluargaFactory, PenggunaFactory, wilayah
from tksk.wilayah_indonesia import wilayah_muat

pytestmark = pytest.mark.django_db

KEL = "35.74.04.1003"


def _keluarga(nama: str, kode: str = KEL):
    return KeluargaFactory(kelurahan=wilayah(kode), kepala__nama=nama)


def _di_kamus(nama_cari: str) -> bool:
    return KamusNama.objects.filter(nama_cari=nama_cari).exists()


def _kamus_sama_dengan_indeks() -> None:
    dipakai = set(IndeksNama.objects.values_list("nama_cari", flat=True).distinct())
    assert set(KamusNama.objects.values_list("nama_cari", flat=True)) == dipakai


def test_a_spelling_nobody_uses_any_more_leaves_the_name_dictionary():
    k = _keluarga("Slamet Riyadi")
    anak = AnggotaFactory(keluarga=k, nama="Tjahjono")
    a = k.kepala_uji
    a.nama = "Soeparman"
    a.save()
    anak.delete()
    assert _di_kamus("slamet riyadi") and _di_kamus("cahjono"), "the dictionary keeps old spellings until the clean-up"
    assert cari_nama("Slamet Riyadi", wilayah=wilayah("35")) == []
    assert kamus_nama_bersihkan() == 2
    assert not _di_kamus("slamet riyadi") and not _di_kamus("cahjono")
    assert _di_kamus("suparman")
    assert cari_nama("Suparman", wilayah=wilayah("35")) == [k.pk]
    _kamus_sama_dengan_indeks()


def test_a_spelling_still_used_by_one_member_stays():
    wilayah_muat(awalan=["35.13"])  # a second kab/kota: the other member's row is in another partition
    desa_kab = wilayah("35.13").anak.order_by("kode").first().anak.order_by("kode").first()
    pindah = _keluarga("Budi Santoso")
    tetap = _keluarga("Budi Santoso", desa_kab.kode)
    a = pindah.kepala_uji
    a.nama = "Budi Santosa"
    a.save()
    assert kamus_nama_bersihkan() == 0
    assert _di_kamus("budi santoso") and _di_kamus("budi santosa")
    assert tetap.pk in cari_nama("Budi Santoso", wilayah=wilayah("35"))
    Anggota.objects.filter(pk=tetap.kepala_uji.pk).update(nama="Budi Hartono")  # the last one goes
    assert kamus_nama_bersihkan() == 1
    assert not _di_kamus("budi santoso")
    _kamus_sama_dengan_indeks()


def test_the_clean_up_works_in_batches_and_reports_how_many_it_removed():
    dipakai = [_keluarga(n) for n in ("Siti Rahayu", "Sri Wahyuni", "Dedi Kurniawan")]
    KamusNama.objects.bulk_create([KamusNama(nama_cari=f"nama yatim {i:02d}") for i in range(25)])
    _keluarga("Agus Salim")  # a used spelling after the dead ones (ids interleave)
    assert KamusNama.objects.count() == 29
    with CaptureQueriesContext(connection) as ctx:
        assert kamus_nama_bersihkan(batch=4) == 25
    batch = [q for q in ctx.captured_queries if "DELETE FROM pmks_kamusnama" in q["sql"]]
    assert len(batch) == 29 // 4 + 1 + 1, "one statement per 4 dictionary rows, and one that finds the end"
    _kamus_sama_dengan_indeks()
    assert kamus_nama_bersihkan(batch=4) == 0, "idempotent"
    for k in dipakai:
        assert k.pk in cari_nama(k.kepala_uji.nama, wilayah=wilayah("35"))


def test_the_command_prints_how_many_spellings_it_removed():
    KamusNama.objects.create(nama_cari="tidak ada orangnya")
    _keluarga("Siti Rahayu")
    keluar = StringIO()
    call_command("bersihkan_kamus_nama", stdout=keluar)
    assert keluar.getvalue().strip() == "Kamus nama: 1 ejaan yang tidak dipakai lagi dihapus."
    assert _di_kamus("siti rahayu") and not _di_kamus("tidak ada orangnya")


def test_dead_spellings_push_real_ones_out_of_a_province_search_until_the_clean_up():
    k = _keluarga("Sulastri Wahyuning")
    # more dead spellings than the search looks at, all closer to the query than the real one
    akhiran = ("".join(p) for p in itertools.product(string.ascii_lowercase, repeat=2))
    KamusNama.objects.bulk_create(
        [KamusNama(nama_cari=f"sulastri wahyuni {a}") for a in itertools.islice(akhiran, BATAS_NAMA_KAMUS)]
    )
    assert cari_nama("Sulastri Wahyuni", wilayah=wilayah("35")) == [], "the dead spellings take every place"
    assert kamus_nama_bersihkan() == BATAS_NAMA_KAMUS
    assert cari_nama("Sulastri Wahyuni", wilayah=wilayah("35")) == [k.pk]


def test_after_the_clean_up_the_province_search_still_finds_every_member_on_generated_data():
    pengguna = PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah("35"))
    tulis_massal(jumlah=400, pengguna_id=pengguna.pk, awalan="35.74", seed=5)
    # a third of the members renamed (old spellings die unless someone else carries them), a few deleted
    anggota = list(Anggota.objects.order_by("id").values_list("id", "nama"))
    for i, (pk, nama) in enumerate(anggota[::3]):
        Anggota.objects.filter(pk=pk).update(nama=f"{nama} Baru{string.ascii_lowercase[i % 26]}")
    Anggota.objects.filter(pk__in=[pk for pk, _ in anggota[1::50]]).delete()
    sebelum = KamusNama.objects.count()
    dihapus = kamus_nama_bersihkan(batch=500)
    assert dihapus > 0 and KamusNama.objects.count() == sebelum - dihapus
    _kamus_sama_dengan_indeks()
    # every spelling still carried finds its households province-wide (the exact spelling is always looked at)
    with connection.cursor() as cur:
        cur.execute("SELECT a.nama, a.keluarga_id FROM pmks_anggota a ORDER BY a.id")
        for nama, keluarga_id in cur.fetchall()[::7]:
            assert keluarga_id in cari_nama(nama, wilayah=wilayah("35"), batas=10_000), nama


def test_a_batch_looks_up_each_spelling_in_the_exact_name_index_not_the_whole_name_index():
    wilayah_muat(awalan=["35.13"])
    pengguna = PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=wilayah("35"))
    tulis_massal(jumlah=2000, pengguna_id=pengguna.pk, awalan="35", seed=11)
    KamusNama.objects.bulk_create([KamusNama(nama_cari=f"nama yatim {i}") for i in range(300)])
    with connection.cursor() as cur:
        cur.execute("ANALYZE pmks_indeksnama; ANALYZE pmks_kamusnama")
        cur.execute("SAVEPOINT rencana")
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + _SQL_HAPUS_YATIM,
                    {"setelah": 0, "n": BATCH_BERSIHKAN})
        rencana = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("ROLLBACK TO SAVEPOINT rencana")
    # per spelling, a lookup in each kab/kota partition's (nama_cari, keluarga_id) index …
    assert "pmks_indeksnama_35_74_nama_cari_keluarga_id" in rencana, rencana
    assert "pmks_indeksnama_35_13_nama_cari_keluarga_id" in rencana, rencana
    # … never a join reading every member's row (a plain NOT EXISTS: hash anti-join over seq scans) nor the
    # trigram lists (the empty default partition may be scanned: nothing is in it)
    assert "Anti Join" not in rencana, rencana
    assert "Seq Scan on pmks_indeksnama_35" not in rencana, rencana
    assert "nama_cari_idx" not in rencana, rencana
