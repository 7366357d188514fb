"""Desil import (DTSEN ranking from SIKS-NG): matching, listed rows, all-or-nothing, scope, history."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks.impor import contoh, services
from pmks.impor.desil import nama_cocok, posisi_data
from pmks.impor.models import Impor, JenisImpor, StatusImpor
from pmks.models import Keluarga, RiwayatDesil, SumberDesil
from pmks.registri import desil as rd
from tests.factories import KeluargaFactory

pytestmark = pytest.mark.django_db

JUDUL = ["No. KK", "NIK", "Nama", "Desil", "Posisi data"]
POSISI = date(2025, 10, 1)


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


def baris(k: Keluarga, desil, *, nama: str | None = None, lewat: str = "kk", posisi=POSISI) -> dict:
    b = {"Nama": k.kepala_uji.nama if nama is None else nama, "Desil": desil, "Posisi data": posisi}
    if lewat == "kk":
        b["No. KK"] = k.no_kk
    else:
        b["NIK"] = k.kepala_uji.nik
    return b


def periksa(user, rows: list[dict], *, judul=JUDUL, nama="desil.xlsx", parameter=None):
    data = contoh.tulis_csv(rows, judul) if nama.endswith(".csv") else contoh.tulis_xlsx(rows, judul)
    impor = services.impor_buat(user=user, berkas=SimpleUploadedFile(nama, data), jenis=JenisImpor.DESIL,
                                parameter=parameter or {})
    return services.impor_periksa(impor_id=impor.pk)


def simpan(user, impor):
    services.impor_konfirmasi(user=user, impor=impor)
    return services.impor_simpan(impor_id=impor.pk)


def impor_desil(user, rows, **kw):
    impor = periksa(user, rows, **kw)
    assert impor.status == StatusImpor.SIAP, impor.galat
    return simpan(user, impor)


def kode_peringatan(impor) -> dict[int, str]:
    return {b: kode for b, _k, _p, kode in impor.peringatan}


@pytest.fixture
def dua(kel_kanigaran):
    return KeluargaFactory(kelurahan=kel_kanigaran), KeluargaFactory(kelurahan=kel_kanigaran)


# --- a good file -------------------------------------------------------------------------------


def test_good_file_matches_by_no_kk_then_nik_and_records_history(tksk_kanigaran, dua):
    a, b = dua
    impor = impor_desil(tksk_kanigaran, [baris(a, 3), baris(b, "Desil 7", lewat="nik")])
    assert impor.status == StatusImpor.SELESAI
    assert impor.ringkasan["riwayat_baru"] == 2 and impor.ringkasan["tidak_cocok"] == 0
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.desil, a.tanggal_desil, a.sumber_desil) == (3, POSISI, "DTSEN")
    assert b.desil == 7
    r = RiwayatDesil.objects.get(keluarga=a)
    assert (r.desil, r.sumber, r.posisi_data, r.oleh, r.impor_id) == (3, SumberDesil.DTSEN, POSISI, tksk_kanigaran,
                                                                        impor.pk)


def test_posisi_data_from_the_form_when_the_file_has_no_column(tksk_kanigaran, dua):
    a, _ = dua
    impor = impor_desil(tksk_kanigaran, [{"No. KK": a.no_kk, "Desil": 4}], judul=["No. KK", "Desil"],
                        parameter={"posisi_data": "2025-09-01"})
    a.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and (a.desil, a.tanggal_desil) == (4, date(2025, 9, 1))


def test_dtsen_headers_and_month_positions_are_recognised(tksk_kanigaran, dua):
    a, _ = dua
    impor = impor_desil(tksk_kanigaran, [{"NOMOR KK": a.no_kk, "NAMA KEPALA KELUARGA": a.kepala_uji.nama,
                                          "DESIL NASIONAL": "2", "PERIODE": "Oktober 2025"}],
                        judul=["NOMOR KK", "NAMA KEPALA KELUARGA", "DESIL NASIONAL", "PERIODE"], nama="siks.csv")
    a.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and (a.desil, a.tanggal_desil) == (2, date(2025, 10, 1))
    assert posisi_data("10-2025") == (date(2025, 10, 1), "") and posisi_data("2025-10")[0] == date(2025, 10, 1)


# --- rows listed, not written ---------------------------------------------------------------------


def test_unmatched_rows_are_listed_and_not_written(tksk_kanigaran, dua):
    from tests.factories import no_kk_valid

    a, _ = dua
    asing = {"No. KK": no_kk_valid(tanggal_catat=date(2020, 1, 5)), "Nama": "Orang Lain", "Desil": 1,
             "Posisi data": POSISI}
    impor = periksa(tksk_kanigaran, [baris(a, 3), asing])
    assert impor.status == StatusImpor.SIAP  # listed rows are not errors: the rest may be saved
    assert kode_peringatan(impor) == {3: "tidak_ada"}
    impor = simpan(tksk_kanigaran, impor)
    assert impor.ringkasan["riwayat_baru"] == 1 and impor.ringkasan["tidak_cocok"] == 1
    assert RiwayatDesil.objects.count() == 1
    # the result page still lists the rows that were not written
    assert impor.peringatan and impor.peringatan[0][0] == 3


def test_name_mismatch_is_listed_while_old_spellings_and_typos_match(tksk_kanigaran, kel_kanigaran):
    sukarno = KeluargaFactory(kelurahan=kel_kanigaran, kepala__nama="Sukarno Djojo")
    aminah = KeluargaFactory(kelurahan=kel_kanigaran, kepala__nama="Siti Aminah")
    lain = KeluargaFactory(kelurahan=kel_kanigaran, kepala__nama="Ahmad Hidayat")
    impor = periksa(tksk_kanigaran, [baris(sukarno, 2, nama="SOEKARNO DJOJO"), baris(aminah, 2, nama="Siti Aminatun"),
                                     baris(lain, 2, nama="Sri Wahyuni", lewat="nik")])
    assert kode_peringatan(impor) == {4: "nama_berbeda"}
    simpan(tksk_kanigaran, impor)
    assert set(RiwayatDesil.objects.values_list("keluarga_id", flat=True)) == {sukarno.pk, aminah.pk}
    assert not nama_cocok("siti aminah", "siti rahayu") and nama_cocok("moh soleh", "mohammad soleh")


def test_tksk_cannot_import_for_a_household_of_another_kecamatan(tksk_kanigaran, dinsos, kel_mayangan, dua):
    a, _ = dua
    mayangan = KeluargaFactory(kelurahan=kel_mayangan)
    impor = periksa(tksk_kanigaran, [baris(a, 3), baris(mayangan, 9)])
    assert kode_peringatan(impor) == {3: "luar_wilayah"}
    simpan(tksk_kanigaran, impor)
    mayangan.refresh_from_db()
    assert mayangan.desil is None and not RiwayatDesil.objects.filter(keluarga=mayangan).exists()
    # Dinas Sosial imports for the whole kota
    impor = impor_desil(dinsos, [baris(mayangan, 9)])
    mayangan.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and mayangan.desil == 9


# --- all-or-nothing --------------------------------------------------------------------------------


def test_invalid_cells_are_errors_and_nothing_is_written(tksk_kanigaran, dua):
    a, b = dua
    impor = periksa(tksk_kanigaran, [baris(a, 3), baris(b, 11), {"NIK": 3574041705800001.0, "Desil": 2,
                                                                  "Posisi data": POSISI},
                                     baris(a, 5, posisi="31-02-2025")])
    assert impor.status == StatusImpor.GALAT
    kolom = {(g[0], g[1]) for g in impor.galat}
    assert {(3, "Desil"), (4, "NIK"), (5, "Posisi data")} <= kolom
    assert RiwayatDesil.objects.count() == 0


def test_two_rows_giving_one_household_two_desil_for_one_position_are_an_error(tksk_kanigaran, dua):
    a, _ = dua
    impor = periksa(tksk_kanigaran, [baris(a, 3), baris(a, 4, lewat="nik")])
    assert impor.status == StatusImpor.GALAT and "Desil berbeda dengan baris 2" in impor.galat[0][2]


# --- re-import and history ---------------------------------------------------------------------------


def test_reimporting_an_unchanged_file_changes_nothing(tksk_kanigaran, dua):
    a, b = dua
    rows = [baris(a, 3), baris(b, 6)]
    impor_desil(tksk_kanigaran, rows)
    a.refresh_from_db()
    versi, riwayat = a.versi, RiwayatDesil.objects.count()
    peristiwa = Keluarga.pgh_event_model.objects.count()
    ulang = periksa(tksk_kanigaran, rows)
    assert ulang.ringkasan["baris_sama"] == 2 and ulang.ringkasan["riwayat_baru"] == 0
    ulang = simpan(tksk_kanigaran, ulang)
    a.refresh_from_db()
    assert ulang.status == StatusImpor.SELESAI and ulang.ringkasan["riwayat_baru"] == 0
    assert (RiwayatDesil.objects.count(), a.versi, Keluarga.pgh_event_model.objects.count()) == (
        riwayat, versi, peristiwa)


def test_an_older_position_joins_the_history_without_replacing_the_newest(tksk_kanigaran, dua):
    a, _ = dua
    impor_desil(tksk_kanigaran, [baris(a, 3)])
    impor_desil(tksk_kanigaran, [baris(a, 8, posisi=date(2025, 4, 1))])
    a.refresh_from_db()
    assert (a.desil, a.tanggal_desil) == (3, POSISI)
    assert [r.desil for r in rd.riwayat_desil(a)] == [3, 8]


def test_a_desil_stored_before_the_history_becomes_its_first_row(tksk_kanigaran, kel_kanigaran):
    k = KeluargaFactory(kelurahan=kel_kanigaran, desil=2, sumber_desil="DTKS 2024", tanggal_desil=date(2024, 6, 1))
    impor_desil(tksk_kanigaran, [baris(k, 5)])
    riwayat = rd.riwayat_desil(k)
    assert [(r.desil, r.sumber) for r in riwayat] == [(5, "dtsen"), (2, "dtsen")]


def test_registry_form_desil_is_a_local_position_in_the_history(tksk_kanigaran, kel_kanigaran, client):
    from tests.korpus.daftar import data_keluarga_ubah
    from tests.simpan_aman import versi_kini

    k = KeluargaFactory(kelurahan=kel_kanigaran)
    impor_desil(tksk_kanigaran, [baris(k, 3)])
    data = data_keluarga_ubah(k)
    data.update(desil="4", sumber_desil="Estimasi TKSK", tanggal_desil=date.today().isoformat(), versi=versi_kini(k))
    client.force_login(tksk_kanigaran)
    resp = client.post(f"/pmks/keluarga/{k.pk}/ubah/", data)
    assert resp.status_code == 302, resp.content.decode()[:3000]
    k.refresh_from_db()
    assert k.desil == 4 and k.sumber_desil == "Estimasi TKSK"
    assert [(r.desil, r.sumber) for r in rd.riwayat_desil(k)][:2] == [(4, "lokal"), (3, "dtsen")]


def test_household_page_shows_the_desil_history(tksk_kanigaran, dua, client):
    a, _ = dua
    impor_desil(tksk_kanigaran, [baris(a, 3)])
    client.force_login(tksk_kanigaran)
    html = client.get(f"/pmks/keluarga/{a.pk}/").content.decode()
    assert 'data-testid="riwayat-desil"' in html and "berlaku" in html and "DTSEN" in html


def test_upload_page_and_upload_go_through_the_import_pages(tksk_kanigaran, dua, client):
    a, _ = dua
    client.force_login(tksk_kanigaran)
    assert client.get("/pmks/impor/desil/").status_code == 200
    from tests.simpan_aman import dengan_token

    data = dengan_token(tksk_kanigaran, "/pmks/impor/desil/unggah/", {
        "berkas": SimpleUploadedFile("d.xlsx", contoh.tulis_xlsx([baris(a, 3)], JUDUL)), "posisi_data": "",
    })
    resp = client.post("/pmks/impor/desil/unggah/", data)
    assert resp.status_code == 302
    impor = Impor.objects.get()
    assert impor.jenis == JenisImpor.DESIL and impor.status == StatusImpor.SIAP
    assert "Posisi desil baru" in client.get(resp["Location"]).content.decode()


def test_a_file_without_desil_or_number_columns_is_refused_with_a_message(tksk_kanigaran):
    impor = periksa(tksk_kanigaran, [{"Nama": "Budi", "Desil": 3}], judul=["Nama", "Desil"])
    assert impor.status == StatusImpor.GALAT and "No. KK atau NIK" in impor.galat[0][2]


def test_rows_not_written_can_be_downloaded_as_a_report(tksk_kanigaran, dua, client):
    import io

    import openpyxl

    a, _ = dua
    impor = periksa(tksk_kanigaran, [baris(a, 3), baris(a, 3, nama="Orang Lain Sekali")])
    client.force_login(tksk_kanigaran)
    resp = client.get(f"/pmks/impor/{impor.pk}/laporan-galat.xlsx")
    assert resp.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content)).active
    teks = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any("Nama tidak cocok" in t for t in teks)


def test_a_large_desil_file_is_checked_and_saved_by_the_worker(transactional_db, tksk_kanigaran, kel_kanigaran,
                                                                settings, tmp_path):
    from pmks.impor import tasks
    from pmks.impor.desil import SKALA_BATAS_LANGSUNG
    from tests.pekerja import jalankan_pekerja

    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 256 * 1024
    a = KeluargaFactory(kelurahan=kel_kanigaran)
    # ~2,000 rows (the same household, same position and value): above the desil kind's in-request limit
    data = contoh.tulis_csv([baris(a, 3)] * 2000, JUDUL)
    assert len(data) > 256 * 1024 * SKALA_BATAS_LANGSUNG
    impor = services.impor_buat(user=tksk_kanigaran, berkas=SimpleUploadedFile("besar.csv", data),
                                jenis=JenisImpor.DESIL)
    services.jalankan(tasks.periksa_impor, impor)
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MEMERIKSA and impor.tugas_id  # queued, not checked in the request
    jalankan_pekerja()
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SIAP and impor.ringkasan["riwayat_baru"] == 1, impor.galat[:3]
    services.jalankan(tasks.simpan_impor, services.impor_konfirmasi(user=tksk_kanigaran, impor=impor))
    jalankan_pekerja()
    impor.refresh_from_db()
    a.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI and a.desil == 3
