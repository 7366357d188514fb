"""Aid rollup: proposals, distributions and external receipts per kelurahan × month × program.

What the report's sections II (``laporan.bagian.usulan``) and III (``laporan.bagian.penyaluran``)
and the dashboard's "usulan menunggu keputusan" tile read, through the figure functions of
``bantuan.selectors`` (each with a ``…_dari_awal`` twin that counts from the rows). Kept by
statement-level database triggers (migration ``bantuan.0007_rollup_bantuan``) in the writer's
transaction, like the registry rollup (``pmks.models.rollup``): the services, the BNBA import, the
admin and a restore all keep it current without Python code. The kelurahan of a row is always the
*current* kelurahan of its household (as the row-counting queries have it): a household that moves
takes its proposals, distributions and receipts with it.

Tables and what a row means (``bulan`` = first day of a month; timestamps in WIB months):

- ``RollupUsulan`` (``bantuan_rollupusulan``), ``(kelurahan, bulan, program, peristiwa)`` → ``n``:
  ``peristiwa = "dibuat"``: proposals created (``dibuat_pada``) in the month; any other value is a
  status: distinct proposals with a status-history row (``RiwayatStatusUsulan``) reaching that
  status in the month. Event figures: a month's figure is its own row (nothing carried over).
- ``RollupStatusUsulan`` (``bantuan_rollupstatususulan``), ``(kelurahan, program, status)`` → ``n``:
  proposals whose status is that status *now* (current state, not history: no month).
- ``RollupPenyaluran`` (``bantuan_rolluppenyaluran``), ``(kelurahan, bulan, program)``: ``kali`` =
  distributions of the month (``Penyaluran.bulan``), ``penerima`` = distinct households receiving
  (additive over kelurahan: a household is in one kelurahan), ``nilai_tercatat`` = sum of the
  recorded ``nilai``, ``kali_tanpa_nilai`` = distributions without a recorded value. The Rupiah
  figure is ``nilai_tercatat + kali_tanpa_nilai × program.nilai_per_penerima``, computed when read,
  so changing a program's estimated value needs no rollup change.
- ``RollupEksternal`` (``bantuan_rolluppenerimaaneksternal``), ``(kelurahan, bulan, program)`` →
  ``penerima``: distinct households with an active external receipt (BNBA PKH/BPNT) whose period
  covers part of the month (one row per month of the period).

Maintenance: a changed row names the groups ``(kelurahan, program)`` it touches (old and new
values); the trigger takes an advisory lock per group (two writers of one group serialise; the one
that waited recomputes from what the other committed — READ COMMITTED, a fresh snapshot per
statement), deletes the groups' rollup rows and recounts them from the indexed rows of that
kelurahan and program (every month at once: a kelurahan holds hundreds of proposals per program, not
millions). Distinct-household figures are therefore exact without a per-household fact table.
``bangun_rollup_bantuan()`` (``pmks.management.commands.bangun_rollup``) rebuilds everything from
scratch after a bulk writer that switched triggers off. ``tests/bantuan/test_rollup.py`` checks the
rollup against the row counts after every kind of change.
"""

from __future__ import annotations

from django.db import models

ZONA = "Asia/Jakarta"

# The groups a statement touched: pairs (kelurahan, program). ``{t}`` is a transition table (or the
# changed rows of one); the kelurahan is the household's current one, except for a moved household
# (pmks_keluarga), where the old and the new row each name their own.
_KUNCI = {
    "bantuan_usulan": (
        "SELECT k.kelurahan_id, x.program_id FROM {t} x JOIN pmks_keluarga k ON k.id = x.keluarga_id",
        ("keluarga_id", "program_id", "dibuat_pada", "status"),
    ),
    "bantuan_riwayatstatususulan": (
        "SELECT k.kelurahan_id, u.program_id FROM {t} x JOIN bantuan_usulan u ON u.id = x.usulan_id"
        " JOIN pmks_keluarga k ON k.id = u.keluarga_id",
        ("usulan_id", "ke", "pada"),
    ),
    "bantuan_penyaluran": (
        "SELECT k.kelurahan_id, u.program_id FROM {t} x JOIN bantuan_usulan u ON u.id = x.usulan_id"
        " JOIN pmks_keluarga k ON k.id = u.keluarga_id",
        ("usulan_id", "bulan", "nilai"),
    ),
    "bantuan_penerimaaneksternal": (
        "SELECT k.kelurahan_id, x.program_id FROM {t} x JOIN pmks_keluarga k ON k.id = x.keluarga_id",
        ("keluarga_id", "program_id", "aktif", "periode_mulai", "periode_selesai"),
    ),
    "pmks_keluarga": (
        "SELECT x.kelurahan_id, u.program_id FROM {t} x JOIN bantuan_usulan u ON u.keluarga_id = x.id"
        " UNION SELECT x.kelurahan_id, e.program_id FROM {t} x"
        " JOIN bantuan_penerimaaneksternal e ON e.keluarga_id = x.id",
        ("kelurahan_id",),
    ),
}

# The counts, for every group (the rebuild) or for the groups (kel[i], prog[i]) of the arrays ``kel``, ``prog``.
_G = " JOIN (SELECT DISTINCT k, p FROM unnest(kel, prog) AS u(k, p)) AS g ON g.k = k.kelurahan_id AND g.p = {p}"


def _hitung(g: bool) -> dict[str, str]:
    def j(p: str) -> str:
        return _G.format(p=p) if g else ""

    bulan = "date_trunc('month', {x} AT TIME ZONE '" + ZONA + "')::date"
    return {
        "bantuan_rollupusulan (kelurahan_id, bulan, program_id, peristiwa, n)": f"""
SELECT k.kelurahan_id, {bulan.format(x="u.dibuat_pada")}, u.program_id, 'dibuat', COUNT(*)
  FROM bantuan_usulan u JOIN pmks_keluarga k ON k.id = u.keluarga_id{j("u.program_id")} GROUP BY 1, 2, 3
UNION ALL
SELECT k.kelurahan_id, {bulan.format(x="r.pada")}, u.program_id, r.ke, COUNT(DISTINCT r.usulan_id)
  FROM bantuan_riwayatstatususulan r JOIN bantuan_usulan u ON u.id = r.usulan_id
  JOIN pmks_keluarga k ON k.id = u.keluarga_id{j("u.program_id")} GROUP BY 1, 2, 3, 4""",
        "bantuan_rollupstatususulan (kelurahan_id, program_id, status, n)": f"""
SELECT k.kelurahan_id, u.program_id, u.status, COUNT(*)
  FROM bantuan_usulan u JOIN pmks_keluarga k ON k.id = u.keluarga_id{j("u.program_id")} GROUP BY 1, 2, 3""",
        "bantuan_rolluppenyaluran (kelurahan_id, bulan, program_id, kali, penerima, nilai_tercatat,"
        " kali_tanpa_nilai)": f"""
SELECT k.kelurahan_id, s.bulan, u.program_id, COUNT(*), COUNT(DISTINCT u.keluarga_id), COALESCE(SUM(s.nilai), 0),
       COUNT(*) FILTER (WHERE s.nilai IS NULL)
  FROM bantuan_penyaluran s JOIN bantuan_usulan u ON u.id = s.usulan_id
  JOIN pmks_keluarga k ON k.id = u.keluarga_id{j("u.program_id")} GROUP BY 1, 2, 3""",
        "bantuan_rolluppenerimaaneksternal (kelurahan_id, bulan, program_id, penerima)": f"""
SELECT k.kelurahan_id, m.bulan::date, e.program_id, COUNT(DISTINCT e.keluarga_id)
  FROM bantuan_penerimaaneksternal e JOIN pmks_keluarga k ON k.id = e.keluarga_id{j("e.program_id")}
  CROSS JOIN LATERAL generate_series(date_trunc('month', e.periode_mulai), date_trunc('month', e.periode_selesai),
                                     interval '1 month') AS m(bulan)
 WHERE e.aktif GROUP BY 1, 2, 3""",
    }


TABEL = tuple(t.split(" ")[0] for t in _hitung(False))

_SISIP_GRUP = "\n".join(
    f"  DELETE FROM {t.split(' ')[0]} r USING unnest(kel, prog) AS g(k, p)"
    " WHERE r.kelurahan_id = g.k AND r.program_id = g.p;\n"
    f"  INSERT INTO {t}{q};"
    for t, q in _hitung(True).items()
)

# Recount the groups (kel[i], prog[i]): delete their rows, count them again.
SQL_SEGARKAN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_bantuan_segarkan(kel bigint[], prog bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF kel IS NULL OR cardinality(kel) = 0 THEN
    RETURN;
  END IF;
  -- one writer per group at a time; the statements below see what the other committed
  PERFORM pg_advisory_xact_lock(73161, hashtext(t.k || '/' || t.p))
     FROM (SELECT DISTINCT k, p FROM unnest(kel, prog) AS u(k, p)) AS t ORDER BY t.k, t.p;
{_SISIP_GRUP}
END $$;
"""


def _sql_pemicu() -> str:
    bagian = []
    for tabel, (kunci, kolom) in _KUNCI.items():
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
            bagian.append(f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_bantuan_{tabel}_{aksi}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kel bigint[];
  prog bigint[];
BEGIN
  SELECT array_agg(a ORDER BY a, b), array_agg(b ORDER BY a, b) INTO kel, prog
    FROM ({sql}) AS t(a, b) WHERE a IS NOT NULL AND b IS NOT NULL;
  PERFORM sidamping_rollup_bantuan_segarkan(kel, prog);
  RETURN NULL;
END $$;
CREATE TRIGGER sidamping_rollup_bantuan_{aksi} AFTER {peristiwa} ON {tabel} REFERENCING {transisi}
  FOR EACH STATEMENT EXECUTE FUNCTION sidamping_rollup_bantuan_{tabel}_{aksi}();""")
    return "\n".join(bagian)


SQL_PEMICU = _sql_pemicu()

SQL_BANGUN = f"""
CREATE OR REPLACE FUNCTION sidamping_rollup_bantuan_bangun() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n bigint := 0;
  m bigint;
BEGIN
  LOCK TABLE {", ".join(TABEL)} IN ACCESS EXCLUSIVE MODE;
  TRUNCATE {", ".join(TABEL)};
{chr(10).join(f"  INSERT INTO {t}{q};{chr(10)}  GET DIAGNOSTICS m = ROW_COUNT;{chr(10)}  n := n + m;"
              for t, q in _hitung(False).items())}
  RETURN n;
END $$;
"""

SQL_HAPUS = "\n".join(
    f"DROP TRIGGER IF EXISTS sidamping_rollup_bantuan_{aksi} ON {tabel};"
    f"DROP FUNCTION IF EXISTS sidamping_rollup_bantuan_{tabel}_{aksi}();"
    for tabel in _KUNCI
    for aksi in ("ubah", "tambah", "hapus")
) + (
    "DROP FUNCTION IF EXISTS sidamping_rollup_bantuan_bangun();"
    "DROP FUNCTION IF EXISTS sidamping_rollup_bantuan_segarkan(bigint[], bigint[]);"
)


class RollupUsulan(models.Model):
    """Proposal events per kelurahan × month × program (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    program_id = models.BigIntegerField()
    peristiwa = models.CharField(max_length=20)  # "dibuat" or the status reached
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup usulan"
        verbose_name_plural = "rollup usulan"
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan_id", "bulan", "program_id", "peristiwa"], name="rollup_usulan_unik"
            ),
        ]
        indexes = [models.Index(fields=["kelurahan_id", "program_id"], name="rollup_usulan_grup")]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} program {self.program_id} {self.peristiwa}"


class RollupStatusUsulan(models.Model):
    """Proposals per kelurahan × program × current status (current state, no month)."""

    kelurahan_id = models.BigIntegerField()
    program_id = models.BigIntegerField()
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup status usulan"
        verbose_name_plural = "rollup status usulan"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "program_id", "status"], name="rollup_status_usulan_unik"),
        ]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} program {self.program_id} {self.status}"


class RollupPenyaluran(models.Model):
    """Distributions per kelurahan × month × program (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    program_id = models.BigIntegerField()
    kali = models.IntegerField(default=0)
    penerima = models.IntegerField(default=0)
    nilai_tercatat = models.BigIntegerField(default=0)
    kali_tanpa_nilai = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup penyaluran"
        verbose_name_plural = "rollup penyaluran"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "bulan", "program_id"], name="rollup_penyaluran_unik"),
        ]
        indexes = [models.Index(fields=["kelurahan_id", "program_id"], name="rollup_penyaluran_grup")]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} program {self.program_id}"


class RollupPenerimaanEksternal(models.Model):
    """Households on external lists per kelurahan × month × program (see the module docstring)."""

    kelurahan_id = models.BigIntegerField()
    bulan = models.DateField()
    program_id = models.BigIntegerField()
    penerima = models.IntegerField(default=0)

    class Meta:
        verbose_name = "rollup penerimaan eksternal"
        verbose_name_plural = "rollup penerimaan eksternal"
        constraints = [
            models.UniqueConstraint(fields=["kelurahan_id", "bulan", "program_id"], name="rollup_eksternal_unik"),
        ]
        indexes = [models.Index(fields=["kelurahan_id", "program_id"], name="rollup_eksternal_grup")]

    def __str__(self) -> str:
        return f"kelurahan {self.kelurahan_id} {self.bulan:%Y-%m} program {self.program_id}"


def bangun_rollup_bantuan() -> int:
    """Rebuild the aid rollup from scratch (one transaction); returns its number of rows."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT sidamping_rollup_bantuan_bangun()")
        n = cur.fetchone()[0]
        for tabel in TABEL:
            cur.execute(f"ANALYZE {tabel}")
    return n


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
