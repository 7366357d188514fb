"""Rate limits on NIK / No. KK existence answers, uploads and exports (tksk/batas_laju.py), counted in the
shared database cache with an atomic increment (tksk/cache.py); over the limit: a 429 page in Indonesian."""

import threading
from datetime import date

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections

from tests.factories import AnggotaFactory, KeluargaFactory, nik_valid
from tests.pmks.helpers import anggota_baris, data_form
from tests.simpan_aman import dengan_token_klien

pytestmark = pytest.mark.django_db


@pytest.fixture
def batas(settings):
    """Every group at 3 requests per hour."""
    settings.SIDAMPING_BATAS_LAJU = {grup: "3/h" for grup in settings.SIDAMPING_BATAS_LAJU}
    return 3


def _terbatas(resp) -> bool:
    if resp.status_code != 429:
        return False
    html = resp.content.decode()
    assert "Terlalu banyak permintaan" in html and 'href="/"' in html
    return True


def test_probing_a_nik_of_another_kecamatan_through_the_registry_form_is_limited(
    client, tksk_mayangan, kel_kanigaran, kel_mayangan, batas
):
    nik = nik_valid(tanggal_lahir=date(1980, 1, 1))
    AnggotaFactory(keluarga=KeluargaFactory(kelurahan=kel_kanigaran), nik=nik)
    client.force_login(tksk_mayangan)
    data = data_form(kelurahan_id=kel_mayangan.pk, anggota=[
        anggota_baris(nama="Coba", tanggal_lahir=date(1980, 1, 1), hubungan="kepala", nik=nik),
    ])
    url = "/pmks/keluarga/tambah/"
    jawaban = [client.post(url, dengan_token_klien(client, url, data)) for _ in range(batas + 1)]
    assert all("sudah terdaftar di wilayah lain" in r.content.decode() for r in jawaban[:batas])
    assert _terbatas(jawaban[-1])
    assert "wilayah lain" not in jawaban[-1].content.decode()


def test_editing_a_household_and_changing_its_no_kk_share_the_budget(client, tksk_kanigaran, kel_kanigaran, batas):
    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    client.force_login(tksk_kanigaran)
    client.post(f"/pmks/keluarga/{keluarga.pk}/ubah/", {})
    client.post(f"/pmks/keluarga/{keluarga.pk}/ganti-kk/", {"no_kk": "1", "alasan": "x"})
    client.post(f"/pmks/keluarga/{keluarga.pk}/ganti-kk/", {"no_kk": "2", "alasan": "x"})
    assert _terbatas(client.post(f"/pmks/keluarga/{keluarga.pk}/ganti-kk/", {"no_kk": "3", "alasan": "x"}))
    assert client.get(f"/pmks/keluarga/{keluarga.pk}/ganti-kk/").status_code == 200  # only answers count


def test_search_by_number_is_limited_but_search_by_name_is_not(client, tksk_kanigaran, batas):
    client.force_login(tksk_kanigaran)
    for _ in range(batas + 2):
        assert client.get("/pmks/", {"q": "Slamet"}).status_code == 200
    for i in range(batas):
        assert client.get("/pmks/", {"q": f"357404{i}"}).status_code == 200
    assert _terbatas(client.get("/pmks/", {"q": "3574041234567890"}))


def test_exports_are_limited(client, tksk_kanigaran, batas):
    client.force_login(tksk_kanigaran)
    for _ in range(batas):
        assert client.get("/pmks/ekspor/keluarga.csv").status_code == 200
    assert _terbatas(client.get("/pmks/ekspor/anggota.xlsx"))


def test_spreadsheet_uploads_are_limited(client, tksk_kanigaran, batas, settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    client.force_login(tksk_kanigaran)
    for _ in range(batas):
        assert client.post("/pmks/impor/unggah/", {"berkas": SimpleUploadedFile("a.csv", b"x")}).status_code != 429
    assert _terbatas(client.post("/bantuan/impor-bnba/unggah/", {}))


def test_each_user_has_an_own_budget(client, tksk_kanigaran, tksk_mayangan, batas):
    client.force_login(tksk_kanigaran)
    for _ in range(batas):
        client.get("/pmks/ekspor/keluarga.csv")
    assert _terbatas(client.get("/pmks/ekspor/keluarga.csv"))
    client.force_login(tksk_mayangan)
    assert client.get("/pmks/ekspor/keluarga.csv").status_code == 200


def test_default_limits_leave_room_for_a_working_day(settings):
    from django_ratelimit.core import _split_rate

    per_jam = {g: n * 3600 / detik for g, (n, detik) in
               ((g, _split_rate(r)) for g, r in settings.SIDAMPING_BATAS_LAJU.items())}
    assert per_jam["cek-nomor"] >= 100 and per_jam["cari-nomor"] >= 200
    assert per_jam["ekspor"] >= 20 and per_jam["unggah"] >= 20


def test_rate_limit_counter_keeps_its_window_after_an_increment():
    cache = caches["batas_laju"]
    cache.add("uji-jendela", 0, 3600)
    cache.incr("uji-jendela")
    with connection.cursor() as cur:
        cur.execute("SELECT expires - now() FROM sidamping_cache WHERE cache_key = %s", [cache.make_key("uji-jendela")])
        sisa = cur.fetchone()[0]
    assert sisa.total_seconds() > 3000  # not reset to the default 300 s timeout
    assert cache.get("uji-jendela") == 1


def test_incr_of_a_missing_counter_says_so():
    with pytest.raises(ValueError):
        caches["batas_laju"].incr("uji-tidak-ada")


@pytest.mark.django_db(transaction=True)
def test_rate_limit_counter_counts_every_concurrent_hit():
    cache = caches["batas_laju"]
    kunci = "uji-serentak"
    cache.delete(kunci)
    cache.add(kunci, 0, 600)
    mulai = threading.Barrier(4)

    def pekerja():
        try:
            mulai.wait()
            for _ in range(25):
                caches["batas_laju"].incr(kunci)
        finally:
            connections.close_all()

    benang = [threading.Thread(target=pekerja) for _ in range(4)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert cache.get(kunci) == 100
    cache.delete(kunci)
