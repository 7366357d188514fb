"""Django's DatabaseCache with an atomic ``incr``, for rate-limit counters shared by every worker.

The stock ``incr`` reads, adds and writes back with ``set()``: two gunicorn workers counting at
once lose a hit, and ``set()`` also replaces the entry's expiry with the default timeout, so a
counter of an hourly window would vanish after five minutes. Here the row is locked
(``SELECT … FOR UPDATE``) and only its value is rewritten; the expiry stays.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCacheAtomik(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        kunci = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        koneksi = connections[db]
        q = koneksi.ops.quote_name
        tabel = q(self._table)
        with transaction.atomic(using=db), koneksi.cursor() as cursor:
            cursor.execute(
                f"SELECT {q('value')} FROM {tabel} WHERE {q('cache_key')} = %s AND {q('expires')} >= %s FOR UPDATE",
                [kunci, koneksi.ops.adapt_datetimefield_value(timezone.now())],
            )
            baris = cursor.fetchone()
            if baris is None:
                raise ValueError(f"Key '{key}' not found")
            nilai = pickle.loads(base64.b64decode(koneksi.ops.process_clob(baris[0]).encode())) + delta  # noqa: S301 - our own rows
            isi = base64.b64encode(pickle.dumps(nilai, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {tabel} SET {q('value')} = %s WHERE {q('cache_key')} = %s", [isi, kunci])
        return nilai
