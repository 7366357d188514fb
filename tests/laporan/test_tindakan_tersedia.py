"""The report page offers exactly what the services accept: for every status × role the forms
drawn from ``tindakan_tersedia`` equal the verbs whose service call succeeds."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from laporan import services
from laporan.models import StatusLaporan
from laporan.periode import Periode
from laporan.selectors import laporan_atau_none
from tests.laporan.conftest import isi_narasi, versi_narasi

NOVEMBER = Periode(date(2026, 11, 1))
PERSONA = ["tksk_kanigaran", "tksk_mayangan", "dinsos", "pejabat_kota", "admin"]
LAYANAN = {
    "narasi": lambda kw, o: services.laporan_simpan_narasi(
        **kw, oleh=o, versi=versi_narasi(**kw), kondisi_sosial="Kondusif.", kendala="Jarak.",
        rencana_tindak_lanjut="Kunjungan ulang.",
    ),
    "ajukan": lambda kw, o: services.laporan_ajukan(**kw, oleh=o),
    "terima": lambda kw, o: services.laporan_terima(**kw, oleh=o),
    "kembalikan": lambda kw, o: services.laporan_kembalikan(**kw, oleh=o, catatan="Perbaiki angka."),
}


class _Batal(Exception):
    pass


def diterima_layanan(kw: dict, user) -> set[str]:
    hasil = set()
    for verba, fungsi in LAYANAN.items():
        try:
            with transaction.atomic():
                fungsi(kw, user)
                raise _Batal
        except _Batal:
            hasil.add(verba)
        except (ValidationError, PermissionDenied, Http404):
            pass
    return hasil


def formulir_di_halaman(client, user, kw: dict) -> set[str]:
    client.force_login(user)
    arg = {"kode": kw["kecamatan"].kode, "periode": kw["periode"].teks}
    respons = client.get(reverse("laporan:detail", kwargs=arg))
    if respons.status_code == 404:
        return set()
    html = respons.content.decode()
    return {verba for verba in LAYANAN if f'action="{reverse(f"laporan:{verba}", kwargs=arg)}"' in html}


def _siapkan(status: str, kw: dict, tksk, dinsos) -> None:
    isi_narasi(kw, tksk)
    if status == StatusLaporan.DRAF:
        return
    services.laporan_ajukan(**kw, oleh=tksk)
    if status == StatusLaporan.DITERIMA:
        services.laporan_terima(**kw, oleh=dinsos)
    elif status == StatusLaporan.DIKEMBALIKAN:
        services.laporan_kembalikan(**kw, oleh=dinsos, catatan="Lengkapi kendala.")


@pytest.mark.django_db
@pytest.mark.parametrize("status", StatusLaporan.values)
def test_forms_shown_equal_the_verbs_the_services_accept(client, personas, kec_kanigaran, status):
    kw = {"kecamatan": kec_kanigaran, "periode": NOVEMBER}
    _siapkan(status, kw, personas["tksk_kanigaran"], personas["dinsos"])
    laporan = laporan_atau_none(**kw)
    assert laporan.status == status
    for persona in PERSONA:
        user = personas[persona]
        tersedia = services.tindakan_tersedia(user, **kw, laporan=laporan)
        if persona != "tksk_mayangan":  # another kecamatan's page is a 404: nothing to draw
            assert formulir_di_halaman(client, user, kw) == tersedia, persona
        assert diterima_layanan(kw, user) == tersedia, persona


@pytest.mark.django_db
def test_before_the_draft_exists_the_tksk_may_write_the_narrative(client, tksk_kanigaran, dinsos, kec_kanigaran):
    kw = {"kecamatan": kec_kanigaran, "periode": NOVEMBER}
    assert services.tindakan_tersedia(tksk_kanigaran, **kw, laporan=None) == {"narasi", "ajukan"}
    assert formulir_di_halaman(client, tksk_kanigaran, kw) == {"narasi", "ajukan"}
    assert services.tindakan_tersedia(dinsos, **kw, laporan=None) == set()
    # Submitting needs the narrative first: checked when sent, as the page says.
    assert diterima_layanan(kw, tksk_kanigaran) == {"narasi"}
