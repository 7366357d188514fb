"""The household list's region filter: kab/kota → kecamatan → kelurahan, each select shown only when
the user's area holds more than one region of its level, options always inside that area, the
kelurahan select waiting for a parent where the area holds more than ``BATAS_PILIHAN`` of them, and
the htmx partial (``pmks:pilihan_wilayah``) that re-renders the child selects.

Regions: Kota Probolinggo (35.74, 5 kecamatan, 29 kelurahan) ships with the tests; the province
tests load Kabupaten Probolinggo (35.13, 24 kecamatan, 330 desa) beside it.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks.registri.filters import BATAS_PILIHAN
from tests.factories import KeluargaFactory, PenggunaFactory, wilayah
from tksk.wilayah_indonesia import wilayah_muat

pytestmark = pytest.mark.django_db

KAB = "35.13"  # Kabupaten Probolinggo
KEC_KAB = "35.13.01"  # its first kecamatan (Sukapura)
URL_PARTIAL = "/pmks/pilihan-wilayah/"


@pytest.fixture
def provinsi(db):
    wilayah_muat(awalan=[KAB])
    return wilayah("35")


@pytest.fixture
def dinsos_provinsi(provinsi):
    return PenggunaFactory(username="dinsos.provinsi", peran="dinsos", wilayah=provinsi)


def _select(html: str, nama: str) -> str | None:
    m = re.search(rf'<select[^>]*name="{nama}"[^>]*>(.*?)</select>', html, re.S)
    return m.group(1) if m else None


def _opsi(html: str, nama: str) -> list[str]:
    """The option values of the select ``nama`` (without the empty one), or [] when absent."""
    isi = _select(html, nama)
    return [v for v in re.findall(r'<option value="([^"]*)"', isi or "") if v]


def _label_kosong(html: str, nama: str) -> str:
    return re.search(r'<option value=""(?: selected)?>([^<]*)</option>', _select(html, nama)).group(1)


def _ids(qs) -> list[str]:
    return [str(pk) for pk in qs.values_list("pk", flat=True)]


def _daftar(client, **param):
    resp = client.get("/pmks/", param)
    assert resp.status_code == 200
    return resp


# --- which selects show -------------------------------------------------------------------------

def test_a_tksk_sees_only_the_kelurahan_select_of_their_kecamatan(client, tksk_kanigaran, kec_kanigaran):
    client.force_login(tksk_kanigaran)
    html = _daftar(client).content.decode()
    assert _select(html, "kabupaten") is None and _select(html, "kecamatan") is None
    assert _opsi(html, "kelurahan") == _ids(wilayah("35.74.04").anak.order_by("kode"))
    assert 'hx-get="/pmks/pilihan-wilayah/"' not in html  # nothing to cascade from


def test_a_city_dinsos_sees_kecamatan_and_all_their_kelurahan(client, dinsos, kota):
    client.force_login(dinsos)
    html = _daftar(client).content.decode()
    assert _select(html, "kabupaten") is None
    assert _opsi(html, "kecamatan") == _ids(kota.anak.order_by("kode"))
    kelurahan = _opsi(html, "kelurahan")
    assert len(kelurahan) == 29 <= BATAS_PILIHAN  # a small area keeps the whole list
    assert 'hx-get="/pmks/pilihan-wilayah/"' in _select_tag(html, "kecamatan")


def _select_tag(html: str, nama: str) -> str:
    return re.search(rf'<select[^>]*name="{nama}"[^>]*>', html).group(0)


def test_a_province_user_sees_three_selects_and_the_kelurahan_waits_for_a_kecamatan(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    html = _daftar(client).content.decode()
    assert _opsi(html, "kabupaten") == _ids(wilayah("35").anak.order_by("kode"))  # Kab. and Kota Probolinggo
    assert len(_opsi(html, "kecamatan")) == 29  # 24 + 5 kecamatan: under the limit, all listed
    assert _opsi(html, "kelurahan") == []  # 359 desa/kelurahan: not rendered
    assert _label_kosong(html, "kelurahan") == "Pilih kecamatan dulu"


def test_a_province_with_one_kab_kota_loaded_hides_the_kab_kota_select(client, kota):
    """Only Kota Probolinggo is loaded: nothing to choose at that level, the kecamatan are its own."""
    user = PenggunaFactory(username="pejabat.provinsi", peran="pejabat", wilayah=wilayah("35"))
    client.force_login(user)
    html = _daftar(client).content.decode()
    assert _select(html, "kabupaten") is None
    assert _opsi(html, "kecamatan") == _ids(kota.anak.order_by("kode"))
    assert len(_opsi(html, "kelurahan")) == 29


# --- narrowing ------------------------------------------------------------------------------

def test_a_province_user_picks_kabupaten_then_kecamatan_and_the_kelurahan_list_narrows(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    kab, kec = wilayah(KAB), wilayah(KEC_KAB)
    html = _daftar(client, kabupaten=kab.pk).content.decode()
    assert _opsi(html, "kecamatan") == _ids(kab.anak.order_by("kode"))  # the kab's 24, not the kota's
    assert len(_opsi(html, "kelurahan")) == 330  # a chosen kab/kota lists its desa
    html = _daftar(client, kabupaten=kab.pk, kecamatan=kec.pk).content.decode()
    assert _opsi(html, "kelurahan") == _ids(kec.anak.order_by("kode"))
    assert f'<option value="{kec.pk}" selected>' in _select(html, "kecamatan")


def test_without_javascript_a_changed_kab_kota_drops_the_old_kecamatan_instead_of_failing(
    client, dinsos_provinsi, kec_kanigaran
):
    """Kanigaran (Kota) was chosen, then the kab/kota changed and "Tampilkan" pressed: the stale
    kecamatan is dropped, the list shows the new kab/kota's households."""
    client.force_login(dinsos_provinsi)
    di_kab = KeluargaFactory(kelurahan=wilayah(KEC_KAB).anak.first())
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    resp = _daftar(client, kabupaten=wilayah(KAB).pk, kecamatan=kec_kanigaran.pk)
    assert not resp.context["filter"].form.errors
    assert [k.pk for k in resp.context["page_obj"].object_list] == [di_kab.pk]
    assert f'value="{kec_kanigaran.pk}" selected' not in resp.content.decode()


def test_a_kelurahan_chosen_alone_fills_in_its_kecamatan_and_kab_kota(client, dinsos_provinsi, kel_kanigaran):
    client.force_login(dinsos_provinsi)
    html = _daftar(client, kelurahan=kel_kanigaran.pk).content.decode()
    assert f'<option value="{wilayah("35.74").pk}" selected>' in _select(html, "kabupaten")
    assert f'<option value="{wilayah("35.74.04").pk}" selected>' in _select(html, "kecamatan")
    assert f'<option value="{kel_kanigaran.pk}" selected>' in _select(html, "kelurahan")


def test_filtering_by_kecamatan_alone_lists_only_its_households(client, dinsos, kec_kanigaran):
    di_kanigaran = [KeluargaFactory(kelurahan=wilayah(k)) for k in ("35.74.04.1003", "35.74.04.1002")]
    KeluargaFactory(kelurahan=wilayah("35.74.03.1001"))  # Mayangan
    client.force_login(dinsos)
    resp = _daftar(client, kecamatan=kec_kanigaran.pk)
    assert sorted(k.pk for k in resp.context["page_obj"].object_list) == sorted(k.pk for k in di_kanigaran)


def test_filtering_by_kab_kota_alone_lists_only_its_households(client, dinsos_provinsi):
    di_kab = KeluargaFactory(kelurahan=wilayah(KEC_KAB).anak.first())
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    client.force_login(dinsos_provinsi)
    resp = _daftar(client, kabupaten=wilayah(KAB).pk)
    assert [k.pk for k in resp.context["page_obj"].object_list] == [di_kab.pk]


def test_a_parent_filters_by_the_code_prefix_not_by_a_list_of_ids(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    kab = wilayah(KAB)
    with CaptureQueriesContext(connection) as ctx:
        _daftar(client, kabupaten=kab.pk)
    daftar = [q["sql"] for q in ctx.captured_queries if 'FROM "pmks_keluarga"' in q["sql"]]
    assert daftar and all(f"LIKE '{kab.kode}.%'" in sql for sql in daftar)
    # the area's own scope (at most BATAS_DAFTAR_KELURAHAN ids) is the only id list: none is added
    assert all(len(re.findall(r"IN \((?:\d+, ){50,}", sql)) <= 1 for sql in daftar)


def test_the_name_search_is_bounded_by_the_chosen_region(client, dinsos_provinsi):
    di_kab = KeluargaFactory(kelurahan=wilayah(KEC_KAB).anak.first(), kepala__nama="Suparmi Wijaya")
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), kepala__nama="Suparmi Wijaya")
    client.force_login(dinsos_provinsi)
    resp = _daftar(client, q="Suparmi", kecamatan=wilayah(KEC_KAB).pk)
    assert [k.pk for k in resp.context["page_obj"].object_list] == [di_kab.pk]


# --- scope ----------------------------------------------------------------------------------

def test_a_region_outside_the_users_area_is_refused_by_the_filter_and_the_partial(
    client, tksk_kanigaran, dinsos, kec_mayangan, kel_mayangan, provinsi
):
    KeluargaFactory(kelurahan=kel_mayangan)
    luar_kab = wilayah(KAB)
    client.force_login(tksk_kanigaran)
    resp = _daftar(client, kelurahan=kel_mayangan.pk)
    assert "kelurahan" in resp.context["filter"].form.errors
    assert not resp.context["page_obj"].object_list
    assert "Mayangan" not in _select(resp.content.decode(), "kelurahan")
    resp = _daftar(client, kecamatan=kec_mayangan.pk)  # a level a TKSK has no select for is still checked
    assert "kecamatan" in resp.context["filter"].form.errors and not resp.context["page_obj"].object_list
    client.force_login(dinsos)  # a city Dinsos: another kab/kota's kecamatan
    resp = _daftar(client, kecamatan=wilayah(KEC_KAB).pk)
    assert "kecamatan" in resp.context["filter"].form.errors and not resp.context["page_obj"].object_list
    for param in ({"kecamatan": wilayah(KEC_KAB).pk}, {"kelurahan": wilayah(KEC_KAB).anak.first().pk},
                  {"kecamatan": kel_mayangan.pk}):  # out of area; a kelurahan passed as a kecamatan
        resp = client.get(URL_PARTIAL, param, HTTP_HX_REQUEST="true")
        assert resp.status_code == 400
        assert luar_kab.nama not in resp.content.decode() and "Sukapura" not in resp.content.decode()


@pytest.mark.parametrize("nilai", ["abc", "-1", "0", "99999999999999999999999", "1\x00", "３", "1e3", " "])
def test_hostile_region_ids_are_answered_without_a_server_error(client, dinsos, nilai):
    client.force_login(dinsos)
    for nama in ("kecamatan", "kelurahan", "kabupaten"):
        assert client.get("/pmks/", {nama: nilai}).status_code == 200
        assert client.get(URL_PARTIAL, {nama: nilai}).status_code in (200, 400)


def test_the_partial_is_login_only(client, kec_kanigaran):
    resp = client.get(URL_PARTIAL, {"kecamatan": kec_kanigaran.pk})
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


# --- the htmx partial -----------------------------------------------------------------------

def test_the_partial_renders_the_kelurahan_of_the_chosen_kecamatan_for_an_out_of_band_swap(
    client, dinsos, kec_kanigaran
):
    client.force_login(dinsos)
    resp = client.get(URL_PARTIAL, {"kecamatan": kec_kanigaran.pk, "kelurahan": ""},
                      HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="kecamatan")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'id="wadah-kelurahan" hx-swap-oob="innerHTML"' in html
    assert _select(html, "kecamatan") is None  # the select just changed is left alone
    assert _opsi(html, "kelurahan") == _ids(kec_kanigaran.anak.order_by("kode"))


def test_the_partial_after_a_kab_kota_change_renders_kecamatan_and_kelurahan(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    kab = wilayah(KAB)
    stale = wilayah("35.74.04").pk  # the kecamatan chosen before, in the other kab/kota
    resp = client.get(URL_PARTIAL, {"kabupaten": kab.pk, "kecamatan": stale},
                      HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER_NAME="kabupaten")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert _select(html, "kabupaten") is None
    assert _opsi(html, "kecamatan") == _ids(kab.anak.order_by("kode"))
    assert "selected" not in _select(html, "kecamatan").split("</option>", 1)[1]  # nothing stale selected
    assert len(_opsi(html, "kelurahan")) == 330


def test_the_list_page_loads_htmx_for_the_cascade_and_keeps_its_submit_button(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    html = _daftar(client).content.decode()
    assert "vendor/htmx/htmx.min.js" in html
    assert 'value="Tampilkan"' in html  # without JavaScript the form reloads with the narrowed selects
    tag = _select_tag(html, "kabupaten")
    assert 'hx-include="closest form"' in tag and 'hx-swap="none"' in tag
    assert "onchange" not in html  # CSP: no inline handlers


# --- cost -----------------------------------------------------------------------------------

def test_a_province_users_list_query_count_does_not_grow_with_the_data(client, dinsos_provinsi):
    client.force_login(dinsos_provinsi)
    kel = list(wilayah(KEC_KAB).anak.all()[:3])

    def kueri(**param) -> int:
        with CaptureQueriesContext(connection) as ctx:
            _daftar(client, per=100, **param)
        return len(ctx.captured_queries)

    KeluargaFactory(kelurahan=kel[0])
    sedikit, dipilih = kueri(), kueri(kecamatan=wilayah(KEC_KAB).pk)
    for i in range(12):
        KeluargaFactory(kelurahan=kel[i % 3])
    assert kueri() == sedikit and kueri(kecamatan=wilayah(KEC_KAB).pk) == dipilih


def test_an_export_by_kecamatan_exports_its_households_and_its_history_names_the_kecamatan(
    client, dinsos, kec_kanigaran
):
    di_kanigaran = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    KeluargaFactory(kelurahan=wilayah("35.74.03.1001"))
    client.force_login(dinsos)
    csv = b"".join(client.get(f"/pmks/ekspor/keluarga.csv?kecamatan={kec_kanigaran.pk}").streaming_content).decode()
    assert csv.count("\n") == 2 and di_kanigaran.alamat in csv  # the header and the one Kanigaran household
    html = client.get("/pmks/ekspor/").content.decode()
    assert f"Kecamatan: {kec_kanigaran.nama}" in html
