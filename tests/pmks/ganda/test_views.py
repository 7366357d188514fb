"""The pair page (phone first): both records side by side, merge and "berbeda" from the page."""

from __future__ import annotations

from datetime import date

import pytest

from pmks.ganda import choices as c
from pmks.models import Anggota
from pmks.registri import choices as rc

from .helpers import keluarga, orang, pasangan, pindai_kota

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    k = keluarga(nama_kepala="Slamet Riyadi", lahir=date(1965, 7, 7))
    a = orang(k, nama="Nur Aini", lahir=date(1990, 3, 12), jk="P", tempat="Probolinggo")
    b = orang(k, nama="Nur Aeni", lahir=date(1990, 3, 12), jk="P", tempat="Kraksaan")
    pindai_kota()
    return pasangan(a, b)


def test_tksk_sees_both_records_side_by_side_with_the_differences_marked(client, tksk_kanigaran, pair):
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/ganda/{pair.pk}/").content.decode()
    assert "Nur Aini" in html and "Nur Aeni" in html and "Kraksaan" in html
    assert 'data-testid="banding"' in html and "table-warning" in html
    assert 'data-testid="form-gabung"' in html and 'data-testid="form-berbeda"' in html
    assert "row-cols-1 row-cols-md-2" in html  # stacked on a phone, side by side from md
    assert pair.anggota_a.nik[6:12] in html and pair.anggota_a.nik not in html  # date part only, NIK masked


def test_queue_lists_open_pairs_and_hides_decided_ones(client, tksk_kanigaran, pair):
    client.force_login(tksk_kanigaran)
    assert f"/pmks/ganda/{pair.pk}/" in client.get("/pmks/ganda/").content.decode()
    resp = client.post(f"/pmks/ganda/{pair.pk}/berbeda/", {"alasan": "Kakak beradik, orang berbeda"})
    assert resp.status_code == 302
    assert f"/pmks/ganda/{pair.pk}/" not in client.get("/pmks/ganda/").content.decode()
    assert f"/pmks/ganda/{pair.pk}/" in client.get("/pmks/ganda/?status=berbeda").content.decode()


def test_merge_from_the_page_keeps_the_chosen_values(client, dinsos, pair):
    client.force_login(dinsos)
    a, b = pair.anggota_a, pair.anggota_b
    resp = client.post(f"/pmks/ganda/{pair.pk}/gabungkan/", {
        "penyintas": a.pk, "pilih_nik": a.pk, "pilih_tempat_lahir": b.pk, "alasan": "Orang yang sama",
    })
    assert resp.status_code == 302 and resp["Location"] == f"/pmks/keluarga/{a.keluarga_id}/"
    a.refresh_from_db()
    assert a.tempat_lahir == b.tempat_lahir and a.nama == "Nur Aini"
    assert Anggota.objects.get(pk=b.pk).status == rc.StatusAnggota.DIGABUNG


def test_merge_without_choosing_the_nik_is_refused_on_the_form(client, dinsos, pair):
    client.force_login(dinsos)
    resp = client.post(f"/pmks/ganda/{pair.pk}/gabungkan/", {"penyintas": pair.anggota_a_id, "alasan": "Sama"})
    assert resp.status_code == 200
    assert 'name="pilih_nik"' in resp.content.decode() and "is-invalid" in resp.content.decode()
    pair.refresh_from_db()
    assert pair.status == c.StatusPasangan.BARU


def test_second_merge_of_a_decided_pair_shows_a_clear_message(client, dinsos, tksk_kanigaran, pair):
    data = {"penyintas": pair.anggota_a_id, "pilih_nik": pair.anggota_a_id, "alasan": "Orang yang sama"}
    client.force_login(tksk_kanigaran)
    assert client.post(f"/pmks/ganda/{pair.pk}/gabungkan/", data).status_code == 302
    client.force_login(dinsos)
    resp = client.post(f"/pmks/ganda/{pair.pk}/gabungkan/", data, follow=True)
    assert "sudah diputus (digabung)" in resp.content.decode()
