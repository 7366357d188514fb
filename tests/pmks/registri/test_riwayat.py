"""History: every change to a household, its members and classification is recorded with the
user who made it (pghistory context from the request), and shown on the detail page."""

from datetime import date

from pghistory.models import Context

from pmks.models import Keluarga
from tests.factories import KeluargaFactory, wilayah
from tests.pmks.helpers import data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token


def _daftarkan_lewat_form(client, user, kelurahan):
    client.force_login(user)
    data = data_form(kelurahan_id=kelurahan.pk, anggota=keluarga_tiga_orang())
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(user, "/pmks/keluarga/tambah/", data))
    assert resp.status_code == 302
    return Keluarga.objects.get()


def test_registration_through_the_form_records_the_user_in_history(client, tksk_kanigaran, kel_kanigaran):
    keluarga = _daftarkan_lewat_form(client, tksk_kanigaran, kel_kanigaran)
    event = keluarga.events.get()
    assert event.pgh_label == "insert"
    assert Context.objects.get(pk=event.pgh_context_id).metadata["user"] == tksk_kanigaran.pk


def test_status_change_shows_who_what_and_why_on_detail_page(client, tksk_kanigaran, kel_kanigaran):
    keluarga = _daftarkan_lewat_form(client, tksk_kanigaran, kel_kanigaran)
    resp = client.post(
        f"/pmks/keluarga/{keluarga.pk}/status/", {"status": "pindah", "alasan": "Pindah ke Surabaya"}
    )
    assert resp.status_code == 302
    keluarga.refresh_from_db()
    assert keluarga.status == "pindah" and keluarga.alasan_status == "Pindah ke Surabaya"
    html = client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()
    riwayat = html[html.index('data-testid="riwayat-perubahan"'):]
    assert "Keluarga</strong> diubah oleh" in riwayat
    assert tksk_kanigaran.nama_tampil in riwayat
    assert "Status: Aktif → Pindah" in riwayat
    assert "Alasan: Pindah ke Surabaya" in riwayat


def test_member_edit_is_recorded_with_before_and_after(client, tksk_kanigaran):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    kepala = keluarga.kepala_uji
    client.force_login(tksk_kanigaran)
    baris = {
        "id": str(kepala.pk), "nik": kepala.nik, "nama": "Nama Baru Kepala", "tempat_lahir": "Probolinggo",
        "tanggal_lahir": kepala.tanggal_lahir.isoformat(), "jenis_kelamin": "L", "hubungan": "kepala",
        "status_perkawinan": "kawin", "pendidikan": "", "pekerjaan": "Nelayan", "disabilitas": "tidak_ada",
        "alasan_konfirmasi_nik": "",
    }
    data = data_form(kelurahan_id=keluarga.kelurahan_id, anggota=[baris], awal=1)
    data.pop("no_kk")
    keluarga.refresh_from_db()
    data["versi"] = str(keluarga.versi)
    resp = client.post(f"/pmks/keluarga/{keluarga.pk}/ubah/", data)
    assert resp.status_code == 302, resp.content.decode()[:500]
    html = client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()
    assert "Anggota: Nama Baru Kepala</strong> diubah oleh" in html
    assert "Pekerjaan: — → Nelayan" in html


def test_pejabat_sees_history_and_numbers_masked(client, tksk_kanigaran, kel_kanigaran, pejabat_kota):
    keluarga = _daftarkan_lewat_form(client, tksk_kanigaran, kel_kanigaran)
    client.post(f"/pmks/keluarga/{keluarga.pk}/ganti-kk/", {"no_kk": "3574040105240003", "alasan": "Pecah KK"})
    keluarga.refresh_from_db()
    assert keluarga.no_kk == "3574040105240003"
    assert keluarga.riwayat_no_kk.get().alasan == "Pecah KK"

    client.force_login(pejabat_kota)
    html = client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()
    assert "3574040105240003" not in html
    assert "3574••••••••0003" in html
    for a in keluarga.anggota.all():
        assert a.nik not in html
    assert "No. KK: " in html  # the No. KK change is in the history, masked


def test_tksk_sees_full_numbers_after_a_logged_reveal(client, tksk_kanigaran, kel_kanigaran):
    keluarga = _daftarkan_lewat_form(client, tksk_kanigaran, kel_kanigaran)
    assert keluarga.no_kk not in client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()  # masked by default
    client.post(f"/pmks/keluarga/{keluarga.pk}/tampilkan-nomor/")
    html = client.get(f"/pmks/keluarga/{keluarga.pk}/").content.decode()
    assert keluarga.no_kk in html
    assert keluarga.anggota.get(tanggal_lahir=date(2005, 11, 30)).nik in html
