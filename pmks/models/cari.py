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
            GinIndex(fields=["nama_cari"], opclasses=["gin_trgm_ops"], name="indeks_nama_trgm"),
        ]

    def __str__(self) -> str:
        return self.nama_cari

    @staticmethod
    def isi_untuk_keluarga_baru(cur, keluarga_ids: list[int]) -> None:
        """Rows for the members of households just written by a writer that bypasses triggers."""
        cur.execute(
            """
            INSERT INTO pmks_indeksnama (anggota_id, keluarga_id, kode_wilayah, nama_cari)
            SELECT a.id, a.keluarga_id, w.kode, sidamping_nama_cari(a.nama)
              FROM pmks_anggota a JOIN pmks_keluarga k ON k.id = a.keluarga_id
              JOIN tksk_wilayah w ON w.id = k.kelurahan_id
             WHERE a.keluarga_id = ANY(%s)
            """,
            [list(keluarga_ids)],
        )
