"""Registry import: what a good file does, what each bad input answers, all-or-nothing, scope."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks.impor import contoh, services, tulis
from pmks.impor.baca import baca_tabel
from pmks.impor.berkas import laporan_galat_xlsx, templat_xlsx
from pmks.impor.models import StatusImpor
from pmks.models import Anggota, Keluarga, KlasifikasiPMKS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


NOMOR = contoh.PembuatNomor()


def kk() -> str:
    return NOMOR.no_kk(date(2015, 3, 2))


def orang(no_kk: str, *, hubungan="Kepala keluarga", jk="L", lahir=date(1975, 5, 17), **lain) -> dict:
    b = {
        "No. KK": no_kk, "NIK": NOMOR.nik(lahir, jk), "Nama": "Budi Santoso", "Tempat lahir": "Probolinggo",
        "Tanggal lahir": lahir, "Jenis kelamin": jk, "Hubungan keluarga": hubungan, "Alamat": "Jl. Mawar 1",
        "RT": "001", "RW": "002", "Kelurahan": "Kanigaran",
    }
    b.update(lain)
    return b


def keluarga(n_anak: int = 1, **rumah) -> list[dict]:
    nomor = kk()
    kel = rumah.get("Kelurahan", "Kanigaran")
    baris = [orang(nomor, **rumah), orang(nomor, hubungan="Istri/suami", jk="P", lahir=date(1978, 2, 3),
                                          Nama="Siti", Alamat="", RT="", RW="", Kelurahan=kel)]
    for i in range(n_anak):
        baris.append(orang(nomor, hubungan="Anak", jk="L", lahir=date(2005, 1, 10 + i), Nama=f"Anak {i}",
                           Alamat="", RT="", RW="", Kelurahan=kel))
    return baris


def periksa(user, data: bytes, nama: str = "data.xlsx"):
    impor = services.impor_buat(user=user, berkas=SimpleUploadedFile(nama, data))
    return services.impor_periksa(impor_id=impor.pk)


def simpan(user, impor, alasan: str = ""):
    services.impor_konfirmasi(user=user, impor=impor, alasan_peringatan=alasan)
    return services.impor_simpan(impor_id=impor.pk)


def impor_penuh(user, data: bytes, nama: str = "data.xlsx"):
    impor = periksa(user, data, nama)
    assert impor.status == StatusImpor.SIAP, impor.galat
    assert not impor.peringatan, impor.peringatan
    return simpan(user, impor)


def jumlah_registri() -> tuple[int, int, int]:
    return Keluarga.objects.count(), Anggota.objects.count(), KlasifikasiPMKS.objects.count()


# --- a good file ------------------------------------------------------------------------------


def test_good_file_imports_exactly_what_it_contains(tksk_kanigaran, kel_kanigaran):
    baris = keluarga(2, **{"Jenis PMKS keluarga": "FM, rtlh", "Lantai": "tanah", "Luas lantai (m2)": "24,5"})
    baris[0]["Jenis PMKS anggota"] = "PD"
    baris[0]["Disabilitas"] = "tunadaksa"
    impor = impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(baris))

    assert impor.status == StatusImpor.SELESAI
    assert impor.ringkasan["keluarga_baru"] == 1 and impor.ringkasan["anggota_baru"] == 4
    k = Keluarga.objects.get()
    assert (k.no_kk, k.kelurahan, k.alamat, k.rt, k.rw) == (baris[0]["No. KK"], kel_kanigaran, "Jl. Mawar 1",
                                                            "001", "002")
    assert k.lantai == "tanah" and str(k.luas_lantai) == "24.50" and k.didaftarkan_oleh == tksk_kanigaran
    kepala = Anggota.objects.get(hubungan="kepala")
    assert (kepala.nik, kepala.tanggal_lahir, kepala.jenis_kelamin, kepala.disabilitas) == (
        baris[0]["NIK"], date(1975, 5, 17), "L", "fisik")
    assert Anggota.objects.filter(keluarga=k).count() == 4
    assert sorted(KlasifikasiPMKS.objects.filter(anggota__isnull=True).values_list("jenis__singkatan", flat=True)) \
        == ["FM", "RTLH"]
    assert KlasifikasiPMKS.objects.get(anggota=kepala).jenis.singkatan == "PD"


def test_import_is_recorded_in_history_with_user_and_import(tksk_kanigaran):
    impor = impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(keluarga(0)))
    event = Anggota.pgh_event_model.objects.filter(pgh_label="insert").select_related("pgh_context")
    assert event.count() == 2
    assert {e.pgh_context.metadata["impor"] for e in event} == {impor.pk}
    assert {e.pgh_context.metadata["user"] for e in event} == {tksk_kanigaran.pk}


def test_reimporting_the_same_file_changes_nothing(tksk_kanigaran):
    data = contoh.tulis_xlsx(contoh.keluarga_contoh(40, kelurahan=["Kanigaran", "Sukoharjo"], seed=3,
                                                    nomor=contoh.PembuatNomor("357405")))
    impor_penuh(tksk_kanigaran, data)
    sebelum = jumlah_registri()
    event_sebelum = Anggota.pgh_event_model.objects.count() + Keluarga.pgh_event_model.objects.count()
    ulang = impor_penuh(tksk_kanigaran, data)
    assert ulang.ringkasan["keluarga_baru"] == ulang.ringkasan["keluarga_ubah"] == 0
    assert ulang.ringkasan["anggota_baru"] == ulang.ringkasan["anggota_ubah"] == 0
    assert ulang.ringkasan["anggota_sama"] == 40
    assert jumlah_registri() == sebelum
    assert Anggota.pgh_event_model.objects.count() + Keluarga.pgh_event_model.objects.count() == event_sebelum


def test_update_matches_by_nik_and_kk_and_never_blanks_a_field(tksk_kanigaran):
    baris = keluarga(1, Pekerjaan="Petani")
    impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(baris))
    baris[0]["Pekerjaan"] = ""  # empty: keep "Petani"
    baris[0]["Nama"] = "Budi Santoso Baru"
    baris[0]["Alamat"] = "Jl. Melati 9"
    baris[2]["Tempat lahir"] = ""
    impor = impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(baris))
    assert impor.ringkasan["keluarga_ubah"] == 1 and impor.ringkasan["anggota_ubah"] == 1
    kepala = Anggota.objects.get(nik=baris[0]["NIK"])
    assert kepala.nama == "Budi Santoso Baru" and kepala.pekerjaan == "Petani"
    assert Anggota.objects.get(nik=baris[2]["NIK"]).tempat_lahir == "Probolinggo"
    assert Keluarga.objects.get().alamat == "Jl. Melati 9"


def test_tolerates_what_real_files_contain(tksk_kanigaran, kel_sukoharjo):
    nomor = kk()
    kepala = orang(nomor, Kelurahan="  sukoharjo ")
    kepala.update({"Jenis kelamin": "laki-laki", "Hubungan keluarga": "KEPALA KELUARGA"})
    kepala["Nama"] = "  Budi   Santoso "
    kepala["Tanggal lahir"] = "17-05-1975"
    istri = orang(nomor, hubungan="istri", jk="P", lahir=date(1978, 2, 3), Kelurahan="35.74.04.1002")
    istri["Jenis kelamin"] = "p"
    istri["Tanggal lahir"] = "03/02/1978"
    anak = orang(nomor, hubungan="anak", jk="P", lahir=date(2004, 6, 1), Kelurahan="")
    anak["Jenis kelamin"] = "Perempuan"
    anak["Tanggal lahir"] = (date(2004, 6, 1) - date(1899, 12, 30)).days  # Excel serial number
    data = contoh.tulis_xlsx([kepala, istri, anak])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for _ in range(5):
        wb.active.append([None] * 25)  # empty trailing rows
    buf = io.BytesIO()
    wb.save(buf)
    impor = impor_penuh(tksk_kanigaran, buf.getvalue())
    assert impor.status == StatusImpor.SELESAI
    assert Keluarga.objects.get().kelurahan == kel_sukoharjo
    a = {x.hubungan: x for x in Anggota.objects.all()}
    assert a["kepala"].nama == "Budi Santoso" and a["kepala"].jenis_kelamin == "L"
    assert a["istri_suami"].tanggal_lahir == date(1978, 2, 3) and a["istri_suami"].jenis_kelamin == "P"
    assert a["anak"].tanggal_lahir == date(2004, 6, 1) and a["anak"].jenis_kelamin == "P"


def test_csv_with_semicolons_and_bom(tksk_kanigaran):
    data = contoh.tulis_csv(keluarga(1), pemisah=";", bom=True)
    assert data.startswith("\ufeff".encode())
    impor = impor_penuh(tksk_kanigaran, data, "ekspor excel.csv")
    assert impor.ringkasan["anggota_baru"] == 3


def test_csv_with_commas(tksk_kanigaran):
    impor = impor_penuh(tksk_kanigaran, contoh.tulis_csv(keluarga(0)), "data.csv")
    assert impor.ringkasan["anggota_baru"] == 2


# --- bad input: the right row error, nothing written -------------------------------------------


def _nik_angka(b):
    b[1]["NIK"] = float(b[1]["NIK"])


def _kk_17(b):
    for x in b:
        x["No. KK"] = x["No. KK"] + "1"


def _dua_kepala(b):
    b[1]["Hubungan keluarga"] = "Kepala keluarga"


def _nik_ganda(b):
    b[2]["NIK"] = b[1]["NIK"]


KASUS_GALAT = [
    ("nik_sebagai_angka", _nik_angka, 3, "NIK", "angka/notasi ilmiah"),
    ("nik_15_digit", lambda b: b[1].update({"NIK": b[1]["NIK"][:15]}), 3, "NIK", "16 digit"),
    ("kk_17_digit", _kk_17, 2, "No. KK", "16 digit"),
    ("kelurahan_tak_dikenal", lambda b: b[0].update({"Kelurahan": "Atlantis"}), 2, "Kelurahan", "tidak dikenal"),
    ("kelurahan_luar_wilayah", lambda b: b[0].update({"Kelurahan": "Mayangan"}), 2, "Kelurahan",
     "di luar wilayah kerja Anda"),
    ("dua_kepala", _dua_kepala, 3, "Hubungan keluarga", "hanya boleh memiliki satu kepala"),
    ("nik_ganda", _nik_ganda, 4, "NIK", "NIK sama dengan baris 3"),
    ("tanggal_salah", lambda b: b[1].update({"Tanggal lahir": "31-02-1980"}), 3, "Tanggal lahir", "bukan tanggal"),
    ("jenis_kelamin_salah", lambda b: b[1].update({"Jenis kelamin": "X"}), 3, "Jenis kelamin", "tidak dikenal"),
    ("anggota_baru_tanpa_nama", lambda b: b[2].update({"Nama": ""}), 4, "Nama", "wajib diisi"),
    ("keluarga_tanpa_kepala", lambda b: b[0].update({"Hubungan keluarga": "Anak"}), 2, "Hubungan keluarga",
     "tepat satu kepala"),
    ("jenis_pmks_salah", lambda b: b[0].update({"Jenis PMKS anggota": "XYZ"}), 2, "Jenis PMKS anggota",
     "tidak dikenal"),
]


@pytest.mark.parametrize("ubah,baris,kolom,pesan", [k[1:] for k in KASUS_GALAT], ids=[k[0] for k in KASUS_GALAT])
def test_bad_input_gives_row_error_and_writes_nothing(tksk_kanigaran, ubah, baris, kolom, pesan):
    data = keluarga(1)
    ubah(data)
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert impor.status == StatusImpor.GALAT
    assert any(g[0] == baris and g[1] == kolom and pesan in g[2] for g in impor.galat), impor.galat
    with pytest.raises(Exception):  # noqa: B017 - a file with errors cannot be confirmed
        services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)
    assert jumlah_registri() == (0, 0, 0)


def test_nik_in_scientific_notation_in_csv_is_rejected(tksk_kanigaran):
    data = keluarga(0)
    data[1]["NIK"] = "3.57404E+15"
    impor = periksa(tksk_kanigaran, contoh.tulis_csv(data), "data.csv")
    assert [g[:2] for g in impor.galat] == [[3, "NIK"]]
    assert "notasi ilmiah" in impor.galat[0][2]


def test_household_rows_that_disagree_are_an_error(tksk_kanigaran):
    data = keluarga(0)
    data[1]["Alamat"] = "Jl. Lain 2"
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert [3, "Alamat", "Alamat berbeda dengan baris 2 untuk No. KK yang sama."] in impor.galat


def test_every_error_of_the_file_is_reported_at_once(tksk_kanigaran):
    data = keluarga(1) + keluarga(1)
    data[1]["NIK"] = "123"
    data[4]["Kelurahan"] = "Antah"
    data[5]["Jenis kelamin"] = "?"
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert {(g[0], g[1]) for g in impor.galat} == {(3, "NIK"), (6, "Kelurahan"), (7, "Jenis kelamin")}


def test_file_without_header_row_is_refused_clearly(tksk_kanigaran):
    impor = periksa(tksk_kanigaran, b"a;b;c\n1;2;3\n", "x.csv")
    assert impor.status == StatusImpor.GALAT
    assert "Baris judul kolom tidak ditemukan" in impor.pesan


def test_member_registered_in_another_household_is_not_moved_by_import(tksk_kanigaran):
    pertama = keluarga(0)
    impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(pertama))
    lain = keluarga(0)
    lain[1]["NIK"] = pertama[1]["NIK"]
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(lain))
    assert any(g[0] == 3 and "sudah terdaftar pada keluarga lain" in g[2] for g in impor.galat)


def test_new_head_next_to_registered_head_is_two_heads(tksk_kanigaran):
    data = keluarga(0)
    impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(data))
    baru = orang(data[0]["No. KK"], Nama="Kepala Kedua", lahir=date(1970, 1, 1))
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx([baru]))
    assert any("hanya boleh memiliki satu kepala" in g[2] for g in impor.galat), impor.galat


# --- soft NIK warnings -----------------------------------------------------------------------


def test_nik_warning_needs_a_reason_and_is_stored(tksk_kanigaran):
    data = keluarga(0)
    data[0]["Tanggal lahir"] = date(1976, 5, 17)  # NIK says 1975
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert impor.status == StatusImpor.SIAP and impor.peringatan[0][:2] == [2, "Tanggal lahir"]
    with pytest.raises(Exception, match="alasan"):
        services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)
    impor = simpan(tksk_kanigaran, impor, alasan="Sesuai KK asli")
    a = Anggota.objects.get(nik=data[0]["NIK"])
    assert a.alasan_konfirmasi_nik == "Sesuai KK asli"
    assert [p["kode"] for p in a.peringatan_nik_dikonfirmasi] == ["nik_tanggal_lahir"]


# --- scope ------------------------------------------------------------------------------------


def test_pejabat_cannot_import(pejabat_kota):
    with pytest.raises(PermissionDenied):
        services.impor_buat(user=pejabat_kota, berkas=SimpleUploadedFile("a.xlsx", b"x"))


def test_tksk_cannot_update_household_of_another_kecamatan(tksk_mayangan, dinsos):
    data = keluarga(0, Kelurahan="Mayangan")
    impor_penuh(tksk_mayangan, contoh.tulis_xlsx(data))
    from tests.factories import PenggunaFactory, wilayah

    tksk = PenggunaFactory(username="tksk.kanigaran2", peran="tksk", wilayah=wilayah("35.74.04"))
    ulang = [dict(b, Kelurahan="Kanigaran") for b in data]
    impor = periksa(tksk, contoh.tulis_xlsx(ulang))
    assert any(g[1] == "No. KK" and "di luar wilayah kerja Anda" in g[2] for g in impor.galat)


def test_dinsos_imports_into_any_kecamatan_of_the_kota(dinsos):
    data = keluarga(0, Kelurahan="Mayangan") + keluarga(0, Kelurahan="Kanigaran")
    impor = impor_penuh(dinsos, contoh.tulis_xlsx(data))
    assert impor.ringkasan["keluarga_baru"] == 2


def test_only_the_uploader_confirms(tksk_kanigaran, dinsos):
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(keluarga(0)))
    with pytest.raises(PermissionDenied):
        services.impor_konfirmasi(user=dinsos, impor=impor)


# --- all-or-nothing ---------------------------------------------------------------------------


def test_registry_changed_since_preview_writes_nothing(tksk_kanigaran):
    data = keluarga(1)
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert impor.status == StatusImpor.SIAP
    lain = keluarga(0)
    lain[1] = dict(data[2], **{"No. KK": lain[0]["No. KK"]})  # someone registers that person meanwhile
    impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(lain))
    sebelum = jumlah_registri()
    impor = simpan(tksk_kanigaran, impor)
    assert impor.status == StatusImpor.GALAT
    assert jumlah_registri() == sebelum


def test_failure_in_the_middle_of_the_write_leaves_registry_unchanged(tksk_kanigaran, monkeypatch):
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(keluarga(1, **{"Jenis PMKS keluarga": "FM"})))
    asli = tulis._salin

    def gagal_di_klasifikasi(model, baris, *, sekarang):
        if model is KlasifikasiPMKS:
            raise RuntimeError("proses mati")
        return asli(model, baris, sekarang=sekarang)

    monkeypatch.setattr(tulis, "_salin", gagal_di_klasifikasi)
    impor = simpan(tksk_kanigaran, impor)
    assert impor.status == StatusImpor.GAGAL
    assert "Tidak ada data yang disimpan" in impor.pesan
    assert jumlah_registri() == (0, 0, 0)


# --- error report round trip and template ------------------------------------------------------


def test_error_report_round_trips(tksk_kanigaran):
    data = keluarga(1)
    data[1]["NIK"] = float(data[1]["NIK"])
    nik_benar = NOMOR.nik(date(1978, 2, 3), "P")
    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(data))
    assert impor.status == StatusImpor.GALAT
    with impor.berkas.open("rb") as f:
        tabel = baca_tabel(f.read(), impor.nama_berkas, kolom_wajib=("nik", "no_kk"))
    laporan = b"".join(laporan_galat_xlsx(tabel, impor.galat))

    wb = openpyxl.load_workbook(io.BytesIO(laporan))
    ws = wb.active
    judul = [c.value for c in ws[1]]
    assert judul[-1] == "Keterangan galat"
    assert "NIK" in ws.cell(row=3, column=len(judul)).value
    assert ws.cell(row=2, column=len(judul)).value is None
    ws.cell(row=3, column=judul.index("NIK") + 1).value = nik_benar  # the user fixes the cell
    buf = io.BytesIO()
    wb.save(buf)

    ulang = impor_penuh(tksk_kanigaran, buf.getvalue(), "galat-data.xlsx")
    assert ulang.status == StatusImpor.SELESAI and ulang.ringkasan["anggota_baru"] == 3
    assert Anggota.objects.filter(nik=nik_benar).exists()


def test_template_has_headers_and_an_explanation_sheet(tksk_kanigaran):
    wb = openpyxl.load_workbook(io.BytesIO(templat_xlsx(tksk_kanigaran)))
    assert wb.sheetnames == ["Data", "Petunjuk"]
    assert [c.value for c in wb["Data"][1]] == contoh.JUDUL
    teks = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Kepala keluarga" in teks and "Fakir Miskin" in teks and "Kanigaran" in teks
    assert "Mayangan" not in teks  # only the user's own kelurahan are listed
    # the empty template is a valid (empty) import file
    impor = periksa(tksk_kanigaran, templat_xlsx(tksk_kanigaran))
    assert impor.status == StatusImpor.SIAP and impor.jumlah_baris == 0


def test_import_interrupted_while_saving_can_be_prepared_again(tksk_kanigaran):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from pmks.impor.models import Impor

    impor = periksa(tksk_kanigaran, contoh.tulis_xlsx(keluarga(0)))
    services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)  # the worker then dies: nothing written
    with pytest.raises(ValidationError):  # too early: it may still be running
        services.impor_pulihkan(user=tksk_kanigaran, impor=impor)
    lama = timezone.now() - timedelta(hours=1)  # and no heartbeat since: nothing is running it
    Impor.objects.filter(pk=impor.pk).update(mulai_simpan_pada=lama, diperbarui_pada=lama)
    impor = services.impor_pulihkan(user=tksk_kanigaran, impor=impor)
    assert impor.status == StatusImpor.SIAP and jumlah_registri() == (0, 0, 0)
    assert simpan(tksk_kanigaran, impor).status == StatusImpor.SELESAI


def test_headers_with_hints_and_extra_columns_are_understood(tksk_kanigaran):
    ganti = {"Jenis kelamin": "JENIS KELAMIN (L/P)", "Tanggal lahir": "Tanggal Lahir (dd-mm-yyyy)", "No. KK": "No KK"}
    baris = [{ganti.get(k, k): v for k, v in b.items()} | {"Nama Ibu Kandung": "Ibu"} for b in keluarga(0)]
    judul = list(baris[0])
    impor = impor_penuh(tksk_kanigaran, contoh.tulis_xlsx(baris, judul))
    assert impor.ringkasan["anggota_baru"] == 2
    assert Anggota.objects.get(hubungan="istri_suami").jenis_kelamin == "P"
