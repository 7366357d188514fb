"""Exports: filtered and scoped lists, NIK/No. KK as text, formulas escaped, every export recorded."""

from __future__ import annotations

import csv
import io

import pytest
import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile

from pmks.impor import contoh, services
from pmks.impor.models import Ekspor, StatusImpor
from pmks.models import Anggota
from tests.pmks.impor.test_impor import keluarga

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


@pytest.fixture
def registri(dinsos):
    kanigaran = keluarga(1)
    kanigaran[1]["Nama"] = "@Siti +1"
    mayangan = keluarga(0, Kelurahan="Mayangan")
    berkas = SimpleUploadedFile("a.xlsx", contoh.tulis_xlsx(kanigaran + mayangan))
    impor = services.impor_buat(user=dinsos, berkas=berkas)
    impor = services.impor_periksa(impor_id=impor.pk)
    services.impor_konfirmasi(user=dinsos, impor=impor)
    assert services.impor_simpan(impor_id=impor.pk).status == StatusImpor.SELESAI
    Anggota.objects.filter(nik=kanigaran[0]["NIK"]).update(pekerjaan='=HYPERLINK("http://x")')
    return {"kanigaran": kanigaran, "mayangan": mayangan}


def baca_xlsx(resp) -> list[list]:
    data = b"".join(resp.streaming_content)
    return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def baca_csv(resp) -> list[list]:
    teks = b"".join(resp.streaming_content).decode("utf-8")
    assert teks.startswith("\ufeff")
    return list(csv.reader(io.StringIO(teks[1:]), delimiter=";"))


def test_member_export_keeps_nik_as_text_and_escapes_formulas(client, tksk_kanigaran, registri):
    client.force_login(tksk_kanigaran)
    baris = baca_xlsx(client.get("/pmks/ekspor/anggota.xlsx"))
    judul = baris[0]
    assert judul[:2] == ["No. KK", "NIK"]
    nik = {r[1] for r in baris[1:]}
    assert nik == {b["NIK"] for b in registri["kanigaran"]}  # text, all 16 digits, only own kecamatan
    assert all(isinstance(n, str) and len(n) == 16 for n in nik)
    nama = {r[judul.index("Nama")] for r in baris[1:]}
    assert "'@Siti +1" in nama
    assert "'=HYPERLINK(\"http://x\")" in {r[judul.index("Pekerjaan")] for r in baris[1:]}


def test_csv_export_escapes_formulas_and_uses_semicolons(client, dinsos, registri):
    client.force_login(dinsos)
    baris = baca_csv(client.get("/pmks/ekspor/anggota.csv"))
    assert len(baris) == 1 + 5
    assert any(r[2] == "'@Siti +1" for r in baris)
    assert not any(sel.startswith(("=", "+", "-", "@")) for r in baris for sel in r)


def test_export_follows_the_list_filter(client, dinsos, registri, kel_mayangan):
    client.force_login(dinsos)
    baris = baca_xlsx(client.get(f"/pmks/ekspor/keluarga.xlsx?kelurahan={kel_mayangan.pk}"))
    assert [r[0] for r in baris[1:]] == [registri["mayangan"][0]["No. KK"]]
    rekam = Ekspor.objects.get()
    assert (rekam.oleh, rekam.jenis, rekam.format, rekam.jumlah_baris) == (dinsos, "keluarga", "xlsx", 1)
    assert rekam.filter == {"kelurahan": str(kel_mayangan.pk)}


def test_household_export_is_scoped_and_recorded(client, tksk_mayangan, registri):
    client.force_login(tksk_mayangan)
    baris = baca_csv(client.get("/pmks/ekspor/keluarga.csv"))
    assert [r[0] for r in baris[1:]] == [registri["mayangan"][0]["No. KK"]]
    assert Ekspor.objects.get().jumlah_baris == 1


def test_pejabat_gets_masked_numbers(client, pejabat_kota, registri):
    client.force_login(pejabat_kota)
    baris = baca_xlsx(client.get("/pmks/ekspor/anggota.xlsx"))
    assert all("•" in r[1] for r in baris[1:])


def test_exported_member_list_imports_back_unchanged(client, dinsos, registri):
    client.force_login(dinsos)
    data = b"".join(client.get("/pmks/ekspor/anggota.xlsx").streaming_content)
    impor = services.impor_buat(user=dinsos, berkas=SimpleUploadedFile("ekspor.xlsx", data))
    impor = services.impor_periksa(impor_id=impor.pk)
    assert impor.status == StatusImpor.SIAP, impor.galat
    assert impor.ringkasan["anggota_sama"] == 5 and impor.ringkasan["anggota_ubah"] == 0


def test_export_history_shows_filter_labels_and_names_not_raw_parameters(client, dinsos, registri, kel_mayangan):
    client.force_login(dinsos)
    b"".join(client.get(f"/pmks/ekspor/keluarga.xlsx?kelurahan={kel_mayangan.pk}&status=semua").streaming_content)
    html = client.get("/pmks/ekspor/").content.decode()
    assert f"Kelurahan: {kel_mayangan.nama}; Status: Semua status" in html
    assert f"kelurahan={kel_mayangan.pk}" not in html


def test_household_csv_comes_in_kelurahan_code_order_read_one_kelurahan_at_a_time(client, dinsos, db):
    """A kab/kota export streams kelurahan by kelurahan (code, then id): the number of queries follows
    the number of kelurahan, not of households, and the rows keep the export's order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import KeluargaFactory, wilayah

    kode = ["35.74.04.1003", "35.74.03.1001", "35.74.04.1002"]
    dibuat = [KeluargaFactory(kelurahan=wilayah(kode[i % 3])) for i in range(9)]
    client.force_login(dinsos)
    with CaptureQueriesContext(connection) as ctx:
        baris = baca_csv(client.get("/pmks/ekspor/keluarga.csv"))[1:]
    no_kk = {k.no_kk: k for k in dibuat}
    urutan = [(no_kk[b[0]].kelurahan.kode, no_kk[b[0]].pk) for b in baris if b[0] in no_kk]
    assert len(urutan) == 9 and urutan == sorted(urutan)
    per_kelurahan = [q for q in ctx.captured_queries if '"pmks_keluarga"."kelurahan_id" =' in q["sql"]]
    assert len(per_kelurahan) == 3  # one per kelurahan
