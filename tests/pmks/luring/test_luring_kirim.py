"""Offline sync endpoints (pmks/luring/): the online forms' rules, once per outbox UUID, the
online views' guards, conflicts answered with both sides, bounded requests."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from PIL import Image

from pmks.luring import selectors as luring_selectors
from pmks.luring.views import BATAS_KIRIM
from pmks.models import Anggota, Keluarga
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tests.bantuan.berkas_uji import jpeg
from tests.factories import AnggotaFactory, KeluargaFactory
from tests.pmks.helpers import data_form, keluarga_tiga_orang
from tksk.models import TokenFormulir

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def keluarga(kel_kanigaran):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    AnggotaFactory(keluarga=k, nama="Dewi Lestari", jenis_kelamin="P", tanggal_lahir=date(2010, 4, 1))
    return k


@pytest.fixture
def keluarga_mayangan(kel_mayangan):
    return KeluargaFactory(kelurahan=kel_mayangan)


def _klien(user, *, csrf: bool = False) -> Client:
    c = Client(enforce_csrf_checks=csrf)
    c.force_login(user)
    return c


def _kunjungan(**lain) -> dict:
    kemarin = (timezone.localdate() - timedelta(days=1)).isoformat()
    return {"uuid": str(uuid.uuid4()), "tanggal": kemarin, "jenis": "asesmen", "peran": ["pembimbing"],
            "catatan": "Atap bocor", "hasil": "Perlu RTLH", "tanggal_tindak_lanjut": "",
            "rencana_tindak_lanjut": "", **lain}


def _url_kunjungan(k) -> str:
    return f"/luring/kirim/kunjungan/{k.pk}/"


def _isian_ubah(k: Keluarga, **ubah) -> dict:
    """What the phone sends for an edit: the downloaded values (the same function) + changes."""
    k = Keluarga.objects.get(pk=k.pk)
    data = luring_selectors.nilai_isian(k, list(k.anggota.aktif().order_by("id")))
    data.update(ubah)
    return {"uuid": str(uuid.uuid4()), "versi": str(k.versi), **data}


# --- visits ----------------------------------------------------------------------------------
def test_visit_with_photo_is_recorded_through_the_online_service(tksk_kanigaran, keluarga):
    resp = _klien(tksk_kanigaran).post(_url_kunjungan(keluarga), {**_kunjungan(), "foto": [jpeg()]})
    assert resp.status_code == 200, resp.json()
    assert resp.json()["status"] == "terkirim"
    kj = Kunjungan.objects.get()
    assert list(kj.keluarga.all()) == [keluarga] and kj.dicatat_oleh == tksk_kanigaran
    assert resp.json()["url"] == f"/pmks/pendampingan/kunjungan/{kj.pk}/"
    assert FotoKunjungan.objects.filter(kunjungan=kj).count() == 1


def test_a_retried_visit_with_the_same_uuid_is_saved_once(tksk_kanigaran, keluarga):
    data = _kunjungan()
    klien = _klien(tksk_kanigaran)
    pertama = klien.post(_url_kunjungan(keluarga), data)
    kedua = klien.post(_url_kunjungan(keluarga), {**data, "catatan": "kiriman ulang"})
    assert pertama.status_code == kedua.status_code == 200
    assert kedua.json()["ulang"] is True and kedua.json()["url"] == pertama.json()["url"]
    assert Kunjungan.objects.count() == 1
    assert TokenFormulir.objects.get(token=data["uuid"]).luring is True


def test_visit_validation_errors_come_back_per_field_in_indonesian(tksk_kanigaran, keluarga):
    besok = (timezone.localdate() + timedelta(days=1)).isoformat()
    resp = _klien(tksk_kanigaran).post(_url_kunjungan(keluarga), _kunjungan(tanggal=besok, jenis=""))
    assert resp.status_code == 422
    galat = resp.json()["galat"]
    assert "masa depan" in " ".join(galat["tanggal"])
    assert galat["jenis"]
    assert not Kunjungan.objects.exists() and not TokenFormulir.objects.exists()


def test_a_refused_item_sent_again_after_correction_is_saved(tksk_kanigaran, keluarga):
    data = _kunjungan(jenis="")
    klien = _klien(tksk_kanigaran)
    assert klien.post(_url_kunjungan(keluarga), data).status_code == 422
    assert klien.post(_url_kunjungan(keluarga), {**data, "jenis": "asesmen"}).status_code == 200
    assert Kunjungan.objects.count() == 1


def test_tksk_cannot_sync_a_visit_to_a_household_of_another_kecamatan(tksk_kanigaran, keluarga_mayangan):
    resp = _klien(tksk_kanigaran).post(_url_kunjungan(keluarga_mayangan), _kunjungan())
    assert resp.status_code == 404
    assert "tidak ditemukan" in resp.json()["pesan"]
    assert not Kunjungan.objects.exists()


@pytest.mark.parametrize("persona", ["dinsos", "pejabat_kota", "pejabat_kanigaran"])
def test_roles_without_pendampingan_cannot_sync_a_visit(personas, keluarga, persona):
    resp = _klien(personas[persona]).post(_url_kunjungan(keluarga), _kunjungan())
    assert resp.status_code == 403
    assert resp.json()["status"] == "gagal" and resp.json()["pesan"]
    assert not Kunjungan.objects.exists()


def test_a_uuid_of_another_user_or_endpoint_is_refused(tksk_kanigaran, keluarga, kel_kanigaran):
    lain = KeluargaFactory(kelurahan=kel_kanigaran)
    data = _kunjungan()
    klien = _klien(tksk_kanigaran)
    assert klien.post(_url_kunjungan(keluarga), data).status_code == 200
    resp = klien.post(_url_kunjungan(lain), data)  # same UUID, another household's endpoint
    assert resp.status_code == 400 and "kode kiriman" in resp.json()["pesan"].lower()
    assert Kunjungan.objects.count() == 1


def test_an_item_without_a_uuid_is_refused(tksk_kanigaran, keluarga):
    data = _kunjungan()
    data.pop("uuid")
    resp = _klien(tksk_kanigaran).post(_url_kunjungan(keluarga), data)
    assert resp.status_code == 400
    assert not Kunjungan.objects.exists()


def test_sync_requires_the_csrf_token(tksk_kanigaran, keluarga):
    klien = _klien(tksk_kanigaran, csrf=True)
    assert klien.post(_url_kunjungan(keluarga), _kunjungan()).status_code == 403
    assert not Kunjungan.objects.exists()
    token = klien.get("/luring/sesi/").json()["csrf"]
    resp = klien.post(_url_kunjungan(keluarga), _kunjungan(), HTTP_X_CSRFTOKEN=token)
    assert resp.status_code == 200


def test_a_visit_larger_than_the_bound_is_refused_before_it_is_read(tksk_kanigaran, keluarga):
    resp = _klien(tksk_kanigaran).generic(
        "POST", _url_kunjungan(keluarga), b"x" * 16, content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(BATAS_KIRIM["kunjungan"] + 1),
    )
    assert resp.status_code == 413
    assert "terlalu besar" in resp.json()["pesan"]


def test_a_household_larger_than_the_bound_is_refused(tksk_kanigaran, kel_kanigaran):
    data = {**data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang()), "uuid": str(uuid.uuid4()),
            "catatan": "x" * (BATAS_KIRIM["keluarga"] + 10)}
    resp = _klien(tksk_kanigaran).post("/luring/kirim/keluarga/", data)
    assert resp.status_code == 413
    assert not Keluarga.objects.exists()


def test_get_on_a_sync_endpoint_is_refused(tksk_kanigaran, keluarga):
    assert _klien(tksk_kanigaran).get(_url_kunjungan(keluarga)).status_code == 405


def test_anonymous_sync_goes_to_login(keluarga):
    resp = Client().post(_url_kunjungan(keluarga), _kunjungan())
    assert resp.status_code == 302 and "login" in resp["Location"]


# --- new households --------------------------------------------------------------------------
def _baru(kelurahan, **lain) -> dict:
    return {**data_form(kelurahan_id=kelurahan.pk, anggota=keluarga_tiga_orang()), "uuid": str(uuid.uuid4()), **lain}


def test_household_registered_offline_is_saved_once_per_uuid(tksk_kanigaran, kel_kanigaran):
    data = _baru(kel_kanigaran)
    klien = _klien(tksk_kanigaran)
    pertama = klien.post("/luring/kirim/keluarga/", data)
    assert pertama.status_code == 200, pertama.json()
    kedua = klien.post("/luring/kirim/keluarga/", data)
    assert kedua.json()["ulang"] is True and kedua.json()["url"] == pertama.json()["url"]
    k = Keluarga.objects.get()
    assert k.anggota.count() == 3 and k.didaftarkan_oleh == tksk_kanigaran
    assert pertama.json()["url"] == f"/pmks/keluarga/{k.pk}/"


def test_household_registered_offline_with_the_privacy_box_ticked_records_who_and_the_version(
    tksk_kanigaran, kel_kanigaran
):
    data = _baru(kel_kanigaran, diberi_tahu_privasi="on", versi_pemberitahuan="1")
    assert _klien(tksk_kanigaran).post("/luring/kirim/keluarga/", data).status_code == 200
    catatan = Keluarga.objects.get().pemberitahuan_privasi.get()
    assert (catatan.oleh, catatan.pemberitahuan.versi) == (tksk_kanigaran, 1)


def test_household_errors_come_back_on_the_posted_member_field(tksk_kanigaran, kel_kanigaran):
    data = _baru(kel_kanigaran)
    data["anggota-1-nik"] = "123"
    data["no_kk"] = "99"
    resp = _klien(tksk_kanigaran).post("/luring/kirim/keluarga/", data)
    assert resp.status_code == 422
    galat = resp.json()["galat"]
    assert "anggota-1-nik" in galat and "no_kk" in galat
    assert "16 digit" in " ".join(galat["no_kk"])
    assert not Keluarga.objects.exists()


def test_household_rules_of_the_service_come_back_per_field(tksk_kanigaran, kel_kanigaran, keluarga):
    data = _baru(kel_kanigaran)
    data["anggota-2-nik"] = keluarga.kepala_uji.nik  # already registered
    resp = _klien(tksk_kanigaran).post("/luring/kirim/keluarga/", data)
    assert resp.status_code == 422
    pesan = " ".join(resp.json()["galat"]["anggota-2-nik"])
    assert "sudah terdaftar" in pesan and "<a" not in pesan
    assert Keluarga.objects.count() == 1


def test_nik_warning_asks_for_a_reason_on_the_member_row(tksk_kanigaran, kel_kanigaran):
    data = _baru(kel_kanigaran)
    data["anggota-2-tanggal_lahir"] = "2005-12-01"  # the NIK says 30-11-2005
    klien = _klien(tksk_kanigaran)
    resp = klien.post("/luring/kirim/keluarga/", data)
    assert resp.status_code == 422
    assert "anggota-2-alasan_konfirmasi_nik" in resp.json()["galat"]
    data["anggota-2-alasan_konfirmasi_nik"] = "Tanggal lahir di KTP memang berbeda"
    assert klien.post("/luring/kirim/keluarga/", data).status_code == 200


def test_tksk_cannot_register_offline_in_another_kecamatan(tksk_kanigaran, kel_mayangan):
    resp = _klien(tksk_kanigaran).post("/luring/kirim/keluarga/", _baru(kel_mayangan))
    assert resp.status_code == 422
    assert "kelurahan" in resp.json()["galat"]
    assert not Keluarga.objects.exists()


@pytest.mark.parametrize("persona", ["pejabat_kota", "pejabat_kanigaran"])
def test_read_only_roles_cannot_register_offline(personas, kel_kanigaran, persona):
    resp = _klien(personas[persona]).post("/luring/kirim/keluarga/", _baru(kel_kanigaran))
    assert resp.status_code == 403
    assert not Keluarga.objects.exists()


# --- household edits and conflicts -----------------------------------------------------------
def test_household_edit_with_the_downloaded_version_is_applied(tksk_kanigaran, keluarga):
    data = _isian_ubah(keluarga, alamat="Jl. Baru No. 1", **{"anggota-1-pekerjaan": "Pelajar"})
    resp = _klien(tksk_kanigaran).post(f"/luring/kirim/keluarga/{keluarga.pk}/", data)
    assert resp.status_code == 200, resp.json()
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Jl. Baru No. 1" and keluarga.versi == 1
    assert Anggota.objects.get(nama="Dewi Lestari").pekerjaan == "Pelajar"


def test_edit_of_a_household_changed_on_the_server_is_never_applied(tksk_kanigaran, dinsos, keluarga):
    data = _isian_ubah(keluarga, alamat="Isian TKSK", rt="009")
    # meanwhile Dinas Sosial edits the household online
    _klien(dinsos).post(f"/luring/kirim/keluarga/{keluarga.pk}/", _isian_ubah(keluarga, alamat="Isian Dinsos"))
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Isian Dinsos" and keluarga.versi == 1
    resp = _klien(tksk_kanigaran).post(f"/luring/kirim/keluarga/{keluarga.pk}/", data)
    assert resp.status_code == 409
    j = resp.json()
    assert j["status"] == "konflik" and j["versi"] == 1
    assert j["server"]["isian"]["alamat"] == "Isian Dinsos" and j["server"]["isian"]["rt"] == "001"
    assert "diubah di server" in j["pesan"]
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Isian Dinsos" and keluarga.rt == "001" and keluarga.versi == 1
    assert not TokenFormulir.objects.filter(token=data["uuid"]).exists()
    # the TKSK chose: sent again with the server's version, it is applied
    data["versi"] = str(j["versi"])
    assert _klien(tksk_kanigaran).post(f"/luring/kirim/keluarga/{keluarga.pk}/", data).status_code == 200
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Isian TKSK" and keluarga.versi == 2


def test_a_retried_edit_answers_its_first_save_not_a_conflict(tksk_kanigaran, keluarga):
    data = _isian_ubah(keluarga, alamat="Jl. Baru No. 1")
    klien = _klien(tksk_kanigaran)
    assert klien.post(f"/luring/kirim/keluarga/{keluarga.pk}/", data).status_code == 200
    ulang = klien.post(f"/luring/kirim/keluarga/{keluarga.pk}/", data)
    assert ulang.status_code == 200 and ulang.json()["ulang"] is True
    keluarga.refresh_from_db()
    assert keluarga.versi == 1


def test_edit_without_a_version_is_a_conflict(tksk_kanigaran, keluarga):
    data = _isian_ubah(keluarga, alamat="X")
    data.pop("versi")
    assert _klien(tksk_kanigaran).post(f"/luring/kirim/keluarga/{keluarga.pk}/", data).status_code == 409


def test_tksk_cannot_edit_offline_a_household_of_another_kecamatan(tksk_kanigaran, keluarga_mayangan):
    resp = _klien(tksk_kanigaran).post(f"/luring/kirim/keluarga/{keluarga_mayangan.pk}/",
                                       _isian_ubah(keluarga_mayangan, alamat="X"))
    assert resp.status_code == 404
    keluarga_mayangan.refresh_from_db()
    assert keluarga_mayangan.versi == 0


def test_pejabat_cannot_edit_offline(pejabat_kanigaran, keluarga):
    resp = _klien(pejabat_kanigaran).post(f"/luring/kirim/keluarga/{keluarga.pk}/", _isian_ubah(keluarga, alamat="X"))
    assert resp.status_code == 403


# --- download ------------------------------------------------------------------------------------
def test_download_holds_only_the_active_households_of_the_tksk_kecamatan(
    tksk_kanigaran, keluarga, keluarga_mayangan, kel_sukoharjo
):
    pindah = KeluargaFactory(kelurahan=kel_sukoharjo, status="pindah")
    lain = KeluargaFactory(kelurahan=kel_sukoharjo)
    j = _klien(tksk_kanigaran).get("/luring/unduh/").json()
    assert {k["id"] for k in j["keluarga"]} == {keluarga.pk, lain.pk}
    assert pindah.pk not in {k["id"] for k in j["keluarga"]}
    rec = next(k for k in j["keluarga"] if k["id"] == keluarga.pk)
    assert rec["versi"] == 0 and rec["kepala"] == keluarga.kepala_uji.nama and rec["jumlah_anggota"] == 2
    assert "no_kk" not in rec["isian"] and keluarga.no_kk not in str(j)  # masked: "3574••••••••0012"
    assert j["kecamatan"] == "Kecamatan Kanigaran"


def test_downloaded_values_are_what_the_edit_form_shows(tksk_kanigaran, keluarga):
    """The phone's edit form is filled from the download: it must equal the online edit form."""
    from pmks.registri.forms import KeluargaForm, anggota_formset

    k = Keluarga.objects.get(pk=keluarga.pk)
    anggota = list(k.anggota.aktif().order_by("id"))
    isian = luring_selectors.nilai_isian(k, anggota)
    form = KeluargaForm(user=tksk_kanigaran, baru=False, instance=k)
    formset = anggota_formset(queryset=k.anggota.aktif().order_by("id"), extra=0)
    dari_form = {}
    for f in [form, *formset.forms]:
        for bf in f:
            if bf.name in ("konfirmasi_duplikat", "DELETE"):
                continue
            v = bf.value()
            dari_form[bf.html_name] = "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v))
    dari_form.update({"anggota-TOTAL_FORMS": "2", "anggota-INITIAL_FORMS": "2"})
    assert isian == dari_form


@pytest.mark.parametrize("persona", ["dinsos", "pejabat_kota", "pejabat_kanigaran", "admin"])
def test_only_a_tksk_of_one_kecamatan_downloads(personas, persona, keluarga):
    resp = _klien(personas[persona]).get("/luring/unduh/")
    assert resp.status_code == 403
    assert "TKSK" in resp.json()["pesan"]


# --- pages, service worker, manifest ---------------------------------------------------------------
def test_shell_pages_are_marked_for_the_cache_and_hold_no_household_data(tksk_kanigaran, keluarga):
    klien = _klien(tksk_kanigaran)
    for url in ["/luring/", "/luring/kotak-keluar/", "/luring/kunjungan/", "/luring/keluarga/baru/",
                "/luring/keluarga/ubah/", "/luring/konflik/"]:
        resp = klien.get(url + f"?keluarga={keluarga.pk}")
        assert resp.status_code == 200, url
        assert resp["X-Sidamping-Luring"] == "halaman"
        html = resp.content.decode()
        for pribadi in (keluarga.alamat, keluarga.kepala_uji.nik, keluarga.kepala_uji.nama):
            assert pribadi not in html, (url, pribadi)


def test_other_pages_are_not_marked_for_the_cache(tksk_kanigaran, keluarga):
    resp = _klien(tksk_kanigaran).get(f"/pmks/keluarga/{keluarga.pk}/")
    assert "X-Sidamping-Luring" not in resp


def test_hub_says_what_is_stored_and_that_logout_removes_it(tksk_kanigaran):
    html = _klien(tksk_kanigaran).get("/luring/").content.decode()
    assert "hanya keluarga aktif" in html and "kecamatan tugas Anda" in html
    assert "dihapus dari perangkat saat Anda keluar" in html


def test_service_worker_is_served_at_the_root_scope_without_a_cdn(client):
    resp = client.get("/sw.js")
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("text/javascript")
    assert resp["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in resp["Content-Security-Policy"]
    isi = resp.content.decode()
    assert "/static/vendor/workbox-7.4.1/workbox-sw.js" in isi
    assert "googleapis" not in isi and "http://" not in isi and "https://" not in isi
    assert '"/luring/unduh/"' not in isi  # the download is never cached
    assert "X-Sidamping-Luring" in isi


def test_manifest_is_installable_with_indonesian_name_and_png_icons(client):
    resp = client.get("/manifest.webmanifest")
    assert resp["Content-Type"].startswith("application/manifest+json")
    m = resp.json()
    assert m["lang"] == "id" and m["display"] == "standalone" and m["start_url"] == "/"
    assert {i["sizes"] for i in m["icons"]} >= {"192x192", "512x512"}
    for ikon in m["icons"]:
        assert ikon["type"] == "image/png"
        lokasi = finders.find(ikon["src"].removeprefix("/static/"))
        with Image.open(lokasi) as im:
            assert im.format == "PNG" and f"{im.width}x{im.height}" == ikon["sizes"]


def test_offline_tokens_outlive_the_three_day_form_tokens(tksk_kanigaran, keluarga):
    from tksk.konkurensi import token_terbitkan

    data = _kunjungan()
    _klien(tksk_kanigaran).post(_url_kunjungan(keluarga), data)
    lama = timezone.now() - timedelta(days=10)
    TokenFormulir.objects.update(dibuat_pada=lama)
    token_terbitkan(pengguna=tksk_kanigaran, tujuan="/x/")  # deletes expired form tokens on the way
    assert TokenFormulir.objects.filter(token=data["uuid"]).exists()
    ulang = _klien(tksk_kanigaran).post(_url_kunjungan(keluarga), data)
    assert ulang.json()["ulang"] is True and Kunjungan.objects.count() == 1


def test_every_page_links_the_manifest_and_registers_the_service_worker(tksk_kanigaran, client):
    html = _klien(tksk_kanigaran).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'src="/static/js/luring.js" data-sw="/sw.js"' in html
    assert 'data-testid="menu-luring"' in html
    assert 'data-sw="/sw.js"' in client.get("/accounts/login/").content.decode()  # logged out too


@pytest.mark.parametrize("persona", ["dinsos", "pejabat_kota", "admin"])
def test_the_outbox_menu_is_only_for_a_tksk(personas, persona):
    assert 'data-testid="menu-luring"' not in _klien(personas[persona]).get("/").content.decode()
