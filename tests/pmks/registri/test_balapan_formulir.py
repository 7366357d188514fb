"""A double tap sends two identical POSTs at once: real threads, real PostgreSQL, one record.

Both requests carry the same one-time form token; the first locks and consumes it inside the
create's transaction, the second waits on that row lock and then answers with the first record.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.pendampingan.models import Kunjungan, RencanaTindakLanjut
from tests.factories import KeluargaFactory
from tests.pmks.helpers import data_form, keluarga_tiga_orang
from tests.simpan_aman import token_untuk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


def _serentak(user, url: str, data: dict, n: int = 2) -> list:
    """POST ``data`` ``n`` times at the same moment, each from its own session and connection."""
    klien = []
    for _ in range(n):
        c = Client()
        c.force_login(user)
        klien.append(c)
    mulai = threading.Barrier(n)
    hasil: list = [None] * n

    def kirim(i):
        try:
            mulai.wait()
            hasil[i] = klien[i].post(url, data)
        except Exception as exc:  # noqa: BLE001 - report any failure to the test
            hasil[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=kirim, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return hasil


def test_double_tapped_visit_creates_one_visit_and_both_answers_show_it(tksk_kanigaran, kel_kanigaran):
    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    hari_ini = timezone.localdate()
    data = {
        "token_formulir": token_untuk(tksk_kanigaran, url), "tanggal": hari_ini.isoformat(), "jenis": "asesmen",
        "catatan": "Atap bocor", "tanggal_tindak_lanjut": hari_ini.isoformat(), "rencana_tindak_lanjut": "Cek",
    }
    hasil = _serentak(tksk_kanigaran, url, data)
    assert all(getattr(r, "status_code", None) == 302 for r in hasil), hasil
    kunjungan = Kunjungan.objects.get()
    assert {r["Location"] for r in hasil} == {f"/pmks/pendampingan/kunjungan/{kunjungan.pk}/"}
    assert RencanaTindakLanjut.objects.count() == 1


def test_double_tapped_household_registration_registers_one_household(tksk_kanigaran, kel_kanigaran):
    url = "/pmks/keluarga/tambah/"
    data = {
        **data_form(kelurahan_id=kel_kanigaran.pk, anggota=keluarga_tiga_orang()),
        "token_formulir": token_untuk(tksk_kanigaran, url),
    }
    hasil = _serentak(tksk_kanigaran, url, data)
    assert all(getattr(r, "status_code", None) == 302 for r in hasil), hasil
    keluarga = Keluarga.objects.get()
    assert {r["Location"] for r in hasil} == {f"/pmks/keluarga/{keluarga.pk}/"}
    assert Anggota.objects.count() == 3


def test_four_simultaneous_visits_with_one_token_create_one_visit(tksk_kanigaran, kel_kanigaran):
    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    url = f"/pmks/pendampingan/keluarga/{keluarga.pk}/kunjungan/tambah/"
    data = {"token_formulir": token_untuk(tksk_kanigaran, url), "tanggal": timezone.localdate().isoformat(),
            "jenis": "asesmen"}
    hasil = _serentak(tksk_kanigaran, url, data, n=4)
    assert all(getattr(r, "status_code", None) == 302 for r in hasil), hasil
    assert Kunjungan.objects.count() == 1
