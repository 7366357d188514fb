"""The name search index: one row per member with the normalised name and the kelurahan code.

Kept by database triggers (migration ``pmks.0008_indeks_nama``), never by Python code, so every
write path (services, the spreadsheet import's COPY, the admin, raw SQL) keeps it current:

- ``nama_cari = sidamping_nama_cari(anggota.nama)`` — the ONE normalisation (lowercase, old
  spelling oe→u, dj→j, tj→c, sj→sy, ch→kh, punctuation and repeated spaces collapsed), the same
  SQL function the search applies to what the user typed (``pmks.selectors.cari_nama``);
- ``kode_wilayah`` = the code of the household's kelurahan (``35.74.04.1003``), updated when a
  member moves household, a household moves kelurahan or a kelurahan's code changes.

The GIN index on ``(kode_wilayah, nama_cari gin_trgm_ops)`` (btree_gin) lets PostgreSQL look up
names *within* a region prefix (``kode_wilayah >= '35.74.04.' AND < '35.74.04/'``), so a search
costs what the user's area holds, not what the province holds. Bulk generators that switch
triggers off call ``isi_untuk_keluarga``. The index is derived data: scope is still enforced on
the household query itself.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models


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
            GinIndex(
                fields=["kode_wilayah", "nama_cari"], opclasses=["text_ops", "gin_trgm_ops"],
                name="indeks_nama_wilayah_trgm",
            ),
        ]

    def __str__(self) -> str:
        return self.nama_cari

    @staticmethod
    def isi_untuk_keluarga(cur, keluarga_ids: list[int]) -> None:
        """(Re)build the rows of these households' members (for writers that bypass triggers)."""
        cur.execute(
            """
            INSERT INTO pmks_indeksnama (anggota_id, keluarga_id, kode_wilayah, nama_cari)
            SELECT a.id, a.keluarga_id, w.kode, sidamping_nama_cari(a.nama)
              FROM pmks_anggota a JOIN pmks_keluarga k ON k.id = a.keluarga_id
              JOIN tksk_wilayah w ON w.id = k.kelurahan_id
             WHERE a.keluarga_id = ANY(%s)
            ON CONFLICT (anggota_id) DO UPDATE SET keluarga_id = EXCLUDED.keluarga_id,
                kode_wilayah = EXCLUDED.kode_wilayah, nama_cari = EXCLUDED.nama_cari
            """,
            [list(keluarga_ids)],
        )
