"""Registry rollup: per kelurahan, per month, per jenis PMKS — what the registry figures read.

Two tables, kept by database triggers (migration ``pmks.0015_rollup_registri``) in the same
transaction as the write, like the name index: every write path (the registry services, the
spreadsheet import, offline sync, the admin, a restore) keeps them current without Python code.

- ``FaktaRegistri`` (``pmks_faktaregistri``): each household's *contribution*, a few rows per
  household ``(keluarga, kelurahan, bulan, jenis)`` computed by the SQL function
  ``sidamping_fakta_registri(ids)`` — the figure cores of ``pmks.registri.angka`` written month by
  month (see ``SQL_FAKTA``).
- ``RollupRegistri`` (``pmks_rollupregistri``): the sum of those rows per
  ``(kelurahan, bulan, jenis)``; ``jenis_id = 0`` holds the household totals.
- ``JenisAktifKeluarga`` (``pmks_jenisaktifkeluarga``): per active household with active PMKS types,
  the types, desil and registration time, read from the new facts in the same refresh (what
  *belum terjangkau* reads: one row per household).

Column meaning: ``kk``, ``jiwa``, ``pmks`` are *entries into the stock* in that month — the stock
of month M is the sum of the rows with ``bulan <= M``; ``kk_baru``, ``jiwa_baru``, ``pmks_baru``
are the month's *new* figures (the row with ``bulan = M``). A figure of a kecamatan or a kab/kota
is therefore a sum over its kelurahan's rows: its cost is the number of kelurahan × months, not
the number of households.

When a household, a member or a classification changes, a statement-level trigger recomputes the
facts of the households the statement touched (an advisory lock per household serialises two
transactions on the same household), subtracts their old rows from the rollup and adds the new
ones (``INSERT … ON CONFLICT DO UPDATE SET n = n + delta``: concurrent writers in one kelurahan
add up). Bulk generators that switch triggers off rebuild both with ``manage.py bangun_rollup``.
``tests/pmks/registri/test_rollup.py`` checks that the rollup equals the from-scratch count of
``pmks.registri.angka`` after every kind of change.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from tksk.kunci import KelasKunci
from tksk.pemicu import (
    berbeda_dari,
    kunci_tersentuh,
    segarkan_id,
    sql_bangun,
    sql_hapus_pemicu,
    sql_pemicu,
    sql_per_keluarga,
    sql_segarkan,
)

ZONA = "Asia/Jakarta"  # the months of timestamps are WIB months (as ``angka.akhir_hari``)

# One household's contribution, month by month. ``bk`` = month the household was registered,
# ``ba`` = a member's month, ``bt`` = month of an assessment (``tanggal_asesmen``). Only active
# households, active members and active classifications take part (``angka.syarat_stok``,
# ``angka.klasifikasi_berlaku_pada``):
# - kk: +1 at bk (kk_baru at bk);
# - jiwa: per active member +1 at max(bk, ba); jiwa_baru at ba when ba >= bk;
# - pmks (keluarga_pmks_pada): +1 at max(bk, bp), bp = month of the first classification in force
#   (household or member level); pmks_baru (keluarga_pmks_baru) at bp when bp >= bk;
# - per jenis (laporan.bagian.registri): kk +1 at max(bk, bt_jenis), kk_baru at bt_jenis >= bk;
#   jiwa: a household-level classification counts its active members n from max(bk, bt_hh)
#   (jiwa_baru n at bt_hh >= bk); a person classified themselves counts 1 from max(bk, bt_p) until
#   the household is classified for that jenis (−1 at max(bk, bt_p, bt_hh)); baru at bt_p when
#   bt_p >= bk and the household was not classified for that jenis by then.
SQL_FAKTA = f"""
CREATE OR REPLACE FUNCTION sidamping_fakta_registri(ids bigint[])
RETURNS TABLE (keluarga_id bigint, kelurahan_id bigint, bulan date, jenis_id bigint,
               kk integer, kk_baru integer, jiwa integer, jiwa_baru integer, pmks integer, pmks_baru integer)
LANGUAGE sql STABLE AS $$
WITH k AS MATERIALIZED (
  SELECT k.id, k.kelurahan_id, date_trunc('month', k.dibuat_pada AT TIME ZONE '{ZONA}')::date AS bk
    FROM pmks_keluarga k WHERE k.id = ANY(ids) AND k.status = 'aktif'
),
a AS MATERIALIZED (
  SELECT a.id, a.keluarga_id, date_trunc('month', a.dibuat_pada AT TIME ZONE '{ZONA}')::date AS ba
    FROM pmks_anggota a WHERE a.keluarga_id = ANY(ids) AND a.status = 'aktif'
),
kl AS MATERIALIZED (
  SELECT kl.keluarga_id, kl.anggota_id, kl.jenis_id, date_trunc('month', kl.tanggal_asesmen)::date AS bt
    FROM pmks_klasifikasipmks kl WHERE kl.keluarga_id = ANY(ids) AND kl.aktif
),
pm AS (SELECT kl.keluarga_id, MIN(kl.bt) AS bp FROM kl GROUP BY 1),
kj AS (SELECT kl.keluarga_id, kl.jenis_id, MIN(kl.bt) AS bt FROM kl GROUP BY 1, 2),
hh AS (SELECT kl.keluarga_id, kl.jenis_id, MIN(kl.bt) AS bt FROM kl WHERE kl.anggota_id IS NULL GROUP BY 1, 2),
n AS (SELECT a.keluarga_id, COUNT(*)::integer AS n FROM a GROUP BY 1),
po AS (
  SELECT kl.keluarga_id, kl.anggota_id, kl.jenis_id, MIN(kl.bt) AS bt
    FROM kl JOIN a ON a.id = kl.anggota_id GROUP BY 1, 2, 3
),
d (keluarga_id, kelurahan_id, bulan, jenis_id, kk, kk_baru, jiwa, jiwa_baru, pmks, pmks_baru) AS (
  SELECT k.id, k.kelurahan_id, k.bk, 0::bigint, 1, 1, 0, 0, 0, 0 FROM k
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, a.ba), 0, 0, 0, 1, 0, 0, 0 FROM a JOIN k ON k.id = a.keluarga_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, a.ba, 0, 0, 0, 0, 1, 0, 0 FROM a JOIN k ON k.id = a.keluarga_id WHERE a.ba >= k.bk
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, pm.bp), 0, 0, 0, 0, 0, 1, 0 FROM pm JOIN k ON k.id = pm.keluarga_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, pm.bp, 0, 0, 0, 0, 0, 0, 1 FROM pm JOIN k ON k.id = pm.keluarga_id WHERE pm.bp >= k.bk
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, kj.bt), kj.jenis_id, 1, 0, 0, 0, 0, 0
    FROM kj JOIN k ON k.id = kj.keluarga_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, kj.bt, kj.jenis_id, 0, 1, 0, 0, 0, 0
    FROM kj JOIN k ON k.id = kj.keluarga_id WHERE kj.bt >= k.bk
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, hh.bt), hh.jenis_id, 0, 0, COALESCE(n.n, 0), 0, 0, 0
    FROM hh JOIN k ON k.id = hh.keluarga_id LEFT JOIN n ON n.keluarga_id = hh.keluarga_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, hh.bt, hh.jenis_id, 0, 0, 0, COALESCE(n.n, 0), 0, 0
    FROM hh JOIN k ON k.id = hh.keluarga_id LEFT JOIN n ON n.keluarga_id = hh.keluarga_id WHERE hh.bt >= k.bk
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, po.bt), po.jenis_id, 0, 0, 1, 0, 0, 0
    FROM po JOIN k ON k.id = po.keluarga_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, GREATEST(k.bk, po.bt, hh.bt), po.jenis_id, 0, 0, -1, 0, 0, 0
    FROM po JOIN k ON k.id = po.keluarga_id
    JOIN hh ON hh.keluarga_id = po.keluarga_id AND hh.jenis_id = po.jenis_id
  UNION ALL
  SELECT k.id, k.kelurahan_id, po.bt, po.jenis_id, 0, 0, 0, 1, 0, 0
    FROM po JOIN k ON k.id = po.keluarga_id
    LEFT JOIN hh ON hh.keluarga_id = po.keluarga_id AND hh.jenis_id = po.jenis_id
   WHERE po.bt >= k.bk AND (hh.bt IS NULL OR hh.bt > po.bt)
)
SELECT d.keluarga_id, d.kelurahan_id, d.bulan, d.jenis_id, SUM(d.kk)::integer, SUM(d.kk_baru)::integer,
       SUM(d.jiwa)::integer, SUM(d.jiwa_baru)::integer, SUM(d.pmks)::integer, SUM(d.pmks_baru)::integer
  FROM d GROUP BY 1, 2, 3, 4
$$;
"""

KOLOM = ("kk", "kk_baru", "jiwa", "jiwa_baru", "pmks", "pmks_baru")
_JUMLAH = ", ".join(f"SUM({k})" for k in KOLOM)
_KOLOM = ", ".join(KOLOM)
# Each active household's active PMKS types (its facts' rows with ``kk > 0`` per type: exactly one per
# active type), with its kelurahan, desil and registration time (``JenisAktifKeluarga``).
_SQL_JENIS_AKTIF = """
  SELECT k.id, k.kelurahan_id, k.desil, k.dibuat_pada, array_agg(f.jenis_id ORDER BY f.jenis_id)
    FROM pmks_faktaregistri f JOIN pmks_keluarga k ON k.id = f.keluarga_id
   WHERE f.kk > 0 AND f.jenis_id > 0 AND k.status = 'aktif' {syarat}
   GROUP BY k.id"""
_KOLOM_JENIS_AKTIF = "keluarga_id, kelurahan_id, desil, dibuat_pada, jenis"
_ISI_JENIS_AKTIF = f"""  DELETE FROM pmks_jenisaktifkeluarga j WHERE j.keluarga_id = ANY(ids);
  INSERT INTO pmks_jenisaktifkeluarga ({_KOLOM_JENIS_AKTIF})
  {_SQL_JENIS_AKTIF.format(syarat="AND f.keluarga_id = ANY(ids)")};"""

# Recompute the facts of households ``ids``, move the rollup by the difference, then their active types.
def _sql_segarkan(lalu: str) -> str:
    return sql_segarkan(
        fungsi="sidamping_rollup_segarkan", kunci_kunci=KelasKunci.ROLLUP_REGISTRI, fakta="pmks_faktaregistri",
        fungsi_fakta="sidamping_fakta_registri", rollup="pmks_rollupregistri",
        grup=("kelurahan_id", "bulan", "jenis_id"), ukuran=KOLOM, lalu=lalu,
    )


SQL_SEGARKAN = _sql_segarkan(_ISI_JENIS_AKTIF)
SQL_SEGARKAN_TANPA_JENIS_AKTIF = _sql_segarkan("")  # before ``JenisAktifKeluarga`` (its migration's reverse)
# A household's desil (not a registry figure) only moves its row of ``JenisAktifKeluarga``: same locks.
SQL_SEGARKAN_JENIS_AKTIF = sql_per_keluarga(
    fungsi="sidamping_jenis_aktif_segarkan", kunci_kunci=KelasKunci.ROLLUP_REGISTRI, isi=_ISI_JENIS_AKTIF)
SQL_PEMICU_JENIS_AKTIF = sql_pemicu(
    tabel="pmks_keluarga", fungsi="sidamping_jenis_aktif", pemicu="sidamping_jenis_aktif",
    dari=kunci_tersentuh("SELECT x.id FROM {t} x", ("desil",), aksi=("ubah",)),
    isi=segarkan_id("sidamping_jenis_aktif_segarkan"))

# Statement-level triggers: the households a statement touched (old and new rows), once per statement.
_PEMICU = {
    # table: (household key column, columns whose change matters on UPDATE)
    "pmks_keluarga": ("id", ("status", "kelurahan_id", "dibuat_pada")),
    "pmks_anggota": ("keluarga_id", ("status", "keluarga_id", "dibuat_pada")),
    "pmks_klasifikasipmks": ("keluarga_id", ("aktif", "keluarga_id", "anggota_id", "jenis_id", "tanggal_asesmen")),
}


def _sql_pemicu() -> str:
    return "\n".join(
        sql_pemicu(tabel=tabel, fungsi="sidamping_rollup", pemicu="sidamping_rollup",
                   dari=kunci_tersentuh(f"SELECT x.{kunci} FROM {{t}} x", kolom),
                   isi=segarkan_id("sidamping_rollup_segarkan"))
        for tabel, (kunci, kolom) in _PEMICU.items()
    )


SQL_PEMICU = _sql_pemicu()

# From scratch (``manage.py bangun_rollup``, the migration, the synthetic generator after COPY):
# the facts of every household, 20,000 at a time, then their sums.
SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  dari bigint := 0;
  hingga bigint;
  n bigint;
BEGIN
  LOCK TABLE pmks_faktaregistri, pmks_rollupregistri IN ACCESS EXCLUSIVE MODE;
  TRUNCATE pmks_faktaregistri, pmks_rollupregistri;
  SELECT COALESCE(MAX(id), -1) INTO hingga FROM pmks_keluarga;
  WHILE dari <= hingga LOOP
    INSERT INTO pmks_faktaregistri (keluarga_id, kelurahan_id, bulan, jenis_id, {_KOLOM})
    SELECT * FROM sidamping_fakta_registri(ARRAY(
      SELECT id FROM pmks_keluarga WHERE id >= dari AND id < dari + 20000));
    dari := dari + 20000;
  END LOOP;
  INSERT INTO pmks_rollupregistri (kelurahan_id, bulan, jenis_id, {_KOLOM})
  SELECT kelurahan_id, bulan, jenis_id, {_JUMLAH} FROM pmks_faktaregistri GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
"""
TABEL = ("pmks_faktaregistri", "pmks_rollupregistri")

# ``JenisAktifKeluarga`` from scratch, from the facts (run after ``sidamping_rollup_bangun``).
SQL_BANGUN_JENIS_AKTIF = sql_bangun(
    fungsi="sidamping_jenis_aktif_bangun", tabel=("pmks_jenisaktifkeluarga",),
    isi=f"INSERT INTO pmks_jenisaktifkeluarga ({_KOLOM_JENIS_AKTIF}) {_SQL_JENIS_AKTIF.format(syarat='')}")
TABEL_JENIS_AKTIF = ("pmks_jenisaktifkeluarga",)


def jenis_aktif_berbeda(keluarga_ids: list[int] | None = None) -> bool:
    """Whether the stored ``JenisAktifKeluarga`` rows (of households ``keluarga_ids``; all when None) differ
    from those read afresh from the registry facts (the check of ``bangun_rollup --periksa`` and the tests)."""
    if keluarga_ids is None:
        return berbeda_dari("pmks_jenisaktifkeluarga", _KOLOM_JENIS_AKTIF, _SQL_JENIS_AKTIF.format(syarat=""))
    return berbeda_dari("pmks_jenisaktifkeluarga", _KOLOM_JENIS_AKTIF,
                        _SQL_JENIS_AKTIF.format(syarat="AND f.keluarga_id = ANY(%s)"), [list(keluarga_ids)],
                        syarat="keluarga_id = ANY(%s)", params_syarat=[list(keluarga_ids)])

SQL_HAPUS_JENIS_AKTIF = sql_hapus_pemicu(
    tabel="pmks_keluarga", fungsi="sidamping_jenis_aktif", pemicu="sidamping_jenis_aktif", aksi=("ubah",)
) + ("DROP FUNCTION IF EXISTS sidamping_jenis_aktif_segarkan(bigint[]);"
     "DROP FUNCTION IF EXISTS sidamping_jenis_aktif_bangun();")

SQL_HAPUS_PEMICU = "\n".join(
    sql_hapus_pemicu(tabel=tabel, fungsi="sidamping_rollup", pemicu="sidamping_rollup") for tabel in _PEMICU
) + (
    "DROP FUNCTION IF EXISTS sidamping_rollup_bangun(); DROP FUNCTION IF EXISTS sidamping_rollup_segarkan(bigint[]);"
    "DROP FUNCTION IF EXISTS sidamping_fakta_registri(bigint[]);"
)


class FaktaRegistri(models.Model):
    """One household's contribution to the rollup (derived data; see the module docstring)."""

    keluarga_id = models.BigIntegerField(db_index=True)
    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    jenis_id = models.BigIntegerField()  # 0 = household totals
    kk = models.IntegerField(default=0)
    kk_baru = models.IntegerField(default=0)
    jiwa = models.IntegerField(default=0)
    jiwa_baru = models.IntegerField(default=0)
    pmks = models.IntegerField(default=0)
    pmks_baru = models.IntegerField(default=0)

    class Meta:
        verbose_name = "fakta registri"
        verbose_name_plural = "fakta registri"
        indexes = [
            # an area's households by their entry rows — the stock (jenis 0, kk), PMKS (jenis 0, pmks) and
            # each active PMKS type (jenis > 0, kk): one range scan per kelurahan, index-only
            # (bantuan.cakupan: belum terjangkau and the coverage figures)
            models.Index(fields=["kelurahan_id", "jenis_id"], include=["keluarga_id", "bulan", "kk", "pmks"],
                         condition=models.Q(kk__gt=0) | models.Q(pmks__gt=0), name="fakta_registri_area"),
        ]

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id} {self.bulan:%Y-%m} jenis {self.jenis_id}"


class RollupRegistri(models.Model):
    """Registry figures per kelurahan × month × jenis PMKS (``jenis_id = 0``: totals)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    jenis_id = models.BigIntegerField()
    kk = models.IntegerField(default=0)
    kk_baru = models.IntegerField(default=0)
    jiwa = models.IntegerField(default=0)
    jiwa_baru = models.IntegerField(default=0)
    pmks = models.IntegerField(default=0)
    pmks_baru = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup registri"
        verbose_name_plural = "rollup registri"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "bulan", "jenis_id"], name="rollup_registri_unik"),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} jenis {self.jenis_id}"


class JenisAktifKeluarga(models.Model):
    """One active household with active PMKS types: the types, its kelurahan, desil and registration time
    (derived data, what ``bantuan.cakupan`` reads for *belum terjangkau*: one row per household of the
    area instead of its registry facts and the household row). Written by the registry refresh
    (``sidamping_rollup_segarkan``, right after the household's facts, under their locks) and, when only
    the desil changes, by its own trigger on ``pmks_keluarga``; rebuilt by ``sidamping_rollup_bangun``.

    Invariant: the row of household K is ``_SQL_JENIS_AKTIF`` for K (none when K is not active or has
    no active type); ``tests/pmks/registri/test_rollup.py`` checks it after every kind of change."""

    keluarga_id = models.BigIntegerField(primary_key=True)
    kelurahan_id = models.BigIntegerField()
    desil = models.SmallIntegerField(null=True)
    dibuat_pada = models.DateTimeField()
    jenis = ArrayField(models.BigIntegerField())

    class Meta:
        verbose_name = "jenis PMKS aktif keluarga"
        verbose_name_plural = "jenis PMKS aktif keluarga"
        # an area's rows, index-only (``bantuan.cakupan._sql_belum_terjangkau``)
        indexes = [models.Index(fields=["kelurahan_id"], include=["keluarga_id", "desil", "dibuat_pada", "jenis"],
                                name="jenis_aktif_area")]

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id}: jenis {self.jenis}"
