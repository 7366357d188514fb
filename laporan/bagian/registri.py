"""Section I: the PMKS registry — households and persons, by jenis PMKS and area.

Definitions (stated in the report's notes too):
- *Stok akhir bulan*: active households (status aktif) registered before the end of the month,
  and their active members. Status changes are not dated in the registry, so a household that
  moved away later is no longer counted when a draft is recomputed; the submitted snapshot
  keeps the figures as they were at submission.
- *Keluarga PMKS* of a jenis: households in the stock (above) with an active classification of
  that jenis (for the household or for one of its members) assessed on or before the month's last
  day — so PMKS households never exceed the registered households of the same month.
  *Jiwa PMKS*: persons classified themselves, plus the active members of households classified
  as a whole; each person counted once per jenis.
- *Baru*: first assessment of that jenis for the household / person falls in the month. (A person
  classified individually *and* through the household for the same jenis counts with the
  household's assessment date.)
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Count, F, Q

from pmks.models import Anggota, JenisPMKS
from pmks.registri.angka import (
    hitung_himpunan,
    keluarga_pmks_baru,
    keluarga_pmks_pada,
    keluarga_stok_pada,
    klasifikasi_keluarga_pmks_pada,
    syarat_stok,
)
from pmks.registri.choices import StatusAnggota
from tksk.basisdata import alias_baca_kini

from .. import grafik
from . import Lingkup, bagian, kolom, per_unit, per_unit_dari, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Registri PMKS"
F_KELURAHAN = F("keluarga__kelurahan_id")
F_TANGGAL = F("tanggal_asesmen")

# Per jenis PMKS: households and persons. ``kl`` is ``pmks.registri.angka.klasifikasi_keluarga_pmks_pada``
# (the classifications that make a household "keluarga PMKS"), so this table and the households'
# PMKS column count from the same definition. Joins and GROUP BY only.
SQL_PER_JENIS = """
WITH kl AS NOT MATERIALIZED ({kl}),
kk AS (
    SELECT jenis_id, kelurahan_id, keluarga_id, MIN(t) AS t FROM kl GROUP BY 1, 2, 3
),
-- Household-level classifications: at most one active per (keluarga, jenis) (DB constraint).
hh AS NOT MATERIALIZED (
    SELECT jenis_id, kelurahan_id, keluarga_id, t FROM kl WHERE anggota_id IS NULL
),
jumlah_anggota AS (
    SELECT a.keluarga_id, COUNT(*) AS n
    FROM {anggota} a JOIN (SELECT DISTINCT keluarga_id FROM hh) h ON h.keluarga_id = a.keluarga_id
    WHERE a.status = %s
    GROUP BY 1
),
-- Persons classified themselves, unless their household is classified as a whole for that jenis
-- (then they are already counted with the household's members).
perorangan AS (
    SELECT kl.jenis_id, kl.kelurahan_id, kl.anggota_id, MIN(kl.t) AS t
    FROM kl JOIN {anggota} a ON a.id = kl.anggota_id AND a.status = %s
    WHERE NOT EXISTS (SELECT 1 FROM hh WHERE hh.keluarga_id = kl.keluarga_id AND hh.jenis_id = kl.jenis_id)
    GROUP BY 1, 2, 3
),
orang AS (
    SELECT hh.jenis_id, hh.kelurahan_id, j.n, hh.t FROM hh JOIN jumlah_anggota j ON j.keluarga_id = hh.keluarga_id
    UNION ALL
    SELECT jenis_id, kelurahan_id, 1, t FROM perorangan
)
SELECT 'kk', jenis_id, kelurahan_id, COUNT(*), COUNT(*) FILTER (WHERE t >= %s) FROM kk GROUP BY 2, 3
UNION ALL
SELECT 'jiwa', jenis_id, kelurahan_id, SUM(n)::bigint,
       COALESCE(SUM(n) FILTER (WHERE t >= %s), 0)::bigint FROM orang GROUP BY 2, 3
"""


def _per_jenis(lingkup: Lingkup) -> list[tuple]:
    """Rows ``(kk|jiwa, jenis id, kelurahan id, stok, baru)`` (one query)."""
    p = lingkup.periode
    kl_sql, kl_params = (
        klasifikasi_keluarga_pmks_pada(tanggal=p.tanggal_akhir, kelurahan_ids=lingkup.kelurahan_ids)
        .annotate(kelurahan_id=F_KELURAHAN, t=F_TANGGAL)
        .values("jenis_id", "kelurahan_id", "keluarga_id", "anggota_id", "t")
        .query.sql_with_params()
    )
    sql = SQL_PER_JENIS.format(kl=kl_sql, anggota=Anggota._meta.db_table)
    with connections[alias_baca_kini()].cursor() as cursor:  # the replica when the view allows it
        cursor.execute(sql, [*kl_params, StatusAnggota.AKTIF, StatusAnggota.AKTIF, p.awal, p.awal])
        return cursor.fetchall()


def _ringkasan(lingkup: Lingkup) -> dict[str, dict]:
    """Households and persons in the stock (and new), PMKS households (and new), per unit (3 queries)."""
    p = lingkup.periode
    ids = lingkup.kelurahan_ids
    stok = keluarga_stok_pada(tanggal=p.tanggal_akhir, kelurahan_ids=ids)
    keluarga = (
        stok.values("kelurahan_id")
        .annotate(kk=Count("id"), kk_baru=Count("id", filter=Q(dibuat_pada__gte=p.mulai)))
    )
    jiwa = (
        Anggota.objects.filter(
            syarat_stok(tanggal=p.tanggal_akhir, kelurahan_ids=ids, awalan="keluarga__"),
            status=StatusAnggota.AKTIF,
            dibuat_pada__lt=p.selesai,
        )
        .values("keluarga__kelurahan_id")
        .annotate(jiwa=Count("id"), jiwa_baru=Count("id", filter=Q(dibuat_pada__gte=p.mulai)))
        .order_by()
    )
    pmks = hitung_himpunan(
        stok,
        himpunan={
            "pmks": keluarga_pmks_pada(tanggal=p.tanggal_akhir, kelurahan_ids=ids),
            "pmks_baru": keluarga_pmks_baru(awal=p.awal, akhir=p.tanggal_akhir, kelurahan_ids=ids),
        },
        kolom={"pmks_kk": ("pmks",), "pmks_kk_baru": ("pmks_baru",)},
    )
    data = per_unit(lingkup, keluarga, kunci_kelurahan="kelurahan_id", nilai=["kk", "kk_baru"])
    for unit, nilai in per_unit(
        lingkup, jiwa, kunci_kelurahan="keluarga__kelurahan_id", nilai=["jiwa", "jiwa_baru"]
    ).items():
        data[unit].update(nilai)
    for unit, nilai in per_unit_dari(lingkup, pmks).items():
        data[unit].update(nilai)
    return data


def _tabel_jenis(lingkup: Lingkup, kategori: list[tuple[str, str]]) -> list[dict]:
    """The per-jenis table and the jenis × unit matrices of households and persons."""
    per_jenis: dict[int, dict] = {}
    matriks_kk: dict[tuple[str, str], int] = {}
    matriks_jiwa: dict[tuple[str, str], int] = {}
    for jenis_baris, jenis_id, kelurahan_id, stok, baru in _per_jenis(lingkup):
        unit = lingkup.unit_kelurahan.get(kelurahan_id)
        if unit is None:
            continue
        tujuan = per_jenis.setdefault(jenis_id, {"kk": 0, "kk_baru": 0, "jiwa": 0, "jiwa_baru": 0})
        tujuan[jenis_baris] += stok
        tujuan[f"{jenis_baris}_baru"] += baru
        matriks = matriks_kk if jenis_baris == "kk" else matriks_jiwa
        matriks[(str(jenis_id), unit)] = matriks.get((str(jenis_id), unit), 0) + stok
    unit_label = lingkup.label_unit.lower()
    return [
        tabel(
            kode="registri_per_jenis",
            judul="PMKS per jenis",
            label="Jenis PMKS",
            kolom_nilai=[
                kolom("kk", "Keluarga (stok)"),
                kolom("kk_baru", "Keluarga baru"),
                kolom("jiwa", "Jiwa (stok)"),
                kolom("jiwa_baru", "Jiwa baru"),
            ],
            baris=[
                {"label": nama, "nilai": per_jenis[int(kode)]} for kode, nama in kategori if int(kode) in per_jenis
            ],
            total=False,
            catatan="Satu keluarga/jiwa dapat tercatat pada lebih dari satu jenis PMKS, sehingga tidak dijumlahkan.",
        ),
        tabel_matriks(
            lingkup,
            kode="registri_matriks_kk",
            judul=f"Keluarga PMKS per jenis × {unit_label} (stok akhir bulan)",
            label="Jenis PMKS",
            kategori=kategori,
            data=matriks_kk,
        ),
        tabel_matriks(
            lingkup,
            kode="registri_matriks_jiwa",
            judul=f"Jiwa PMKS per jenis × {unit_label} (stok akhir bulan)",
            label="Jenis PMKS",
            kategori=kategori,
            data=matriks_jiwa,
        ),
    ]


def bangun(lingkup: Lingkup) -> dict:
    data = _ringkasan(lingkup)
    jenis_list = list(JenisPMKS.objects.order_by("kode").values_list("id", "singkatan", "nama"))
    kategori = [(str(i), f"{singkatan} — {nama}") for i, singkatan, nama in jenis_list]
    ringkasan = tabel_per_unit(
        lingkup,
        kode="registri_ringkasan",
        judul=f"Keluarga dan jiwa terdaftar per {lingkup.label_unit.lower()}",
        kolom_nilai=[
            kolom("kk", "Keluarga (stok akhir bulan)"),
            kolom("kk_baru", "Keluarga baru bulan ini"),
            kolom("jiwa", "Jiwa (stok)"),
            kolom("jiwa_baru", "Jiwa baru"),
            kolom("pmks_kk", "Keluarga PMKS"),
            kolom("pmks_kk_baru", "Keluarga PMKS baru"),
        ],
        data=data,
        catatan="Keluarga PMKS: keluarga aktif dengan sedikitnya satu klasifikasi PMKS aktif.",
    )
    grafik_unit = grafik.batang(
        kode="grafik_pmks_unit",
        judul=f"Keluarga PMKS per {lingkup.label_unit.lower()}",
        data=[(u["nama"], data.get(u["kode"], {}).get("pmks_kk", 0)) for u in lingkup.unit],
    )
    return bagian(
        kode="registri",
        judul=JUDUL,
        tabel_list=[ringkasan, *_tabel_jenis(lingkup, kategori)],
        grafik=[grafik_unit],
        catatan=(
            "Stok akhir bulan menghitung keluarga/anggota berstatus aktif yang terdaftar sebelum akhir bulan; "
            "baru = terdaftar atau pertama kali dinilai pada bulan laporan (batas bulan menurut WIB)."
        ),
    )
