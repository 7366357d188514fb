"""Caseload dashboard (home): hand-computed figures, rule boundaries, Jakarta months, query count."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks import ekstensi
from pmks.models import JenisPMKS
from pmks.pendampingan import choices as pc
from pmks.pendampingan.selectors import (
    akhir_minggu,
    angka_dasbor,
    batas_tanpa_kunjungan,
    geser_bulan,
    hari_ini_jakarta,
)
from tests.factories import KeluargaFactory, KlasifikasiPMKSFactory, PenggunaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, tindak_lanjut

# A Wednesday. Week: Mon 2 Mar – Sun 8 Mar 2026. Six months back: 4 Sep 2025.
HARI_INI = date(2026, 3, 4)
KEL_TISNONEGARAN = "35.74.04.1001"


def _baris(dasbor, kode):
    return next(b for b in dasbor.baris if b.wilayah.kode == kode)


# --- date rules -----------------------------------------------------------------------------
def test_today_follows_jakarta_not_utc():
    # 31 Jan 2026 17:30 UTC is already 1 Feb 00:30 WIB.
    assert hari_ini_jakarta(datetime(2026, 1, 31, 17, 30, tzinfo=UTC)) == date(2026, 2, 1)
    assert hari_ini_jakarta(datetime(2026, 1, 31, 16, 59, tzinfo=UTC)) == date(2026, 1, 31)


def test_month_shift_clamps_to_month_length():
    assert geser_bulan(date(2026, 8, 31), -6) == date(2026, 2, 28)
    assert geser_bulan(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert geser_bulan(date(2025, 12, 1), 1) == date(2026, 1, 1)


def test_week_ends_on_sunday():
    assert akhir_minggu(date(2026, 3, 2)) == date(2026, 3, 8)  # Monday
    assert akhir_minggu(date(2026, 3, 8)) == date(2026, 3, 8)  # Sunday itself


def test_not_visited_cutoff_uses_setting(settings):
    settings.SIDAMPING_BULAN_TANPA_KUNJUNGAN = 3
    assert batas_tanpa_kunjungan(HARI_INI) == date(2025, 12, 4)
    settings.SIDAMPING_BULAN_TANPA_KUNJUNGAN = 6
    assert batas_tanpa_kunjungan(HARI_INI) == date(2025, 9, 4)


# --- hand-computed fixture ------------------------------------------------------------------
@pytest.fixture
def kasus(tksk_kanigaran, tksk_mayangan, kel_kanigaran, kel_mayangan):
    """Kanigaran: 5 active households (+1 moved away), Mayangan: 1 household.

    kelurahan Kanigaran: k1 visited 4 Sep 2025 (exactly 6 months: still recent),
      k2 visited 3 Sep 2025 (one day too old), k3 never visited, k4 visited 1 Mar 2026.
    kelurahan Tisnonegaran: k5 visited 28 Feb 2026 (last month) and 4 Mar 2026 (this month).
    k_pindah (status pindah) is never counted.
    Follow-ups (open): due 3 Mar (overdue), 4 Mar (today: due this week, not overdue),
      8 Mar (Sunday: this week), 9 Mar (next week: neither); done item due 1 Mar: neither.
    """
    tisno = wilayah(KEL_TISNONEGARAN)
    t = tksk_kanigaran
    k1, k2, k3, k4 = (KeluargaFactory(kelurahan=kel_kanigaran) for _ in range(4))
    k5 = KeluargaFactory(kelurahan=tisno)
    k_pindah = KeluargaFactory(kelurahan=kel_kanigaran, status="pindah")
    km = KeluargaFactory(kelurahan=kel_mayangan)
    kunjungan(k1, tanggal=date(2025, 9, 4), oleh=t)
    kunjungan(k2, tanggal=date(2025, 9, 3), oleh=t)
    kunjungan(k4, tanggal=date(2026, 3, 1), oleh=t)
    kunjungan(k5, tanggal=date(2026, 2, 28), oleh=t)
    kunjungan(k5, tanggal=date(2026, 3, 4), oleh=t)
    kunjungan(k_pindah, tanggal=date(2026, 3, 2), oleh=t)  # visits count even if the household moved later
    kunjungan(km, tanggal=date(2026, 3, 3), oleh=tksk_mayangan)
    tindak_lanjut(k1, batas=date(2026, 3, 3), oleh=t)
    tindak_lanjut(k1, batas=date(2026, 3, 4), oleh=t)
    tindak_lanjut(k5, batas=date(2026, 3, 8), oleh=t)
    tindak_lanjut(k2, batas=date(2026, 3, 9), oleh=t)
    tindak_lanjut(k3, batas=date(2026, 3, 1), oleh=t, status=pc.StatusTindakLanjut.SELESAI)
    tindak_lanjut(km, batas=date(2026, 3, 1), oleh=tksk_mayangan)
    fm = JenisPMKS.objects.get(singkatan="FM")
    KlasifikasiPMKSFactory(keluarga=k1, jenis=fm, dinilai_oleh=t)
    KlasifikasiPMKSFactory(keluarga=k2, jenis=fm, dinilai_oleh=t)
    KlasifikasiPMKSFactory(keluarga=km, jenis=fm, dinilai_oleh=tksk_mayangan)
    return {"k1": k1, "k3": k3}


@pytest.mark.django_db
def test_tksk_dashboard_figures_match_hand_count(kasus, tksk_kanigaran):
    d = angka_dasbor(user=tksk_kanigaran, hari_ini=HARI_INI)
    assert not d.per_kecamatan
    t = d.total
    assert t.keluarga == 5
    assert t.belum_pernah_dikunjungi == 1  # k3
    assert t.lama_tidak_dikunjungi == 1  # k2 (3 Sep); k1 on 4 Sep is exactly 6 months: recent enough
    assert t.kunjungan_bulan_ini == 3  # k4 1 Mar, k5 4 Mar, k_pindah 2 Mar
    assert t.kunjungan_bulan_lalu == 1  # k5 28 Feb
    assert t.tindak_lanjut_terlambat == 1  # due 3 Mar
    assert t.tindak_lanjut_minggu_ini == 2  # due 4 Mar (today) and 8 Mar (Sunday)
    kel = _baris(d, "35.74.04.1003")
    assert (kel.keluarga, kel.kunjungan_bulan_ini, kel.tindak_lanjut_terlambat) == (4, 2, 1)
    tisno = _baris(d, KEL_TISNONEGARAN)
    assert (tisno.keluarga, tisno.kunjungan_bulan_ini, tisno.kunjungan_bulan_lalu) == (1, 1, 1)
    assert d.jenis_pmks == [{"jenis__singkatan": "FM", "jenis__nama": JenisPMKS.objects.get(singkatan="FM").nama,
                             "jumlah": 2}]
    assert [i.batas_waktu for i in d.tindak_lanjut_list] == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 8)]
    assert [i.terlambat for i in d.tindak_lanjut_list] == [True, False, False]
    # Never visited first, then the oldest last visit.
    assert [k.pk for k in d.keluarga_lama_list] == [kasus["k3"].pk, d.keluarga_lama_list[1].pk]
    assert d.keluarga_lama_list[1].kunjungan_terakhir == date(2025, 9, 3)


@pytest.mark.django_db
def test_not_visited_boundary_moves_with_the_setting(kasus, tksk_kanigaran, settings):
    settings.SIDAMPING_BULAN_TANPA_KUNJUNGAN = 1  # cut-off 4 Feb 2026: k1 and k2 are now both old
    d = angka_dasbor(user=tksk_kanigaran, hari_ini=HARI_INI)
    assert d.total.lama_tidak_dikunjungi == 2
    assert d.bulan_tanpa_kunjungan == 1


@pytest.mark.django_db
def test_overdue_starts_the_day_after_the_due_date(kasus, tksk_kanigaran):
    # On 3 Mar the item due 3 Mar is due this week, not overdue.
    d = angka_dasbor(user=tksk_kanigaran, hari_ini=date(2026, 3, 3))
    assert d.total.tindak_lanjut_terlambat == 0
    assert d.total.tindak_lanjut_minggu_ini == 3  # 3, 4 and 8 Mar
    # On Monday 9 Mar: 3, 4 and 8 Mar are overdue; 9 Mar is due this week.
    d = angka_dasbor(user=tksk_kanigaran, hari_ini=date(2026, 3, 9))
    assert (d.total.tindak_lanjut_terlambat, d.total.tindak_lanjut_minggu_ini) == (3, 1)


@pytest.mark.django_db
def test_city_dashboard_shows_kecamatan_side_by_side_with_their_tksk(kasus, dinsos, tksk_kanigaran):
    d = angka_dasbor(user=dinsos, hari_ini=HARI_INI)
    assert d.per_kecamatan
    assert [b.wilayah.nama for b in d.baris] == ["Kademangan", "Wonoasih", "Mayangan", "Kanigaran", "Kedopok"]
    kan = _baris(d, "35.74.04")
    may = _baris(d, "35.74.03")
    assert (kan.keluarga, kan.kunjungan_bulan_ini, kan.kunjungan_bulan_lalu) == (5, 3, 1)
    assert kan.tindak_lanjut_terlambat == 1
    assert kan.tksk == [tksk_kanigaran.nama_tampil]
    assert kan.keluarga_per_tksk == 5
    assert (may.keluarga, may.kunjungan_bulan_ini, may.tindak_lanjut_terlambat, may.belum_pernah_dikunjungi) == (
        1, 1, 1, 0
    )
    assert _baris(d, "35.74.01").tksk == [] and _baris(d, "35.74.01").keluarga_per_tksk is None
    assert d.total.keluarga == 6
    assert d.jenis_pmks[0]["jumlah"] == 3


@pytest.mark.django_db
def test_kecamatan_pejabat_sees_only_own_kecamatan_per_kelurahan(kasus, pejabat_kanigaran):
    d = angka_dasbor(user=pejabat_kanigaran, hari_ini=HARI_INI)
    assert not d.per_kecamatan
    assert d.total.keluarga == 5
    assert all(b.wilayah.kode.startswith("35.74.04.") for b in d.baris)


@pytest.mark.django_db
def test_tksk_of_other_kecamatan_sees_only_its_own_figures(kasus, tksk_mayangan):
    d = angka_dasbor(user=tksk_mayangan, hari_ini=HARI_INI)
    assert (d.total.keluarga, d.total.kunjungan_bulan_ini, d.total.tindak_lanjut_terlambat) == (1, 1, 1)


@pytest.mark.django_db
def test_month_boundary_on_the_home_page_is_jakarta_time(client, tksk_kanigaran, kel_kanigaran):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    kunjungan(k, tanggal=date(2026, 1, 31), oleh=tksk_kanigaran)
    kunjungan(k, tanggal=date(2026, 2, 1), oleh=tksk_kanigaran)
    kunjungan(k, tanggal=date(2026, 2, 1), oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    # 1 Feb 00:30 in Jakarta = still 31 Jan in UTC: February is "this month".
    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 1, 31, 17, 30, tzinfo=UTC)):
        resp = client.get("/")
    d = resp.context["dasbor"]
    assert (d.total.kunjungan_bulan_ini, d.total.kunjungan_bulan_lalu) == (2, 1)
    assert "angka-kunjungan-bulan-ini" in resp.content.decode()


@pytest.mark.django_db
def test_user_without_data_keeps_the_area_card(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    resp = client.get("/")
    html = resp.content.decode()
    assert 'data-testid="dasbor-kosong"' in html
    assert "Tisnonegaran" in html


@pytest.mark.django_db
def test_extension_figures_show_as_tiles_and_columns(kasus, client, dinsos):
    def angka_bantuan(user, hari_ini):
        return [ekstensi.AngkaDasbor(kode="usulan-menunggu", judul="Usulan menunggu Dinas Sosial", nilai=7,
                                     per_wilayah={wilayah("35.74.04").pk: 7})]

    with mock.patch.object(ekstensi, "_angka_dasbor", [angka_bantuan]):
        client.force_login(dinsos)
        html = client.get("/").content.decode()
        d = angka_dasbor(user=dinsos, hari_ini=HARI_INI)
    assert 'data-testid="angka-usulan-menunggu"' in html
    assert "Usulan menunggu Dinas Sosial" in html
    assert _baris(d, "35.74.04").ekstra == {"usulan-menunggu": 7}


# --- query count ----------------------------------------------------------------------------
def _tambah_data(n: int, tksk, kel):
    fm = JenisPMKS.objects.get(singkatan="FM")
    for i in range(n):
        k = KeluargaFactory(kelurahan=kel)
        kunjungan(k, tanggal=date(2026, 3, 1 + i % 3), oleh=tksk)
        tindak_lanjut(k, batas=date(2026, 3, 1 + i % 8), oleh=tksk)
        KlasifikasiPMKSFactory(keluarga=k, jenis=fm, dinilai_oleh=tksk)


def _hitung_query(client, user) -> int:
    client.force_login(user)
    client.get("/")  # warm caches (content types, etc.)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get("/")
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos", "pejabat_kanigaran"])
def test_dashboard_query_count_does_not_grow_with_data(client, personas, persona, kel_kanigaran, kel_mayangan):
    tksk = personas["tksk_kanigaran"]
    PenggunaFactory(username="tksk.kedua", peran="tksk", wilayah=wilayah("35.74.04"))
    _tambah_data(2, tksk, kel_kanigaran)
    sedikit = _hitung_query(client, personas[persona])
    _tambah_data(25, tksk, kel_kanigaran)
    _tambah_data(10, personas["tksk_mayangan"], kel_mayangan)
    _tambah_data(10, tksk, wilayah(KEL_TISNONEGARAN))
    banyak = _hitung_query(client, personas[persona])
    assert sedikit == banyak
    assert banyak <= 20  # session, user, regions, 5 aggregates, lists, plus bantuan extension figures


@pytest.mark.django_db
def test_home_page_keeps_the_area_figures_for_a_while_and_says_when_they_were_counted(
    kasus, client, tksk_kanigaran, settings
):
    from django.core.cache import cache

    settings.SIDAMPING_DASBOR_CACHE_DETIK = 120
    cache.clear()
    client.force_login(tksk_kanigaran)
    pertama = client.get("/")
    assert "dihitung pukul" in pertama.content.decode()
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))  # a new household: shown after the figures expire
    with CaptureQueriesContext(connection) as ctx:
        kedua = client.get("/")
    assert kedua.context["dasbor"].total.keluarga == pertama.context["dasbor"].total.keluarga == 5
    assert not any("pmks_keluarga" in q["sql"] and "COUNT" in q["sql"] for q in ctx.captured_queries)
    cache.clear()
    assert client.get("/").context["dasbor"].total.keluarga == 6
