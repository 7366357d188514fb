"""Complaints appear on the household's timeline (pmks.ekstensi source registered by BantuanConfig.ready),
each step once, and the reporter's identity never shows there (issue #13 privacy rule)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bantuan.aduan import choices as ac
from bantuan.aduan import services as svc
from bantuan.integrasi import peristiwa_aduan
from pmks import ekstensi
from pmks.pendampingan.selectors import linimasa_keluarga
from tests.bantuan.conftest import keluarga_pmks

from .helpers import TELEPON, aduan_baru, aduan_pada

pytestmark = pytest.mark.django_db
PELAPOR = "Bu Sulastri"


@pytest.fixture
def keluarga_diadukan(personas):
    tksk, dinsos = personas["tksk_kanigaran"], personas["dinsos"]
    k = keluarga_pmks()
    a = aduan_pada(ac.StatusAduan.DIVERIFIKASI, tksk=tksk, dinsos=dinsos, keluarga=k, jenis=ac.JenisAduan.SANGGAH,
                   kategori=ac.KategoriAduan.SANGGAH_EKSKLUSI, pelapor_nama=PELAPOR, pelapor_telepon=TELEPON)
    # staff text may name the reporter: the timeline never shows free text of a complaint
    a = svc.aduan_putuskan(aduan=a, oleh=dinsos, keputusan=ac.Keputusan.DITOLAK, alasan=f"Laporan {PELAPOR} keliru")
    svc.aduan_eskalasi(aduan=aduan_baru(tksk, keluarga=k), oleh=dinsos, catatan=f"Pelapor {PELAPOR} marah")
    return k


def test_complaint_source_is_registered_from_the_app_config():
    assert peristiwa_aduan in ekstensi.sumber_linimasa()


def test_every_step_of_a_complaint_is_on_the_household_timeline(keluarga_diadukan, dinsos):
    aduan = [p for p in linimasa_keluarga(keluarga_diadukan, dinsos) if p.jenis == "Aduan"]
    assert sorted(p.judul for p in aduan) == sorted([
        "Sanggah diterima", "Sanggah diverifikasi", "Sanggah diputuskan (ditolak)", "Perbaikan data diterima",
    ])  # the escalation changes no status: not a step
    assert all(p.url.startswith("/aduan/") for p in aduan)
    assert {p.keterangan for p in aduan} == {"Keluarga layak belum menerima (exclusion error)", "Data registri salah"}


@pytest.mark.parametrize("persona", ["tksk_kanigaran", "dinsos", "pejabat_kota", "pejabat_kanigaran"])
def test_the_timeline_never_shows_the_reporter(client, personas, keluarga_diadukan, persona):
    for p in linimasa_keluarga(keluarga_diadukan, personas[persona]):
        teks = f"{p.judul} {p.keterangan} {p.oleh}"
        assert PELAPOR not in teks and TELEPON not in teks
    client.force_login(personas[persona])
    html = client.get(f"/pmks/keluarga/{keluarga_diadukan.pk}/").content.decode()
    assert "Sanggah diputuskan (ditolak)" in html
    assert PELAPOR not in html and TELEPON not in html


def test_complaint_events_take_one_query_whatever_their_number(keluarga_diadukan, dinsos, personas):
    with CaptureQueriesContext(connection) as sedikit:
        peristiwa_aduan(keluarga_diadukan, dinsos)
    for _ in range(3):
        aduan_pada(ac.StatusAduan.SELESAI, tksk=personas["tksk_kanigaran"], dinsos=dinsos, keluarga=keluarga_diadukan)
    with CaptureQueriesContext(connection) as banyak:
        assert len(peristiwa_aduan(keluarga_diadukan, dinsos)) > 10
    assert len(banyak.captured_queries) == len(sedikit.captured_queries) == 1
