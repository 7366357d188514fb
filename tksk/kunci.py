"""The advisory-lock classes: the first key of every ``pg_advisory_xact_lock(class, key)`` the product's
database functions take, registered here so that two features never pick the same class by accident
(two branches once both took 73165). ``@enum.unique`` refuses a duplicate value at import, and
``tests/tksk/test_kunci.py`` checks that every class literal in the database's functions is one of these.

Keys inside a class: a bucket of households (``tksk.pemicu.KERANJANG_KUNCI``) unless noted.
"""

from __future__ import annotations

import enum


@enum.unique
class KelasKunci(enum.IntEnum):
    ROLLUP_REGISTRI = 73160
    #: aid-receipt facts and the aid rollup: the same households in the same statement, one class
    BANTUAN = 73161
    #: key ``hashtext(kelurahan || '/' || bulan)``: a visit-rollup group
    KELOMPOK_PENDAMPINGAN = 73162
    ROLLUP_PENDAMPINGAN = 73163
    KUNJUNGAN_TERAKHIR = 73164
    #: key 0, the whole name dictionary (``pmks.models.cari``): shared by every writer of ``pmks_kamusnama``,
    #: exclusive for one batch of its clean-up (``kamus_nama_bersihkan``)
    KAMUS_NAMA = 73165
