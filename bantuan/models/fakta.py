"""Aid-receipt facts: per household, what it receives (or is being proposed for), with its kelurahan.

``FaktaPenerimaan`` (``bantuan_faktapenerimaan``) is derived data, kept by database triggers
(migration ``bantuan.0008_fakta_penerimaan``) in the same transaction as the write, like the
registry rollup (``pmks.models.rollup``): every write path (services, the BNBA import, the admin,
a restore) keeps it current without Python code. One row per

- ``sumber = "u"``: proposal with an active recipient (``Usulan.objects.penerima_aktif()``), dated
  by its program's period;
- ``sumber = "e"``: active external receipt (``PenerimaanEksternal.objects.berlaku()``), dated by
  its own period;
- ``sumber = "d"``: proposal being proposed (``STATUS_SEDANG_DIUSULKAN``), dated by its program.

``kelurahan_id`` is the household's CURRENT kelurahan, so "receives aid in [mulai, selesai] in
these kelurahan" is one range scan of ``fakta_penerimaan_area`` whose cost follows the area's
receipts, never the whole table (``bantuan.cakupan`` reads it). When a proposal, an external
receipt, a program's period or a household's kelurahan changes, a statement-level trigger
recomputes the rows of the households the statement touched (an advisory lock per household
serialises two writers). Bulk writers that switch triggers off rebuild it with
``manage.py bangun_rollup`` (``sidamping_fakta_penerimaan_bangun()``);
``tests/bantuan/test_fakta_penerimaan.py`` checks it equals the from-scratch rows after every step.
"""

from __future__ import annotations

from django.db import models

from tksk.kunci import KelasKunci
from tksk.pemicu import (
    AKSI,
    berbeda_dari,
    kunci_tersentuh,
    segarkan_id,
    sql_bangun,
    sql_hapus_pemicu,
    sql_pemicu,
    sql_per_keluarga,
)

from .. import choices as c


def _daftar(nilai) -> str:
    return ", ".join(f"'{v}'" for v in nilai)


# The rows of households ``ids``, from the source tables (the one definition of each ``sumber``).
SQL_FAKTA = f"""
CREATE OR REPLACE FUNCTION sidamping_fakta_penerimaan(ids bigint[])
RETURNS TABLE (keluarga_id bigint, kelurahan_id bigint, program_id bigint, sumber char(1),
               mulai date, selesai date)
LANGUAGE sql STABLE AS $$
SELECT u.keluarga_id, k.kelurahan_id, u.program_id,
       CASE WHEN u.status IN ({_daftar(c.STATUS_PENERIMA)}) THEN 'u' ELSE 'd' END,
       p.periode_mulai, p.periode_selesai
  FROM bantuan_usulan u
  JOIN pmks_keluarga k ON k.id = u.keluarga_id
  JOIN bantuan_programbantuan p ON p.id = u.program_id
 WHERE u.keluarga_id = ANY(ids)
   AND ((u.status IN ({_daftar(c.STATUS_PENERIMA)}) AND u.status_penerima = '{c.StatusPenerima.AKTIF}')
        OR u.status IN ({_daftar(c.STATUS_SEDANG_DIUSULKAN)}))
UNION ALL
SELECT e.keluarga_id, k.kelurahan_id, e.program_id, 'e', e.periode_mulai, e.periode_selesai
  FROM bantuan_penerimaaneksternal e
  JOIN pmks_keluarga k ON k.id = e.keluarga_id
 WHERE e.keluarga_id = ANY(ids) AND e.aktif
$$;
"""

_KOLOM = "keluarga_id, kelurahan_id, program_id, sumber, mulai, selesai"
_D = "d"  # ``FaktaPenerimaan.Sumber.DIUSULKAN``

# Per household, its receipts' periods (sources "u", "e") as one multirange and whether it is being
# proposed (``RingkasanPenerimaan``), folded from its facts.
_SQL_RINGKASAN = f"""
  SELECT f.keluarga_id, MAX(f.kelurahan_id),
         COALESCE(range_agg(daterange(f.mulai, f.selesai, '[]')) FILTER (WHERE f.sumber <> '{_D}'),
                  '{{{{}}}}'::datemultirange),
         bool_or(f.sumber = '{_D}')
    FROM bantuan_faktapenerimaan f {{syarat}}
   GROUP BY f.keluarga_id"""
_KOLOM_RINGKASAN = "keluarga_id, kelurahan_id, periode, diusulkan"

_ISI_FAKTA = f"""\
  DELETE FROM bantuan_faktapenerimaan f WHERE f.keluarga_id = ANY(ids);
  INSERT INTO bantuan_faktapenerimaan ({_KOLOM}) SELECT * FROM sidamping_fakta_penerimaan(ids);"""
SQL_SEGARKAN_TANPA_RINGKASAN = sql_per_keluarga(  # before ``RingkasanPenerimaan`` (its migration's reverse)
    fungsi="sidamping_fakta_penerimaan_segarkan", kunci_kunci=KelasKunci.BANTUAN, isi=_ISI_FAKTA)
SQL_SEGARKAN = sql_per_keluarga(fungsi="sidamping_fakta_penerimaan_segarkan", kunci_kunci=KelasKunci.BANTUAN, isi=f"""\
{_ISI_FAKTA}
  DELETE FROM bantuan_ringkasanpenerimaan r WHERE r.keluarga_id = ANY(ids);
  INSERT INTO bantuan_ringkasanpenerimaan ({_KOLOM_RINGKASAN})
  {_SQL_RINGKASAN.format(syarat="WHERE f.keluarga_id = ANY(ids)")};""")

# table: (household key column, columns whose change matters on UPDATE; None = no INSERT/DELETE trigger)
_PEMICU = {
    "bantuan_usulan": ("keluarga_id", ("status", "status_penerima", "program_id", "keluarga_id"), True),
    "bantuan_penerimaaneksternal": (
        "keluarga_id", ("aktif", "program_id", "keluarga_id", "periode_mulai", "periode_selesai"), True),
    "pmks_keluarga": ("id", ("kelurahan_id",), False),
}


def _sql_pemicu() -> str:
    bagian = [
        sql_pemicu(tabel=tabel, fungsi="sidamping_fakta_penerimaan", pemicu="sidamping_fakta_penerimaan",
                   dari=kunci_tersentuh(f"SELECT x.{kunci} FROM {{t}} x", kolom,
                                        aksi=AKSI if tambah_hapus else ("ubah",)),
                   isi=segarkan_id("sidamping_fakta_penerimaan_segarkan"))
        for tabel, (kunci, kolom, tambah_hapus) in _PEMICU.items()
    ]
    # a program's period dates its proposals' rows: refresh the households proposed for it
    bagian.append("""
CREATE OR REPLACE FUNCTION sidamping_fakta_penerimaan_program_ubah() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sidamping_fakta_penerimaan_segarkan(ARRAY(
    SELECT DISTINCT u.keluarga_id FROM bantuan_usulan u
      JOIN baru n ON n.id = u.program_id JOIN lama o ON o.id = n.id
     WHERE n.periode_mulai IS DISTINCT FROM o.periode_mulai OR n.periode_selesai IS DISTINCT FROM o.periode_selesai));
  RETURN NULL;
END $$;
CREATE TRIGGER sidamping_fakta_penerimaan_ubah AFTER UPDATE ON bantuan_programbantuan
  REFERENCING OLD TABLE AS lama NEW TABLE AS baru
  FOR EACH STATEMENT EXECUTE FUNCTION sidamping_fakta_penerimaan_program_ubah();
""")
    return "\n".join(bagian)


SQL_PEMICU = _sql_pemicu()

# From scratch (``manage.py bangun_rollup``, the migration, after a bulk writer with triggers off).
SQL_BANGUN = sql_bangun(fungsi="sidamping_fakta_penerimaan_bangun", tabel=("bantuan_faktapenerimaan",), isi=f"""\
INSERT INTO bantuan_faktapenerimaan ({_KOLOM})
  SELECT * FROM sidamping_fakta_penerimaan(ARRAY(
    SELECT keluarga_id FROM bantuan_usulan UNION SELECT keluarga_id FROM bantuan_penerimaaneksternal))""")

# ``RingkasanPenerimaan`` from scratch, from the facts (run after ``sidamping_fakta_penerimaan_bangun``).
SQL_BANGUN_RINGKASAN = sql_bangun(
    fungsi="sidamping_ringkasan_penerimaan_bangun", tabel=("bantuan_ringkasanpenerimaan",),
    isi=f"INSERT INTO bantuan_ringkasanpenerimaan ({_KOLOM_RINGKASAN}) {_SQL_RINGKASAN.format(syarat='')}")
SQL_HAPUS_RINGKASAN = "DROP FUNCTION IF EXISTS sidamping_ringkasan_penerimaan_bangun();"
TABEL_RINGKASAN = ("bantuan_ringkasanpenerimaan",)


def ringkasan_berbeda(keluarga_ids: list[int] | None = None) -> bool:
    """Whether the stored ``RingkasanPenerimaan`` rows (of households ``keluarga_ids``; all when None)
    differ from those folded afresh from the receipt facts (``bangun_rollup --periksa``, the tests)."""
    if keluarga_ids is None:
        return berbeda_dari("bantuan_ringkasanpenerimaan", _KOLOM_RINGKASAN, _SQL_RINGKASAN.format(syarat=""))
    return berbeda_dari("bantuan_ringkasanpenerimaan", _KOLOM_RINGKASAN,
                        _SQL_RINGKASAN.format(syarat="WHERE f.keluarga_id = ANY(%s)"), [list(keluarga_ids)],
                        syarat="keluarga_id = ANY(%s)", params_syarat=[list(keluarga_ids)])

SQL_HAPUS = "\n".join(
    [sql_hapus_pemicu(tabel=tabel, fungsi="sidamping_fakta_penerimaan", pemicu="sidamping_fakta_penerimaan",
                      aksi=AKSI if th else ("ubah",)) for tabel, (_, _, th) in _PEMICU.items()]
    + [
        "DROP TRIGGER IF EXISTS sidamping_fakta_penerimaan_ubah ON bantuan_programbantuan;",
        "DROP FUNCTION IF EXISTS sidamping_fakta_penerimaan_program_ubah();",
        "DROP FUNCTION IF EXISTS sidamping_fakta_penerimaan_bangun();",
        "DROP FUNCTION IF EXISTS sidamping_fakta_penerimaan_segarkan(bigint[]);",
        "DROP FUNCTION IF EXISTS sidamping_fakta_penerimaan(bigint[]);",
    ]
)


class FaktaPenerimaan(models.Model):
    """One receipt (or pending proposal) of one household (derived data; see the module docstring).

    Invariant: the rows of household K are exactly ``sidamping_fakta_penerimaan(ARRAY[K])``."""

    class Sumber(models.TextChoices):
        USULAN = "u", "Usulan (penerima aktif)"
        EKSTERNAL = "e", "Daftar eksternal"
        DIUSULKAN = "d", "Sedang diusulkan"

    keluarga_id = models.BigIntegerField()
    kelurahan_id = models.BigIntegerField()
    program_id = models.BigIntegerField()
    sumber = models.CharField(max_length=1, choices=Sumber.choices)
    mulai = models.DateField()
    selesai = models.DateField()

    class Meta:
        verbose_name = "fakta penerimaan"
        verbose_name_plural = "fakta penerimaan"
        indexes = [
            # "receives aid in [mulai, selesai] in these kelurahan": a range scan, index-only
            models.Index(fields=["kelurahan_id", "selesai"], include=["mulai", "sumber", "keluarga_id", "program_id"],
                         name="fakta_penerimaan_area"),
            models.Index(fields=["keluarga_id", "sumber"], include=["mulai", "selesai"],
                         name="fakta_penerimaan_keluarga"),
        ]

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id} program {self.program_id} ({self.sumber})"


class RentangTanggalGanda(models.Field):
    """A PostgreSQL ``datemultirange`` column (written and read by SQL only)."""

    description = "datemultirange"

    def db_type(self, connection) -> str:
        return "datemultirange"


class RingkasanPenerimaan(models.Model):
    """Per household with receipt facts: the periods it receives aid in (sources ``u`` and ``e``, one
    multirange) and whether a proposal of it is being proposed (source ``d``), with its kelurahan.
    Derived data, refreshed with the household's facts (``sidamping_fakta_penerimaan_segarkan``, same
    locks) and rebuilt with them: *belum terjangkau* reads one row per household of the area
    ("no aid touching [today − N days, today]" is ``NOT periode && daterange(…)``).

    Invariant: the row of household K is ``_SQL_RINGKASAN`` over K's facts."""

    keluarga_id = models.BigIntegerField(primary_key=True)
    kelurahan_id = models.BigIntegerField()
    periode = RentangTanggalGanda()
    diusulkan = models.BooleanField()

    class Meta:
        verbose_name = "ringkasan penerimaan"
        verbose_name_plural = "ringkasan penerimaan"
        indexes = [models.Index(fields=["kelurahan_id"], include=["keluarga_id", "diusulkan", "periode"],
                                name="ringkasan_penerimaan_area")]

    def __str__(self) -> str:
        return f"keluarga {self.keluarga_id}"
