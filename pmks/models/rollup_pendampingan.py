"""Pendampingan rollup: visits, referrals and follow-ups per kelurahan × month.

What the report's section IV (``laporan.bagian.pendampingan``), ``rekap_pendampingan`` and the
dashboard's visit tiles read, through ``pmks.pendampingan.selectors.rekap.angka_pendampingan`` (its
twin ``angka_pendampingan_dari_awal`` counts from the rows). Kept by statement-level triggers
(migration ``pmks.0016_rollup_pendampingan``) in the writer's transaction, like the registry rollup
(``pmks.models.rollup``), so services, offline sync, the admin and a restore keep it current.

Tables and what a row means (``bulan`` = first day of a month; timestamps in WIB months):

- ``RollupKunjungan`` (``pmks_rollupkunjungan``), ``(kelurahan of the visit, bulan, jenis)``:
  ``kunjungan`` = visits dated (``tanggal``) in the month, ``keluarga`` = distinct households taking
  part in them. ``jenis = ""`` holds the month's totals over every jenis (its ``keluarga`` is the
  distinct households of all the month's visits — not the sum of the jenis rows).
- ``RollupRujukan`` (``pmks_rolluprujukan``), ``(kelurahan of the household, bulan, kategori,
  peristiwa)`` → ``n``: ``peristiwa = "dibuat"``: referrals dated in the month; any other value is a
  status: status-history rows reaching it in the month (creation rows excluded).
- ``RollupTindakLanjut`` (``pmks_rolluptindaklanjut``), ``(kelurahan of the household, bulan)``:
  ``dibuat`` = follow-ups created in the month, ``selesai`` = completed in the month (status
  ``selesai``), ``terlambat`` = *entries into the stock* of "overdue at the month's end" (created
  before the month ended, due before its last day, not closed by then): the figure of month M is
  the sum of the rows with ``bulan <= M`` — a follow-up adds +1 at the first month it is overdue at
  the month's end and −1 at the month it was closed in.

Maintenance: a changed row names its groups — ``(kelurahan, bulan)`` for visits, the household's
kelurahan for referrals and follow-ups (every month at once) — old and new values; the trigger takes
an advisory lock per group (two writers of one group serialise; the one that waited recounts what
the other committed), deletes the groups' rollup rows and recounts them from the indexed rows. A
household that moves takes its referrals and follow-ups to the new kelurahan; a visit stays with
the kelurahan it was recorded in. ``bangun_rollup_pendampingan()`` (``manage.py bangun_rollup``)
rebuilds everything; ``tests/pmks/pendampingan/test_rollup.py`` checks the rollup against the rows.
"""

from __future__ import annotations

from django.db import models

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


# Referrals and follow-ups of the households of kelurahan ``kel`` — or all of them.
def _hitung_rujukan(grup: bool) -> str:
    g = " JOIN (SELECT DISTINCT unnest(kel) AS k) AS g ON g.k = k.kelurahan_id" if grup else ""
    return f"""
SELECT k.kelurahan_id, date_trunc('month', r.tanggal)::date, r.kategori, 'dibuat', COUNT(*)
  FROM pmks_rujukan r JOIN pmks_keluarga k ON k.id = r.keluarga_id{g} GROUP BY 1, 2, 3
UNION ALL
SELECT k.kelurahan_id, {_BULAN.format(x="h.pada")}, r.kategori, h.ke_status, COUNT(*)
  FROM pmks_riwayatstatusrujukan h JOIN pmks_rujukan r ON r.id = h.rujukan_id
  JOIN pmks_keluarga k ON k.id = r.keluarga_id{g}
 WHERE h.dari_status <> '' GROUP BY 1, 2, 3, 4"""


def _hitung_tindak_lanjut(grup: bool) -> str:
    g = " JOIN (SELECT DISTINCT unnest(kel) AS k) AS g ON g.k = k.kelurahan_id" if grup else ""
    return f"""
WITH t AS MATERIALIZED (
  SELECT k.kelurahan_id, t.status, {_BULAN.format(x="t.dibuat_pada")} AS bd,
         {_BULAN.format(x="t.diselesaikan_pada")} AS bs,
         GREATEST({_BULAN.format(x="t.dibuat_pada")}, date_trunc('month', t.batas_waktu + 1)::date) AS bl
    FROM pmks_rencanatindaklanjut t JOIN pmks_keluarga k ON k.id = t.keluarga_id{g}
)
SELECT kelurahan_id, bulan, SUM(dibuat)::integer, SUM(selesai)::integer, SUM(terlambat)::integer FROM (
  SELECT kelurahan_id, bd AS bulan, 1 AS dibuat, 0 AS selesai, 0 AS terlambat FROM t
  UNION ALL
  SELECT kelurahan_id, bs, 0, 1, 0 FROM t WHERE status = 'selesai' AND bs IS NOT NULL
  UNION ALL
  SELECT kelurahan_id, bl, 0, 0, 1 FROM t WHERE status = 'terbuka' OR bs > bl
  UNION ALL
  SELECT kelurahan_id, bs, 0, 0, -1 FROM t WHERE status <> 'terbuka' AND bs > bl
) AS d GROUP BY 1, 2"""


_ISI = {
    "pmks_rollupkunjungan (kelurahan_id, bulan, jenis, kunjungan, keluarga)": _hitung_kunjungan,
    "pmks_rolluprujukan (kelurahan_id, bulan, kategori, peristiwa, n)": _hitung_rujukan,
    "pmks_rolluptindaklanjut (kelurahan_id, bulan, dibuat, selesai, terlambat)": _hitung_tindak_lanjut,
}
TABEL = tuple(t.split(" ")[0] for t in _ISI)

SQL_SEGARKAN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_kunjungan_segarkan(kel bigint[], bln date[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF kel IS NULL OR cardinality(kel) = 0 THEN
    RETURN;
  END IF;
  -- one writer per group at a time; the statements below see what the other committed
  PERFORM pg_advisory_xact_lock(73162, hashtext(t.k || '/' || t.b))
     FROM (SELECT DISTINCT k, b FROM unnest(kel, bln) AS u(k, b)) AS t ORDER BY t.k, t.b;
  DELETE FROM pmks_rollupkunjungan r USING unnest(kel, bln) AS g(k, b) WHERE r.kelurahan_id = g.k AND r.bulan = g.b;
  INSERT INTO pmks_rollupkunjungan (kelurahan_id, bulan, jenis, kunjungan, keluarga){_hitung_kunjungan(True)};
END $$;
CREATE OR REPLACE FUNCTION sidamping_rollup_rujukan_segarkan(kel bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF kel IS NULL OR cardinality(kel) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(73163, (t.k % 2147483647)::integer)
     FROM (SELECT DISTINCT unnest(kel) AS k) AS t ORDER BY t.k;
  DELETE FROM pmks_rolluprujukan r WHERE r.kelurahan_id = ANY(kel);
  INSERT INTO pmks_rolluprujukan (kelurahan_id, bulan, kategori, peristiwa, n){_hitung_rujukan(True)};
  DELETE FROM pmks_rolluptindaklanjut r WHERE r.kelurahan_id = ANY(kel);
  INSERT INTO pmks_rolluptindaklanjut (kelurahan_id, bulan, dibuat, selesai, terlambat){_hitung_tindak_lanjut(True)};
END $$;
"""

# table: (SQL naming the groups of the rows in {t}, which function, columns whose change matters on UPDATE)
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
        "SELECT k.kelurahan_id FROM {t} x JOIN pmks_keluarga k ON k.id = x.keluarga_id", "rujukan",
        ("keluarga_id", "kategori", "tanggal"),
    ),
    "pmks_riwayatstatusrujukan": (
        "SELECT k.kelurahan_id FROM {t} x JOIN pmks_rujukan r ON r.id = x.rujukan_id"
        " JOIN pmks_keluarga k ON k.id = r.keluarga_id", "rujukan",
        ("rujukan_id", "dari_status", "ke_status", "pada"),
    ),
    "pmks_rencanatindaklanjut": (
        "SELECT k.kelurahan_id FROM {t} x JOIN pmks_keluarga k ON k.id = x.keluarga_id", "rujukan",
        ("keluarga_id", "dibuat_pada", "status", "diselesaikan_pada", "batas_waktu"),
    ),
    # a moved household takes its referrals and follow-ups along: recount the old and new kelurahan
    "pmks_keluarga": ("SELECT x.kelurahan_id FROM {t} x", "rujukan", ("kelurahan_id",)),
}


def _sql_pemicu() -> str:
    bagian = []
    for tabel, (kunci, fungsi, kolom) in _KUNCI.items():
        beda = " OR ".join(f"n.{k} IS DISTINCT FROM o.{k}" for k in kolom)
        ubah_baru = f"(SELECT n.* FROM baru n JOIN lama o ON o.id = n.id WHERE {beda})"
        ubah_lama = f"(SELECT o.* FROM baru n JOIN lama o ON o.id = n.id WHERE {beda})"
        dari = {
            "ubah": f"{kunci.format(t=ubah_baru)} UNION {kunci.format(t=ubah_lama)}",
            "tambah": kunci.format(t="baru"),
            "hapus": kunci.format(t="lama"),
        }
        if tabel == "pmks_keluarga":
            dari = {"ubah": dari["ubah"]}  # a new household has nothing yet; a deleted one had nothing
        for aksi, sql in dari.items():
            transisi = {"ubah": "OLD TABLE AS lama NEW TABLE AS baru", "tambah": "NEW TABLE AS baru",
                        "hapus": "OLD TABLE AS lama"}[aksi]
            peristiwa = {"ubah": "UPDATE", "tambah": "INSERT", "hapus": "DELETE"}[aksi]
            if fungsi == "kunjungan":
                isi = f"""  PERFORM sidamping_rollup_kunjungan_segarkan(
    ARRAY(SELECT a FROM ({sql}) AS t(a, b) WHERE a IS NOT NULL ORDER BY a, b),
    ARRAY(SELECT b FROM ({sql}) AS t(a, b) WHERE a IS NOT NULL ORDER BY a, b));"""
            else:
                isi = f"""  PERFORM sidamping_rollup_rujukan_segarkan(ARRAY(
    SELECT DISTINCT a FROM ({sql}) AS t(a) WHERE a IS NOT NULL));"""
            bagian.append(f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_pdp_{tabel}_{aksi}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{isi}
  RETURN NULL;
END $$;
CREATE TRIGGER sidamping_rollup_pendampingan_{aksi} AFTER {peristiwa} ON {tabel} REFERENCING {transisi}
  FOR EACH STATEMENT EXECUTE FUNCTION sidamping_rollup_pdp_{tabel}_{aksi}();""")
    return "\n".join(bagian)


SQL_PEMICU = _sql_pemicu()

SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_pendampingan_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n bigint := 0;
  m bigint;
BEGIN
  LOCK TABLE {", ".join(TABEL)} IN ACCESS EXCLUSIVE MODE;
  TRUNCATE {", ".join(TABEL)};
{chr(10).join(f"  INSERT INTO {t}{q(False)};{chr(10)}  GET DIAGNOSTICS m = ROW_COUNT;{chr(10)}  n := n + m;"
              for t, q in _ISI.items())}
  RETURN n;
END $$;
"""

SQL_HAPUS = "\n".join(
    f"DROP TRIGGER IF EXISTS sidamping_rollup_pendampingan_{aksi} ON {tabel};"
    f"DROP FUNCTION IF EXISTS sidamping_rollup_pdp_{tabel}_{aksi}();"
    for tabel in _KUNCI
    for aksi in ("ubah", "tambah", "hapus")
) + (
    "DROP FUNCTION IF EXISTS sidamping_rollup_pendampingan_bangun();"
    "DROP FUNCTION IF EXISTS sidamping_rollup_kunjungan_segarkan(bigint[], date[]);"
    "DROP FUNCTION IF EXISTS sidamping_rollup_rujukan_segarkan(bigint[]);"
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


class RollupRujukan(models.Model):
    """Referrals made / outcomes reached per kelurahan × month × kategori (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    kategori = models.CharField(max_length=20)
    peristiwa = models.CharField(max_length=10)  # "dibuat" or the status reached
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup rujukan"
        verbose_name_plural = "rollup rujukan"
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan_id", "bulan", "kategori", "peristiwa"], name="rollup_rujukan_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} {self.kategori} {self.peristiwa}"


class RollupTindakLanjut(models.Model):
    """Follow-ups per kelurahan × month (``terlambat``: entries into the stock; see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    dibuat = models.IntegerField(default=0)
    selesai = models.IntegerField(default=0)
    terlambat = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup tindak lanjut"
        verbose_name_plural = "rollup tindak lanjut"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "bulan"], name="rollup_tindak_lanjut_unik"),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m}"


def bangun_rollup_pendampingan() -> int:
    """Rebuild the pendampingan rollup from scratch (one transaction); returns its number of rows."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT sidamping_rollup_pendampingan_bangun()")
        n = cur.fetchone()[0]
        for tabel in TABEL:
            cur.execute(f"ANALYZE {tabel}")
    return n


def periksa_rollup_pendampingan(*, kelurahan_ids: list[int], bulan) -> list[str]:
    """``["angka_pendampingan"]`` when the rollup differs from the rows' count, else ``[]``."""
    from pmks.pendampingan.selectors.rekap import angka_pendampingan, angka_pendampingan_dari_awal

    sama = angka_pendampingan(kelurahan_ids=kelurahan_ids, bulan=bulan) == angka_pendampingan_dari_awal(
        kelurahan_ids=kelurahan_ids, bulan=bulan)
    return [] if sama else ["angka_pendampingan"]
