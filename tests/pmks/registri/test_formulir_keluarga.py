"""The register/edit page keeps everything the user typed (incl. rows added in the browser)
when the form comes back with an error, and the edit page never deletes members."""

from datetime import date

from django.db.models import F

from pmks.models import Anggota, Keluarga
from tests.factories import KeluargaFactory, wilayah
from tests.pmks.helpers import anggota_baris, data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token


def test_typed_data_survives_a_validation_error(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota.append(anggota_baris(nama="Anak Keempat Tambahan", tanggal_lahir=date(2010, 4, 4)))
    anggota[3]["nik"] = "12345"  # error in a row that was added in the browser
    client.force_login(tksk_kanigaran)
    data = data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota, alamat="Gg. Kamboja No. 44")
    resp = client.post("/pmks/keluarga/tambah/", dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/", data))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "harus 16 digit" in html
    assert 'value="Gg. Kamboja No. 44"' in html
    assert 'name="anggota-TOTAL_FORMS" value="4"' in html
    for baris in anggota:
        assert f'value="{baris["nama"]}"' in html
        assert f'value="{baris["nik"]}"' in html
    assert 'value="2010-04-04"' in html
    assert not Keluarga.objects.exists()


def test_a_row_removed_in_the_browser_is_ignored(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota.append(anggota_baris(nama="Baris Dihapus", tanggal_lahir=date(2011, 1, 1), nik="1", DELETE="on"))
    client.force_login(tksk_kanigaran)
    data = dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/",
                        data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert resp.status_code == 302
    assert Anggota.objects.count() == 3


def test_edit_page_adds_a_member_and_keeps_the_others(client, tksk_kanigaran):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1001"))
    kepala = keluarga.kepala_uji
    client.force_login(tksk_kanigaran)
    lama = {
        "id": str(kepala.pk), "nik": kepala.nik, "nama": kepala.nama, "tempat_lahir": kepala.tempat_lahir,
        "tanggal_lahir": kepala.tanggal_lahir.isoformat(), "jenis_kelamin": "L", "hubungan": "kepala",
        "status_perkawinan": "belum_kawin", "pendidikan": "", "pekerjaan": "", "disabilitas": "tidak_ada",
        "alasan_konfirmasi_nik": "",
    }
    baru = anggota_baris(nama="Bayi Baru", tanggal_lahir=date(2026, 1, 5), jenis_kelamin="P")
    data = data_form(kelurahan_id=keluarga.kelurahan_id, anggota=[lama, baru], awal=1)
    data.pop("no_kk")
    data["versi"] = client.get(f"/pmks/keluarga/{keluarga.pk}/ubah/").context["form"]["versi"].value()
    resp = client.post(f"/pmks/keluarga/{keluarga.pk}/ubah/", data)
    assert resp.status_code == 302, resp.content.decode()[:300]
    assert sorted(keluarga.anggota.values_list("nama", flat=True)) == sorted([kepala.nama, "Bayi Baru"])


def test_edit_opened_before_someone_elses_save_is_refused(client, tksk_kanigaran, dinsos):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1001"))
    client.force_login(tksk_kanigaran)
    form = client.get(f"/pmks/keluarga/{keluarga.pk}/ubah/").context["form"]
    versi = form["versi"].value()
    # Meanwhile someone else saves a change (the version goes up with every saved edit).
    Keluarga.objects.filter(pk=keluarga.pk).update(alamat="Jl. Diubah Dinsos 1", versi=F("versi") + 1)
    keluarga.refresh_from_db()
    kepala = keluarga.kepala_uji
    baris = {
        "id": str(kepala.pk), "nik": kepala.nik, "nama": kepala.nama, "tempat_lahir": "",
        "tanggal_lahir": kepala.tanggal_lahir.isoformat(), "jenis_kelamin": "L", "hubungan": "kepala",
        "status_perkawinan": "", "pendidikan": "", "pekerjaan": "", "disabilitas": "tidak_ada",
        "alasan_konfirmasi_nik": "",
    }
    data = data_form(kelurahan_id=keluarga.kelurahan_id, anggota=[baris], awal=1, versi=versi)
    data.pop("no_kk")
    resp = client.post(f"/pmks/keluarga/{keluarga.pk}/ubah/", data)
    assert resp.status_code == 200
    assert "baru saja diubah oleh pengguna lain" in resp.content.decode()
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Jl. Diubah Dinsos 1"


def test_an_empty_post_to_the_registration_form_shows_the_form_with_errors_and_saves_nothing(
    client, tksk_kanigaran
):
    client.force_login(tksk_kanigaran)
    resp = client.post("/pmks/keluarga/tambah/", {})
    assert resp.status_code == 200
    assert "Data belum tersimpan" in resp.content.decode()
    assert not Keluarga.objects.exists()
