"""Backup and restore of everything Sidamping keeps: the database, uploads and import files.

One backup is one dated tar archive (``sidamping-YYYYMMDD-HHMMSS.tar``, or ``.tar.age`` when
encrypted) holding

- ``db.dump``: ``pg_dump -Fc`` of the database (a consistent snapshot);
- ``media/…``: every file under ``MEDIA_ROOT`` (photos, scans, frozen report PDFs);
- ``privat/…``: every file under ``SIDAMPING_BERKAS_PRIVAT`` (uploaded import spreadsheets);
- ``manifest.json``: created at, schema version (last migration of every app), row count of every
  table, and the size and SHA-256 of every part above.

Order matters for consistency: the dump is taken first, then the files. Stored files are never
rewritten in place (random names, new name per upload), so every file the dump refers to already
exists when the folders are read; a file uploaded meanwhile is an unreferenced extra, never a gap.

Encryption uses age (pyrage) to a **public** key (``SIDAMPING_CADANGAN_PENERIMA``, ``age1…``): the
server that makes backups cannot read them; the secret key (``AGE-SECRET-KEY-1…``) is needed only to
restore (``SIDAMPING_CADANGAN_IDENTITAS``) and should be kept off the server.

Restore verifies every checksum before it touches anything, refuses a database that already has
tables (unless ``paksa``), restores the dump, puts the files back, and checks the row counts.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .basisdata import terapkan_pengaturan_basis_data

FORMAT_MANIFEST = 1
BLOK = 1024 * 1024


class GagalCadangan(Exception):
    """A backup or restore that cannot go on; the message is for the administrator."""


@dataclass(frozen=True)
class Folder:
    nama: str  # prefix inside the archive
    jalur: Path


def folder_berkas() -> list[Folder]:
    return [
        Folder("media", Path(settings.MEDIA_ROOT)),
        Folder("privat", Path(settings.SIDAMPING_BERKAS_PRIVAT)),
    ]


# --- helpers -------------------------------------------------------------------------------
def _sha256(jalur: Path) -> str:
    h = hashlib.sha256()
    with jalur.open("rb") as fh:
        while blok := fh.read(BLOK):
            h.update(blok)
    return h.hexdigest()


def _env_libpq() -> dict[str, str]:
    """libpq variables for pg_dump / pg_restore from Django's database settings."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for kunci, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(kunci):
            env[var] = str(db[kunci])
    return env


def _program(nama: str) -> str:
    jalur = shutil.which(nama)
    if jalur is None:
        raise GagalCadangan(f"{nama} tidak ditemukan. Pasang klien PostgreSQL (apt-get install postgresql-client).")
    return jalur


def jumlah_baris() -> dict[str, int]:
    """Exact row count of every table of the public schema."""
    with connection.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tabel = [r[0] for r in cur.fetchall()]
        hasil = {}
        for t in tabel:
            cur.execute(f'SELECT count(*) FROM "{t}"')  # noqa: S608 - names come from pg_tables
            hasil[t] = cur.fetchone()[0]
    return hasil


def versi_skema() -> dict[str, str]:
    """The last applied migration of every app."""
    hasil: dict[str, str] = {}
    for app, nama in MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name"):
        hasil[app] = nama
    return hasil


def _berkas_dalam(folder: Folder) -> Iterator[tuple[str, Path]]:
    if not folder.jalur.is_dir():
        return
    for jalur in sorted(p for p in folder.jalur.rglob("*") if p.is_file() and not p.is_symlink()):
        yield f"{folder.nama}/{jalur.relative_to(folder.jalur).as_posix()}", jalur


# --- backup --------------------------------------------------------------------------------
def cadangan_buat(*, tujuan: Path, penerima: str | None = None) -> Path:
    """Write one backup archive into ``tujuan``; returns its path. Encrypted when ``penerima`` is set."""
    tujuan.mkdir(parents=True, exist_ok=True)
    cap = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(dir=tujuan, prefix=".cadangan-") as kerja:
        kerja = Path(kerja)
        dump = kerja / "db.dump"
        hasil = subprocess.run(
            [_program("pg_dump"), "-Fc", "--no-owner", "-f", str(dump)],
            env=_env_libpq(), capture_output=True, text=True,
        )
        if hasil.returncode != 0:
            raise GagalCadangan(f"pg_dump gagal: {hasil.stderr.strip()}")
        bagian = {"db.dump": {"ukuran": dump.stat().st_size, "sha256": _sha256(dump)}}
        arsip_tar = kerja / f"sidamping-{cap}.tar"
        with tarfile.open(arsip_tar, "w") as tar:
            tar.add(dump, arcname="db.dump")
            for folder in folder_berkas():
                for nama, jalur in _berkas_dalam(folder):
                    bagian[nama] = {"ukuran": jalur.stat().st_size, "sha256": _sha256(jalur)}
                    tar.add(jalur, arcname=nama)
            manifest = {
                "format": FORMAT_MANIFEST,
                "dibuat_pada": timezone.now().isoformat(),
                "versi_skema": versi_skema(),
                "jumlah_baris": jumlah_baris(),
                "bagian": bagian,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        if penerima:
            import pyrage

            try:
                kunci = pyrage.x25519.Recipient.from_str(penerima.strip())
            except Exception as exc:
                raise GagalCadangan("Kunci publik cadangan (age1…) tidak sah.") from exc
            akhir = tujuan / f"{arsip_tar.name}.age"
            pyrage.encrypt_file(str(arsip_tar), str(akhir) + ".part", [kunci])
        else:
            akhir = tujuan / arsip_tar.name
            shutil.move(arsip_tar, str(akhir) + ".part")
        os.replace(str(akhir) + ".part", akhir)  # a half-written archive never carries the final name
    return akhir


# --- restore -------------------------------------------------------------------------------
@dataclass
class HasilPulih:
    manifest: dict
    jumlah_berkas: int


def _buka(arsip: Path, kerja: Path, identitas: str | None) -> Path:
    if arsip.suffix != ".age":
        return arsip
    if not identitas:
        raise GagalCadangan("Cadangan ini terenkripsi: setel SIDAMPING_CADANGAN_IDENTITAS (AGE-SECRET-KEY-1…).")
    import pyrage

    try:
        kunci = pyrage.x25519.Identity.from_str(identitas.strip())
        polos = kerja / arsip.stem
        pyrage.decrypt_file(str(arsip), str(polos), [kunci])
    except Exception as exc:
        raise GagalCadangan("Cadangan tidak dapat dibuka dengan kunci yang diberikan.") from exc
    return polos


def _ekstrak_terperiksa(tar_path: Path, kerja: Path) -> dict:
    """Extract into ``kerja`` and verify every part against the manifest; returns the manifest."""
    with tarfile.open(tar_path, "r") as tar:
        try:
            manifest = json.load(tar.extractfile("manifest.json"))
        except KeyError as exc:
            raise GagalCadangan("Arsip tidak memuat manifest.json: bukan cadangan Sidamping.") from exc
        if manifest.get("format") != FORMAT_MANIFEST:
            raise GagalCadangan("Format manifest cadangan tidak dikenal.")
        bagian = manifest["bagian"]
        anggota = [m for m in tar.getmembers() if m.name != "manifest.json"]
        nama_ada = {m.name for m in anggota}
        hilang = sorted(set(bagian) - nama_ada)
        asing = sorted(nama_ada - set(bagian))
        if hilang or asing:
            raise GagalCadangan(f"Isi arsip tidak cocok dengan manifest (hilang: {hilang[:5]}, asing: {asing[:5]}).")
        for m in anggota:
            if not m.isfile():
                raise GagalCadangan(f"Anggota arsip bukan berkas biasa: {m.name}")
        tar.extractall(kerja, members=anggota, filter="data")
    for nama, info in bagian.items():
        jalur = kerja / nama
        if jalur.stat().st_size != info["ukuran"] or _sha256(jalur) != info["sha256"]:
            raise GagalCadangan(f"Checksum tidak cocok: {nama}. Cadangan rusak; pemulihan dibatalkan.")
    return manifest


def _basis_data_kosong() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cur.fetchone()[0] == 0


def _periksa_versi(manifest: dict) -> None:
    from django.db.migrations.loader import MigrationLoader

    dikenal = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    lebih_baru = [f"{a}.{n}" for a, n in manifest["versi_skema"].items() if (a, n) not in dikenal]
    if lebih_baru:
        raise GagalCadangan(
            "Cadangan berasal dari versi Sidamping yang lebih baru (migrasi tidak dikenal: "
            f"{', '.join(lebih_baru[:5])}). Pasang versi aplikasi yang sama dulu."
        )


def cadangan_pulihkan(*, arsip: Path, identitas: str | None = None, paksa: bool = False) -> HasilPulih:
    """Restore ``arsip`` into the configured database and file folders (see the module docstring)."""
    if not arsip.is_file():
        raise GagalCadangan(f"Arsip tidak ditemukan: {arsip}")
    with tempfile.TemporaryDirectory(prefix="sidamping-pulih-") as kerja:
        kerja = Path(kerja)
        manifest = _ekstrak_terperiksa(_buka(arsip, kerja, identitas), kerja / "isi")
        _periksa_versi(manifest)
        ganti = not _basis_data_kosong()
        if ganti and not paksa:
            raise GagalCadangan(
                "Basis data tujuan tidak kosong. Pulihkan ke basis data baru, atau ulangi dengan --paksa "
                "untuk MENGGANTI isinya dengan isi cadangan."
            )
        connection.close()  # pg_restore runs in its own session; ours must not hold locks
        _pulihkan_dump(kerja / "isi" / "db.dump", ganti=ganti)
        terapkan_pengaturan_basis_data()  # database-level settings are not part of the dump
        jumlah = _pasang_berkas(kerja / "isi", paksa=paksa)
    beda = {t: (n, jumlah_baris().get(t)) for t, n in manifest["jumlah_baris"].items()}
    beda = {t: v for t, v in beda.items() if v[0] != v[1]}
    if beda:
        raise GagalCadangan(f"Jumlah baris setelah pemulihan berbeda: {dict(list(beda.items())[:5])}")
    return HasilPulih(manifest=manifest, jumlah_berkas=jumlah)


def _pulihkan_dump(dump: Path, *, ganti: bool) -> None:
    """Restore ``dump`` in ONE transaction: a failed restore leaves the database as it was.

    Into an empty database pg_restore writes directly. To replace a database (``--paksa``) the public
    schema is dropped and recreated inside that same transaction, then the dump's SQL runs
    (``pg_restore --clean`` cannot drop the constraints of monthly partitions one by one).
    """
    nama = connection.settings_dict["NAME"]
    if not ganti:
        hasil = subprocess.run(
            [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             "-d", nama, str(dump)],
            env=_env_libpq(), capture_output=True, text=True,
        )
    else:
        sql = subprocess.Popen(
            [_program("pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(dump)],
            env=_env_libpq(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        hasil = subprocess.run(
            [_program("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1",
             "-d", nama, "-c", "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public", "-f", "-"],
            env=_env_libpq(), stdin=sql.stdout, capture_output=True, text=True,
        )
        sql.stdout.close()
        galat_dump = sql.stderr.read().decode(errors="replace")
        sql.stderr.close()
        if sql.wait() != 0 and hasil.returncode == 0:
            raise GagalCadangan(f"pg_restore gagal: {galat_dump.strip()}")
    if hasil.returncode != 0:
        raise GagalCadangan(f"pg_restore gagal: {hasil.stderr.strip()}")


def _pasang_berkas(sumber: Path, *, paksa: bool) -> int:
    jumlah = 0
    for folder in folder_berkas():
        asal = sumber / folder.nama
        if not asal.is_dir():
            continue
        for jalur in sorted(p for p in asal.rglob("*") if p.is_file()):
            tujuan = folder.jalur / jalur.relative_to(asal)
            if tujuan.exists() and not paksa and _sha256(tujuan) != _sha256(jalur):
                raise GagalCadangan(f"Berkas sudah ada dan berbeda: {tujuan}. Ulangi dengan --paksa untuk menimpa.")
            tujuan.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(jalur, tujuan)
            jumlah += 1
    return jumlah


def cadangan_pangkas(*, tujuan: Path, simpan: int) -> list[Path]:
    """Delete all but the ``simpan`` newest archives in ``tujuan``; returns what was deleted."""
    arsip = sorted(
        (p for p in tujuan.glob("sidamping-*.tar*") if not p.name.endswith(".part")), key=lambda p: p.name
    )
    lama = arsip[:-simpan] if simpan > 0 else []
    for p in lama:
        p.unlink()
    return lama
