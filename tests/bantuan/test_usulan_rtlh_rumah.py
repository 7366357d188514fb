"""RTLH proposal (#12 item 1): roof, wall, floor, floor area and people come from the household
record instead of being asked again; the floor area per person is computed by one server rule."""

from decimal import Decimal

import pytest

from bantuan import choices as c
from pmks.registri.rules import luas_lantai_per_orang
from tests.bantuan.conftest import buat_program
from tests.factories import AnggotaFactory, KeluargaFactory, wilayah
from tests.simpan_aman import dengan_token

pytestmark = pytest.mark.django_db
BARU = "/bantuan/usulan/baru/"


@pytest.fixture
def rumah():
    k = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), atap="seng", dinding="anyaman_bambu", lantai="tanah",
                        luas_lantai=Decimal("20"))
    AnggotaFactory(keluarga=k)
    AnggotaFactory(keluarga=k)
    return k  # 3 people (the kepala and two more)


@pytest.mark.parametrize(("luas", "orang", "hasil"), [
    ("36", 4, Decimal("9.00")), ("20", 3, Decimal("6.67")), (Decimal("7.2"), 1, Decimal("7.20")),
    (None, 3, None), ("20", 0, None), ("20", None, None), ("bukan", 2, None),
])
def test_floor_area_per_person_rule(luas, orang, hasil):
    assert luas_lantai_per_orang(luas, orang) == hasil


def test_rtlh_form_starts_with_the_households_roof_wall_floor_area_and_people(client, tksk_kanigaran, rumah):
    rtlh = buat_program("rtlh-rumah", c.JenisProgram.RTLH)
    client.force_login(tksk_kanigaran)
    form = client.get(f"{BARU}?keluarga={rumah.pk}&program={rtlh.pk}").context["form"]
    assert form["kondisi_atap"].value() == "Seng"
    assert form["kondisi_dinding"].value() == "Anyaman bambu"
    assert form["kondisi_lantai"].value() == "Tanah"
    assert Decimal(form["luas_lantai"].value()) == Decimal("20")
    assert form["jumlah_penghuni"].value() == 3
    assert form["luas_per_orang"].value() == Decimal("6.67")
    assert form.fields["luas_per_orang"].disabled


def test_rtlh_proposal_left_with_empty_housing_fields_takes_the_household_record(client, tksk_kanigaran, rumah):
    rtlh = buat_program("rtlh-kosong", c.JenisProgram.RTLH)
    client.force_login(tksk_kanigaran)
    resp = client.post(BARU, dengan_token(tksk_kanigaran, BARU, {
        "keluarga": rumah.pk, "program": rtlh.pk, "justifikasi": "Atap bocor", "status_tanah": "milik_sendiri",
    }))
    assert resp.status_code == 302, resp.content.decode()[:500]
    a = rtlh.usulan.get().asesmen
    assert (a["kondisi_atap"], a["kondisi_dinding"], a["kondisi_lantai"]) == ("Seng", "Anyaman bambu", "Tanah")
    assert a["jumlah_penghuni"] == 3 and Decimal(a["luas_per_orang"]) == Decimal("6.67")


def test_floor_area_per_person_is_computed_never_taken_from_the_post(client, tksk_kanigaran, rumah):
    rtlh = buat_program("rtlh-hitung", c.JenisProgram.RTLH)
    client.force_login(tksk_kanigaran)
    client.post(BARU, dengan_token(tksk_kanigaran, BARU, {
        "keluarga": rumah.pk, "program": rtlh.pk, "justifikasi": "x", "status_tanah": "milik_sendiri",
        "kondisi_atap": "Seng, bocor di dapur", "luas_lantai": "36", "jumlah_penghuni": "6", "luas_per_orang": "99",
    }))
    a = rtlh.usulan.get().asesmen
    assert a["kondisi_atap"] == "Seng, bocor di dapur"  # what the TKSK typed wins over the record
    assert Decimal(a["luas_per_orang"]) == Decimal("6.00")


def test_proposal_form_shows_the_per_person_area_live(client, tksk_kanigaran, rumah):
    client.force_login(tksk_kanigaran)
    html = client.get(f"{BARU}?keluarga={rumah.pk}").content.decode()
    assert "data-luas-lantai" in html and "data-jumlah-penghuni" in html and 'data-batas-rtlh="7.2"' in html
