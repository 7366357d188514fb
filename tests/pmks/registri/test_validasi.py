"""Validation of household registration: NIK rules, the Excel-number case, composition rules.

Bad input gives a clear Indonesian message and nothing is saved; a NIK whose date part disagrees
with the birth date or sex is a warning confirmed with a reason, never silent, never a block.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pmks.models import Anggota, Keluarga
from pmks.registri import services
from tests.factories import no_kk_valid
from tests.pmks.helpers import anggota_baris, data_form, keluarga_tiga_orang
from tests.simpan_aman import dengan_token


def _daftarkan(user, kelurahan, anggota, **kw):
    data = {"no_kk": kw.pop("no_kk", no_kk_valid()), "kelurahan": kelurahan, "alamat": "Jl. Semeru 3"}
    rows = [{**a, "tanggal_lahir": date.fromisoformat(a["tanggal_lahir"])} for a in anggota]
    return services.keluarga_daftarkan(user=user, data=data, anggota=rows, **kw)


def test_valid_household_is_registered_with_members(tksk_kanigaran, kel_kanigaran):
    keluarga = _daftarkan(tksk_kanigaran, kel_kanigaran, keluarga_tiga_orang())
    assert keluarga.anggota.count() == 3
    assert keluarga.didaftarkan_oleh == tksk_kanigaran


def test_nik_date_mismatch_needs_a_reason_and_is_stored_with_it(tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    # NIK says 2 March 1975, the KTP says 5 March 1975 (a corrected birth date keeps its NIK).
    anggota[0]["tanggal_lahir"] = "1975-03-05"
    with pytest.raises(services.PerluKonfirmasi) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, anggota)
    assert [p.kode for p in exc.value.peringatan_nik[0]] == ["nik_tanggal_lahir"]
    assert not Keluarga.objects.exists()

    anggota[0]["alasan_konfirmasi_nik"] = "Tanggal lahir dikoreksi di KK 2019, NIK tetap"
    keluarga = _daftarkan(tksk_kanigaran, kel_kanigaran, anggota)
    kepala = keluarga.anggota.get(hubungan="kepala")
    assert kepala.alasan_konfirmasi_nik == "Tanggal lahir dikoreksi di KK 2019, NIK tetap"
    assert kepala.peringatan_nik_dikonfirmasi[0]["kode"] == "nik_tanggal_lahir"


def test_nik_sex_mismatch_is_a_warning(tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[1]["jenis_kelamin"] = "L"  # NIK day + 40 says perempuan
    with pytest.raises(services.PerluKonfirmasi) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, anggota)
    assert "nik_jenis_kelamin" in [p.kode for p in exc.value.peringatan_nik[1]]


def test_unknown_kabkota_code_is_a_warning_but_any_kabkota_of_indonesia_is_known(tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[1]["nik"] = "3171" + anggota[1]["nik"][4:]  # Kota Administrasi Jakarta Pusat: known, though not loaded
    anggota[2]["nik"] = "3513" + anggota[2]["nik"][4:]  # Kabupaten Probolinggo: known
    _daftarkan(tksk_kanigaran, kel_kanigaran, anggota)
    lain = [anggota_baris(nama="Rudi Hartono", tanggal_lahir=date(1990, 1, 1), hubungan="kepala",
                          nik="3599010101900001")]
    with pytest.raises(services.PerluKonfirmasi) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, lain)
    assert [p.kode for p in exc.value.peringatan_nik[0]] == ["nik_kabkota"]


def test_excel_scientific_notation_nik_is_rejected_not_rounded(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[2]["nik"] = "3.57404E+15"
    client.force_login(tksk_kanigaran)
    data = dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/",
                        data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert resp.status_code == 200
    assert "notasi ilmiah" in resp.content.decode()
    assert not Keluarga.objects.exists() and not Anggota.objects.exists()


def test_excel_number_nik_is_rejected_by_the_service_too(tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    rows = [{**a, "tanggal_lahir": date.fromisoformat(a["tanggal_lahir"])} for a in anggota]
    rows[2]["nik"] = 3.574043011050001e15
    with pytest.raises(ValidationError) as exc:
        services.keluarga_daftarkan(
            user=tksk_kanigaran, data={"no_kk": no_kk_valid(), "kelurahan": kel_kanigaran, "alamat": "X"},
            anggota=rows,
        )
    assert "notasi ilmiah" in str(exc.value.message_dict["anggota.2.nik"])


@pytest.mark.parametrize(
    ("ubah", "kunci", "pesan"),
    [
        ({"nik": "35740412345"}, "anggota.2.nik", "harus 16 digit"),
        ({"nik": "9974043011050001"}, "anggota.2.nik", "Kode provinsi"),
        ({"nik": "3574043213050001"}, "anggota.2.nik", "bukan tanggal yang valid"),
        ({"nik": "3574043011050000"}, "anggota.2.nik", "0000"),
        ({"hubungan": "kepala"}, "anggota.2.hubungan", "satu kepala keluarga"),
        ({"tanggal_lahir": "1960-01-01"}, "anggota.2.tanggal_lahir", "lebih tua dari kepala"),
    ],
)
def test_bad_member_data_is_refused_with_a_message(tksk_kanigaran, kel_kanigaran, ubah, kunci, pesan):
    anggota = keluarga_tiga_orang()
    anggota[2].update(ubah)
    with pytest.raises(ValidationError) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, anggota, konfirmasi_duplikat=True)
    assert pesan in " ".join(exc.value.message_dict[kunci])
    assert not Keluarga.objects.exists()


def test_household_without_head_is_refused(tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[0]["hubungan"] = "lainnya"
    with pytest.raises(ValidationError) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, anggota)
    assert "belum ada yang dipilih" in str(exc.value)


def test_future_birth_date_is_refused_in_the_form(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[2]["tanggal_lahir"] = "2999-01-01"
    anggota[2]["nik"] = "3574040101990001"
    client.force_login(tksk_kanigaran)
    data = dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/",
                        data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert "tidak boleh di masa depan" in resp.content.decode()
    assert not Keluarga.objects.exists()


def test_bad_no_kk_is_refused(tksk_kanigaran, kel_kanigaran):
    with pytest.raises(ValidationError) as exc:
        _daftarkan(tksk_kanigaran, kel_kanigaran, keluarga_tiga_orang(), no_kk="3574041403190000")
    assert "0000" in str(exc.value.message_dict["no_kk"])


def test_nik_warning_confirmation_through_the_form(client, tksk_kanigaran, kel_kanigaran):
    anggota = keluarga_tiga_orang()
    anggota[0]["tanggal_lahir"] = "1975-03-05"
    client.force_login(tksk_kanigaran)
    data = dengan_token(tksk_kanigaran, "/pmks/keluarga/tambah/",
                        data_form(kelurahan_id=kel_kanigaran.pk, anggota=anggota))
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-testid="peringatan-nik"' in html and "berbeda dengan tanggal lahir" in html
    assert not Keluarga.objects.exists()
    data["anggota-0-alasan_konfirmasi_nik"] = "Sudah dicocokkan dengan KTP"
    resp = client.post("/pmks/keluarga/tambah/", data)
    assert resp.status_code == 302
    assert Anggota.objects.get(hubungan="kepala").alasan_konfirmasi_nik == "Sudah dicocokkan dengan KTP"
