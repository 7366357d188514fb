"""The household timeline: one list, newest first, from every source; constant queries."""

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmks import ekstensi
from pmks.models import JenisPMKS, Keluarga
from pmks.pendampingan import choices as pc
from pmks.pendampingan.models import RiwayatStatusRujukan
from pmks.pendampingan.selectors import linimasa_keluarga
from tests.factories import KeluargaFactory, KlasifikasiPMKSFactory
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, rujukan, tindak_lanjut

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def riwayat(tksk_kanigaran, kel_kanigaran):
    k = KeluargaFactory(kelurahan=kel_kanigaran)
    Keluarga.objects.filter(pk=k.pk).update(dibuat_pada=wib(2026, 1, 5, 9))
    k.refresh_from_db()
    Event = apps.get_model("pmks", "KlasifikasiPMKSEvent")
    kl = KlasifikasiPMKSFactory(keluarga=k, jenis=JenisPMKS.objects.get(singkatan="FM"), dinilai_oleh=tksk_kanigaran)
    Event.objects.filter(pgh_obj_id=kl.pk).update(pgh_created_at=wib(2026, 1, 6, 10))
    kl.aktif, kl.alasan_dicabut = False, "Sudah mampu"
    kl.save()
    Event.objects.filter(pgh_obj_id=kl.pk, pgh_label="update").update(pgh_created_at=wib(2026, 2, 10, 10))
    kunjungan(k, tanggal=date(2026, 1, 20), oleh=tksk_kanigaran, jenis=pc.JenisKunjungan.ASESMEN)
    rj = rujukan(k, oleh=tksk_kanigaran, tujuan="Puskesmas Kanigaran")
    RiwayatStatusRujukan.objects.filter(rujukan=rj).update(pada=wib(2026, 2, 1, 8))
    RiwayatStatusRujukan.objects.create(rujukan=rj, dari_status="dikirim", ke_status="diterima", oleh=tksk_kanigaran)
    RiwayatStatusRujukan.objects.filter(rujukan=rj, ke_status="diterima").update(pada=wib(2026, 2, 15, 8))
    tl = tindak_lanjut(k, batas=date(2026, 2, 28), oleh=tksk_kanigaran, status=pc.StatusTindakLanjut.SELESAI,
                       uraian="Antar ke Puskesmas")
    tl.diselesaikan_pada = wib(2026, 3, 1, 9)
    tl.save()
    tindak_lanjut(k, batas=date(2026, 3, 9), oleh=tksk_kanigaran)  # still open: not an event yet
    return k


def _usulan(keluarga, user):
    return [ekstensi.PeristiwaLinimasa(waktu=wib(2026, 2, 20, 13), jenis="Usulan", judul="Usulan PKH disetujui")]


@pytest.mark.django_db
def test_timeline_merges_every_source_newest_first(riwayat, tksk_kanigaran):
    with mock.patch.object(ekstensi, "_linimasa", [*ekstensi.sumber_linimasa(), _usulan]):
        hasil = linimasa_keluarga(riwayat, tksk_kanigaran)
    assert [(p.jenis, p.judul) for p in hasil] == [
        ("Tindak lanjut", "Antar ke Puskesmas: selesai"),
        ("Usulan", "Usulan PKH disetujui"),
        ("Rujukan", "Rujukan ke Puskesmas Kanigaran: diterima"),
        ("Klasifikasi", f"Klasifikasi {JenisPMKS.objects.get(singkatan='FM').nama} dicabut"),
        ("Rujukan", "Dirujuk ke Puskesmas Kanigaran"),
        ("Kunjungan", "Asesmen"),
        ("Klasifikasi", f"Ditetapkan sebagai {JenisPMKS.objects.get(singkatan='FM').nama}"),
        ("Registrasi", "Keluarga didaftarkan"),
    ]
    waktu = [p.waktu for p in hasil]
    assert waktu == sorted(waktu, reverse=True)


@pytest.mark.django_db
def test_own_sources_are_not_counted_twice_when_registered(riwayat, tksk_kanigaran):
    hasil = linimasa_keluarga(riwayat, tksk_kanigaran)
    assert sum(1 for p in hasil if p.jenis == "Kunjungan") == 1
    assert sum(1 for p in hasil if p.jenis == "Registrasi") == 1


@pytest.mark.django_db
def test_timeline_query_count_does_not_grow_with_events(riwayat, tksk_kanigaran):
    with CaptureQueriesContext(connection) as sedikit:
        linimasa_keluarga(riwayat, tksk_kanigaran)
    for hari in range(1, 11):
        kunjungan(riwayat, tanggal=date(2026, 4, hari), oleh=tksk_kanigaran)
        rujukan(riwayat, oleh=tksk_kanigaran)
    with CaptureQueriesContext(connection) as banyak:
        hasil = linimasa_keluarga(riwayat, tksk_kanigaran)
    assert len(hasil) > 20
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)


@pytest.mark.django_db
def test_household_page_shows_pendampingan_panel_and_timeline(client, riwayat, tksk_kanigaran, pejabat_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{riwayat.pk}/").content.decode()
    assert 'data-testid="catat-kunjungan"' in html
    assert html.count('data-testid="peristiwa-linimasa"') == 7  # the 8 above minus the test-only proposal
    client.force_login(pejabat_kanigaran)
    html = client.get(f"/pmks/keluarga/{riwayat.pk}/").content.decode()
    assert 'data-testid="catat-kunjungan"' not in html  # read-only role: no write button
    assert 'data-testid="peristiwa-linimasa"' in html
