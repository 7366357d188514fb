"""All of Indonesia's Kemendagri regions, from the vendored ``idn-area-data`` 4.0.1 CSVs.

A deployment loads the regions it serves, e.g. one kota (``35.74``), one province (``35``) or all
(``semua``), with ``manage.py muat_wilayah``. Loading is idempotent and adds what is missing,
always with the region's ancestors (loading ``35.74`` also loads ``35``). Names of regions that
already exist are left alone unless asked (``perbarui_nama``): an administrator may have renamed
a region in the admin, and a re-run must not undo that.

Why not a data migration: 91,599 rows in every test database and after every flush of a browser
test would cost more than all the tests that need them; Kota Probolinggo, which the demo and the
tests use, stays in its own data migration (``tksk/data/wilayah_probolinggo.csv``), and its codes
and names are checked against this list by a test.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Tingkat, Wilayah

FOLDER = Path(__file__).resolve().parent / "data" / "idn-area-data"
VERSI_DATA = "idn-area-data 4.0.1"
# (file, column holding the parent's code); the order is parents first.
BERKAS = (
    ("provinces.csv", None),
    ("regencies.csv", "province_code"),
    ("districts.csv", "regency_code"),
    ("villages.csv", "district_code"),
)
SEMUA = "semua"
UKURAN_BATCH = 5000


@dataclass(frozen=True)
class BarisWilayah:
    kode: str
    nama: str
    tingkat: str
    kode_induk: str | None


@dataclass
class HasilMuat:
    dibuat: dict[str, int] = field(default_factory=dict)
    diperbarui: int = 0
    sudah_ada: int = 0

    @property
    def jumlah_dibuat(self) -> int:
        return sum(self.dibuat.values())


def _tingkat(berkas: str, kode: str, nama: str) -> str:
    if berkas == "provinces.csv":
        return Tingkat.PROVINSI
    if berkas == "regencies.csv":
        return Tingkat.KOTA if nama.startswith("Kota ") else Tingkat.KABUPATEN
    if berkas == "districts.csv":
        return Tingkat.KECAMATAN
    # Kemendagri: the village number starts with 1 for a kelurahan, 2 (or 3, UPT) for a desa.
    return Tingkat.KELURAHAN if kode.rsplit(".", 1)[1].startswith("1") else Tingkat.DESA


def baca_semua(folder: Path = FOLDER) -> Iterator[BarisWilayah]:
    """Every region in the vendored files, parents before children."""
    for nama_berkas, kolom_induk in BERKAS:
        with (folder / nama_berkas).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kode, nama = row["code"].strip(), row["name"].strip()
                yield BarisWilayah(
                    kode=kode,
                    nama=nama,
                    tingkat=_tingkat(nama_berkas, kode, nama),
                    kode_induk=row[kolom_induk].strip() if kolom_induk else None,
                )


def _termasuk(kode: str, awalan: Iterable[str]) -> bool:
    """``kode`` lies in one of the areas, or is an ancestor of one (so parents come along)."""
    for a in awalan:
        if kode == a or kode.startswith(f"{a}.") or a.startswith(f"{kode}."):
            return True
    return False


def pilih(awalan: Iterable[str]) -> list[BarisWilayah]:
    """The regions of the given areas (codes like ``35`` or ``35.74``; ``semua`` for all)."""
    awalan = [a.strip() for a in awalan if a.strip()]
    if SEMUA in awalan:
        return list(baca_semua())
    return [b for b in baca_semua() if _termasuk(b.kode, awalan)]


@functools.cache
def kode_kabkota_nasional() -> frozenset[str]:
    """The 514 kab/kota codes without dot (``3574``), as NIK and No. KK digits 1-4 carry them."""
    with (FOLDER / "regencies.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(row["code"].replace(".", "") for row in csv.DictReader(fh))


def kode_dikenal() -> set[str]:
    return {b.kode for b in baca_semua()}


@transaction.atomic
def wilayah_muat(*, awalan: Iterable[str], perbarui_nama: bool = False) -> HasilMuat:
    """Add the regions of ``awalan`` (and their ancestors) that are missing; returns the counts.

    Raises ``ValueError`` for a code that is not in the list, so a typo never loads nothing silently.
    """
    awalan = list(awalan)
    dikenal = kode_dikenal()
    asing = [a for a in awalan if a != SEMUA and a not in dikenal]
    if asing:
        raise ValueError(f"Kode wilayah tidak dikenal: {', '.join(asing)}")
    baris = pilih(awalan)
    hasil = HasilMuat()
    # The whole table is at most ~92k short rows: one plain read beats a 91k-item IN list.
    ada = {w.kode: w for w in Wilayah.objects.only("id", "kode", "nama")}
    id_per_kode = {k: w.pk for k, w in ada.items()}
    ubah: list[Wilayah] = []
    for tingkat_berkas in _per_tingkat(baris):
        baru = []
        for b in tingkat_berkas:
            lama = ada.get(b.kode)
            if lama is not None:
                hasil.sudah_ada += 1
                if perbarui_nama and lama.nama != b.nama:
                    lama.nama = b.nama
                    ubah.append(lama)
                continue
            induk_id = id_per_kode[b.kode_induk] if b.kode_induk else None
            baru.append(Wilayah(kode=b.kode, nama=b.nama, tingkat=b.tingkat, induk_id=induk_id))
        for obj in Wilayah.objects.bulk_create(baru, batch_size=UKURAN_BATCH):
            id_per_kode[obj.kode] = obj.pk
            hasil.dibuat[obj.tingkat] = hasil.dibuat.get(obj.tingkat, 0) + 1
    if ubah:
        Wilayah.objects.bulk_update(ubah, ["nama"], batch_size=UKURAN_BATCH)
        hasil.diperbarui = len(ubah)
    return hasil


def _per_tingkat(baris: list[BarisWilayah]) -> Iterator[list[BarisWilayah]]:
    """Rows grouped by depth (number of dots), shallowest first, so parents get ids first."""
    kelompok: dict[int, list[BarisWilayah]] = {}
    for b in baris:
        kelompok.setdefault(b.kode.count("."), []).append(b)
    for kedalaman in sorted(kelompok):
        yield kelompok[kedalaman]
