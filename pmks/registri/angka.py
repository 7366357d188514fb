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
    definition, e.g. ``keluarga_pmks_pada``). One query: the members of every set, tagged with the
    set's number, are put together with ``UNION ALL`` and joined ONCE to the ``dasar`` households
    (``LEFT JOIN`` on the household id), each household's memberships are folded with ``bool_or``
    (``GROUP BY`` household), then counted with one ``GROUP BY``. Nothing is evaluated per household,
    and no join depends on the estimate of one small set: the planner sees one join with the sum of
    the sets (a set estimated at "1 row", e.g. a ``HAVING`` subquery, once made a nested loop of
    21,000 × 1,600 rows at 1 M households).
    """
    try:
        sql, params = dasar.order_by().annotate(_kunci=F(kunci)).values("id", "_kunci").query.sql_with_params()
    except EmptyResultSet:  # e.g. no kelurahan at all
        return {}
    params = list(params)
    alias: dict[str, str] = {}
    bagian_union = []
    params_union: list = []
    for i, (nama, qs) in enumerate(himpunan.items()):
        alias[nama] = f"h{i}"
        try:
            sql_h, params_h = qs.order_by().values("id").query.sql_with_params()
        except EmptyResultSet:  # a set known to be empty without a query (``qs.none()``)
            continue
        bagian_union.append(f"SELECT s{i}.id, {i} AS s FROM ({sql_h}) AS s{i}")
        params_union += params_h
    if not bagian_union:
        bagian_union.append("SELECT NULL::bigint AS id, -1 AS s WHERE FALSE")
    lipat = ", ".join(f"COALESCE(bool_or(u.s = {i}), FALSE) AS h{i}" for i in range(len(himpunan)))

    def syarat(nama: str | tuple[str, ...]) -> str:
        if isinstance(nama, tuple):
            return "(" + " OR ".join(syarat(n) for n in nama) + ")"
        return f"NOT k.{alias[nama[1:]]}" if nama.startswith("-") else f"k.{alias[nama]}"

    kolom_sql = [
        f'COUNT(*) FILTER (WHERE {" AND ".join(syarat(n) for n in bagian) or "TRUE"}) AS "{nama}"'
        for nama, bagian in kolom.items()
    ]
    teks = (
        f'SELECT k._kunci, {", ".join(kolom_sql)} FROM ('
        f'SELECT d.id, d._kunci{", " + lipat if lipat else ""} FROM ({sql}) AS d '
        f'LEFT JOIN ({" UNION ALL ".join(bagian_union)}) AS u ON u.id = d.id GROUP BY d.id, d._kunci'
        f') AS k GROUP BY k._kunci'
    )
    with connections[alias_baca_kini()].cursor() as cursor:  # the replica when the view allows it
        cursor.execute(teks, [*params, *params_union])
        return {baris[0]: dict(zip(kolom, baris[1:], strict=True)) for baris in cursor.fetchall()}


# --- the registry rollup (pmks.models.rollup) ----------------------------------------------
KOLOM_ROLLUP = ("kk", "kk_baru", "jiwa", "jiwa_baru", "pmks", "pmks_baru")
SEMUA_JENIS = 0  # the rollup's household totals row
SELAMANYA = date(9999, 12, 1)  # ``angka_registri(bulan=SELAMANYA)``: every month summed — the stock now


def angka_registri(
    *, bulan: date, kelurahan_ids: Iterable[int] | QuerySet
) -> dict[int, dict[int, dict[str, int]]]:
    """The registry figures of the month starting ``bulan`` per kelurahan and jenis PMKS, from the rollup
    (one query over kelurahan × months, whatever the number of households):
    ``{kelurahan id: {jenis id (SEMUA_JENIS = totals): {kk, kk_baru, jiwa, jiwa_baru, pmks, pmks_baru}}}``.

    The same figures as counting from scratch at the month's last day (checked by
    ``tests/pmks/registri/test_rollup.py`` and ``manage.py bangun_rollup --periksa``):
    totals — ``kk``/``kk_baru``: ``keluarga_stok_pada`` (and registered in the month), ``jiwa``/
    ``jiwa_baru``: their active members registered by the month's end (in the month), ``pmks``/
    ``pmks_baru``: ``keluarga_pmks_pada`` / ``keluarga_pmks_baru``; per jenis — the households and
    persons of ``klasifikasi_keluarga_pmks_pada`` of that jenis (``laporan.bagian.registri``).
    Kelurahan / jenis with nothing in the stock are left out. ``kelurahan_ids`` may be a queryset of
    ids (``kelurahan_untuk(user).values("id")``: a subquery, no extra query).
    """
    from pmks.models import RollupRegistri

    if isinstance(kelurahan_ids, QuerySet):
        try:
            sub_sql, sub_params = kelurahan_ids.order_by().query.sql_with_params()
        except EmptyResultSet:
            return {}
        syarat, param_ids = f"kelurahan_id IN ({sub_sql})", list(sub_params)
    else:
        ids = list(kelurahan_ids)
        if not ids:
            return {}
        syarat, param_ids = "kelurahan_id = ANY(%s)", [ids]
    bulan = bulan.replace(day=1)
    stok = ", ".join(f"SUM({k})" for k in KOLOM_ROLLUP if not k.endswith("_baru"))
    baru = ", ".join(f"SUM({k}) FILTER (WHERE bulan = %s)" for k in KOLOM_ROLLUP if k.endswith("_baru"))
    sql = (
        f"SELECT kelurahan_id, jenis_id, {stok}, {baru} FROM {RollupRegistri._meta.db_table} "
        f"WHERE {syarat} AND bulan <= %s GROUP BY 1, 2"
    )
    hasil: dict[int, dict[int, dict[str, int]]] = {}
    with connections[alias_baca_kini()].cursor() as cursor:  # the replica when the view allows it
        cursor.execute(sql, [bulan, bulan, bulan, *param_ids, bulan])
        for kel, jenis, kk, jiwa, pmks, kk_baru, jiwa_baru, pmks_baru in cursor.fetchall():
            if not kk:
                continue
            hasil.setdefault(kel, {})[jenis] = {
                "kk": kk, "kk_baru": kk_baru or 0, "jiwa": jiwa or 0, "jiwa_baru": jiwa_baru or 0,
                "pmks": pmks or 0, "pmks_baru": pmks_baru or 0,
            }
    return hasil


# The per-jenis figures counted from scratch on ``tanggal`` (``kl`` = ``klasifikasi_keluarga_pmks_pada``):
# households per jenis, and persons — the active members of a household classified as a whole, plus
# persons classified themselves unless their household is classified for that jenis (counted once).
# "Baru": first assessment (household / person) on or after the month's first day.
SQL_PER_JENIS_DARI_AWAL = """
WITH kl AS NOT MATERIALIZED ({kl}),
kk AS (SELECT jenis_id, kelurahan_id, keluarga_id, MIN(t) AS t FROM kl GROUP BY 1, 2, 3),
hh AS NOT MATERIALIZED (SELECT jenis_id, kelurahan_id, keluarga_id, t FROM kl WHERE anggota_id IS NULL),
jumlah_anggota AS (
    SELECT a.keluarga_id, COUNT(*) AS n
    FROM pmks_anggota a JOIN (SELECT DISTINCT keluarga_id FROM hh) h ON h.keluarga_id = a.keluarga_id
    WHERE a.status = 'aktif' GROUP BY 1
),
perorangan AS (
    SELECT kl.jenis_id, kl.kelurahan_id, kl.anggota_id, MIN(kl.t) AS t
    FROM kl JOIN pmks_anggota a ON a.id = kl.anggota_id AND a.status = 'aktif'
    WHERE NOT EXISTS (SELECT 1 FROM hh WHERE hh.keluarga_id = kl.keluarga_id AND hh.jenis_id = kl.jenis_id)
    GROUP BY 1, 2, 3
),
orang AS (
    SELECT hh.jenis_id, hh.kelurahan_id, j.n, hh.t FROM hh JOIN jumlah_anggota j ON j.keluarga_id = hh.keluarga_id
    UNION ALL
    SELECT jenis_id, kelurahan_id, 1, t FROM perorangan
)
SELECT 'kk', jenis_id, kelurahan_id, COUNT(*), COUNT(*) FILTER (WHERE t >= %s) FROM kk GROUP BY 2, 3
UNION ALL
SELECT 'jiwa', jenis_id, kelurahan_id, SUM(n)::bigint, COALESCE(SUM(n) FILTER (WHERE t >= %s), 0)::bigint
  FROM orang GROUP BY 2, 3
"""


def angka_registri_dari_awal(*, bulan: date, kelurahan_ids: Iterable[int]) -> dict[int, dict[int, dict[str, int]]]:
    """``angka_registri`` counted from the households, members and classifications themselves (the
    definitions above; a scan of the area's rows). The rollup must equal it: the consistency test and
    ``manage.py bangun_rollup --periksa`` compare the two. Not for pages."""
    from pmks.models import Anggota

    ids = list(kelurahan_ids)
    awal = bulan.replace(day=1)
    akhir = (awal + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    mulai = timezone.make_aware(datetime.combine(awal, time.min))
    stok = keluarga_stok_pada(tanggal=akhir, kelurahan_ids=ids)
    hasil: dict[int, dict[int, dict[str, int]]] = {}

    def isi(kel, jenis, **nilai):
        baris = hasil.setdefault(kel, {}).setdefault(jenis, dict.fromkeys(KOLOM_ROLLUP, 0))
        baris.update(nilai)

    for row in stok.values("kelurahan_id").annotate(n=Count("id"), baru=Count("id", filter=Q(dibuat_pada__gte=mulai))):
        isi(row["kelurahan_id"], SEMUA_JENIS, kk=row["n"], kk_baru=row["baru"])
    for row in (
        Anggota.objects.filter(syarat_stok(tanggal=akhir, kelurahan_ids=ids, awalan="keluarga__"), status="aktif",
                               dibuat_pada__lt=akhir_hari(akhir))
        .values("keluarga__kelurahan_id").annotate(n=Count("id"), baru=Count("id", filter=Q(dibuat_pada__gte=mulai)))
        .order_by()
    ):
        isi(row["keluarga__kelurahan_id"], SEMUA_JENIS, jiwa=row["n"], jiwa_baru=row["baru"])
    for kel, n in hitung_per_kelurahan(keluarga_pmks_pada(tanggal=akhir, kelurahan_ids=ids)).items():
        isi(kel, SEMUA_JENIS, pmks=n)
    for kel, n in hitung_per_kelurahan(keluarga_pmks_baru(awal=awal, akhir=akhir, kelurahan_ids=ids)).items():
        isi(kel, SEMUA_JENIS, pmks_baru=n)
    try:
        kl_sql, kl_params = (
            klasifikasi_keluarga_pmks_pada(tanggal=akhir, kelurahan_ids=ids)
            .annotate(kelurahan_id=F("keluarga__kelurahan_id"), t=F("tanggal_asesmen"))
            .values("jenis_id", "kelurahan_id", "keluarga_id", "anggota_id", "t")
            .query.sql_with_params()
        )
    except EmptyResultSet:
        return hasil
    with connections[alias_baca_kini()].cursor() as cursor:
        cursor.execute(SQL_PER_JENIS_DARI_AWAL.format(kl=kl_sql), [*kl_params, awal, awal])
        for jenis_baris, jenis_id, kel, n, baru in cursor.fetchall():
            isi(kel, jenis_id, **{jenis_baris: n, f"{jenis_baris}_baru": baru})
    bersih = {kel: {j: n for j, n in per.items() if n["kk"]} for kel, per in hasil.items()}
    return {kel: per for kel, per in bersih.items() if per}
