"""The coverage list pages' ids and the dashboard's belum-terjangkau figure, each ONE query built from the
rule queries of ``bantuan.cakupan`` (never a second definition of a rule): the rule's own grouped query
carries the list's ordering keys, so a page is cut by position with nothing looked up per household
(#16: a 231 k-household kab at 5 M households read 40 k households back by primary key and ran a
subquery per row).

- ``tumpang_tindih_halaman``: a page of ``cakupan.tumpang_tindih`` (penerima ganda) and its total;
- ``belum_terjangkau_halaman``: a page of ``cakupan.belum_terjangkau`` and its total;
- ``jumlah_belum_terjangkau``: ``len(belum_terjangkau(user=…))`` for the dashboard tile.

They run where the router sends reads (``tksk.basisdata.alias_baca_kini``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Max, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tksk.basisdata import alias_baca_kini
from tksk.scoping import kelurahan_untuk

from .cakupan import (
    _ganda,
    _jumlah_rentan,
    _sql_belum_terjangkau,
    area_pengguna,
    batas_desil_per_jenis,
    belum_terjangkau,
)


def tumpang_tindih_halaman(
    *, user, mulai: date, selesai: date, awal: int, jumlah: int, kelurahan: int | None = None
) -> list[tuple[int, int]]:
    """Rows ``awal`` … ``awal + jumlah`` of ``tumpang_tindih(...)`` as ``[(keluarga id, length of the
    whole list)]``, in the list's order (kelurahan code, most programs first, id), in ONE query whose
    plan cannot flip: the ``keluarga_penerima_ganda`` fold of the area's facts (``_ganda``: index
    ``fakta_penerimaan_area``, grouped per household, which carries its program count and its
    kelurahan — the facts' kelurahan is the household's own), then joined to the area's regions (read
    by code) for their code, then the page. Nothing is looked up per household and no table outside
    the area is read. (The ORM form of the same list joined every region of the province to the fold and counted
    programs with one subquery per row; at 5 M households, Kab. Magetan, the planner's estimate of the
    fold, 1,170 rows for 17,834, made it a nested loop over all 9,199 regions: 4.6 s.)"""
    area = kelurahan_untuk(user).order_by()
    if kelurahan:
        area = area.filter(pk=kelurahan)
    ganda = _ganda(mulai=mulai, selesai=selesai, kelurahan_ids=area.values_list("id", flat=True)).annotate(
        kel=Max("kelurahan_id")).values_list("keluarga_id", "kel", "n")
    try:
        sql, params = ganda.query.sql_with_params()
        sql_w, params_w = area.values_list("id", "kode").query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[alias_baca_kini()].cursor() as cur:  # where the router sends the ORM's list
        cur.execute(
            f"""SELECT g.keluarga_id, COUNT(*) OVER ()
                  FROM ({sql}) AS g (keluarga_id, kelurahan_id, n)
                  JOIN ({sql_w}) AS w (id, kode) ON w.id = g.kelurahan_id
                 ORDER BY w.kode, g.n DESC, g.keluarga_id
                 LIMIT %s OFFSET %s""",
            [*params, *params_w, jumlah, awal],
        )
        return [(k, n) for k, n in cur.fetchall()]


def jumlah_belum_terjangkau(*, user, kelurahan: int | None = None, hari_ini: date | None = None) -> int:
    """``belum_terjangkau(user=…).count()`` (the dashboard tile) without reading a household back: the
    grouped query of ``keluarga_belum_terjangkau`` (``_sql_belum_terjangkau``) only yields households
    that have a row in its household branch — active, of the area — so it is counted as it is, with
    no primary-key lookup of the 40 k households it finds in a 230 k-household kab. Queries: the
    programs, the area's ids, the count. An administrator (no area) counts through the household scope."""
    hari_ini = hari_ini or timezone.localdate()
    area = area_pengguna(user, kelurahan)
    if area is None:
        return belum_terjangkau(user=user, hari_ini=hari_ini).count()
    if (batas := batas_desil_per_jenis(hari_ini)) is None:
        return 0
    try:
        sql, params = _sql_belum_terjangkau(batas, hari_ini=hari_ini, kelurahan_ids=list(area), keluarga_ids=None)
    except EmptyResultSet:
        return 0
    with connections[alias_baca_kini()].cursor() as cur:  # where the router sends the household count
        cur.execute(f"SELECT COUNT(*) FROM ({sql}) AS b", params)
        return cur.fetchone()[0]


def belum_terjangkau_halaman(
    *, user, awal: int, jumlah: int, kelurahan: int | None = None, hari_ini: date | None = None
) -> list[tuple[int, int]]:
    """Rows ``awal`` … ``awal + jumlah`` of ``belum_terjangkau(user=…)`` as ``[(keluarga id, length of
    the whole list)]``, in the list's order, in ONE query with nothing looked up per household: the
    rule's grouped query (``_sql_belum_terjangkau(urutan=True)``: the same two range scans of the
    area's per-household rows) carries the ordering keys desil, PMKS types and registration date itself; the members'
    key (3, ``_jumlah_rentan``) is read only for the households of the (desil, PMKS types) groups
    that overlap the page — the groups are contiguous in the list, so their place in it follows
    from the group sizes — then the page is cut by position. (The ORM list read each of the 40 k
    households of a 230 k-household kab back by primary key and ran two subqueries per row.) An
    administrator (no area) pages the ORM list."""
    hari_ini = hari_ini or timezone.localdate()
    area = area_pengguna(user, kelurahan)
    if area is None:
        qs = belum_terjangkau(user=user, kelurahan=kelurahan, hari_ini=hari_ini)
        return list(qs.annotate(_jumlah=Window(Count("*"))).values_list("pk", "_jumlah")[awal:awal + jumlah])
    if (batas := batas_desil_per_jenis(hari_ini)) is None:
        return []
    try:
        sql, params = _sql_belum_terjangkau(batas, hari_ini=hari_ini, kelurahan_ids=list(area), keluarga_ids=None,
                                            urutan=True)
    except EmptyResultSet:
        return []
    sql_r, params_r = _jumlah_rentan(hari_ini).filter(
        keluarga_id__in=RawSQL("SELECT h.keluarga_id FROM h", [])).query.sql_with_params()
    with connections[alias_baca_kini()].cursor() as cur:  # where the router sends the ORM's list
        cur.execute(
            f"""WITH b AS MATERIALIZED ({sql}),
                 g AS (SELECT desil, jumlah_pmks, COUNT(*) AS n FROM b GROUP BY 1, 2),
                 s AS (SELECT desil, jumlah_pmks, n, SUM(n) OVER () AS total,
                              SUM(n) OVER (ORDER BY desil ASC NULLS LAST, jumlah_pmks DESC) - n AS sebelum
                         FROM g),
                 h AS MATERIALIZED (
                   SELECT b.keluarga_id, b.desil, b.jumlah_pmks, b.dibuat_pada, s.sebelum, s.total
                     FROM b JOIN s ON s.desil IS NOT DISTINCT FROM b.desil AND s.jumlah_pmks = b.jumlah_pmks
                    WHERE s.sebelum < %s AND s.sebelum + s.n > %s),
                 r AS ({sql_r}),
                 o AS (
                   SELECT h.keluarga_id, h.total, h.sebelum + ROW_NUMBER() OVER (
                            PARTITION BY h.desil, h.jumlah_pmks
                            ORDER BY COALESCE(r.n, 0) DESC, h.dibuat_pada, h.keluarga_id) AS posisi
                     FROM h LEFT JOIN r ON r.keluarga_id = h.keluarga_id)
               SELECT o.keluarga_id, o.total FROM o WHERE o.posisi > %s AND o.posisi <= %s ORDER BY o.posisi""",
            [*params, awal + jumlah, awal, *params_r, awal, awal + jumlah],
        )
        return [(k, int(n)) for k, n in cur.fetchall()]
