"""BNBA import: match by NIK, record receipts via the bantuan service, report unmatched rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bantuan import choices as c
from bantuan.impor_bnba import nama_jelas_berbeda
from bantuan.models import PenerimaanEksternal
from pmks.impor import contoh
from pmks.impor import services as impor_services
from pmks.impor.models import Impor, JenisImpor, StatusImpor
from tests.bantuan.conftest import TAHUN, buat_program
from tests.pmks.impor.test_impor import NOMOR, keluarga
from tests.simpan_aman import dengan_token, dengan_token_klien

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


@pytest.fixture
def registri(dinsos):
    kanigaran, mayangan = keluarga(1), keluarga(0, Kelurahan="Mayangan")
    impor = impor_services.impor_buat(
        user=dinsos, berkas=SimpleUploadedFile("r.xlsx", contoh.tulis_xlsx(kanigaran + mayangan))
    )
    impor = impor_services.impor_periksa(impor_id=impor.pk)
    impor_services.impor_konfirmasi(user=dinsos, impor=impor)
    assert impor_services.impor_simpan(impor_id=impor.pk).status == StatusImpor.SELESAI
    return {"kanigaran": kanigaran, "mayangan": mayangan}


@pytest.fixture
def pkh(db):
    return buat_program("pkh-pusat", c.JenisProgram.PKH, dikelola_dinas=False)  # a central program


def unggah_bnba(client, user, program, baris: list[dict], judul=("NIK", "Nama")):
    client.force_login(user)
    data = contoh.tulis_xlsx(baris, list(judul))
    return client.post("/bantuan/impor-bnba/unggah/", dengan_token(user, "/bantuan/impor-bnba/unggah/", {
        "program": program.pk, "periode_mulai": f"{TAHUN}-01-01", "periode_selesai": f"{TAHUN}-03-31",
        "sumber": "BNBA PKH Tahap 1 2026", "berkas": SimpleUploadedFile("bnba.xlsx", data),
    }))


def test_matched_rows_are_recorded_and_unmatched_reported(client, tksk_kanigaran, registri, pkh):
    k = registri["kanigaran"]
    baris = [
        {"NIK": k[0]["NIK"], "Nama": "BUDI SANTOSO"},  # match (case differs)
        {"NIK": k[1]["NIK"], "Nama": "Siti"},  # same household: one receipt per household
        {"NIK": NOMOR.nik(date(1990, 1, 1), "L"), "Nama": "Tidak Terdaftar"},
        {"NIK": k[2]["NIK"], "Nama": "Joko Widodo"},  # name clearly different
        {"NIK": registri["mayangan"][0]["NIK"], "Nama": "Budi Santoso"},  # outside the TKSK's area
    ]
    resp = unggah_bnba(client, tksk_kanigaran, pkh, baris)
    impor = Impor.objects.get(jenis=JenisImpor.BNBA)
    assert resp.status_code == 302 and resp["Location"] == f"/pmks/impor/{impor.pk}/"
    assert impor.status == StatusImpor.SIAP
    assert impor.ringkasan["baris_cocok"] == 2 and impor.ringkasan["keluarga_cocok"] == 1
    assert {p[0]: p[3] for p in impor.peringatan} == {4: "tidak_ada", 5: "nama_berbeda", 6: "luar_wilayah"}
    assert not PenerimaanEksternal.objects.exists()  # preview writes nothing

    client.post(f"/pmks/impor/{impor.pk}/konfirmasi/")
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SELESAI
    p = PenerimaanEksternal.objects.get()
    assert (p.program, p.keluarga.no_kk, p.periode_mulai, p.periode_selesai) == (
        pkh, k[0]["No. KK"], date(TAHUN, 1, 1), date(TAHUN, 3, 31))
    assert p.impor_ref == f"impor:{impor.pk}" and p.sumber == "BNBA PKH Tahap 1 2026"
    # the unmatched report is downloadable
    assert client.get(f"/pmks/impor/{impor.pk}/laporan-galat.xlsx").status_code == 200


def test_reimporting_the_same_list_records_nothing_twice(client, tksk_kanigaran, registri, pkh):
    baris = [{"NIK": registri["kanigaran"][0]["NIK"], "Nama": "Budi"}]
    for _ in range(2):
        unggah_bnba(client, tksk_kanigaran, pkh, baris)
        impor = Impor.objects.filter(jenis=JenisImpor.BNBA).first()
        client.post(f"/pmks/impor/{impor.pk}/konfirmasi/")
    assert PenerimaanEksternal.objects.count() == 1


def test_bad_nik_is_an_error_and_nothing_is_written(client, tksk_kanigaran, registri, pkh):
    baris = [{"NIK": registri["kanigaran"][0]["NIK"], "Nama": "Budi"}, {"NIK": 3574041705750001.0, "Nama": "X"},
             {"NIK": registri["kanigaran"][0]["NIK"], "Nama": "Budi"}]
    unggah_bnba(client, tksk_kanigaran, pkh, baris)
    impor = Impor.objects.get(jenis=JenisImpor.BNBA)
    assert impor.status == StatusImpor.GALAT
    assert {(g[0], g[1]) for g in impor.galat} == {(3, "NIK"), (4, "NIK")}
    client.post(f"/pmks/impor/{impor.pk}/konfirmasi/")
    assert not PenerimaanEksternal.objects.exists()


def test_pejabat_cannot_import_bnba(client, pejabat_kota, pkh):
    client.force_login(pejabat_kota)
    assert client.get("/bantuan/impor-bnba/").status_code == 403


@pytest.mark.parametrize("berkas,terdaftar,berbeda", [
    ("Siti Aminah", "SITI AMINAH", False),
    ("Siti Aminatun", "Siti Aminah", False),
    ("Moh. Hasan", "Mohammad Hasan", False),
    ("Joko Widodo", "Budi Santoso", True),
    ("", "Budi Santoso", False),
])
def test_name_clearly_different(berkas, terdaftar, berbeda):
    assert nama_jelas_berbeda(berkas, terdaftar) is berbeda


# --- issue #10: only central programs, sane periods, no NUL cells ---------------------------------


def test_bnba_upload_refuses_a_program_managed_by_dinas_sosial(client, tksk_kanigaran, registri):
    rtlh = buat_program("rtlh-daerah", c.JenisProgram.RTLH)
    resp = unggah_bnba(client, tksk_kanigaran, rtlh, [{"NIK": registri["kanigaran"][0]["NIK"], "Nama": "Budi"}])
    assert resp.status_code == 400 and "Pilih program pusat" in resp.content.decode()
    assert not Impor.objects.filter(jenis=JenisImpor.BNBA).exists()


@pytest.mark.parametrize("mulai,selesai,pesan", [
    ("0001-01-01", "9999-12-31", "Periode mulai tidak boleh sebelum 1 Januari 2000"),
    ("2026-01-01", "9999-12-31", "Periode selesai paling lambat 31 Desember 2100"),
    ("1999-12-31", "2026-03-31", "Periode mulai tidak boleh sebelum 1 Januari 2000"),
    ("2020-01-01", "2020-03-31", "harus di dalam periode program"),
    ("2026-03-31", "2026-01-01", "tidak boleh sebelum periode mulai"),
])
def test_bnba_upload_refuses_a_period_outside_sane_bounds(client, tksk_kanigaran, registri, pkh, mulai, selesai,
                                                          pesan):
    ganti = {"2026": str(TAHUN)}  # the program runs in the current year
    mulai, selesai = (ganti.get(t[:4], t[:4]) + t[4:] for t in (mulai, selesai))
    client.force_login(tksk_kanigaran)
    resp = client.post("/bantuan/impor-bnba/unggah/", {
        "program": pkh.pk, "periode_mulai": mulai, "periode_selesai": selesai, "sumber": "BNBA PKH",
        "berkas": SimpleUploadedFile("bnba.xlsx", contoh.tulis_xlsx([{"NIK": registri["kanigaran"][0]["NIK"]}],
                                                                   ["NIK"])),
    })
    assert resp.status_code == 400 and pesan in resp.content.decode()
    assert not Impor.objects.filter(jenis=JenisImpor.BNBA).exists()


def test_bnba_null_byte_in_a_name_is_a_row_error_in_the_preview(client, tksk_kanigaran, registri, pkh):
    baris = [{"NIK": registri["kanigaran"][0]["NIK"], "Nama": "Budi\x00"}]
    client.force_login(tksk_kanigaran)
    data = "NIK;Nama\n" + "\n".join(f"{b['NIK']};{b['Nama']}" for b in baris)
    client.post("/bantuan/impor-bnba/unggah/", dengan_token_klien(client, "/bantuan/impor-bnba/unggah/", {
        "program": pkh.pk, "periode_mulai": f"{pkh.tahun_anggaran}-01-01",
        "periode_selesai": f"{pkh.tahun_anggaran}-03-31", "sumber": "BNBA PKH",
        "berkas": SimpleUploadedFile("bnba.csv", data.encode()),
    }))
    impor = Impor.objects.get(jenis=JenisImpor.BNBA)
    assert impor.status == StatusImpor.GALAT and impor.galat[0][:2] == [2, "Nama"] and "NUL" in impor.galat[0][2]
    client.post(f"/pmks/impor/{impor.pk}/konfirmasi/")
    assert not PenerimaanEksternal.objects.exists()
