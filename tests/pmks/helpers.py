"""Helpers for registry tests: POST data of the register/edit form with its member formset."""

from __future__ import annotations

from datetime import date

from tests.factories import nik_valid, no_kk_valid


def anggota_baris(
    *, nama: str, tanggal_lahir: date, jenis_kelamin: str = "L", hubungan: str = "anak", nik: str | None = None,
    **extra,
) -> dict:
    return {
        "nik": nik or nik_valid(tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin),
        "nama": nama,
        "tempat_lahir": "Probolinggo",
        "tanggal_lahir": tanggal_lahir.isoformat(),
        "jenis_kelamin": jenis_kelamin,
        "hubungan": hubungan,
        "status_perkawinan": "belum_kawin",
        "pendidikan": "",
        "pekerjaan": "",
        "disabilitas": "tidak_ada",
        "alasan_konfirmasi_nik": "",
        **extra,
    }


def keluarga_tiga_orang() -> list[dict]:
    return [
        anggota_baris(nama="Slamet Riyadi", tanggal_lahir=date(1975, 3, 2), hubungan="kepala",
                      status_perkawinan="kawin"),
        anggota_baris(nama="Sumiati", tanggal_lahir=date(1979, 8, 21), jenis_kelamin="P", hubungan="istri_suami",
                      status_perkawinan="kawin"),
        anggota_baris(nama="Dimas Riyadi", tanggal_lahir=date(2005, 11, 30)),
    ]


def data_form(*, kelurahan_id: int, anggota: list[dict], no_kk: str | None = None, awal: int = 0, **extra) -> dict:
    """POST data for ``pmks:keluarga_tambah`` / ``keluarga_ubah`` (``awal`` = INITIAL_FORMS)."""
    data = {
        "no_kk": no_kk or no_kk_valid(),
        "kelurahan": str(kelurahan_id),
        "alamat": "Jl. Mastrip No. 12",
        "rt": "002",
        "rw": "004",
        "lantai": "tanah",
        "anggota-TOTAL_FORMS": str(len(anggota)),
        "anggota-INITIAL_FORMS": str(awal),
        "anggota-MIN_NUM_FORMS": "0",
        "anggota-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for i, baris in enumerate(anggota):
        for kunci, nilai in baris.items():
            data[f"anggota-{i}-{kunci}"] = nilai
    return data
