"""Aid rollup: proposals, distributions and external receipts per kelurahan × month × program.

What the report's sections II (``laporan.bagian.usulan``) and III (``laporan.bagian.penyaluran``)
and the dashboard's "usulan menunggu keputusan" tile read, through the figure functions of
``bantuan.selectors`` (each with a ``…_dari_awal`` twin that counts from the rows). Kept by
statement-level database triggers (migration ``bantuan.0009_rollup_bantuan``) in the writer's
transaction, the same way as the registry rollup (``pmks.models.rollup``): the services, the BNBA
import, the admin and a restore all keep it current without Python code.

Two tables:

- ``FaktaBantuan`` (``bantuan_faktabantuan``): each household's *contribution*, computed from that
  household's own rows by the SQL function ``sidamping_fakta_bantuan(ids)`` (see ``SQL_FAKTA``).
- ``RollupBantuan`` (``bantuan_rollupbantuan``): the sum of those rows per
  ``(kelurahan, bulan, program, peristiwa)``.

The kelurahan is the household's *current* one (as the row-counting queries have it): a household
that moves takes its proposals, distributions and receipts along. ``bulan`` is the first day of a
month (timestamps in WIB months). What ``n`` (and ``nilai``) mean, per ``peristiwa``:

- ``usulan:dibuat``: proposals created (``dibuat_pada``) in the month;
- ``usulan:<status>``: distinct proposals with a status-history row (``RiwayatStatusUsulan``)
  reaching that status in the month;
- ``kini:<status>``: proposals whose status is that status *now* (current state: ``bulan`` is
  ``KINI``, 0001-01-01, not a month);
- ``salur:kali``: distributions of the month (``Penyaluran.bulan``); ``nilai`` = the sum of the
  recorded ``nilai``; ``salur:tanpa_nilai``: those without a recorded value (the Rupiah figure adds
  ``n × program.nilai_per_penerima`` when read, so a program's estimate needs no rollup change);
- ``salur:penerima``: households receiving a distribution of the program in the month (1 per
  household: the sum over a kelurahan's households is the number of *distinct* households);
- ``eksternal:penerima``: households with an active external receipt (BNBA PKH/BPNT) whose period
  covers part of the month (1 per household and month of the period).
Every figure is an event of its month (nothing carried over): a month reads its own rows.

When a proposal, a history row, a distribution, a receipt or a household's kelurahan changes, a
statement-level trigger recomputes the facts of the households the statement touched (an advisory
lock per household serialises two transactions on one household), subtracts their old rows from the
rollup and adds the new ones (``INSERT … ON CONFLICT DO UPDATE SET n = n + delta``: concurrent
writers in one kelurahan add up). A write costs a few index lookups of one household's rows,
whatever the size of its kelurahan. ``bangun_rollup_bantuan()`` (``manage.py bangun_rollup``)
rebuilds both tables after a bulk writer that switched triggers off. ``tests/bantuan/test_rollup.py``
checks the rollup against the row counts after every kind of change.
"""

from __future__ import annotations

from datetime import date

from django.db import models

from tksk.kunci import KelasKunci
from tksk.pemicu import AKSI, bangun_ulang, kunci_tersentuh, segarkan_id, sql_hapus_pemicu, sql_pemicu, sql_segarkan

ZONA = "Asia/Jakarta"
KINI = date(1, 1, 1)  # the ``bulan`` of the current-state rows (``kini:<status>``)
_BULAN = "date_trunc('month', {x} AT TIME ZONE '" + ZONA + "')::date"

SQL_FAKTA = f"""
CREATE OR REPLACE FUNCTION sidamping_fakta_bantuan(ids bigint[])
RETURNS TABLE (keluarga_id bigint, kelurahan_id bigint, bulan date, program_id bigint, peristiwa varchar,
               n integer, nilai bigint)
LANGUAGE sql STABLE AS $$
WITH k AS MATERIALIZED (SELECT k.id, k.kelurahan_id FROM pmks_keluarga k WHERE k.id = ANY(ids)),
u AS MATERIALIZED (
  SELECT u.id, u.keluarga_id, u.program_id, u.status, u.dibuat_pada FROM bantuan_usulan u WHERE u.keluarga_id = ANY(ids)
),
s AS MATERIALIZED (
  SELECT u.keluarga_id, u.program_id, s.bulan, s.nilai FROM bantuan_penyaluran s JOIN u ON u.id = s.usulan_id
   WHERE s.usulan_id = ANY(ARRAY(SELECT u.id FROM u))  -- an index scan, whatever the estimate of u
),
d (keluarga_id, bulan, program_id, peristiwa, n, nilai) AS (
  SELECT u.keluarga_id, {_BULAN.format(x="u.dibuat_pada")}, u.program_id, 'usulan:dibuat', 1, 0::bigint FROM u
  UNION ALL
  SELECT u.keluarga_id, DATE '0001-01-01', u.program_id, 'kini:' || u.status, 1, 0 FROM u
  UNION ALL
  SELECT r.keluarga_id, r.bulan, r.program_id, 'usulan:' || r.ke, 1, 0 FROM (
    SELECT DISTINCT u.id, u.keluarga_id, u.program_id, {_BULAN.format(x="r.pada")} AS bulan, r.ke
      FROM bantuan_riwayatstatususulan r JOIN u ON u.id = r.usulan_id
     WHERE r.usulan_id = ANY(ARRAY(SELECT u.id FROM u))
  ) AS r
  UNION ALL
  SELECT s.keluarga_id, s.bulan, s.program_id, 'salur:kali', 1, COALESCE(s.nilai, 0) FROM s
  UNION ALL
  SELECT s.keluarga_id, s.bulan, s.program_id, 'salur:tanpa_nilai', 1, 0 FROM s WHERE s.nilai IS NULL
  UNION ALL
  SELECT DISTINCT s.keluarga_id, s.bulan, s.program_id, 'salur:penerima', 1, 0::bigint FROM s
  UNION ALL
  SELECT DISTINCT e.keluarga_id, m.bulan::date, e.program_id, 'eksternal:penerima', 1, 0::bigint
    FROM bantuan_penerimaaneksternal e
   CROSS JOIN LATERAL generate_series(date_trunc('month', e.periode_mulai), date_trunc('month', e.periode_selesai),
                                      interval '1 month') AS m(bulan)
   WHERE e.keluarga_id = ANY(ids) AND e.aktif
)
SELECT d.keluarga_id, k.kelurahan_id, d.bulan, d.program_id, d.peristiwa::varchar, SUM(d.n)::integer,
       SUM(d.nilai)::bigint
  FROM d JOIN k ON k.id = d.keluarga_id GROUP BY 1, 2, 3, 4, 5
$$;
"""

_G = "kelurahan_id, bulan, program_id, peristiwa"
SQL_SEGARKAN = sql_segarkan(
    fungsi="sidamping_rollup_bantuan_segarkan", kunci_kunci=KelasKunci.BANTUAN, fakta="bantuan_faktabantuan",
    fungsi_fakta="sidamping_fakta_bantuan", rollup="bantuan_rollupbantuan",
    grup=("kelurahan_id", "bulan", "program_id", "peristiwa"), ukuran=("n", "nilai"),
)

# Statement-level triggers: the households a statement touched (old and new rows), once per statement.
# table: (households of the rows in {t}, columns whose change matters on UPDATE)
_KUNCI = {
    "bantuan_usulan": ("SELECT x.keluarga_id FROM {t} x", ("keluarga_id", "program_id", "dibuat_pada", "status")),
    "bantuan_riwayatstatususulan": (
        "SELECT u.keluarga_id FROM {t} x JOIN bantuan_usulan u ON u.id = x.usulan_id", ("usulan_id", "ke", "pada"),
    ),
    "bantuan_penyaluran": (
        "SELECT u.keluarga_id FROM {t} x JOIN bantuan_usulan u ON u.id = x.usulan_id", ("usulan_id", "bulan", "nilai"),
    ),
    "bantuan_penerimaaneksternal": (
        "SELECT x.keluarga_id FROM {t} x",
        ("keluarga_id", "program_id", "aktif", "periode_mulai", "periode_selesai"),
    ),
    # a moved household takes its rows along (a new household has none; one with rows cannot be deleted)
    "pmks_keluarga": ("SELECT x.id FROM {t} x", ("kelurahan_id",)),
}


def _sql_pemicu() -> str:
    return "\n".join(
        sql_pemicu(tabel=tabel, fungsi="sidamping_rollup_bantuan", pemicu="sidamping_rollup_bantuan",
                   # a new household has no aid rows yet; one with rows cannot be deleted
                   dari=kunci_tersentuh(kunci, kolom, aksi=("ubah",) if tabel == "pmks_keluarga" else AKSI),
                   isi=segarkan_id("sidamping_rollup_bantuan_segarkan"))
        for tabel, (kunci, kolom) in _KUNCI.items()
    )


SQL_PEMICU = _sql_pemicu()

# From scratch (``manage.py bangun_rollup``, the migration, after a bulk writer with triggers off):
# the facts of every household, 20,000 at a time, then their sums.
SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_bantuan_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  dari bigint := 0;
  hingga bigint;
  jumlah bigint;
BEGIN
  LOCK TABLE bantuan_faktabantuan, bantuan_rollupbantuan IN ACCESS EXCLUSIVE MODE;
  TRUNCATE bantuan_faktabantuan, bantuan_rollupbantuan;
  SELECT COALESCE(MAX(id), -1) INTO hingga FROM pmks_keluarga;
  WHILE dari <= hingga LOOP
    INSERT INTO bantuan_faktabantuan (keluarga_id, {_G}, n, nilai)
    SELECT * FROM sidamping_fakta_bantuan(ARRAY(
      SELECT id FROM pmks_keluarga WHERE id >= dari AND id < dari + 20000));
    dari := dari + 20000;
  END LOOP;
  INSERT INTO bantuan_rollupbantuan ({_G}, n, nilai)
  SELECT {_G}, SUM(n), SUM(nilai) FROM bantuan_faktabantuan GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 3, 4;
  GET DIAGNOSTICS jumlah = ROW_COUNT;
  RETURN jumlah;
END $$;
"""

SQL_HAPUS = "\n".join(
    sql_hapus_pemicu(tabel=tabel, fungsi="sidamping_rollup_bantuan", pemicu="sidamping_rollup_bantuan")
    for tabel in _KUNCI
) + (
    "DROP FUNCTION IF EXISTS sidamping_rollup_bantuan_bangun();"
    "DROP FUNCTION IF EXISTS sidamping_rollup_bantuan_segarkan(bigint[]);"
    "DROP FUNCTION IF EXISTS sidamping_fakta_bantuan(bigint[]);"
)

TABEL = ("bantuan_faktabantuan", "bantuan_rollupbantuan")


class FaktaBantuan(models.Model):
    """One household's contribution to the aid rollup (derived data; see the module docstring)."""

    keluarga_id = models.BigIntegerField(db_index=True)
    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    program_id = models.BigIntegerField()
    peristiwa = models.CharField(max_length=30)
    n = models.IntegerField(default=0)
    nilai = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "fakta bantuan"
        verbose_name_plural = "fakta bantuan"

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id} {self.bulan:%Y-%m} program {self.program_id} {self.peristiwa}"


class RollupBantuan(models.Model):
    """Aid figures per kelurahan × month × program × peristiwa (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    program_id = models.BigIntegerField()
    peristiwa = models.CharField(max_length=30)
    n = models.IntegerField(default=0)
    nilai = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "rollup bantuan"
        verbose_name_plural = "rollup bantuan"
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan_id", "bulan", "program_id", "peristiwa"], name="rollup_bantuan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} program {self.program_id} {self.peristiwa}"


def bangun_rollup_bantuan() -> int:
    """Rebuild the aid rollup from scratch (one transaction); returns its number of rollup rows."""
    return bangun_ulang("sidamping_rollup_bantuan_bangun", TABEL)


def periksa_rollup_bantuan(*, kelurahan_ids: list[int], bulan) -> list[str]:
    """The figures of ``bantuan.selectors`` whose rollup differs from the rows' count (empty: all equal)."""
    from bantuan import selectors as s

    beda = [
        nama for nama in ("angka_usulan", "angka_penyaluran", "angka_penerima_eksternal")
        if getattr(s, nama)(bulan=bulan, kelurahan_ids=kelurahan_ids)
        != getattr(s, f"{nama}_dari_awal")(bulan=bulan, kelurahan_ids=kelurahan_ids)
    ]
    if s.usulan_per_status(kelurahan_ids=kelurahan_ids) != s.usulan_per_status_dari_awal(kelurahan_ids=kelurahan_ids):
        beda.append("usulan_per_status")
    return beda
