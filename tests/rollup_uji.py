"""Shared by the rollup property tests: what a from-scratch rebuild would write, without keeping it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction


class _Batal(Exception):
    pass


def isi_tabel(tabel: tuple[str, ...], *, rollup: str) -> dict[str, list]:
    """Every row of ``tabel`` (without ``id``), sorted; the ``rollup`` table's rows at n = 0 left out
    (a group whose contributions all went away stays in the table at 0)."""
    hasil = {}
    with connection.cursor() as cur:
        for t in tabel:
            cur.execute(f"SELECT * FROM {t} LIMIT 0")
            kolom = ", ".join(d.name for d in cur.description if d.name != "id")
            tanpa_nol = " WHERE n <> 0" if t == rollup else ""
            cur.execute(f"SELECT {kolom} FROM {t}{tanpa_nol} ORDER BY {kolom}")
            hasil[t] = cur.fetchall()
    return hasil


def dari_awal(fungsi_bangun: str, baca: Callable[[], object]):
    """``baca()`` after the SQL rebuild ``fungsi_bangun()`` ran in a savepoint that is then rolled back:
    the rows a rebuild from scratch writes, compared with what the triggers kept."""
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(f"SELECT {fungsi_bangun}()")
            hasil = baca()
            raise _Batal
    except _Batal:
        return hasil
