"""Finding people registered twice: the scan of a kab/kota and the check of new rows at entry.

Three rules, all on the ONE name normalisation ``sidamping_nama_cari`` (pmks/models/cari.py:
lowercase, oe→u, dj→j, tj→c, sj→sy, ch→kh, punctuation collapsed), so "Soekarno" and "Sukarno" are
one name:

- ``nama_mirip``: same birth date and sex, names at least ``AMBANG_NAMA`` similar (pg_trgm
  ``similarity`` of the normalised names: typos, a dropped or abbreviated word);
- ``nama_tempat_tanggal``: the same normalised name, birth place and birth date under two NIKs
  (whatever the recorded sex: a sex typed wrong is a typo too);
- ``nik_tertukar``: the two NIKs are equal except two adjacent digits of the date part (digits
  7–12, DDMMYY) swapped — a typing slip — and either the birth dates are equal or the names are at
  least ``AMBANG_NAMA_NIK`` similar (two different people whose dates happen to be such a swap,
  e.g. 12-03 and 21-03 with the common serial 0001, are not proposed on the NIK alone).

**Score** (0–100, stored on the pair, the queue is ordered by it)::

    50 × name similarity (0..1)
  + 20 if the birth dates are equal
  + 10 if the sex is equal
  + 10 if the birth place is equal (and given)
  + 10 if the NIKs differ by one swap in the date part

A typo of the name with the same date and sex scores ~60–80, Soekarno/Sukarno born on the same
day in the same town 90, a swapped NIK of the same person 100.

The scan (``pindai_kabkota``) is set-based SQL over one kab/kota (the name index's partition, so
its cost is that kab/kota's size), writing pairs with ``INSERT … ON CONFLICT DO NOTHING``: a pair
already known — proposed, decided *berbeda* or merged — is never proposed again, and a scan run
twice adds nothing. Python holds only the count. Archived (merged) records take no part.

The entry-time check (``calon_untuk_orang``) applies the same rules to rows about to be written
(registration form and spreadsheet import alike), over the whole registry, in one query per
``POTONGAN`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from tksk.models import TINGKAT_KOTA_KABUPATEN, Wilayah

from ..registri import choices as rc
from . import choices as c

AMBANG_NAMA = 0.5
AMBANG_NAMA_NIK = 0.3
POTONGAN = 2000
MEMORI_KERJA = "64MB"  # work_mem of the scan's transaction (per sort/hash node)

# The score of a pair (x, y) of rows with columns nama_cari, tanggal_lahir, jenis_kelamin, tempat,
# nik_tukar (bool); ``sim`` is similarity(x.nama_cari, y.nama_cari).
_SKOR = """
  LEAST(100, round(50 * {sim}
    + CASE WHEN {x}.tanggal_lahir = {y}.tanggal_lahir THEN 20 ELSE 0 END
    + CASE WHEN {x}.jenis_kelamin = {y}.jenis_kelamin THEN 10 ELSE 0 END
    + CASE WHEN {x}.tempat <> '' AND {x}.tempat = {y}.tempat THEN 10 ELSE 0 END
    + CASE WHEN {tukar} THEN 10 ELSE 0 END))::int
"""

# NIK ``n`` with digits p and p+1 (1-based) swapped, for p in the date part 7..11.
_NIK_TUKAR = "overlay({n} placing substr({n}, p + 1, 1) || substr({n}, p, 1) from p for 2)"
_POSISI_TANGGAL = "generate_series(7, 11) AS p"


def _alasan_sql(x: str, y: str, sim: str, tukar: str) -> str:
    return f"""
      array_remove(ARRAY[
        CASE WHEN {x}.tanggal_lahir = {y}.tanggal_lahir AND {x}.jenis_kelamin = {y}.jenis_kelamin
              AND {sim} >= {AMBANG_NAMA} THEN '{c.AlasanPasangan.NAMA_MIRIP}' END,
        CASE WHEN {x}.tanggal_lahir = {y}.tanggal_lahir AND {x}.nama_cari = {y}.nama_cari
              AND {x}.tempat <> '' AND {x}.tempat = {y}.tempat THEN '{c.AlasanPasangan.NAMA_TEMPAT_TANGGAL}' END,
        CASE WHEN {tukar} THEN '{c.AlasanPasangan.NIK_TERTUKAR}' END
      ], NULL)
    """


_PINDAI = f"""
WITH orang AS MATERIALIZED (
  -- The kab/kota's partition of the name index, each member fetched by its key: OFFSET 0 keeps the
  -- planner from turning this into a scan of every member of the province.
  SELECT a.id, a.nik, a.nik::bigint AS nik_angka, a.tanggal_lahir, a.jenis_kelamin, i.nama_cari, a.tempat
    FROM pmks_indeksnama i
    CROSS JOIN LATERAL (
      SELECT a.id, a.nik, a.tanggal_lahir, a.jenis_kelamin, a.status,
             coalesce(sidamping_nama_cari(a.tempat_lahir), '') AS tempat
        FROM pmks_anggota a WHERE a.id = i.anggota_id OFFSET 0
    ) a
   WHERE i.kode_wilayah >= %(awal)s AND i.kode_wilayah < %(akhir)s AND a.status <> %(digabung)s
),
sama_tanggal AS (
  SELECT x.id AS a, y.id AS b
    FROM orang x JOIN orang y ON y.tanggal_lahir = x.tanggal_lahir AND y.id > x.id
   WHERE (x.jenis_kelamin = y.jenis_kelamin AND similarity(x.nama_cari, y.nama_cari) >= {AMBANG_NAMA})
      OR (x.nama_cari = y.nama_cari AND x.tempat <> '' AND x.tempat = y.tempat)
),
tukar AS (
  -- digits p, p+1 (1-based) of the 16-digit NIK as a number: d = (n / 10^(16-p)) %% 10; swapping them
  -- adds (d[p+1] - d[p]) * 9 * 10^(15-p). Integer arithmetic and an integer hash join.
  SELECT DISTINCT least(v.id, y.id) AS a, greatest(v.id, y.id) AS b
    FROM (
      SELECT x.*, x.nik_angka + ((x.nik_angka / k.bawah) %% 10 - (x.nik_angka / k.atas) %% 10) * 9 * k.bawah AS varian
        FROM orang x
        CROSS JOIN (VALUES (1000000000::bigint, 100000000::bigint), (100000000, 10000000), (10000000, 1000000),
                           (1000000, 100000), (100000, 10000)) AS k(atas, bawah)  -- p = 7 … 11
       WHERE (x.nik_angka / k.atas) %% 10 <> (x.nik_angka / k.bawah) %% 10
    ) v
    JOIN orang y ON y.nik_angka = v.varian
   WHERE v.tanggal_lahir = y.tanggal_lahir OR similarity(v.nama_cari, y.nama_cari) >= {AMBANG_NAMA_NIK}
),
calon AS (
  SELECT a, b, bool_or(t) AS nik_tukar FROM (
    SELECT a, b, false AS t FROM sama_tanggal UNION ALL SELECT a, b, true FROM tukar
  ) u GROUP BY a, b
),
dinilai AS (
  SELECT calon.a, calon.b, similarity(x.nama_cari, y.nama_cari) AS sim, calon.nik_tukar,
         x.tanggal_lahir AS xt, y.tanggal_lahir AS yt, x.jenis_kelamin AS xj, y.jenis_kelamin AS yj,
         x.tempat AS xp, y.tempat AS yp, x.nama_cari AS xn, y.nama_cari AS yn
    FROM calon JOIN orang x ON x.id = calon.a JOIN orang y ON y.id = calon.b
)
INSERT INTO pmks_pasanganduplikat
  (anggota_a_id, anggota_b_id, kode_kabkota, skor, kemiripan_nama, alasan, status, ditemukan_pada,
   catatan_putusan, rincian_gabung)
SELECT d.a, d.b, %(kode)s,
       {_SKOR.format(sim="d.sim", x="x", y="y", tukar="d.nik_tukar")},
       d.sim,
       to_jsonb({_alasan_sql("x", "y", "d.sim", "d.nik_tukar")}),
       %(baru)s, now(), '', '{{}}'::jsonb
  FROM dinilai d
  CROSS JOIN LATERAL (SELECT d.xt AS tanggal_lahir, d.xj AS jenis_kelamin, d.xp AS tempat, d.xn AS nama_cari) x
  CROSS JOIN LATERAL (SELECT d.yt AS tanggal_lahir, d.yj AS jenis_kelamin, d.yp AS tempat, d.yn AS nama_cari) y
ON CONFLICT (anggota_a_id, anggota_b_id) DO NOTHING
"""


def kode_kabkota_semua() -> list[str]:
    return list(
        Wilayah.objects.filter(tingkat__in=TINGKAT_KOTA_KABUPATEN).order_by("kode").values_list("kode", flat=True)
    )


def pindai_kabkota(kode: str) -> int:
    """Scan one kab/kota (``"35.74"``); returns the number of NEW pairs. Idempotent."""
    with transaction.atomic(), connection.cursor() as cur:
        # Sorts and hashes of one kab/kota's members fit in memory (bounded: this transaction only).
        cur.execute(f"SET LOCAL work_mem = '{MEMORI_KERJA}'")
        cur.execute(
            _PINDAI,
            {"awal": f"{kode}.", "akhir": f"{kode}/", "kode": kode, "digabung": rc.StatusAnggota.DIGABUNG,
             "baru": c.StatusPasangan.BARU},
        )
        return cur.rowcount


# --- Entry time: the rows of a registration form or an import, before they are written ----------

@dataclass(frozen=True)
class OrangBaru:
    """A person about to be written (``indeks``: the form row / the file row)."""

    indeks: int
    nama: str
    tanggal_lahir: date
    jenis_kelamin: str = ""
    tempat_lahir: str = ""
    nik: str = ""


@dataclass(frozen=True)
class Calon:
    """A registered member who may be the same person as ``OrangBaru`` number ``indeks``."""

    indeks: int
    anggota_id: int
    skor: int
    kemiripan: float
    alasan: tuple[str, ...]


_CALON = f"""
WITH baru AS (
  SELECT t.indeks, sidamping_nama_cari(t.nama) AS nama_cari, t.tanggal_lahir, t.jenis_kelamin,
         coalesce(sidamping_nama_cari(t.tempat), '') AS tempat, t.nik
    FROM unnest(%(indeks)s::int[], %(nama)s::text[], %(tanggal)s::date[], %(jk)s::text[], %(tempat)s::text[],
                %(nik)s::text[]) AS t(indeks, nama, tanggal_lahir, jenis_kelamin, tempat, nik)
),
-- Registered members reached by an index (birth date; NIK), normalised only for those rows.
calon AS (
  SELECT b.indeks, a.id, false AS t
    FROM baru b JOIN pmks_anggota a ON a.tanggal_lahir = b.tanggal_lahir
   WHERE a.status <> %(digabung)s AND NOT (a.id = ANY(%(kecuali)s::bigint[]))
     AND (similarity(sidamping_nama_cari(a.nama), b.nama_cari) >= {AMBANG_NAMA}
          OR (sidamping_nama_cari(a.nama) = b.nama_cari AND b.tempat <> ''
              AND coalesce(sidamping_nama_cari(a.tempat_lahir), '') = b.tempat))
  UNION ALL
  SELECT b.indeks, a.id, true
    FROM baru b CROSS JOIN {_POSISI_TANGGAL}
    JOIN pmks_anggota a ON a.nik = {_NIK_TUKAR.format(n="b.nik")}
   WHERE length(b.nik) = 16 AND substr(b.nik, p, 1) <> substr(b.nik, p + 1, 1)
     AND a.status <> %(digabung)s AND NOT (a.id = ANY(%(kecuali)s::bigint[]))
     AND (a.tanggal_lahir = b.tanggal_lahir
          OR similarity(sidamping_nama_cari(a.nama), b.nama_cari) >= {AMBANG_NAMA_NIK})
),
satu AS (SELECT indeks, id, bool_or(t) AS nik_tukar FROM calon GROUP BY indeks, id)
SELECT s.indeks, x.id, {_SKOR.format(sim="similarity(x.nama_cari, b.nama_cari)", x="x", y="b", tukar="s.nik_tukar")},
       similarity(x.nama_cari, b.nama_cari),
       {_alasan_sql("x", "b", "similarity(x.nama_cari, b.nama_cari)", "s.nik_tukar")}
  FROM satu s JOIN baru b ON b.indeks = s.indeks
  CROSS JOIN LATERAL (
    SELECT a.id, a.tanggal_lahir, a.jenis_kelamin, sidamping_nama_cari(a.nama) AS nama_cari,
           coalesce(sidamping_nama_cari(a.tempat_lahir), '') AS tempat
      FROM pmks_anggota a WHERE a.id = s.id
  ) x
 ORDER BY s.indeks, 3 DESC, x.id
"""


def _nik_sah(nik: object) -> str:
    """A NIK that may take part in the swapped-digits rule (a cell with errors does not)."""
    return nik if isinstance(nik, str) and len(nik) == 16 and nik.isdigit() else ""


def calon_untuk_orang(orang: list[OrangBaru], *, kecuali: set[int] = frozenset(), per_orang: int = 5) -> list[Calon]:
    """Registered members who may be one of ``orang`` (the rules and score of the module
    docstring), at most ``per_orang`` each, best first. ``kecuali``: member ids not to propose
    (the records being edited). THE check of the registration form and of the import."""
    hasil: list[Calon] = []
    for i in range(0, len(orang), POTONGAN):
        potong = [o for o in orang[i : i + POTONGAN] if isinstance(o.nama, str) and o.nama and
                  isinstance(o.tanggal_lahir, date)]
        if not potong:
            continue
        with connection.cursor() as cur:
            cur.execute(_CALON, {
                "indeks": [o.indeks for o in potong], "nama": [o.nama for o in potong],
                "tanggal": [o.tanggal_lahir for o in potong], "jk": [str(o.jenis_kelamin or "") for o in potong],
                "tempat": [str(o.tempat_lahir or "") for o in potong],
                "nik": [_nik_sah(o.nik) for o in potong],
                "kecuali": sorted(kecuali), "digabung": rc.StatusAnggota.DIGABUNG,
            })
            jumlah: dict[int, int] = {}
            for indeks, anggota_id, skor, sim, alasan in cur.fetchall():
                if not alasan or jumlah.get(indeks, 0) >= per_orang:
                    continue
                jumlah[indeks] = jumlah.get(indeks, 0) + 1
                hasil.append(Calon(indeks, anggota_id, skor, float(sim), tuple(alasan)))
    return hasil
