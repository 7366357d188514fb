"""NIK / No. KK masking in the aid documents (issue #10, item 8): the one rule is
``pmks.registri.selectors.perlu_nomor_lengkap`` — roles that work with people see full numbers, Pejabat
see them masked, in the proposal letters as on screen."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bantuan import choices as c
from tksk.format import samarkan

from .conftest import keluarga_pmks, usulan_status

S = c.StatusUsulan
pytestmark = pytest.mark.django_db


def _teks_pdf(resp) -> str:
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(resp.content)).pages).replace("\n", " ")


@pytest.fixture
def dua_usulan(tksk_kanigaran, sembako):
    return [usulan_status(sembako, keluarga_pmks(), S.DIAJUKAN, oleh=tksk_kanigaran) for _ in range(2)]


@pytest.mark.parametrize("persona", ["pejabat_kanigaran", "pejabat_kota"])
def test_proposal_letter_prints_the_no_kk_masked_for_pejabat(client, personas, dua_usulan, persona):
    client.force_login(personas[persona])
    u = dua_usulan[0]
    teks = _teks_pdf(client.get(f"/bantuan/usulan/{u.pk}/surat/"))
    assert u.keluarga.no_kk not in teks
    assert samarkan(u.keluarga.no_kk) in teks


@pytest.mark.parametrize("persona", ["pejabat_kanigaran", "pejabat_kota"])
def test_collective_proposal_letter_prints_every_no_kk_masked_for_pejabat(client, personas, dua_usulan, persona):
    client.force_login(personas[persona])
    teks = _teks_pdf(client.get(f"/bantuan/usulan/surat/?usulan={dua_usulan[0].pk}&usulan={dua_usulan[1].pk}"))
    for u in dua_usulan:
        assert u.keluarga.no_kk not in teks
        assert samarkan(u.keluarga.no_kk) in teks


@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos"])
def test_proposal_letter_keeps_the_full_no_kk_for_the_roles_that_process_it(client, personas, dua_usulan, persona):
    client.force_login(personas[persona])
    teks = _teks_pdf(client.get(f"/bantuan/usulan/surat/?usulan={dua_usulan[0].pk}&usulan={dua_usulan[1].pk}"))
    for u in dua_usulan:
        assert u.keluarga.no_kk in teks

