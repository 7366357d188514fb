"""Each active household's last visit, and those households per kelurahan × month of that visit.

What the dashboard's "belum pernah dikunjungi" / "tidak dikunjungi sejak N bulan" tiles and its list of
households longest without a visit read, through ``pmks.pendampingan.selectors.rekap.keadaan_kunjungan``
(its twin ``keadaan_kunjungan_dari_awal`` counts from the rows) and ``keluarga_terlama_tanpa_kunjungan``.
Kept by statement-level triggers (``tksk.pemicu``) in the writer's transaction, like the other rollups.

- ``FaktaKunjunganTerakhir`` (``pmks_faktakunjunganterakhir``): one row per ACTIVE household: its
  kelurahan, ``terakhir`` = the latest ``tanggal`` of the visits it took part in (``NULL``: never
  visited), its ``dibuat_pada`` (the list's tie-break). Index ``(kelurahan_id, terakhir NULLS FIRST,
  dibuat_pada, keluarga_id)``.
- ``RollupKunjunganTerakhir`` (``pmks_rollupkunjunganterakhir``): ``(kelurahan_id, bulan)`` → ``n``
  active households whose last visit falls in month ``bulan`` (``NULL``: never visited).

Nothing depends on today's date: "not visited since ``batas``" = the rollup's months before
``batas``'s month plus, for ``batas``'s own month, an indexed range count on the facts
(``terakhir >= awal_bulan(batas) AND terakhir < batas``): rows read ≈ kelurahan × months + one month's
last visits of the area, whatever the number of households. As days pass the figures move with no
rewrite.

Maintenance: the trigger recomputes the facts of the households a statement touched (a visit's
household added / removed / moved, a visit re-dated, a household added, deleted, moved to another
kelurahan, archived or merged) and moves the rollup by the difference (``ON CONFLICT DO UPDATE SET n =
n + delta``; emptied rows stay at 0). Advisory lock per household serialises two writers.
``bangun_kunjungan_terakhir()`` (``manage.py bangun_rollup``, kode ``kunjungan_terakhir``) rebuilds both.
"""

from __future__ import annotations

from django.db import models

from tksk.kunci import KelasKunci
from tksk.pemicu import (
    AKSI,
    bangun_ulang,
    kunci_tersentuh,
    segarkan_id,
    sql_hapus_pemicu,
    sql_pemicu,
    sql_per_keluarga,
)

TABEL = ("pmks_faktakunjunganterakhir", "pmks_rollupkunjunganterakhir")

# The facts of households ``{k}`` (a FROM item aliased k over pmks_keluarga) — active ones only.
_FAKTA = """
SELECT k.id, k.kelurahan_id, t.terakhir, k.dibuat_pada FROM {k}
  LEFT JOIN LATERAL (
    SELECT MAX(v.tanggal) AS terakhir FROM pmks_kunjungan_keluarga x JOIN pmks_kunjungan v ON v.id = x.kunjungan_id
     WHERE x.keluarga_id = k.id) AS t ON TRUE
 WHERE k.status = 'aktif'"""

_R = "pmks_rollupkunjunganterakhir"
_BLN = "date_trunc('month', {x})::date"

SQL_SEGARKAN = sql_per_keluarga(
    fungsi="sidamping_kunjungan_terakhir_segarkan", kunci_kunci=KelasKunci.KUNJUNGAN_TERAKHIR, isi=f"""  WITH lama AS (
    DELETE FROM pmks_faktakunjunganterakhir f WHERE f.keluarga_id = ANY(ids) RETURNING f.kelurahan_id, f.terakhir
  )
  INSERT INTO {_R} AS r (kelurahan_id, bulan, n)
  SELECT kelurahan_id, {_BLN.format(x="terakhir")}, -COUNT(*) FROM lama GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (kelurahan_id, bulan) DO UPDATE SET n = r.n + EXCLUDED.n;
  WITH baru AS (
    INSERT INTO pmks_faktakunjunganterakhir (keluarga_id, kelurahan_id, terakhir, dibuat_pada)
    {_FAKTA.format(k="pmks_keluarga k")} AND k.id = ANY(ids)
    RETURNING kelurahan_id, terakhir
  )
  INSERT INTO {_R} AS r (kelurahan_id, bulan, n)
  SELECT kelurahan_id, {_BLN.format(x="terakhir")}, COUNT(*) FROM baru GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (kelurahan_id, bulan) DO UPDATE SET n = r.n + EXCLUDED.n;""")

# table: (SQL naming the households of the rows in {t}, actions, columns whose change matters on UPDATE)
_KUNCI = {
    "pmks_kunjungan_keluarga": ("SELECT x.keluarga_id FROM {t} x", tuple(AKSI), ("kunjungan_id", "keluarga_id")),
    # a new visit has no households yet; a deleted one lost them first (their rows' own statement)
    "pmks_kunjungan": (
        "SELECT y.keluarga_id FROM {t} x JOIN pmks_kunjungan_keluarga y ON y.kunjungan_id = x.id", ("ubah",),
        ("tanggal",),
    ),
    # added (never visited), deleted, moved, archived / merged (status), re-dated
    "pmks_keluarga": ("SELECT x.id FROM {t} x", tuple(AKSI), ("kelurahan_id", "status", "dibuat_pada")),
}

SQL_PEMICU = "\n".join(
    sql_pemicu(tabel=tabel, fungsi="sidamping_kjt", pemicu="sidamping_kunjungan_terakhir",
               dari=kunci_tersentuh(kunci, kolom, gabung="UNION", aksi=aksi),
               isi=segarkan_id("sidamping_kunjungan_terakhir_segarkan"))
    for tabel, (kunci, aksi, kolom) in _KUNCI.items()
)

SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_kunjungan_terakhir_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  m bigint;
BEGIN
  LOCK TABLE {", ".join(TABEL)} IN ACCESS EXCLUSIVE MODE;
  TRUNCATE {", ".join(TABEL)};
  INSERT INTO pmks_faktakunjunganterakhir (keluarga_id, kelurahan_id, terakhir, dibuat_pada)
  SELECT k.id, k.kelurahan_id, t.terakhir, k.dibuat_pada FROM pmks_keluarga k
    LEFT JOIN (SELECT x.keluarga_id, MAX(v.tanggal) AS terakhir FROM pmks_kunjungan_keluarga x
                 JOIN pmks_kunjungan v ON v.id = x.kunjungan_id GROUP BY 1) AS t ON t.keluarga_id = k.id
   WHERE k.status = 'aktif';
  INSERT INTO {_R} (kelurahan_id, bulan, n)
  SELECT kelurahan_id, {_BLN.format(x="terakhir")}, COUNT(*) FROM pmks_faktakunjunganterakhir
   GROUP BY 1, 2 ORDER BY 1, 2;
  GET DIAGNOSTICS m = ROW_COUNT;
  RETURN m;
END $$;
"""

SQL_HAPUS = "\n".join(
    sql_hapus_pemicu(tabel=tabel, fungsi="sidamping_kjt", pemicu="sidamping_kunjungan_terakhir", aksi=aksi)
    for tabel, (_k, aksi, _c) in _KUNCI.items()
) + (
    "DROP FUNCTION IF EXISTS sidamping_kunjungan_terakhir_bangun();"
    "DROP FUNCTION IF EXISTS sidamping_kunjungan_terakhir_segarkan(bigint[]);"
)


class FaktaKunjunganTerakhir(models.Model):
    """An active household's last visit date (derived data; see the module docstring)."""

    keluarga_id = models.BigIntegerField(primary_key=True)
    kelurahan_id = models.BigIntegerField()
    terakhir = models.DateField(null=True)
    dibuat_pada = models.DateTimeField()

    class Meta:
        verbose_name = "fakta kunjungan terakhir"
        verbose_name_plural = "fakta kunjungan terakhir"
        indexes = [
            models.Index(
                "kelurahan_id", models.F("terakhir").asc(nulls_first=True), "dibuat_pada", "keluarga_id",
                name="fakta_kjt_kel_terakhir",
            ),
        ]

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id} {self.terakhir or 'belum pernah'}"


class RollupKunjunganTerakhir(models.Model):
    """Active households per kelurahan × month of their last visit (``bulan`` NULL: never visited)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup kunjungan terakhir"
        verbose_name_plural = "rollup kunjungan terakhir"
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan_id", "bulan"], name="rollup_kjt_unik", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan or 'belum pernah'}: {self.n}"


def bangun_kunjungan_terakhir() -> int:
    """Rebuild the facts and the rollup from scratch (one transaction); returns the rollup's rows."""
    return bangun_ulang("sidamping_kunjungan_terakhir_bangun", TABEL)


def periksa_kunjungan_terakhir(*, kelurahan_ids: list[int], bulan) -> list[str]:
    """``["keadaan_kunjungan"]`` when the rollup differs from the rows' count (cut-off: the day N months
    before the last day of ``bulan``'s month and before its first day), else ``[]``."""
    from datetime import timedelta

    from pmks.pendampingan.selectors.rekap import keadaan_kunjungan, keadaan_kunjungan_dari_awal
    from pmks.pendampingan.selectors.tanggal import batas_tanpa_kunjungan, geser_bulan

    akhir = geser_bulan(bulan.replace(day=1), 1) - timedelta(days=1)
    for hari in (bulan.replace(day=1), akhir):
        batas = batas_tanpa_kunjungan(hari)
        if keadaan_kunjungan(kelurahan_ids=kelurahan_ids, batas=batas) != keadaan_kunjungan_dari_awal(
                kelurahan_ids=kelurahan_ids, batas=batas):
            return ["keadaan_kunjungan"]
    return []
