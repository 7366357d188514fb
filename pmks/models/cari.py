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
name. The dictionary only grows (a name nobody carries any more finds no rows).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models

# Appended to a statement whose CTE ``baru`` returns the ``nama_cari`` just written: the new
# spellings into the dictionary (sorted, so concurrent writers take the key locks in one order).
ISI_KAMUS_DARI_BARU = """
INSERT INTO pmks_kamusnama (nama_cari)
SELECT DISTINCT nama_cari FROM baru ORDER BY nama_cari
ON CONFLICT (nama_cari) DO NOTHING
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
