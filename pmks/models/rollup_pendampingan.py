"""Pendampingan rollup: visits, referrals and follow-ups per kelurahan × month.

What the report's section IV (``laporan.bagian.pendampingan``), ``rekap_pendampingan`` and the
dashboard's visit tiles read, through ``pmks.pendampingan.selectors.rekap.angka_pendampingan`` (its
twin ``angka_pendampingan_dari_awal`` counts from the rows). Kept by statement-level triggers
(migration ``pmks.0018_rollup_pendampingan``) in the writer's transaction, like the registry rollup
(``pmks.models.rollup``), so services, offline sync, the admin and a restore keep it current.

Tables and what a row means (``bulan`` = first day of a month; timestamps in WIB months):

- ``RollupKunjungan`` (``pmks_rollupkunjungan``), ``(kelurahan of the visit, bulan, jenis)``:
  ``kunjungan`` = visits dated (``tanggal``) in the month, ``keluarga`` = distinct households taking
  part in them. ``jenis = ""`` holds the month's totals over every jenis (its ``keluarga`` is the
  distinct households of all the month's visits — not the sum of the jenis rows).
- ``FaktaPendampingan`` (``pmks_faktapendampingan``): each household's contribution to the
  referral and follow-up figures, computed from that household's own rows by the SQL function
  ``sidamping_fakta_pendampingan(ids)``; ``RollupPendampingan`` (``pmks_rolluppendampingan``): their
  sums per ``(kelurahan of the household, bulan, kategori, peristiwa)`` → ``n``:
  ``rujukan:dibuat`` = referrals dated in the month, ``rujukan:<status>`` = status-history rows
  reaching that status in the month (creation rows excluded), per referral ``kategori``;
  ``tl:dibuat`` / ``tl:selesai`` (``kategori = ""``) = follow-ups created / completed (status
  ``selesai``) in the month; ``tl:terlambat`` = *entries into the stock* of "overdue at the month's
  end" (created before the month ended, due before its last day, not closed by then): the figure
  of month M is the sum of the rows with ``bulan <= M`` — a follow-up adds +1 at the first month it
  is overdue at the month's end and −1 at the month it was closed in.

Maintenance: visits are recounted per group ``(kelurahan of the visit, bulan)`` from the index on
``(kelurahan, tanggal)`` (a visit stays with the kelurahan it was recorded in); referrals and
follow-ups through per-household facts, like the registry rollup: the trigger recomputes the facts
of the households a statement touched and moves the rollup by the difference (``INSERT … ON
CONFLICT DO UPDATE SET n = n + delta``), so a household that moves takes its referrals and
follow-ups along. Advisory locks (per visit group, per household) serialise two writers of the same
group; the one that waited sees what the other committed. ``bangun_rollup_pendampingan()``
(``manage.py bangun_rollup``) rebuilds everything; ``tests/pmks/pendampingan/test_rollup.py`` checks
the rollup against the rows after every kind of change.
"""

from __future__ import annotations

from django.db import models

from tksk.kunci import KelasKunci
from tksk.pemicu import AKSI, bangun_ulang, kunci_tersentuh, segarkan_id, sql_hapus_pemicu, sql_pemicu, sql_segarkan

ZONA = "Asia/Jakarta"
_BULAN = "date_trunc('month', {x} AT TIME ZONE '" + ZONA + "')::date"

# Visits of the groups (kel[i], bln[i]) — or all of them (the rebuild).
_G_KUNJUNGAN = (
    " JOIN (SELECT DISTINCT k, b FROM unnest(kel, bln) AS u(k, b)) AS g"
    " ON g.k = v.kelurahan_id AND v.tanggal >= g.b AND v.tanggal < (g.b + interval '1 month')::date"
)


def _hitung_kunjungan(grup: bool) -> str:
    g = _G_KUNJUNGAN if grup else ""
    return f"""
WITH v AS MATERIALIZED (
  SELECT v.id, v.kelurahan_id, date_trunc('month', v.tanggal)::date AS bulan, v.jenis FROM pmks_kunjungan v{g}
)
SELECT kelurahan_id, bulan, jenis, SUM(kunjungan)::integer, SUM(keluarga)::integer FROM (
  SELECT kelurahan_id, bulan, COALESCE(jenis, '') AS jenis, COUNT(*) AS kunjungan, 0 AS keluarga
    FROM v GROUP BY GROUPING SETS ((kelurahan_id, bulan, jenis), (kelurahan_id, bulan))
  UNION ALL
  SELECT v.kelurahan_id, v.bulan, COALESCE(v.jenis, ''), 0, COUNT(DISTINCT x.keluarga_id)
    FROM v JOIN pmks_kunjungan_keluarga x ON x.kunjungan_id = v.id
   GROUP BY GROUPING SETS ((v.kelurahan_id, v.bulan, v.jenis), (v.kelurahan_id, v.bulan))
) AS t GROUP BY 1, 2, 3"""


# One household's referral and follow-up contribution (``bd`` created, ``bs`` closed, ``bl`` first
# month overdue at the month's end = max(created, month of the day after the due date)).
SQL_FAKTA = f"""
CREATE OR REPLACE FUNCTION sidamping_fakta_pendampingan(ids bigint[])
RETURNS TABLE (keluarga_id bigint, kelurahan_id bigint, bulan date, kategori varchar, peristiwa varchar, n integer)
LANGUAGE sql STABLE AS $$
WITH k AS MATERIALIZED (SELECT k.id, k.kelurahan_id FROM pmks_keluarga k WHERE k.id = ANY(ids)),
r AS MATERIALIZED (
  SELECT r.id, r.keluarga_id, r.kategori, r.tanggal FROM pmks_rujukan r WHERE r.keluarga_id = ANY(ids)
),
t AS MATERIALIZED (
  SELECT t.keluarga_id, t.status, {_BULAN.format(x="t.dibuat_pada")} AS bd,
         {_BULAN.format(x="t.diselesaikan_pada")} AS bs,
         GREATEST({_BULAN.format(x="t.dibuat_pada")}, date_trunc('month', t.batas_waktu + 1)::date) AS bl
    FROM pmks_rencanatindaklanjut t WHERE t.keluarga_id = ANY(ids)
),
d (keluarga_id, bulan, kategori, peristiwa, n) AS (
  SELECT r.keluarga_id, date_trunc('month', r.tanggal)::date, r.kategori::text, 'rujukan:dibuat', 1 FROM r
  UNION ALL
  SELECT r.keluarga_id, {_BULAN.format(x="h.pada")}, r.kategori, 'rujukan:' || h.ke_status, 1
    FROM pmks_riwayatstatusrujukan h JOIN r ON r.id = h.rujukan_id
   WHERE h.rujukan_id = ANY(ARRAY(SELECT r.id FROM r)) AND h.dari_status <> ''
  UNION ALL
  SELECT t.keluarga_id, t.bd, '', 'tl:dibuat', 1 FROM t
  UNION ALL
  SELECT t.keluarga_id, t.bs, '', 'tl:selesai', 1 FROM t WHERE t.status = 'selesai' AND t.bs IS NOT NULL
  UNION ALL
  SELECT t.keluarga_id, t.bl, '', 'tl:terlambat', 1 FROM t WHERE t.status = 'terbuka' OR t.bs > t.bl
  UNION ALL
  SELECT t.keluarga_id, t.bs, '', 'tl:terlambat', -1 FROM t WHERE t.status <> 'terbuka' AND t.bs > t.bl
)
SELECT d.keluarga_id, k.kelurahan_id, d.bulan, d.kategori::varchar, d.peristiwa::varchar, SUM(d.n)::integer
  FROM d JOIN k ON k.id = d.keluarga_id GROUP BY 1, 2, 3, 4, 5 HAVING SUM(d.n) <> 0
$$;
"""

_G = "kelurahan_id, bulan, kategori, peristiwa"
TABEL = ("pmks_rollupkunjungan", "pmks_faktapendampingan", "pmks_rolluppendampingan")
SQL_SEGARKAN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_kunjungan_segarkan(kel bigint[], bln date[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF kel IS NULL OR cardinality(kel) = 0 THEN
    RETURN;
  END IF;
  -- one writer per group at a time; the statements below see what the other committed
  PERFORM pg_advisory_xact_lock({KelasKunci.KELOMPOK_PENDAMPINGAN:d}, hashtext(t.k || '/' || t.b))
     FROM (SELECT DISTINCT k, b FROM unnest(kel, bln) AS u(k, b)) AS t ORDER BY t.k, t.b;
  DELETE FROM pmks_rollupkunjungan r USING unnest(kel, bln) AS g(k, b) WHERE r.kelurahan_id = g.k AND r.bulan = g.b;
  INSERT INTO pmks_rollupkunjungan (kelurahan_id, bulan, jenis, kunjungan, keluarga){_hitung_kunjungan(True)};
END $$;""" + sql_segarkan(
    fungsi="sidamping_rollup_pendampingan_segarkan", kunci_kunci=KelasKunci.ROLLUP_PENDAMPINGAN,
    fakta="pmks_faktapendampingan",
    fungsi_fakta="sidamping_fakta_pendampingan", rollup="pmks_rolluppendampingan",
    grup=("kelurahan_id", "bulan", "kategori", "peristiwa"), ukuran=("n",),
)

# table: (SQL naming the groups (kelurahan, month) or households of the rows in {t}, which kind, columns whose
# change matters on UPDATE)
_KUNCI = {
    "pmks_kunjungan": (
        "SELECT x.kelurahan_id, date_trunc('month', x.tanggal)::date FROM {t} x", "kunjungan",
        ("kelurahan_id", "tanggal", "jenis"),
    ),
    "pmks_kunjungan_keluarga": (
        "SELECT v.kelurahan_id, date_trunc('month', v.tanggal)::date FROM {t} x"
        " JOIN pmks_kunjungan v ON v.id = x.kunjungan_id", "kunjungan",
        ("kunjungan_id", "keluarga_id"),
    ),
    "pmks_rujukan": (
        "SELECT x.keluarga_id FROM {t} x", "keluarga", ("keluarga_id", "kategori", "tanggal"),
    ),
    "pmks_riwayatstatusrujukan": (
        "SELECT r.keluarga_id FROM {t} x JOIN pmks_rujukan r ON r.id = x.rujukan_id", "keluarga",
        ("rujukan_id", "dari_status", "ke_status", "pada"),
    ),
    "pmks_rencanatindaklanjut": (
        "SELECT x.keluarga_id FROM {t} x", "keluarga",
        ("keluarga_id", "dibuat_pada", "status", "diselesaikan_pada", "batas_waktu"),
    ),
    # a moved household takes its referrals and follow-ups along (its facts get the new kelurahan)
    "pmks_keluarga": ("SELECT x.id FROM {t} x", "keluarga", ("kelurahan_id",)),
}


def _segarkan_kunjungan(sql: str) -> str:
    """Visits are recounted per (kelurahan, month): two parallel arrays, in key order (lock order)."""
    return f"""  PERFORM sidamping_rollup_kunjungan_segarkan(
    ARRAY(SELECT a FROM ({sql}) AS t(a, b) WHERE a IS NOT NULL ORDER BY a, b),
    ARRAY(SELECT b FROM ({sql}) AS t(a, b) WHERE a IS NOT NULL ORDER BY a, b));"""


def _sql_pemicu() -> str:
    return "\n".join(
        sql_pemicu(tabel=tabel, fungsi="sidamping_rollup_pdp", pemicu="sidamping_rollup_pendampingan",
                   # a new household has nothing yet; a deleted one had nothing
                   dari=kunci_tersentuh(kunci, kolom, gabung="UNION",
                                        aksi=("ubah",) if tabel == "pmks_keluarga" else AKSI),
                   isi=_segarkan_kunjungan if fungsi == "kunjungan"
                   else segarkan_id("sidamping_rollup_pendampingan_segarkan"))
        for tabel, (kunci, fungsi, kolom) in _KUNCI.items()
    )


SQL_PEMICU = _sql_pemicu()

SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_pendampingan_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  dari bigint := 0;
  hingga bigint;
  jumlah bigint;
  m bigint;
BEGIN
  LOCK TABLE {", ".join(TABEL)} IN ACCESS EXCLUSIVE MODE;
  TRUNCATE {", ".join(TABEL)};
  INSERT INTO pmks_rollupkunjungan (kelurahan_id, bulan, jenis, kunjungan, keluarga){_hitung_kunjungan(False)};
  GET DIAGNOSTICS jumlah = ROW_COUNT;
  SELECT COALESCE(MAX(id), -1) INTO hingga FROM pmks_keluarga;
  WHILE dari <= hingga LOOP
    INSERT INTO pmks_faktapendampingan (keluarga_id, {_G}, n)
    SELECT * FROM sidamping_fakta_pendampingan(ARRAY(
      SELECT id FROM pmks_keluarga WHERE id >= dari AND id < dari + 20000));
    dari := dari + 20000;
  END LOOP;
  INSERT INTO pmks_rolluppendampingan ({_G}, n)
  SELECT {_G}, SUM(n) FROM pmks_faktapendampingan GROUP BY 1, 2, 3, 4 ORDER BY 2, 1, 3, 4;
  GET DIAGNOSTICS m = ROW_COUNT;
  RETURN jumlah + m;
END $$;
"""

SQL_HAPUS = "\n".join(
    sql_hapus_pemicu(tabel=tabel, fungsi="sidamping_rollup_pdp", pemicu="sidamping_rollup_pendampingan")
    for tabel in _KUNCI
) + (
    "DROP FUNCTION IF EXISTS sidamping_rollup_pendampingan_bangun();"
    "DROP FUNCTION IF EXISTS sidamping_rollup_kunjungan_segarkan(bigint[], date[]);"
    "DROP FUNCTION IF EXISTS sidamping_rollup_pendampingan_segarkan(bigint[]);"
    "DROP FUNCTION IF EXISTS sidamping_fakta_pendampingan(bigint[]);"
)


class RollupKunjungan(models.Model):
    """Visits per kelurahan × month × jenis (``jenis = ""``: the month's totals)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    jenis = models.CharField(max_length=30, blank=True)
    kunjungan = models.IntegerField(default=0)
    keluarga = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup kunjungan"
        verbose_name_plural = "rollup kunjungan"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "bulan", "jenis"], name="rollup_kunjungan_unik"),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} {self.jenis or 'semua'}"


class FaktaPendampingan(models.Model):
    """One household's contribution to the referral / follow-up rollup (derived data; see the module docstring)."""

    keluarga_id = models.BigIntegerField(db_index=True)
    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    kategori = models.CharField(max_length=20, blank=True)
    peristiwa = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "fakta pendampingan"
        verbose_name_plural = "fakta pendampingan"

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id} {self.bulan:%Y-%m} {self.kategori} {self.peristiwa}"


class RollupPendampingan(models.Model):
    """Referrals and follow-ups per kelurahan × month × kategori × peristiwa (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    kategori = models.CharField(max_length=20, blank=True)
    peristiwa = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup pendampingan"
        verbose_name_plural = "rollup pendampingan"
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan_id", "bulan", "kategori", "peristiwa"], name="rollup_pendampingan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} {self.kategori} {self.peristiwa}"


def bangun_rollup_pendampingan() -> int:
    """Rebuild the pendampingan rollup from scratch (one transaction); returns its number of rows."""
    return bangun_ulang("sidamping_rollup_pendampingan_bangun", TABEL)


def periksa_rollup_pendampingan(*, kelurahan_ids: list[int], bulan) -> list[str]:
    """``["angka_pendampingan"]`` when the rollup differs from the rows' count, else ``[]``."""
    from pmks.pendampingan.selectors.rekap import angka_pendampingan, angka_pendampingan_dari_awal

    sama = angka_pendampingan(kelurahan_ids=kelurahan_ids, bulan=bulan) == angka_pendampingan_dari_awal(
        kelurahan_ids=kelurahan_ids, bulan=bulan)
    return [] if sama else ["angka_pendampingan"]
