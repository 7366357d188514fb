"""Monthly partitions for the append-only tables: history events and the download/export logs.

These tables only grow (every change of a household writes an event row; every export and
download is logged). Partitioned by month of their timestamp (PostgreSQL declarative
partitioning, months in Asia/Jakarta), so:

- retention is dropping a whole month (:func:`partisi_buang_sebelum`), not a slow ``DELETE``;
- queries for one period touch only that period's partitions.

A table is converted once, by a migration calling :func:`sql_jadikan_partisi` (indexes, foreign
keys and the identity sequence are carried over; the primary key becomes ``(id, timestamp)``, as
PostgreSQL requires the partition key in it). :func:`siapkan_partisi` creates the coming months'
partitions of every partitioned table (``manage.py siapkan_partisi``, run by ``bin/run`` and daily);
a ``_default`` partition catches anything outside them, and rows found there are moved into their
month when it is created.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

ZONA = "+07"  # months are WIB months, like the reports


def _awal_bulan(tahun: int, bulan: int) -> str:
    return f"{tahun:04d}-{bulan:02d}-01 00:00:00{ZONA}"


def _geser(tahun: int, bulan: int, n: int) -> tuple[int, int]:
    k = tahun * 12 + (bulan - 1) + n
    return k // 12, k % 12 + 1


def sql_jadikan_partisi(tabel: str, kolom: str) -> str:
    """SQL that turns ``tabel`` (its data kept) into a table partitioned by month of ``kolom``."""
    return f"""
DO $$
DECLARE
    r record;
    pk text;
    idx text[] := '{{}}';
    fk text[] := '{{}}';
    d text;
    awal date;
    akhir date;
BEGIN
    SELECT a.attname INTO pk
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = '{tabel}'::regclass AND i.indisprimary;
    FOR r IN SELECT c.relname, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = '{tabel}'::regclass AND NOT i.indisprimary LOOP
        idx := idx || r.def;  -- recreated on the new table once the old one (and its names) is gone
    END LOOP;
    FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
             WHERE conrelid = '{tabel}'::regclass AND contype = 'f' LOOP
        fk := fk || format('ALTER TABLE {tabel} ADD CONSTRAINT %I %s', r.conname, r.def);
        EXECUTE format('ALTER TABLE {tabel} DROP CONSTRAINT %I', r.conname);
    END LOOP;
    EXECUTE 'ALTER TABLE {tabel} DROP CONSTRAINT {tabel}_pkey';
    ALTER TABLE {tabel} RENAME TO {tabel}__lama;
    CREATE TABLE {tabel} (LIKE {tabel}__lama INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS
        INCLUDING GENERATED INCLUDING STORAGE) PARTITION BY RANGE ({kolom});
    EXECUTE format('ALTER TABLE {tabel} ADD CONSTRAINT {tabel}_pkey PRIMARY KEY (%I, {kolom})', pk);
    CREATE TABLE {tabel}_default PARTITION OF {tabel} DEFAULT;
    -- one partition per month that has rows, and the current month
    SELECT date_trunc('month', least(min({kolom}), now()) AT TIME ZONE 'Asia/Jakarta')::date,
           date_trunc('month', greatest(max({kolom}), now()) AT TIME ZONE 'Asia/Jakarta')::date
        INTO awal, akhir FROM {tabel}__lama;
    WHILE awal <= akhir LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF {tabel} FOR VALUES FROM (%L) TO (%L)',
            '{tabel}_p' || to_char(awal, 'YYYYMM'), awal::text || ' 00:00:00{ZONA}',
            (awal + interval '1 month')::date::text || ' 00:00:00{ZONA}');
        awal := (awal + interval '1 month')::date;
    END LOOP;
    INSERT INTO {tabel} SELECT * FROM {tabel}__lama;
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + 1, false) FROM {tabel}',
        '{tabel}', pk, pk);
    DROP TABLE {tabel}__lama;
    FOREACH d IN ARRAY idx LOOP
        EXECUTE replace(d, ' ON public.{tabel}__lama ', ' ON public.{tabel} ');
    END LOOP;
    FOREACH d IN ARRAY fk LOOP
        EXECUTE d;
    END LOOP;
END
$$;
"""


def tabel_berpartisi() -> list[tuple[str, str]]:
    """(table, partition column) of every table of the schema partitioned by month of a timestamp.

    (Other partitioned tables, e.g. the name-search index partitioned by kab/kota, are not ours.)"""
    with connection.cursor() as c:
        c.execute(
            """
            SELECT c.relname, a.attname FROM pg_partitioned_table p
            JOIN pg_class c ON c.oid = p.partrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
            WHERE p.partstrat = 'r' AND a.atttypid = 'timestamptz'::regtype
              AND to_regclass(c.relname || '_default') IS NOT NULL
            ORDER BY c.relname
            """
        )
        return c.fetchall()


def _partisi_ada(nama: str) -> bool:
    with connection.cursor() as c:
        c.execute("SELECT to_regclass(%s) IS NOT NULL", [nama])
        return c.fetchone()[0]


def _buat_bulan(tabel: str, kolom: str, tahun: int, bulan: int) -> bool:
    nama = f"{tabel}_p{tahun:04d}{bulan:02d}"
    if _partisi_ada(nama):
        return False
    dari, ke = _awal_bulan(tahun, bulan), _awal_bulan(*_geser(tahun, bulan, 1))
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as c:
        # Rows of that month that fell into the default partition move into the new one before it
        # is attached (ATTACH refuses a default partition holding rows of the new range).
        c.execute(f"LOCK TABLE {q(tabel)} IN SHARE ROW EXCLUSIVE MODE")
        c.execute(f"CREATE TABLE {q(nama)} (LIKE {q(tabel)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        c.execute(
            f"WITH pindah AS (DELETE FROM {q(tabel + '_default')} WHERE {q(kolom)} >= %s AND {q(kolom)} < %s "
            f"RETURNING *) INSERT INTO {q(nama)} SELECT * FROM pindah",
            [dari, ke],
        )
        c.execute(f"ALTER TABLE {q(tabel)} ATTACH PARTITION {q(nama)} FOR VALUES FROM (%s) TO (%s)", [dari, ke])
    return True


def siapkan_partisi(*, bulan_ke_depan: int = 3, hari_ini: date | None = None) -> list[str]:
    """Create this month's and the next ``bulan_ke_depan`` months' partitions; idempotent."""
    hari_ini = hari_ini or timezone.localdate()
    dibuat = []
    for tabel, kolom in tabel_berpartisi():
        for n in range(bulan_ke_depan + 1):
            tahun, bulan = _geser(hari_ini.year, hari_ini.month, n)
            if _buat_bulan(tabel, kolom, tahun, bulan):
                dibuat.append(f"{tabel}_p{tahun:04d}{bulan:02d}")
    return dibuat


def partisi_sebelum(tabel: str, batas: date) -> tuple[list[str], int]:
    """What :func:`partisi_buang_sebelum` would remove: the monthly partitions of ``tabel`` wholly
    before ``batas``'s month and how many rows they (and the default partition, before it) hold."""
    q = connection.ops.quote_name
    kolom = dict(tabel_berpartisi())[tabel]
    batas_bulan = f"{batas.year:04d}{batas.month:02d}"
    with connection.cursor() as c:
        nama = [n for n in _partisi_bulanan(c, tabel) if n[-6:] < batas_bulan]
        baris = 0
        for n in nama:
            c.execute(f"SELECT count(*) FROM {q(n)}")
            baris += c.fetchone()[0]
        c.execute(
            f"SELECT count(*) FROM {q(tabel + '_default')} WHERE {q(kolom)} < %s",
            [_awal_bulan(batas.year, batas.month)],
        )
        return nama, baris + c.fetchone()[0]


def _partisi_bulanan(c, tabel: str) -> list[str]:
    c.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass AND c.relname ~ %s ORDER BY c.relname",
        [tabel, rf"^{tabel}_p\d{{6}}$"],
    )
    return [r[0] for r in c.fetchall()]


def partisi_buang_sebelum(tabel: str, batas: date) -> list[str]:
    """Retention: drop the monthly partitions of ``tabel`` wholly before ``batas``'s month.

    Rows older than that in the default partition are deleted too. Returns the dropped names.
    """
    q = connection.ops.quote_name
    kolom = dict(tabel_berpartisi())[tabel]
    batas_bulan = f"{batas.year:04d}{batas.month:02d}"
    dibuang = []
    with transaction.atomic(), connection.cursor() as c:
        # Deferred foreign-key checks of rows written earlier in this transaction would make DROP
        # refuse ("pending trigger events"); check them now (a no-op for the nightly job).
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for nama in _partisi_bulanan(c, tabel):
            if nama[-6:] < batas_bulan:
                c.execute(f"ALTER TABLE {q(tabel)} DETACH PARTITION {q(nama)}")
                c.execute(f"DROP TABLE {q(nama)}")
                dibuang.append(nama)
        c.execute(
            f"DELETE FROM {q(tabel + '_default')} WHERE {q(kolom)} < %s",
            [_awal_bulan(batas.year, batas.month)],
        )
    return dibuang
