"""The name search index: one row per member with the normalised name and the kelurahan code.

Kept by database triggers (migration ``pmks.0008_indeks_nama``), never by Python code, so every
write path (services, the spreadsheet import's COPY, the admin, raw SQL) keeps it current:

- ``nama_cari = sidamping_nama_cari(anggota.nama)`` — the ONE normalisation (lowercase, old
  spelling oe→u, dj→j, tj→c, sj→sy, ch→kh, punctuation and repeated spaces collapsed), the same
  SQL function the search applies to what the user typed (``pmks.registri.selectors.cari_nama``);
- ``kode_wilayah`` = the code of the household's kelurahan (``35.74.04.1003``), updated when a
  member moves household, a household moves kelurahan or a kelurahan's code changes.

The table is partitioned by kab/kota (``kode_wilayah`` ranges ``35.74.`` … ``35.74/``; a partition
is created with each kab/kota region, others land in ``pmks_indeksnama_lain``); each partition has
its own trigram index (``nama_cari gin_trgm_ops``). A search inside a kecamatan or a kab/kota is
pruned to one partition, so it costs what that kab/kota holds, not what the province holds (in one
index over the province the trigram lists are province-wide whatever the region filter). In the
database the primary key is ``(anggota_id, kode_wilayah)`` (a partitioned table's keys include
the partition key); Django sees ``anggota`` as the key. Bulk generators that switch triggers off
call ``isi_untuk_keluarga_baru``. The index is derived data: scope is still enforced on the
household query itself.

``KamusNama`` is the set of distinct ``nama_cari`` values (one row per spelling, however many
people carry it), kept by a statement-level trigger on ``pmks_indeksnama`` (and by the bulk writers,
which switch triggers off). A search wider than one kab/kota (a province, the administrator) finds
the fuzzy matches among the distinct names (its own trigram index: far fewer rows than people, the
common names repeat) and then the households per name through ``indeks_nama_persis`` (nama_cari,
keluarga_id) with a LIMIT, so it never fetches the tens of thousands of members who share a common
name.

Spellings are only added by those writers (a rename or a deletion does not remove the old one); the
daily clean-up ``kamus_nama_bersihkan`` removes those nobody carries any more. They found no rows, but
they take places among the ``BATAS_NAMA_KAMUS`` closest spellings a wide search looks at, so left there
they would push out spellings people do carry. Every write to the dictionary goes through one database
function, ``sidamping_kamus_nama_isi``, which first takes the shared advisory lock
``(KelasKunci.KAMUS_NAMA, 0)``; the clean-up takes the same lock exclusively for each batch (see there).
"""

from __future__ import annotations

import logging
import time

from django.contrib.postgres.indexes import GinIndex
from django.db import connection, models, transaction

from tksk.kunci import KelasKunci

log = logging.getLogger(__name__)

# The key inside ``KelasKunci.KAMUS_NAMA``: one for the whole dictionary (a bulk writer's thousands of
# spellings take one lock, not one each).
KUNCI_KAMUS = 0

# The one writer of the dictionary (the trigger on ``pmks_indeksnama`` and the bulk writers call it):
# the shared lock first, held until the writer's transaction ends, then the new spellings (sorted, so
# concurrent writers take the unique index's key locks in one order). Installed by migration
# ``pmks.0024_kamus_nama_kunci``.
SQL_ISI_KAMUS = f"""
CREATE OR REPLACE FUNCTION sidamping_kamus_nama_isi(nama text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared({KelasKunci.KAMUS_NAMA:d}, {KUNCI_KAMUS:d});
  INSERT INTO pmks_kamusnama (nama_cari)
  SELECT DISTINCT u.n FROM unnest(nama) AS u(n) ORDER BY u.n
  ON CONFLICT (nama_cari) DO NOTHING;
END $$;
CREATE OR REPLACE FUNCTION sidamping_kamus_nama() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sidamping_kamus_nama_isi(ARRAY(SELECT nama_cari FROM baru));
  RETURN NULL;
END $$;
"""

# Appended to a statement whose CTE ``baru`` returns the ``nama_cari`` just written: the new
# spellings into the dictionary (through ``sidamping_kamus_nama_isi``, under its lock).
ISI_KAMUS_DARI_BARU = """
SELECT sidamping_kamus_nama_isi(ARRAY(SELECT nama_cari FROM baru))
"""


class IndeksNama(models.Model):
    anggota = models.OneToOneField(
        "pmks.Anggota", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    keluarga_id = models.BigIntegerField()
    kode_wilayah = models.CharField(max_length=13, db_collation="C")
    nama_cari = models.TextField()

    class Meta:
        verbose_name = "indeks nama"
        verbose_name_plural = "indeks nama"
        indexes = [
            GinIndex(fields=["nama_cari"], opclasses=["gin_trgm_ops"], name="indeks_nama_trgm"),
            # households per exact name, newest first, without the heap (province-wide search)
            models.Index(fields=["nama_cari", "keluarga_id"], include=["kode_wilayah"], name="indeks_nama_persis"),
        ]

    def __str__(self) -> str:
        return self.nama_cari

    @staticmethod
    def isi_untuk_keluarga_baru(cur, keluarga_ids: list[int]) -> None:
        """Rows for the members of households just written by a writer that bypasses triggers."""
        cur.execute(
            """
            WITH baru AS (
              INSERT INTO pmks_indeksnama (anggota_id, keluarga_id, kode_wilayah, nama_cari)
              SELECT a.id, a.keluarga_id, w.kode, sidamping_nama_cari(a.nama)
                FROM pmks_anggota a JOIN pmks_keluarga k ON k.id = a.keluarga_id
                JOIN tksk_wilayah w ON w.id = k.kelurahan_id
               WHERE a.keluarga_id = ANY(%s)
              RETURNING nama_cari
            )
            """ + ISI_KAMUS_DARI_BARU,
            [list(keluarga_ids)],
        )


class KamusNama(models.Model):
    """One row per distinct normalised name in ``pmks_indeksnama`` (see the module docstring)."""

    nama_cari = models.TextField()

    class Meta:
        verbose_name = "kamus nama"
        verbose_name_plural = "kamus nama"
        # a constraint, not ``unique=True``: no second ``text_pattern_ops`` index nobody uses
        constraints = [models.UniqueConstraint(fields=["nama_cari"], name="kamus_nama_unik")]
        indexes = [
            GinIndex(fields=["nama_cari"], opclasses=["gin_trgm_ops"], name="kamus_nama_trgm"),
        ]

    def __str__(self) -> str:
        return self.nama_cari


# Dictionary rows looked at per statement of the clean-up (each batch holds the exclusive lock, so
# name writes wait for at most one batch).
BATCH_BERSIHKAN = 10_000
# How long the clean-up keeps trying to take the exclusive lock for a batch before it stops for today.
TUNGGU_KUNCI_DETIK = 30.0

# One batch: the next ``n`` dictionary rows after ``setelah`` (by id), those whose spelling no member's
# row carries are deleted. Returns how many were deleted and the window's last id (NULL: the end of the
# dictionary). The check is per spelling (LATERAL … LIMIT 1, which the planner cannot turn into a join
# over the whole name index): an index-only lookup on ``indeks_nama_persis`` (leading column
# ``nama_cari``; the trigram indexes are no use for equality) in each kab/kota partition, stopping at
# the first row found. So a batch costs ``n`` lookups however large the name index is; written as a
# plain NOT EXISTS the planner picks a hash anti-join that reads the whole name index (every partition,
# millions of rows) once per batch, while the batch holds the exclusive lock.
_SQL_HAPUS_YATIM = """
WITH jendela AS (
  SELECT id, nama_cari FROM pmks_kamusnama WHERE id > %(setelah)s ORDER BY id LIMIT %(n)s
), yatim AS (
  SELECT j.id FROM jendela j
    LEFT JOIN LATERAL (
      SELECT 1 AS ada FROM pmks_indeksnama i WHERE i.nama_cari = j.nama_cari LIMIT 1
    ) d ON true
   WHERE d.ada IS NULL
), hapus AS (
  DELETE FROM pmks_kamusnama k USING yatim y WHERE k.id = y.id RETURNING k.id
)
SELECT (SELECT count(*) FROM hapus), (SELECT max(id) FROM jendela)
"""


def _kunci_eksklusif(cur, tunggu: float) -> bool:
    """Take the dictionary's exclusive lock without queueing (a waiting exclusive request would make every
    name write queue behind it); retry for up to ``tunggu`` seconds while writers hold the shared lock."""
    batas = time.monotonic() + tunggu
    jeda = 0.05
    while True:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [int(KelasKunci.KAMUS_NAMA), KUNCI_KAMUS])
        if cur.fetchone()[0]:
            return True
        if time.monotonic() + jeda > batas:
            return False
        time.sleep(jeda)
        jeda = min(jeda * 2, 1.0)


def kamus_nama_bersihkan(*, batch: int = BATCH_BERSIHKAN, tunggu: float = TUNGGU_KUNCI_DETIK) -> int:
    """Delete the ``KamusNama`` rows whose spelling no ``IndeksNama`` row carries any more; returns how
    many were deleted. Idempotent; run daily (``pmks.tasks``) and by ``manage.py bersihkan_kamus_nama``.

    In batches of ``batch`` dictionary rows by id (keyset: each row is looked at once, however few are
    deleted), each batch its own transaction when called outside one.

    Race-free against a writer adding a member with a spelling being deleted: every writer of the
    dictionary (``sidamping_kamus_nama_isi``: the trigger on ``pmks_indeksnama``, the bulk writers) holds
    the shared lock ``(KelasKunci.KAMUS_NAMA, 0)`` from its dictionary insert until its transaction ends;
    a batch takes it exclusively, so

    - the batch starts only when no writer that may have relied on an existing row ("ON CONFLICT DO
      NOTHING") is still open: their ``IndeksNama`` rows are committed, and the DELETE (a new snapshot,
      READ COMMITTED, taken after the lock) sees them and keeps their spellings;
    - a writer that comes during the batch waits at its dictionary insert until the batch commits and
      then inserts its spelling again if the batch deleted it.

    So a spelling a committed ``IndeksNama`` row carries is never missing once its writer has committed.
    The lock is taken with ``pg_try_advisory_xact_lock`` (retried for ``tunggu`` seconds), never queued:
    a queued exclusive request would make every name write wait behind it. If it cannot be taken (a long
    import holds the shared lock), the clean-up stops and the rest waits for the next run.
    Inside a caller's transaction (a test) the batches are savepoints and the lock is held to its end.
    """
    dihapus = 0
    setelah = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            if not _kunci_eksklusif(cur, tunggu):
                log.warning("Kamus nama: kunci tidak didapat dalam %.1f s; %s ejaan dihapus, sisanya lain kali",
                            tunggu, dihapus)
                return dihapus
            cur.execute(_SQL_HAPUS_YATIM, {"setelah": setelah, "n": batch})
            jumlah, terakhir = cur.fetchone()
        dihapus += jumlah
        if terakhir is None:
            break
        setelah = terakhir
    log.info("Kamus nama: %s ejaan yang tidak dipakai lagi dihapus", dihapus)
    return dihapus
