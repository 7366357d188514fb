"""The proposal's area: ``Usulan.kode_wilayah`` = the Kemendagri code of its household's CURRENT kelurahan.

Why it exists: the proposal queue (``bantuan.selectors.usulan_antrian``) must read only the
proposals of the user's area, in the queue's order, whatever the rest of the province holds. The
household's kelurahan is two joins away, so an index could not lead on it. With the code on the
proposal, one index per scope level leads on the area and then on the queue's order keys
(``Usulan.Meta.indexes``: the code itself for a kelurahan, ``left(code, 8)`` for a kecamatan,
``left(code, 5)`` for a kab/kota, ``left(code, 2)`` for a province — Kemendagri codes have fixed
widths, ``35.20.11.2001``). A page is then one equality + order range of one index: the area's rows,
already in order.

Kept by database triggers (migration ``bantuan.0010_wilayah_usulan``), never by Python code, so
every write path (services, the merge of duplicate households, the admin, raw SQL, a restore) keeps
it current in the writer's own transaction:

- on ``bantuan_usulan`` (BEFORE INSERT, or UPDATE OF ``keluarga_id`` / ``kode_wilayah``, per row):
  the column is recomputed from the household, whatever the writer sent (the ORM's full ``save()``
  sends the value it loaded, a new instance sends NULL);
- on ``pmks_keluarga`` (a statement-level trigger from ``tksk.pemicu``): a household that moves
  kelurahan takes its proposals' code along;
- on ``tksk_wilayah``: a kelurahan whose code changes renames its proposals' code.

The row trigger reads the household ``FOR SHARE``, so a proposal written while its household moves
(two transactions) ends with the household's committed kelurahan: it waits for the move and reads
the new row, or the move waits for it and its statement trigger then sees the proposal. (No advisory
lock: the household's row lock already orders the two, and a per-household advisory lock made a
statement moving thousands of households overflow the shared lock table.) The column is NOT NULL in the
database (the Django field says ``null=True`` so that the ORM sends NULL for the trigger to fill):
a bulk writer that switches triggers off and forgets it fails loudly. Bulk writers fill it from
their household's kelurahan (``bantuan.sintetis``); ``isi_kode_wilayah()`` (``manage.py
bangun_rollup``, registered in ``bantuan.integrasi``) refills every row in one ``UPDATE … FROM``
and ``periksa_kode_wilayah`` counts the rows that differ. Scope is still enforced on the household
(``tksk.scoping``): the code only chooses the index range.
"""

from __future__ import annotations

from tksk.pemicu import kunci_tersentuh, sql_hapus_pemicu, sql_pemicu

# width of a region's code per scope level whose area has its own queue index (a kelurahan: the whole code)
PANJANG_KODE_AREA = (2, 5, 8)

# the code of each household's kelurahan: the ONE definition, used by every path below
_KODE = "SELECT w.kode FROM pmks_keluarga k JOIN tksk_wilayah w ON w.id = k.kelurahan_id WHERE k.id = {id}"

SQL_FUNGSI = f"""
CREATE OR REPLACE FUNCTION sidamping_kode_wilayah_usulan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- FOR SHARE: wait for a concurrent move of the household and take its new kelurahan
  NEW.kode_wilayah := ({_KODE.format(id="NEW.keluarga_id")} FOR SHARE OF k);
  RETURN NEW;
END $$;
CREATE TRIGGER sidamping_kode_wilayah_usulan BEFORE INSERT OR UPDATE OF keluarga_id, kode_wilayah ON bantuan_usulan
  FOR EACH ROW EXECUTE FUNCTION sidamping_kode_wilayah_usulan();
CREATE OR REPLACE FUNCTION sidamping_kode_wilayah_segarkan(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- the households moved are row-locked by the statement that moved them
  UPDATE bantuan_usulan u SET kode_wilayah = w.kode
    FROM pmks_keluarga k JOIN tksk_wilayah w ON w.id = k.kelurahan_id
   WHERE u.keluarga_id = ANY(ids) AND k.id = u.keluarga_id AND u.kode_wilayah IS DISTINCT FROM w.kode;
END $$;
CREATE OR REPLACE FUNCTION sidamping_kode_wilayah_ganti() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bantuan_usulan SET kode_wilayah = NEW.kode WHERE kode_wilayah = OLD.kode;
  RETURN NULL;
END $$;
CREATE TRIGGER sidamping_kode_wilayah_ganti AFTER UPDATE OF kode ON tksk_wilayah
  FOR EACH ROW WHEN (OLD.kode IS DISTINCT FROM NEW.kode) EXECUTE FUNCTION sidamping_kode_wilayah_ganti();
"""

SQL_PEMICU_KELUARGA = sql_pemicu(
    tabel="pmks_keluarga", fungsi="sidamping_kode_wilayah", pemicu="sidamping_kode_wilayah",
    dari=kunci_tersentuh("SELECT x.id FROM {t} x", ("kelurahan_id",), aksi=("ubah",)),
    isi=lambda sql: (f"  PERFORM sidamping_kode_wilayah_segarkan(ARRAY(\n"
                     f"    SELECT DISTINCT a FROM ({sql}) AS t(a) WHERE a IS NOT NULL));"),
)

# every row from its household (the migration's backfill, ``manage.py bangun_rollup``): one UPDATE … FROM
SQL_ISI = """UPDATE bantuan_usulan u SET kode_wilayah = w.kode
  FROM pmks_keluarga k JOIN tksk_wilayah w ON w.id = k.kelurahan_id
 WHERE k.id = u.keluarga_id AND u.kode_wilayah IS DISTINCT FROM w.kode"""

SQL_BEDA = """SELECT count(*) FROM bantuan_usulan u JOIN pmks_keluarga k ON k.id = u.keluarga_id
  JOIN tksk_wilayah w ON w.id = k.kelurahan_id WHERE u.kode_wilayah IS DISTINCT FROM w.kode{syarat}"""

SQL_HAPUS = (
    sql_hapus_pemicu(tabel="pmks_keluarga", fungsi="sidamping_kode_wilayah", pemicu="sidamping_kode_wilayah",
                     aksi=("ubah",))
    + "DROP TRIGGER IF EXISTS sidamping_kode_wilayah_usulan ON bantuan_usulan;"
    "DROP FUNCTION IF EXISTS sidamping_kode_wilayah_usulan();"
    "DROP TRIGGER IF EXISTS sidamping_kode_wilayah_ganti ON tksk_wilayah;"
    "DROP FUNCTION IF EXISTS sidamping_kode_wilayah_ganti();"
    "DROP FUNCTION IF EXISTS sidamping_kode_wilayah_segarkan(bigint[]);"
)

# the triggers of bantuan_usulan off during an all-rows refill: the aid facts' and rollup's watch other
# columns, and the row trigger would read each household again (the refill computes the same value)
_PEMICU_MATI = ("sidamping_fakta_penerimaan_ubah", "sidamping_rollup_bantuan_ubah", "sidamping_kode_wilayah_usulan")


def isi_kode_wilayah() -> int:
    """Refill ``kode_wilayah`` of every proposal whose code differs from its household's (one
    ``UPDATE … FROM``; what ``manage.py bangun_rollup`` runs after a bulk writer); returns the rows
    changed. The table's UPDATE triggers are off meanwhile (``_PEMICU_MATI``)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending (deferred FK) trigger events
        for p in _PEMICU_MATI:
            cur.execute(f"ALTER TABLE bantuan_usulan DISABLE TRIGGER {p}")
        cur.execute(SQL_ISI)
        n = cur.rowcount
        for p in _PEMICU_MATI:
            cur.execute(f"ALTER TABLE bantuan_usulan ENABLE TRIGGER {p}")
        cur.execute("ANALYZE bantuan_usulan")
    return n


def periksa_kode_wilayah(*, kelurahan_ids: list[int], bulan=None) -> list[str]:
    """``["kode_wilayah_usulan"]`` when a proposal of households in ``kelurahan_ids`` carries
    another code than its household's kelurahan (``manage.py bangun_rollup --periksa``)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(SQL_BEDA.format(syarat=" AND k.kelurahan_id = ANY(%s)"), [list(kelurahan_ids)])
        return ["kode_wilayah_usulan"] if cur.fetchone()[0] else []
