"""Statement-level triggers that keep a derived table (a rollup, a facts table) current.

One shape for every trigger-kept table (``pmks.models.rollup``, ``pmks.models.rollup_pendampingan``,
``bantuan.models.rollup``, ``bantuan.models.fakta``): after each INSERT / UPDATE / DELETE statement on a
source table, one PL/pgSQL function collects the keys the statement touched from its transition
tables (``baru``, ``lama``) and hands them to the derived table's refresh function, once per
statement. On UPDATE only rows where a column that matters changed count, with both their old and
their new key (a household that moves kelurahan refreshes both). ``sql_segarkan`` generates the
refresh function of a facts + rollup pair (the registry, pendampingan and aid rollups): recompute the
touched households' facts and move the rollup by the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

# action → (statement, transition tables)
AKSI = {
    "ubah": ("UPDATE", "OLD TABLE AS lama NEW TABLE AS baru"),
    "tambah": ("INSERT", "NEW TABLE AS baru"),
    "hapus": ("DELETE", "OLD TABLE AS lama"),
}


def kunci_tersentuh(
    kunci: str, kolom: Iterable[str], *, aksi: Iterable[str] = tuple(AKSI), gabung: str = "UNION ALL"
) -> dict[str, str]:
    """Per action, the SQL of the keys a statement touched. ``kunci`` is a SELECT over ``{t}`` (the
    transition rows, aliased ``x``), e.g. ``"SELECT x.keluarga_id FROM {t} x"``; on UPDATE only rows
    where one of ``kolom`` changed, old and new."""
    beda = " OR ".join(f"n.{k} IS DISTINCT FROM o.{k}" for k in kolom)
    ubah_baru = f"(SELECT n.* FROM baru n JOIN lama o ON o.id = n.id WHERE {beda})"
    ubah_lama = f"(SELECT o.* FROM baru n JOIN lama o ON o.id = n.id WHERE {beda})"
    dari = {
        "ubah": f"{kunci.format(t=ubah_baru)} {gabung} {kunci.format(t=ubah_lama)}",
        "tambah": kunci.format(t="baru"),
        "hapus": kunci.format(t="lama"),
    }
    return {a: dari[a] for a in aksi}


def segarkan_id(fungsi_segarkan: str) -> Callable[[str], str]:
    """The usual body: ``fungsi_segarkan(bigint[])`` with the distinct non-null keys."""
    return lambda sql: (f"  PERFORM {fungsi_segarkan}(ARRAY(\n"
                        f"    SELECT DISTINCT a FROM ({sql}) AS t(a) WHERE a IS NOT NULL));")


def sql_pemicu(*, tabel: str, fungsi: str, pemicu: str, dari: dict[str, str], isi: Callable[[str], str]) -> str:
    """For each action in ``dari``: function ``{fungsi}_{tabel}_{aksi}()`` whose body is ``isi(sql)``,
    and the statement-level trigger ``{pemicu}_{aksi}`` on ``tabel`` that runs it."""
    bagian = []
    for aksi, sql in dari.items():
        peristiwa, transisi = AKSI[aksi]
        bagian.append(f"""
CREATE OR REPLACE FUNCTION {fungsi}_{tabel}_{aksi}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{isi(sql)}
  RETURN NULL;
END $$;
CREATE TRIGGER {pemicu}_{aksi} AFTER {peristiwa} ON {tabel} REFERENCING {transisi}
  FOR EACH STATEMENT EXECUTE FUNCTION {fungsi}_{tabel}_{aksi}();""")
    return "\n".join(bagian)


def sql_hapus_pemicu(*, tabel: str, fungsi: str, pemicu: str, aksi: Iterable[str] = tuple(AKSI)) -> str:
    """Drops what ``sql_pemicu`` made for ``tabel`` (the migration's reverse)."""
    return "".join(
        f"DROP TRIGGER IF EXISTS {pemicu}_{a} ON {tabel};DROP FUNCTION IF EXISTS {fungsi}_{tabel}_{a}();"
        for a in aksi
    )


def sql_segarkan(
    *, fungsi: str, kunci_kunci: int, fakta: str, fungsi_fakta: str, rollup: str, grup: Sequence[str],
    ukuran: Sequence[str], lalu: str = "",
) -> str:
    """``{fungsi}(ids bigint[])``: recompute the facts of households ``ids`` and move the rollup by the
    difference. Deletes their rows of ``fakta`` (``keluarga_id``, ``grup``, ``ukuran``), subtracts them
    from ``rollup`` (unique on ``grup``), inserts the new rows from ``fungsi_fakta(ids)`` and adds them
    (``INSERT … ON CONFLICT (grup) DO UPDATE SET m = r.m + EXCLUDED.m`` per measure ``m``: concurrent
    writers in one group add up), then runs the statements ``lalu`` (a per-household table read from
    the new facts, under the same locks). ``kunci_kunci`` is the advisory-lock class of the households
    (one writer per household at a time; the one that waited sees what the other committed)."""
    g = ", ".join(grup)
    m = ", ".join(ukuran)
    negatif = ", ".join([*(f"f.{k}" for k in grup), *(f"-f.{k} AS {k}" for k in ukuran)])
    jumlah = ", ".join(f"SUM({k})" for k in ukuran)
    urut = ", ".join(str(i) for i in range(1, len(grup) + 1))
    tambah = ", ".join(f"{k} = r.{k} + EXCLUDED.{k}" for k in ukuran)
    ke_rollup = f"""INSERT INTO {rollup} AS r ({g}, {m})
  SELECT {g}, {jumlah} FROM {{dari}} GROUP BY {urut} ORDER BY {urut}
  ON CONFLICT ({g}) DO UPDATE SET {tambah};"""
    return sql_per_keluarga(fungsi=fungsi, kunci_kunci=kunci_kunci, isi=f"""  WITH lama AS (
    DELETE FROM {fakta} f WHERE f.keluarga_id = ANY(ids)
    RETURNING {negatif}
  )
  {ke_rollup.format(dari="lama")}
  WITH baru AS (
    INSERT INTO {fakta} (keluarga_id, {g}, {m})
    SELECT * FROM {fungsi_fakta}(ids)
    RETURNING {g}, {m}
  )
  {ke_rollup.format(dari="baru")}
{lalu}""")


# Households share this many advisory locks per lock class (household id modulo it): a statement that
# touches any number of households (a kelurahan split moving 10,000 of them) takes at most this many
# locks per class. One lock per household overflowed PostgreSQL's shared lock table (by default
# max_locks_per_transaction 64 × max_connections 100 slots, for every session together) once a
# statement moved a few thousand households through the five classes of rollups and facts.
KERANJANG_KUNCI = 256


def sql_per_keluarga(*, fungsi: str, kunci_kunci: int, isi: str) -> str:
    """``{fungsi}(ids bigint[])`` that runs the statements ``isi`` for households ``ids`` (nothing when
    there are none) under the advisory locks of class ``kunci_kunci`` of their buckets
    (``KERANJANG_KUNCI``), taken in bucket order: one writer per household at a time (two households
    of a bucket also wait for each other, for the length of a transaction), and the one that waited
    sees what the other committed."""
    return f"""
CREATE OR REPLACE FUNCTION {fungsi}(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- one writer per household at a time; the statements below see what the other committed
  PERFORM pg_advisory_xact_lock({kunci_kunci}, b)
     FROM (SELECT DISTINCT (i % {KERANJANG_KUNCI})::integer AS b FROM unnest(ids) AS i) AS k ORDER BY b;
{isi}
END $$;
"""


def sql_bangun(*, fungsi: str, tabel: Sequence[str], isi: str) -> str:
    """``{fungsi}()``: a derived table's from-scratch rebuild — lock and empty ``tabel``, run ``isi`` (an
    INSERT … SELECT), return its row count. ``bangun_ulang`` runs it."""
    return f"""
CREATE OR REPLACE FUNCTION {fungsi}() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
BEGIN
  LOCK TABLE {", ".join(tabel)} IN ACCESS EXCLUSIVE MODE;
  TRUNCATE {", ".join(tabel)};
  {isi};
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
"""


def bangun_ulang(fungsi: str, tabel: Iterable[str]) -> int:
    """Run a derived table's from-scratch rebuild, the SQL function ``fungsi()`` (it truncates and refills
    ``tabel``), in one transaction, then ANALYZE ``tabel``; returns the number of rows ``fungsi`` reports.
    What ``manage.py bangun_rollup`` calls after a bulk writer that switched triggers off."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"SELECT {fungsi}()")
        n = cur.fetchone()[0]
        for t in tabel:
            cur.execute(f"ANALYZE {t}")
    return n


def berbeda_dari(tabel: str, kolom: str, sql_baru: str, params: Sequence = (), *, syarat: str = "TRUE",
                 params_syarat: Sequence = ()) -> bool:
    """Whether the rows of ``tabel`` (``kolom``, those matching ``syarat``) differ, as a multiset, from the
    rows of ``sql_baru`` (the same columns computed afresh): what a derived table's check compares."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            f"""WITH disimpan AS (SELECT {kolom} FROM {tabel} WHERE {syarat}), baru AS ({sql_baru})
                SELECT EXISTS ((TABLE disimpan EXCEPT ALL TABLE baru)
                               UNION ALL (TABLE baru EXCEPT ALL TABLE disimpan))""",
            [*params_syarat, *params],
        )
        return cur.fetchone()[0]
