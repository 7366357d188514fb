"""The follow-up's kelurahan (``RencanaTindakLanjut.kelurahan``): its household's, kept by the database.

A follow-up belongs to a household; the dashboard's follow-up tiles, its short list and the follow-up
list page filter by the area and order by due date. Reached through the household, that read scans
the area's households and joins them to their follow-ups; with the kelurahan on the follow-up it is
one range of the index ``rtl_kelurahan_status_batas`` (kelurahan, status, due date, id) per kelurahan.

Kept in the writer's transaction, whatever writes (services, merges' ``update()``, the admin, raw SQL):

- a follow-up inserted, or its household changed (a merge moves it to the survivor): a row trigger
  ``BEFORE INSERT OR UPDATE`` sets ``kelurahan_id`` from its household, whatever the writer gave. It
  reads the household ``FOR SHARE``: a concurrent move of that household is waited for and its new
  kelurahan is taken; a move that starts later waits for this transaction and then sees this row.
  An UPDATE that changes neither ``keluarga_id`` nor ``kelurahan_id`` (a status change) skips it.
- a household moved to another kelurahan: a statement-level trigger on ``pmks_keluarga``
  (``tksk.pemicu.sql_pemicu``) moves its follow-ups along, one UPDATE per statement.

Bulk loaders that COPY with triggers off (``pmks.pendampingan.sintetis``) write the column themselves.
"""

from __future__ import annotations

from tksk.pemicu import sql_hapus_pemicu, sql_pemicu

TABEL = "pmks_rencanatindaklanjut"

SQL_BARIS = f"""
CREATE OR REPLACE FUNCTION sidamping_rtl_kelurahan_baris() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- FOR SHARE: wait for a concurrent move of the household and take its new kelurahan
  SELECT k.kelurahan_id INTO NEW.kelurahan_id FROM pmks_keluarga k WHERE k.id = NEW.keluarga_id FOR SHARE;
  RETURN NEW;
END $$;
CREATE TRIGGER sidamping_rtl_kelurahan_tambah BEFORE INSERT ON {TABEL}
  FOR EACH ROW EXECUTE FUNCTION sidamping_rtl_kelurahan_baris();
CREATE TRIGGER sidamping_rtl_kelurahan_ubah BEFORE UPDATE OF keluarga_id, kelurahan_id ON {TABEL}
  FOR EACH ROW WHEN (NEW.keluarga_id IS DISTINCT FROM OLD.keluarga_id
                     OR NEW.kelurahan_id IS DISTINCT FROM OLD.kelurahan_id)
  EXECUTE FUNCTION sidamping_rtl_kelurahan_baris();
"""

# A household moved: its follow-ups follow (their row trigger then reads the same new kelurahan).
_PINDAH = f"""  UPDATE {TABEL} t SET kelurahan_id = n.kelurahan_id
    FROM baru n JOIN lama o ON o.id = n.id
   WHERE n.kelurahan_id IS DISTINCT FROM o.kelurahan_id AND t.keluarga_id = n.id
     AND t.kelurahan_id IS DISTINCT FROM n.kelurahan_id;"""

SQL_KELUARGA = sql_pemicu(
    tabel="pmks_keluarga", fungsi="sidamping_rtl", pemicu="sidamping_rtl_kelurahan",
    dari={"ubah": _PINDAH}, isi=lambda sql: sql,
)

SQL_PEMICU = SQL_BARIS + SQL_KELUARGA

SQL_HAPUS = (
    f"DROP TRIGGER IF EXISTS sidamping_rtl_kelurahan_tambah ON {TABEL};"
    f"DROP TRIGGER IF EXISTS sidamping_rtl_kelurahan_ubah ON {TABEL};"
    "DROP FUNCTION IF EXISTS sidamping_rtl_kelurahan_baris();"
    + sql_hapus_pemicu(tabel="pmks_keluarga", fungsi="sidamping_rtl", pemicu="sidamping_rtl_kelurahan",
                       aksi=("ubah",))
)

# The migration's backfill (one UPDATE … FROM; before the triggers exist, so no row trigger runs).
SQL_ISI = f"""UPDATE {TABEL} t SET kelurahan_id = k.kelurahan_id FROM pmks_keluarga k
 WHERE k.id = t.keluarga_id AND t.kelurahan_id IS DISTINCT FROM k.kelurahan_id;"""
