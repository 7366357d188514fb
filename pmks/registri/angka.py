"""Counted notions of the registry: ONE definition each, used by the dashboard, lists and reports.

Every function here is an *unscoped core*: it takes the area as kelurahan ids (a report passes its
own area, a scoped caller the user's kelurahan) and returns a queryset, so callers count, list or
narrow it further. Nothing here knows about users.

Plans are robust by construction (README "Bagaimana angka dihitung"): a condition on another table
is an ``EXISTS`` / ``NOT EXISTS`` on an indexed key at the top level of ``WHERE`` (PostgreSQL plans
it as a semi-/anti-join), counts are ``GROUP BY kelurahan``; never ``IN (subquery)`` inside ``OR``,
``FILTER`` or the select list, whose plan flips to a per-row subplan when the data grows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from pmks.models import Keluarga, KlasifikasiPMKS
from tksk.basisdata import alias_baca_kini

from .choices import StatusKeluarga


def akhir_hari(tanggal: date) -> datetime:
    """Local (WIB) midnight after ``tanggal``: the exclusive end of that day."""
    return timezone.make_aware(datetime.combine(tanggal + timedelta(days=1), time.min))


def syarat_stok(*, tanggal: date, kelurahan_ids: Iterable[int], awalan: str = "") -> Q:
    """The registry's *stock* on ``tanggal`` as a filter (``awalan`` = path to Keluarga, e.g.
    ``"keluarga__"``): active households of these kelurahan registered by the end of that day.

    Status changes are not dated in the registry, so a household that moved away later is no
    longer counted when an old month is recomputed (a submitted report keeps its snapshot).
    """
    return Q(
        **{
            f"{awalan}kelurahan_id__in": list(kelurahan_ids),
            f"{awalan}status": StatusKeluarga.AKTIF,
            f"{awalan}dibuat_pada__lt": akhir_hari(tanggal),
        }
    )


def keluarga_stok_pada(*, tanggal: date, kelurahan_ids: Iterable[int]) -> QuerySet[Keluarga]:
    """Households in the stock on ``tanggal`` (see ``syarat_stok``)."""
    return Keluarga.objects.filter(syarat_stok(tanggal=tanggal, kelurahan_ids=kelurahan_ids)).order_by()


def klasifikasi_berlaku_pada(*, tanggal: date) -> QuerySet[KlasifikasiPMKS]:
    """PMKS classifications in force on ``tanggal``: active and assessed on or before that day."""
    return KlasifikasiPMKS.objects.filter(aktif=True, tanggal_asesmen__lte=tanggal).order_by()


def klasifikasi_keluarga_pmks_pada(*, tanggal: date, kelurahan_ids: Iterable[int]) -> QuerySet[KlasifikasiPMKS]:
    """The classifications that make the households of ``keluarga_pmks_pada`` PMKS (one row each;
    a household or person may have several): the registry section counts per jenis from these."""
    return klasifikasi_berlaku_pada(tanggal=tanggal).filter(
        syarat_stok(tanggal=tanggal, kelurahan_ids=kelurahan_ids, awalan="keluarga__")
    )


def keluarga_pmks_pada(*, tanggal: date, kelurahan_ids: Iterable[int]) -> QuerySet[Keluarga]:
    """*Keluarga PMKS* on ``tanggal``: households in the stock on that day with at least one PMKS
    classification in force on that day (for the household or one of its members). So PMKS
    households never exceed the registered households of the same day. One ``EXISTS``."""
    berlaku = klasifikasi_berlaku_pada(tanggal=tanggal).filter(keluarga_id=OuterRef("pk"))
    return keluarga_stok_pada(tanggal=tanggal, kelurahan_ids=kelurahan_ids).filter(Exists(berlaku))


def keluarga_pmks_baru(*, awal: date, akhir: date, kelurahan_ids: Iterable[int]) -> QuerySet[Keluarga]:
    """Keluarga PMKS on ``akhir`` whose first classification in force was assessed on or after
    ``awal`` (no classification in force before ``awal``): "Keluarga PMKS baru" of a month."""
    sebelumnya = klasifikasi_berlaku_pada(tanggal=awal - timedelta(days=1)).filter(keluarga_id=OuterRef("pk"))
    return keluarga_pmks_pada(tanggal=akhir, kelurahan_ids=kelurahan_ids).filter(~Exists(sebelumnya))


def hitung_per_kelurahan(qs: QuerySet, kunci: str = "kelurahan_id") -> dict[int, int]:
    """``{kelurahan id: rows of qs}`` in one ``GROUP BY`` query (kelurahan without rows left out)."""
    return dict(qs.order_by().values(kunci).annotate(_n=Count("pk")).values_list(kunci, "_n"))


def hitung_himpunan(
    dasar: QuerySet[Keluarga],
    *,
    himpunan: dict[str, QuerySet[Keluarga]],
    kolom: dict[str, tuple[str | tuple[str, ...], ...]],
    kunci: str = "kelurahan_id",
) -> dict[int, dict[str, int]]:
    """Per ``kunci`` (kelurahan, or e.g. ``kelurahan__induk_id``) of the ``dasar`` households, how
    many belong to every set named in each column (``"-nama"``: does NOT belong; a tuple of names:
    belongs to at least one of them; ``()``: all).

    ``himpunan`` maps a name to a set of households (a Keluarga queryset; each set keeps its own
    definition, e.g. ``keluarga_pmks_pada``). One query: ``dasar`` LEFT JOINed once to each set on
    the household id, then one ``GROUP BY`` — every set is joined, none is evaluated per household,
    so the plan cannot flip to per-row subplans as the data grows.
    """
    try:
        sql, params = dasar.order_by().annotate(_kunci=F(kunci)).values("id", "_kunci").query.sql_with_params()
    except EmptyResultSet:  # e.g. no kelurahan at all
        return {}
    params = list(params)
    alias: dict[str, str] = {}
    gabung = []
    for i, (nama, qs) in enumerate(himpunan.items()):
        try:
            sql_h, params_h = qs.order_by().values("id").query.sql_with_params()
        except EmptyResultSet:  # a set known to be empty without a query (``qs.none()``)
            sql_h, params_h = "SELECT NULL::bigint AS id WHERE FALSE", ()
        alias[nama] = f"h{i}"
        gabung.append(f"LEFT JOIN ({sql_h}) AS h{i} ON h{i}.id = d.id")
        params += params_h

    def syarat(nama: str | tuple[str, ...]) -> str:
        if isinstance(nama, tuple):
            return "(" + " OR ".join(syarat(n) for n in nama) + ")"
        return f"{alias[nama[1:]]}.id IS NULL" if nama.startswith("-") else f"{alias[nama]}.id IS NOT NULL"

    kolom_sql = [
        f'COUNT(*) FILTER (WHERE {" AND ".join(syarat(n) for n in bagian) or "TRUE"}) AS "{nama}"'
        for nama, bagian in kolom.items()
    ]
    teks = (
        f'SELECT d._kunci, {", ".join(kolom_sql)} FROM ({sql}) AS d {" ".join(gabung)} GROUP BY d._kunci'
    )
    with connections[alias_baca_kini()].cursor() as cursor:  # the replica when the view allows it
        cursor.execute(teks, params)
        return {baris[0]: dict(zip(kolom, baris[1:], strict=True)) for baris in cursor.fetchall()}
