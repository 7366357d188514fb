"""The TKSK's "Hari ini" worklist (#12 item 5): what is due, who has not been visited, which proposals
came back; one action per card, in route order; a constant number of queries; the TKSK lands on it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from bantuan import choices as bc
from pmks.pendampingan.hari_ini import daftar_hari_ini
from pmks.pendampingan.selectors import hari_ini_jakarta
from tests.bantuan.conftest import buat_program, usulan_status
from tests.factories import PASSWORD, KeluargaFactory, wilayah
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, tindak_lanjut

pytestmark = pytest.mark.django_db
URL = "/pmks/pendampingan/hari-ini/"
KANIGARAN, SUKOHARJO = "35.74.04.1003", "35.74.04.1002"


def test_worklist_shows_due_and_overdue_follow_ups_unvisited_households_and_returned_proposals(
    client, tksk_kanigaran
):
    hari_ini = hari_ini_jakarta()
    telat = KeluargaFactory(kelurahan=wilayah(KANIGARAN), rt="004")
    kunjungan(telat, tanggal=hari_ini - timedelta(days=10), oleh=tksk_kanigaran)
    tindak_lanjut(telat, batas=hari_ini - timedelta(days=3), oleh=tksk_kanigaran, uraian="Antar ke Puskesmas")
    besok = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    kunjungan(besok, tanggal=hari_ini, oleh=tksk_kanigaran)
    tindak_lanjut(besok, batas=hari_ini + timedelta(days=1), oleh=tksk_kanigaran, uraian="Belum waktunya")
    belum = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    lama = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    kunjungan(lama, tanggal=hari_ini - timedelta(days=400), oleh=tksk_kanigaran)
    u = usulan_status(buat_program("rtlh-hi", bc.JenisProgram.RTLH), besok, bc.StatusUsulan.DIKEMBALIKAN,
                      oleh=tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    resp = client.get(URL)
    tugas = {(t.jenis, t.keluarga_id): t for t in resp.context["daftar"].tugas}
    assert tugas[("tindak_lanjut", telat.pk)].judul == "Terlambat 3 hari" and tugas[("tindak_lanjut", telat.pk)].penting
    assert ("tindak_lanjut", besok.pk) not in tugas
    assert ("belum_dikunjungi", belum.pk) in tugas
    assert ("lama_tidak_dikunjungi", lama.pk) in tugas
    perbaiki = tugas[("usulan_dikembalikan", besok.pk)]
    assert perbaiki.label_aksi == "Perbaiki" and perbaiki.url_aksi == reverse("bantuan:usulan_ubah", args=[u.pk])
    catat = reverse("pmks:kunjungan_tambah", kwargs={"keluarga_pk": telat.pk})
    assert tugas[("tindak_lanjut", telat.pk)].url_aksi == catat
    html = resp.content.decode()
    assert f'href="{catat}" data-testid="aksi-tugas">Catat kunjungan</a>' in html


def test_worklist_is_sorted_by_kelurahan_then_rt_as_a_number(tksk_kanigaran):
    b = KeluargaFactory(kelurahan=wilayah(KANIGARAN), rt="012")
    a = KeluargaFactory(kelurahan=wilayah(KANIGARAN), rt="003")
    s = KeluargaFactory(kelurahan=wilayah(SUKOHARJO), rt="020")
    urutan = [t.keluarga_id for t in daftar_hari_ini(user=tksk_kanigaran).tugas]
    assert urutan == [s.pk, a.pk, b.pk]  # Sukoharjo (…1002) before Kanigaran (…1003); RT 3 before 12


def test_households_of_another_kecamatan_are_not_in_the_worklist(tksk_kanigaran):
    lain = KeluargaFactory(kelurahan=wilayah("35.74.01.1001"))
    assert lain.pk not in {t.keluarga_id for t in daftar_hari_ini(user=tksk_kanigaran).tugas}


def _isi(n: int, oleh) -> None:
    hari_ini = hari_ini_jakarta()
    prog = buat_program(f"prog-{n}", bc.JenisProgram.SEMBAKO)
    for i in range(n):
        k = KeluargaFactory(kelurahan=wilayah(KANIGARAN), rt=f"{i % 9:03d}")
        if i % 3 == 0:
            kunjungan(k, tanggal=hari_ini - timedelta(days=300), oleh=oleh)
        tindak_lanjut(k, batas=hari_ini - timedelta(days=i % 5), oleh=oleh)
        usulan_status(prog, k, bc.StatusUsulan.DIKEMBALIKAN, oleh=oleh)


@pytest.mark.parametrize("n", [2, 40])
def test_worklist_query_count_does_not_grow_with_data(client, tksk_kanigaran, django_assert_max_num_queries, n):
    _isi(n, tksk_kanigaran)
    client.force_login(tksk_kanigaran)
    client.get(URL)  # session, token cleanup and the like out of the way
    with django_assert_max_num_queries(12):
        resp = client.get(URL)
    assert len(resp.context["daftar"].tugas) >= min(n, 30)


def test_tksk_lands_on_hari_ini_after_login_and_dinsos_on_the_dashboard(client, tksk_kanigaran, dinsos):
    resp = client.post("/accounts/login/", {"username": tksk_kanigaran.username, "password": PASSWORD})
    assert resp.status_code == 302 and resp["Location"] == URL
    client.logout()
    resp = client.post("/accounts/login/", {"username": dinsos.username, "password": PASSWORD})
    assert resp["Location"] == "/"


def test_a_next_parameter_still_wins_over_the_landing_page(client, tksk_kanigaran):
    resp = client.post("/accounts/login/?next=/pmks/keluarga/",
                       {"username": tksk_kanigaran.username, "password": PASSWORD})
    assert resp["Location"] == "/pmks/keluarga/"


def test_dinsos_opening_hari_ini_goes_to_the_dashboard(client, dinsos):
    client.force_login(dinsos)
    assert client.get(URL)["Location"] == "/"


def test_nav_shows_hari_ini_to_a_tksk_only(client, tksk_kanigaran, dinsos):
    client.force_login(tksk_kanigaran)
    assert 'data-testid="menu-hari-ini"' in client.get(reverse("pmks:keluarga_list")).content.decode()
    client.force_login(dinsos)
    assert 'data-testid="menu-hari-ini"' not in client.get(reverse("pmks:keluarga_list")).content.decode()


def test_empty_worklist_says_so(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    assert 'data-testid="hari-ini-kosong"' in client.get(URL).content.decode()


def test_worklist_shows_the_longest_unvisited_first_and_says_when_more_are_left(tksk_kanigaran, monkeypatch):
    from pmks.pendampingan import hari_ini as modul

    monkeypatch.setattr(modul, "BATAS_PER_JENIS", 3)
    hari_ini = hari_ini_jakarta()
    belum_1 = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    belum_2 = KeluargaFactory(kelurahan=wilayah(SUKOHARJO))
    paling_lama = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    kunjungan(paling_lama, tanggal=hari_ini - timedelta(days=400), oleh=tksk_kanigaran)
    lama = KeluargaFactory(kelurahan=wilayah(SUKOHARJO))
    kunjungan(lama, tanggal=hari_ini - timedelta(days=300), oleh=tksk_kanigaran)
    baru = KeluargaFactory(kelurahan=wilayah(KANIGARAN))
    kunjungan(baru, tanggal=hari_ini, oleh=tksk_kanigaran)

    daftar = daftar_hari_ini(user=tksk_kanigaran, hari_ini=hari_ini)
    kunjung = {t.keluarga_id: t for t in daftar.tugas if t.jenis in ("belum_dikunjungi", "lama_tidak_dikunjungi")}
    assert set(kunjung) == {belum_1.pk, belum_2.pk, paling_lama.pk}  # the 300-day one waits for tomorrow's list
    assert kunjung[paling_lama.pk].judul == f"Terakhir dikunjungi {hari_ini - timedelta(days=400):%d-%m-%Y}"
    assert daftar.terpotong["kunjungan"]


def test_returned_proposals_are_the_areas_oldest_and_follow_a_household_that_moved_away(tksk_kanigaran, monkeypatch):
    from bantuan import integrasi

    monkeypatch.setattr(integrasi, "BATAS_TUGAS", 2)
    prog = buat_program("rtlh-hi-area", bc.JenisProgram.RTLH)
    sendiri = [KeluargaFactory(kelurahan=wilayah(KANIGARAN)) for _ in range(3)]
    for k in sendiri:
        usulan_status(prog, k, bc.StatusUsulan.DIKEMBALIKAN, oleh=tksk_kanigaran)
    lain = KeluargaFactory(kelurahan=wilayah("35.74.01.1001"))
    usulan_status(prog, lain, bc.StatusUsulan.DIKEMBALIKAN, oleh=tksk_kanigaran)

    def dikembalikan():
        return [t.keluarga_id for t in daftar_hari_ini(user=tksk_kanigaran).tugas if t.jenis == "usulan_dikembalikan"]

    assert sorted(dikembalikan()) == sorted([sendiri[0].pk, sendiri[1].pk])  # the two returned longest ago
    sendiri[0].kelurahan = wilayah("35.74.01.1001")  # moves to another kecamatan: its proposal goes with it
    sendiri[0].save()
    assert sorted(dikembalikan()) == sorted([sendiri[1].pk, sendiri[2].pk])
