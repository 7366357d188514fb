"""Bulk writing of synthetic (benchmark) rows with COPY: one helper for every app's generator.

A row is a dict of attribute names (``keluarga_id``, ``status``); every concrete column the dict
leaves out gets the model field's default (``auto_now``/``auto_now_add``: now), so generators
name only what they choose. Triggers (django-pghistory's included) are the caller's business:
``tanpa_trigger`` switches the user triggers of the given tables off inside the current
transaction, so synthetic rows have no edit history, and back on before commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models
from django.utils import timezone
from psycopg.types.json import Jsonb


def ambil_id(cur, model: type[models.Model], n: int) -> list[int]:
    """``n`` fresh primary keys from the model's sequence (to link rows written in one go)."""
    if n <= 0:
        return []
    cur.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [model._meta.db_table, n]
    )
    return [r[0] for r in cur.fetchall()]


def _kolom(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def salin(cur, model: type[models.Model], baris: Iterable[dict]) -> int:
    """COPY ``baris`` into the model's table; returns the number of rows written."""
    kolom = _kolom(model)
    sekarang = timezone.now()
    bawaan: dict[str, object] = {}
    for f in kolom:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            bawaan[f.attname] = sekarang
        elif f.has_default() and not callable(f.default):
            bawaan[f.attname] = f.default
    json_kolom = {f.attname for f in kolom if isinstance(f, models.JSONField)}
    nama = [f.attname for f in kolom]
    n = 0
    with cur.cursor.copy(
        f'COPY "{model._meta.db_table}" ({", ".join(chr(34) + k + chr(34) for k in nama)}) FROM STDIN'
    ) as copy:
        for b in baris:
            nilai = []
            for f in kolom:
                if f.attname in b:
                    v = b[f.attname]
                elif f.attname in bawaan:
                    v = bawaan[f.attname]
                elif f.primary_key:
                    raise ValueError(f"{model.__name__}: baris tanpa id (pakai ambil_id)")
                else:
                    v = f.get_default()  # the field's default; "" for text, None otherwise
                if f.attname in json_kolom and v is not None:
                    v = Jsonb(v)
                nilai.append(v)
            copy.write_row(nilai)
            n += 1
    return n


@contextmanager
def tanpa_trigger(cur, model_list: Iterable[type[models.Model]]) -> Iterator[None]:
    """User triggers (history) off for these tables inside the caller's transaction."""
    tabel = [m._meta.db_table for m in model_list]
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for t in tabel:
        cur.execute(f'ALTER TABLE "{t}" DISABLE TRIGGER USER')
    yield
    for t in tabel:
        cur.execute(f'ALTER TABLE "{t}" ENABLE TRIGGER USER')
