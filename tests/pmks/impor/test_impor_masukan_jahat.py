"""Hostile and careless spreadsheets (issue #10, items 1, 2, 12): the reader is bounded and runs
in a child process, a dead import never stays "running", errors are capped, the preview refuses
what the save could not store."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmks.impor import contoh, services
from pmks.impor.baca import BerkasTidakTerbaca, PembacaanGagal, baca_baris
from pmks.impor.baca_anak import Batas
from pmks.impor.models import Impor, StatusImpor
from pmks.models import Anggota, Keluarga
from tests.masukan_jahat import (
    ANGKA_ASING,
    csv_dengan,
    csv_sampah,
    xlsx_banyak_bagian,
    xlsx_bom_zip,
    xlsx_sel_jauh,
    xlsx_tanpa_r,
)
from tests.pmks.impor.test_impor import keluarga
from tests.simpan_aman import dengan_token

pytestmark = pytest.mark.django_db

JUDUL = ["No. KK", "NIK", "Nama", "Tanggal lahir", "Jenis kelamin", "Hubungan keluarga", "Alamat", "Kelurahan", "RT"]


@pytest.fixture(autouse=True)
def berkas_privat(settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)


def unggah(client, user, berkas):
    client.force_login(user)
    url = reverse("pmks:impor_unggah")
    resp = client.post(url, dengan_token(user, url, {"berkas": berkas}))
    assert resp.status_code == 302, resp.content.decode()[:500]
    return Impor.objects.latest("pk")


def baris_csv(n: int = 1, ganti: dict | None = None) -> list[list[str]]:
    """Header + the rows of a valid household (as CSV cells), with cells replaced by column title."""
    data = keluarga(n)
    hasil = [JUDUL]
    for b in data:
        b = {**b, "Tanggal lahir": f"{b['Tanggal lahir']:%d-%m-%Y}"}
        hasil.append([str(b.get(j, "")) for j in JUDUL])
    for (i, judul), nilai in (ganti or {}).items():
        hasil[i][JUDUL.index(judul)] = nilai
    return hasil


# --- 1. Far cells, huge sheets, zip bombs: refused before the sheet is materialised ----------------


@pytest.mark.parametrize("sel,pesan", [
    ("XFD1048576", "paling banyak 60 kolom"),
    ("Z1000000", "paling banyak 200.000 baris"),
    ("BI1", "paling banyak 60 kolom"),
    ("A200001", "paling banyak 200.000 baris"),
])
def test_xlsx_with_far_cell_is_refused_without_reading_the_sheet(client, tksk_kanigaran, settings, sel, pesan):
    # A reader child this small would die at once if calamine materialised the declared area.
    settings.SIDAMPING_IMPOR_MEMORI_MB = 300
    impor = unggah(client, tksk_kanigaran, xlsx_sel_jauh(sel))
    assert impor.status == StatusImpor.GALAT
    assert pesan in impor.pesan
    halaman = client.get(reverse("pmks:impor_detail", args=[impor.pk]))
    assert halaman.status_code == 200 and pesan in halaman.content.decode()


def test_sheet_exactly_at_the_limits_is_read():
    baris, fmt = baca_baris(xlsx_sel_jauh("BH200000").read(), "a.xlsx")
    assert fmt == "xlsx" and len(baris) == 200_000 and len(baris[0]) == 60


@pytest.mark.parametrize("berkas,pesan", [
    (lambda: xlsx_tanpa_r(lebar=5000), "paling banyak 60 kolom"),  # cells without r: counted one by one
    (lambda: xlsx_tanpa_r(lebar=1, tinggi=200_001), "paling banyak 200.000 baris"),
    (lambda: xlsx_bom_zip(), "bom zip"),
    (lambda: xlsx_banyak_bagian(), "terlalu banyak bagian"),
])
def test_hostile_xlsx_structure_is_refused_with_a_message(berkas, pesan):
    with pytest.raises(BerkasTidakTerbaca) as e:
        baca_baris(berkas().read(), "a.xlsx", batas=Batas(memori_mb=300))
    assert pesan in str(e.value) and not isinstance(e.value, PembacaanGagal)


def test_xlsx_cells_without_r_within_limits_are_read():
    baris, _ = baca_baris(xlsx_tanpa_r(lebar=3, tinggi=2).read(), "a.xlsx")
    assert baris[0] == ["No. KK", "NIK", "Nama"] and baris[1] == [1.0, 1.0, 1.0]


def test_junk_csv_of_20_mb_is_refused_by_the_row_limit(client, tksk_kanigaran, settings):
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 64 * 1024 * 1024  # checked in the request, as the worker would
    impor = unggah(client, tksk_kanigaran, csv_sampah(20 * 1024 * 1024))
    assert impor.status == StatusImpor.GALAT and "paling banyak 200.000 baris" in impor.pesan
    assert impor.jumlah_galat == 1


def test_csv_row_wider_than_the_column_limit_is_refused():
    with pytest.raises(BerkasTidakTerbaca, match="paling banyak 60"):
        baca_baris(csv_dengan([["NIK"], ["x"] * 61]).read(), "a.csv")


def test_native_abort_in_the_reader_child_leaves_the_server_alive_and_the_import_failed(
    client, tksk_kanigaran, settings
):
    # Limits raised past the far cell, so python-calamine really tries to allocate ~512 GB and
    # aborts (SIGABRT, a native crash no Python code can catch) -- in the child only.
    settings.SIDAMPING_IMPOR_MAKS_BARIS, settings.SIDAMPING_IMPOR_MAKS_KOLOM = 2_000_000, 20_000
    settings.SIDAMPING_IMPOR_MEMORI_MB = 512
    impor = unggah(client, tksk_kanigaran, xlsx_sel_jauh("XFD1048576"))
    assert impor.status == StatusImpor.GAGAL
    assert "batas memori" in impor.pesan and "Tidak ada data yang disimpan" in impor.pesan
    # this process lives on and the next (good) import goes through
    settings.SIDAMPING_IMPOR_MAKS_BARIS, settings.SIDAMPING_IMPOR_MAKS_KOLOM = 200_000, 60
    baik = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    assert baik.status == StatusImpor.SIAP


def test_reader_child_over_its_cpu_limit_marks_the_import_failed(client, tksk_kanigaran, settings):
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 64 * 1024 * 1024
    settings.SIDAMPING_IMPOR_MAKS_BARIS = 10_000_000  # let it parse all 800,000 junk rows ...
    settings.SIDAMPING_IMPOR_WAKTU_BACA = 1  # ... within one CPU second: it cannot
    impor = unggah(client, tksk_kanigaran, csv_sampah(39 * 1024 * 1024))
    assert impor.status == StatusImpor.GAGAL and "batas waktu" in impor.pesan


def io_berkas(data: bytes, nama: str = "data.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nama, data)


# --- 1. A task that dies never leaves its import running ------------------------------------------


def _basi(impor: Impor, **lain) -> None:
    lama = timezone.now() - timedelta(hours=1)
    Impor.objects.filter(pk=impor.pk).update(diperbarui_pada=lama, dibuat_pada=lama, **lain)


def test_check_whose_process_died_is_marked_failed_when_its_status_is_read(client, tksk_kanigaran):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    _basi(impor, status=StatusImpor.MEMERIKSA, progres=40)  # the worker was killed mid-check
    resp = client.get(reverse("pmks:impor_status", args=[impor.pk]), HTTP_HX_REQUEST="true")
    assert resp["HX-Refresh"] == "true"
    impor.refresh_from_db()
    assert impor.status == StatusImpor.GAGAL and "terhenti" in impor.pesan


def test_running_import_with_a_recent_heartbeat_is_left_alone(client, tksk_kanigaran):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    Impor.objects.filter(pk=impor.pk).update(status=StatusImpor.MEMERIKSA, diperbarui_pada=timezone.now())
    client.get(reverse("pmks:impor_detail", args=[impor.pk]))
    client.get(reverse("pmks:impor_list"))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MEMERIKSA


def test_save_whose_process_died_goes_back_to_ready_and_wrote_nothing(client, tksk_kanigaran):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)  # ... and the worker dies
    _basi(impor)
    client.get(reverse("pmks:impor_list"))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.SIAP and "tidak ada data yang tersimpan" in impor.pesan
    assert not Anggota.objects.exists()
    assert services.impor_simpan(impor_id=impor.pk).status == StatusImpor.SIAP  # not confirmed again yet
    services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)
    assert services.impor_simpan(impor_id=impor.pk).status == StatusImpor.SELESAI


@pytest.fixture
def backend_database(settings):
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 0  # every file goes to the queue (procrastinate), nobody runs it


def _status_tugas(impor: Impor) -> str | None:
    from procrastinate.contrib.django.models import ProcrastinateJob

    return ProcrastinateJob.objects.filter(pk=int(impor.tugas_id)).values_list("status", flat=True).first()


def _diambil_pekerja_yang_lalu_mati() -> None:
    """A real worker registration and fetch (procrastinate's own SQL), after which it never beats again."""
    from asgiref.sync import async_to_sync
    from procrastinate.contrib.django import app

    pekerja = async_to_sync(app.job_manager.register_worker)()
    assert async_to_sync(app.job_manager.fetch_job)(queues=None, worker_id=pekerja) is not None


def test_import_waiting_in_the_queue_is_not_taken_for_dead(client, tksk_kanigaran, backend_database):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    assert impor.status == StatusImpor.MEMERIKSA and impor.tugas_id
    assert _status_tugas(impor) == "todo"
    _basi(impor)  # a long queue: no heartbeat yet, but it is waiting, not dead
    call_command("impor_pulihkan_macet", "--pekerja-mati")
    client.get(reverse("pmks:impor_status", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MEMERIKSA and _status_tugas(impor) == "todo"


def test_task_of_a_dead_worker_is_queued_again_when_the_worker_is_started_again(
    client, tksk_kanigaran, backend_database
):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    _diambil_pekerja_yang_lalu_mati()
    assert _status_tugas(impor) == "doing"
    call_command("impor_pulihkan_macet")  # without the flag another worker might be running it (beat is fresh)
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MEMERIKSA and _status_tugas(impor) == "doing"
    call_command("impor_pulihkan_macet", "--pekerja-mati")  # what bin/run does before each (re)start
    impor.refresh_from_db()
    assert impor.status == StatusImpor.MEMERIKSA and _status_tugas(impor) == "todo"  # retried, not lost


def test_task_that_ended_while_its_import_still_runs_is_failed_at_once(client, tksk_kanigaran, backend_database):
    impor = unggah(client, tksk_kanigaran, io_berkas(contoh.tulis_xlsx(keluarga(0))))
    with connection.cursor() as cur:  # e.g. its retries ran out
        cur.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s", [int(impor.tugas_id)])
    client.get(reverse("pmks:impor_detail", args=[impor.pk]))
    impor.refresh_from_db()
    assert impor.status == StatusImpor.GAGAL


def test_exception_while_checking_marks_the_import_failed(tksk_kanigaran):
    impor = services.impor_buat(user=tksk_kanigaran, berkas=io_berkas(contoh.tulis_xlsx(keluarga(0))))
    impor.berkas.storage.delete(impor.berkas.name)  # the stored file is gone: reading raises
    impor = services.impor_periksa(impor_id=impor.pk)
    assert impor.status == StatusImpor.GAGAL and "kesalahan sistem" in impor.pesan


def test_exception_while_saving_marks_the_import_failed(tksk_kanigaran):
    impor = services.impor_buat(user=tksk_kanigaran, berkas=io_berkas(contoh.tulis_xlsx(keluarga(0))))
    impor = services.impor_periksa(impor_id=impor.pk)
    impor.hasil_urai.storage.delete(impor.hasil_urai.name)
    services.impor_konfirmasi(user=tksk_kanigaran, impor=impor)
    impor = services.impor_simpan(impor_id=impor.pk)
    assert impor.status == StatusImpor.GAGAL and not Keluarga.objects.exists()


# --- 2. One large bad file: capped errors, list/poll never load them ------------------------------


def test_junk_file_stores_only_the_first_errors_with_the_total_and_is_refused(client, tksk_kanigaran, settings):
    settings.SIDAMPING_IMPOR_MAKS_GALAT = 50
    impor = unggah(client, tksk_kanigaran, csv_sampah(40 * 1024))  # ~1,600 rows, several errors each
    assert impor.status == StatusImpor.GALAT
    assert len(impor.galat) == 50 and impor.jumlah_galat > 3000
    assert impor.pesan.startswith("Berkas ditolak: terlalu banyak galat")
    assert not impor.hasil_urai  # refused: nothing kept for a commit
    html = client.get(reverse("pmks:impor_detail", args=[impor.pk])).content.decode()
    assert f"{impor.jumlah_galat:,}".replace(",", ".") in html and "50 galat pertama" in html
    resp = client.get(reverse("pmks:impor_laporan_galat", args=[impor.pk]))
    ws = openpyxl.load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    # bounded: only the rows of the stored errors (the file was refused; the report says why per row)
    assert ws.max_row == 1 + len({g[0] for g in impor.galat}) and ws.cell(row=2, column=ws.max_column).value


def test_import_list_and_status_poll_never_load_the_error_lists(client, tksk_kanigaran):
    impor = unggah(client, tksk_kanigaran, csv_sampah(8 * 1024))
    assert impor.jumlah_galat > 0
    for url in (reverse("pmks:impor_list"), reverse("pmks:impor_status", args=[impor.pk])):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        kolom = " ".join(q["sql"] for q in ctx.captured_queries if '"pmks_impor"' in q["sql"])
        assert '"pmks_impor"."galat"' not in kolom and '"pmks_impor"."peringatan"' not in kolom, url
    assert f"{impor.jumlah_galat:,}".replace(",", ".") in client.get(reverse("pmks:impor_list")).content.decode()


# --- 12. The preview checks everything the save checks --------------------------------------------


@pytest.mark.parametrize("judul", ["Nama", "Alamat", "NIK"])
def test_null_byte_in_any_cell_is_a_row_error_in_the_preview(client, tksk_kanigaran, judul):
    data = baris_csv(0, {(1, judul): "Budi\x00Santoso"})
    data[0].append("Catatan lain")  # a column the import ignores counts too
    for b in data[1:]:
        b.append("")
    data[2][-1] = "x\x00"
    impor = unggah(client, tksk_kanigaran, csv_dengan(data))
    assert impor.status == StatusImpor.GALAT
    assert [2, judul] in [g[:2] for g in impor.galat] and [3, "Catatan lain"] in [g[:2] for g in impor.galat]
    assert all("NUL" in g[2] for g in impor.galat if g[1] in (judul, "Catatan lain"))
    resp = client.get(reverse("pmks:impor_laporan_galat", args=[impor.pk]))  # the report can be built
    assert resp.status_code == 200 and b"".join(resp.streaming_content)
    assert not Anggota.objects.exists()


@pytest.mark.parametrize("jenis", sorted(ANGKA_ASING))
@pytest.mark.parametrize("judul", ["NIK", "No. KK"])
def test_nik_and_no_kk_in_non_ascii_digits_are_row_errors_in_the_preview(client, tksk_kanigaran, jenis, judul):
    data = baris_csv(0, {(1, judul): ANGKA_ASING[jenis]})
    impor = unggah(client, tksk_kanigaran, csv_dengan(data))
    assert impor.status == StatusImpor.GALAT
    assert any(g[0] == 2 and g[1] == judul and "angka selain 0-9" in g[2] for g in impor.galat), impor.galat


def test_rt_in_full_width_digits_is_a_row_error_not_stored(client, tksk_kanigaran):
    impor = unggah(client, tksk_kanigaran, csv_dengan(baris_csv(0, {(1, "RT"): "００３"})))
    assert impor.status == StatusImpor.GALAT
    assert any(g[0] == 2 and g[1] == "RT" for g in impor.galat), impor.galat
