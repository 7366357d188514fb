"""Backup and restore (manage.py cadangkan / pulihkan): a real round trip on the private cluster."""

from __future__ import annotations

import hashlib
import io
import tarfile
from datetime import date
from pathlib import Path

import pyrage
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from laporan.models import LaporanBulanan
from pmks.models import Anggota, Keluarga
from pmks.pendampingan.services import kunjungan_catat
from tests.bantuan.berkas_uji import jpeg
from tests.simpan_aman import dengan_token_klien
from tksk.cadangan import GagalCadangan, cadangan_buat, cadangan_pangkas, cadangan_pulihkan, jumlah_baris
from tksk.models import Pengguna


@pytest.fixture
def folder(transactional_db, settings, tmp_path):
    """Restores replace the whole test database: transactional tests only (reference data reloaded)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")
    return tmp_path


def _hash_folder(jalur: Path) -> dict[str, str]:
    return {
        p.relative_to(jalur).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(jalur.rglob("*")) if p.is_file()
    }


def _sampel() -> list[tuple]:
    return list(Anggota.objects.order_by("nik").values_list("nik", "nama", "keluarga__no_kk", "tanggal_lahir")[:50])


def _kosongkan_semuanya(folder: Path) -> None:
    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    for nama in ("media", "privat"):
        for p in sorted((folder / nama).rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()


def _isi_data(client, folder) -> Pengguna:
    call_command("demo_data", stdout=io.StringIO())
    tksk = Pengguna.objects.get(username="tksk.kanigaran")
    keluarga = Keluarga.objects.filter(kelurahan__induk__kode="35.74.04").first()
    kunjungan_catat(oleh=tksk, keluarga=[keluarga], tanggal=date.today(), jenis="asesmen",
                    catatan="foto untuk uji cadangan", foto=[jpeg("rumah.jpg")])
    client.force_login(tksk)
    csv = b"No. KK;NIK;Nama\n"
    client.post("/pmks/impor/unggah/", dengan_token_klien(client, "/pmks/impor/unggah/", {"berkas": _csv_berkas(csv)}))
    return tksk


def _csv_berkas(isi: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("data.csv", isi, content_type="text/csv")


def test_backup_then_drop_then_restore_gives_back_every_row_file_and_frozen_report(client, folder):
    _isi_data(client, folder)
    baris_awal, sampel_awal = jumlah_baris(), _sampel()
    media_awal, privat_awal = _hash_folder(folder / "media"), _hash_folder(folder / "privat")
    laporan = LaporanBulanan.objects.exclude(berkas_pdf="").first()
    assert laporan is not None and privat_awal and media_awal
    pdf_awal = hashlib.sha256(laporan.berkas_pdf.open("rb").read()).hexdigest()
    assert pdf_awal == laporan.sha256_pdf
    identitas = pyrage.x25519.Identity.generate()

    arsip = cadangan_buat(tujuan=folder / "cadangan", penerima=str(identitas.to_public()))
    assert arsip.name.endswith(".tar.age")
    nik_contoh = sampel_awal[0][0].encode()
    assert nik_contoh not in arsip.read_bytes()  # encrypted: no NIK readable in the archive

    _kosongkan_semuanya(folder)
    hasil = cadangan_pulihkan(arsip=arsip, identitas=str(identitas))

    assert jumlah_baris() == baris_awal
    assert _sampel() == sampel_awal
    assert _hash_folder(folder / "media") == media_awal and _hash_folder(folder / "privat") == privat_awal
    laporan = LaporanBulanan.objects.get(pk=laporan.pk)
    assert hashlib.sha256(laporan.berkas_pdf.open("rb").read()).hexdigest() == pdf_awal
    assert hasil.jumlah_berkas == len(media_awal) + len(privat_awal)

    client.force_login(Pengguna.objects.get(username="dinsos"))
    keluarga = Keluarga.objects.order_by("pk").first()
    resp = client.get(f"/pmks/keluarga/{keluarga.pk}/")
    assert resp.status_code == 200 and keluarga.alamat in resp.content.decode()


def _rusak_satu_berkas(arsip: Path) -> Path:
    rusak = arsip.with_name("rusak.tar")
    with tarfile.open(arsip) as asal, tarfile.open(rusak, "w") as tujuan:
        for m in asal.getmembers():
            data = asal.extractfile(m).read()
            if m.name.startswith("media/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            tujuan.addfile(m, io.BytesIO(data))
    return rusak


def test_a_damaged_backup_is_refused_before_the_database_is_touched(folder):
    (folder / "media" / "privat").mkdir(parents=True)
    (folder / "media" / "privat" / "foto.jpg").write_bytes(jpeg().read())
    arsip = cadangan_buat(tujuan=folder / "cadangan")
    rusak = _rusak_satu_berkas(arsip)
    _kosongkan_semuanya(folder)
    with pytest.raises(GagalCadangan, match="Checksum tidak cocok"):
        cadangan_pulihkan(arsip=rusak)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cur.fetchone()[0] == 0
    cadangan_pulihkan(arsip=arsip)  # the intact one still restores (and leaves the test DB usable)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(folder):
    Pengguna.objects.create(username="saksi", peran="admin")
    arsip = cadangan_buat(tujuan=folder / "cadangan")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("pulihkan", str(arsip))
    Pengguna.objects.filter(username="saksi").update(first_name="diubah setelah cadangan")
    call_command("pulihkan", str(arsip), "--paksa", stdout=io.StringIO())
    assert Pengguna.objects.get(username="saksi").first_name == ""


def test_an_encrypted_backup_does_not_open_with_another_key(folder):
    arsip = cadangan_buat(tujuan=folder / "cadangan", penerima=str(pyrage.x25519.Identity.generate().to_public()))
    with pytest.raises(GagalCadangan, match="tidak dapat dibuka"):
        cadangan_pulihkan(arsip=arsip, identitas=str(pyrage.x25519.Identity.generate()), paksa=True)


def test_keeping_the_newest_archives_deletes_only_older_ones(tmp_path):  # no database needed
    for nama in ("sidamping-20261101-020000.tar", "sidamping-20261102-020000.tar.age", "sidamping-20261103-020000.tar"):
        (tmp_path / nama).write_bytes(b"x")
    (tmp_path / "catatan.txt").write_text("bukan arsip")
    dihapus = cadangan_pangkas(tujuan=tmp_path, simpan=2)
    assert [p.name for p in dihapus] == ["sidamping-20261101-020000.tar"]
    assert (tmp_path / "catatan.txt").exists()
