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
from django.db.models import Count, Q

from pmks.choices import StatusAnggota, StatusKeluarga
from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS
from tksk.basisdata import alias_baca_kini

from .. import grafik
from . import Lingkup, bagian, kolom, per_unit, tabel, tabel_matriks, tabel_per_unit

JUDUL = "Registri PMKS"

SQL_KLASIFIKASI = """
WITH kl AS (
    SELECT k.jenis_id, kel.kelurahan_id, k.keluarga_id, k.anggota_id, k.tanggal_asesmen AS t
    FROM {klasifikasi} k
    JOIN {keluarga} kel ON kel.id = k.keluarga_id
    WHERE k.aktif AND k.tanggal_asesmen <= %(akhir)s
      AND kel.status = %(aktif)s AND kel.kelurahan_id = ANY(%(kelurahan)s) AND kel.dibuat_pada < %(selesai)s
),
kk AS (
    SELECT jenis_id, kelurahan_id, keluarga_id, MIN(t) AS t FROM kl GROUP BY 1, 2, 3
),
kk_semua AS (
    SELECT kelurahan_id, keluarga_id, MIN(t) AS t FROM kk GROUP BY 1, 2
),
-- Household-level classifications: at most one active per (keluarga, jenis) (DB constraint).
hh AS (
    SELECT jenis_id, kelurahan_id, keluarga_id, t FROM kl WHERE anggota_id IS NULL
),
jumlah_anggota AS (
    SELECT a.keluarga_id, COUNT(*) AS n FROM {anggota} a
    WHERE a.status = %(aktif)s AND a.keluarga_id IN (SELECT keluarga_id FROM hh)
    GROUP BY 1
),
-- Persons classified themselves, unless their household is classified as a whole for that jenis
-- (then they are already counted with the household's members).
perorangan AS (
    SELECT kl.jenis_id, kl.kelurahan_id, kl.anggota_id, MIN(kl.t) AS t
    FROM kl JOIN {anggota} a ON a.id = kl.anggota_id AND a.status = %(aktif)s
    WHERE NOT EXISTS (SELECT 1 FROM hh WHERE hh.keluarga_id = kl.keluarga_id AND hh.jenis_id = kl.jenis_id)
    GROUP BY 1, 2, 3
),
orang AS (
    SELECT hh.jenis_id, hh.kelurahan_id, j.n, hh.t FROM hh JOIN jumlah_anggota j ON j.keluarga_id = hh.keluarga_id
    UNION ALL
    SELECT jenis_id, kelurahan_id, 1, t FROM perorangan
)
SELECT 'kk', jenis_id, kelurahan_id, COUNT(*), COUNT(*) FILTER (WHERE t >= %(awal)s) FROM kk GROUP BY 2, 3
UNION ALL
SELECT 'jiwa', jenis_id, kelurahan_id, SUM(n)::bigint,
       COALESCE(SUM(n) FILTER (WHERE t >= %(awal)s), 0)::bigint FROM orang GROUP BY 2, 3
UNION ALL
SELECT 'semua', NULL, kelurahan_id, COUNT(*), COUNT(*) FILTER (WHERE t >= %(awal)s) FROM kk_semua GROUP BY 3
"""


def _klasifikasi(lingkup: Lingkup) -> list[tuple]:
    sql = SQL_KLASIFIKASI.format(
        klasifikasi=KlasifikasiPMKS._meta.db_table, keluarga=Keluarga._meta.db_table, anggota=Anggota._meta.db_table
    )
    assert StatusKeluarga.AKTIF == StatusAnggota.AKTIF  # one parameter serves both tables
    with connections[alias_baca_kini()].cursor() as cursor:
        cursor.execute(
            sql,
            {
                "akhir": lingkup.periode.tanggal_akhir,
                "awal": lingkup.periode.awal,
                "selesai": lingkup.periode.selesai,
                "aktif": StatusKeluarga.AKTIF,
                "kelurahan": lingkup.kelurahan_ids,
            },
        )
        return cursor.fetchall()


def bangun(lingkup: Lingkup) -> dict:
    p = lingkup.periode
    ids = lingkup.kelurahan_ids

    keluarga = (
        Keluarga.objects.filter(kelurahan_id__in=ids, status=StatusKeluarga.AKTIF, dibuat_pada__lt=p.selesai)
        .values("kelurahan_id")
        .annotate(kk=Count("id"), kk_baru=Count("id", filter=Q(dibuat_pada__gte=p.mulai)))
        .order_by()
    )
    jiwa = (
        Anggota.objects.filter(
            keluarga__kelurahan_id__in=ids,
            keluarga__status=StatusKeluarga.AKTIF,
            status=StatusAnggota.AKTIF,
            dibuat_pada__lt=p.selesai,
        )
        .values("keluarga__kelurahan_id")
        .annotate(jiwa=Count("id"), jiwa_baru=Count("id", filter=Q(dibuat_pada__gte=p.mulai)))
        .order_by()
    )
    data = per_unit(lingkup, keluarga, kunci_kelurahan="kelurahan_id", nilai=["kk", "kk_baru"])
    for unit, nilai in per_unit(
        lingkup, jiwa, kunci_kelurahan="keluarga__kelurahan_id", nilai=["jiwa", "jiwa_baru"]
    ).items():
        data[unit].update(nilai)

    per_jenis: dict[int, dict] = {}
    matriks_kk: dict[tuple[str, str], int] = {}
    matriks_jiwa: dict[tuple[str, str], int] = {}
    for jenis_baris, jenis_id, kelurahan_id, stok, baru in _klasifikasi(lingkup):
        unit = lingkup.unit_kelurahan.get(kelurahan_id)
        if unit is None:
            continue
        if jenis_baris == "semua":
            data[unit]["pmks_kk"] = data[unit].get("pmks_kk", 0) + stok
            data[unit]["pmks_kk_baru"] = data[unit].get("pmks_kk_baru", 0) + baru
            continue
        tujuan = per_jenis.setdefault(jenis_id, {"kk": 0, "kk_baru": 0, "jiwa": 0, "jiwa_baru": 0})
        tujuan[jenis_baris] += stok
        tujuan[f"{jenis_baris}_baru"] += baru
        matriks = matriks_kk if jenis_baris == "kk" else matriks_jiwa
        matriks[(str(jenis_id), unit)] = matriks.get((str(jenis_id), unit), 0) + stok

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
    tabel_jenis = tabel(
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
            {"label": nama, "nilai": per_jenis[int(kode)]}
            for kode, nama in kategori
            if int(kode) in per_jenis
        ],
        total=False,
        catatan="Satu keluarga/jiwa dapat tercatat pada lebih dari satu jenis PMKS, sehingga tidak dijumlahkan.",
    )
    matriks_tabel_kk = tabel_matriks(
        lingkup,
        kode="registri_matriks_kk",
        judul=f"Keluarga PMKS per jenis × {lingkup.label_unit.lower()} (stok akhir bulan)",
        label="Jenis PMKS",
        kategori=kategori,
        data=matriks_kk,
    )
    matriks_tabel_jiwa = tabel_matriks(
        lingkup,
        kode="registri_matriks_jiwa",
        judul=f"Jiwa PMKS per jenis × {lingkup.label_unit.lower()} (stok akhir bulan)",
        label="Jenis PMKS",
        kategori=kategori,
        data=matriks_jiwa,
    )
    grafik_unit = grafik.batang(
        kode="grafik_pmks_unit",
        judul=f"Keluarga PMKS per {lingkup.label_unit.lower()}",
        data=[(u["nama"], data.get(u["kode"], {}).get("pmks_kk", 0)) for u in lingkup.unit],
    )
    return bagian(
        kode="registri",
        judul=JUDUL,
        tabel_list=[ringkasan, tabel_jenis, matriks_tabel_kk, matriks_tabel_jiwa],
        grafik=[grafik_unit],
        catatan=(
            "Stok akhir bulan menghitung keluarga/anggota berstatus aktif yang terdaftar sebelum akhir bulan; "
            "baru = terdaftar atau pertama kali dinilai pada bulan laporan (batas bulan menurut WIB)."
        ),
    )
