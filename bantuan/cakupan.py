"""Coverage of the aid domain: who receives aid, who receives several programs at once, who is
eligible but not reached. ONE definition each, used by the report's coverage section
(``laporan.bagian.cakupan``), the overlap and gap list pages and the dashboard tile:

- ``keluarga_menerima_dalam(keluarga, mulai=, selesai=)`` / ``keluarga_tanpa_bantuan_dalam(...)``:
  households that receive aid in a period (an approved/distributed proposal with an active
  recipient whose program period overlaps it, or an active external receipt overlapping it) /
  that receive none.
- ``keluarga_penerima_ganda(keluarga, mulai=, selesai=)``: the *penerima ganda* rule (more than
  one program in a period); ``tumpang_tindih(user=, ...)`` lists them, ``tumpang_tindih_per_kelurahan``
  counts them. (The other overlap rule, *bentrok periode*, checks one proposal and lives in
  ``bantuan.peringatan``; README "Bagaimana angka dihitung" puts the two side by side.)
- ``keluarga_belum_terjangkau(keluarga, hari_ini=)``: eligible, no aid, not being proposed — one
  grouped query over one row per household of the area from ``JenisAktifKeluarga`` and
  ``RingkasanPenerimaan`` (``_sql_belum_terjangkau``);
  ``belum_terjangkau(user=)`` is the ordered list (ordering rule in its docstring).
- ``penerimaan_dalam_periode(user=, ...)``: the receipts themselves (a page's rows).
- ``bantuan.cakupan_halaman``: the overlap and belum-terjangkau pages' ids and totals and the dashboard's
  belum-terjangkau figure, each one query built from the rule queries here.
- ``bantuan.cakupan_angka.angka_cakupan(kelurahan_ids=, ...)``: the coverage figures per kelurahan
  (report section V, the recap) from these same rules over the per-household facts.

Each core is *unscoped*: it filters the ``keluarga`` queryset it is given (the area). They read
the aid-receipt facts (``bantuan.models.fakta.FaktaPenerimaan``, kept by triggers), which carry
the household's kelurahan: with ``kelurahan_ids`` (the area's kelurahan, a list) the facts are read
by one range scan of that area (index ``fakta_penerimaan_area``), so the cost follows the area's
receipts and never the rest of the province. Plans stay joins: a top-level ``IN`` over the facts
(a semi-join), a top-level ``NOT EXISTS`` (an anti-join), ``GROUP BY … HAVING`` — never an
IN/EXISTS inside OR or FILTER, which becomes a per-row subplan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from pmks.models import Anggota, JenisAktifKeluarga, Keluarga, KlasifikasiPMKS
from pmks.registri.angka import hitung_per_kelurahan
from tksk.models import Wilayah
from tksk.pemicu import bangun_ulang
from tksk.scoping import kelurahan_untuk, wilayah_tugas
from tksk.tanggal import USIA_LANSIA, lahir_paling_lambat

from .models import FaktaPenerimaan, ProgramBantuan, RingkasanPenerimaan
from .models.fakta import TABEL_RINGKASAN, ringkasan_berbeda
from .selectors import kepala_subquery

S = FaktaPenerimaan.Sumber
MENERIMA = (S.USULAN, S.EKSTERNAL)
# Distinct programs from proposals + distinct programs from external lists (the penerima ganda count).
JUMLAH_PROGRAM = Count("program_id", distinct=True, filter=Q(sumber=S.USULAN)) + Count(
    "program_id", distinct=True, filter=Q(sumber=S.EKSTERNAL)
)


def area_pengguna(user, kelurahan: int | None = None) -> QuerySet | None:
    """The ids of the kelurahan of the user's area (optionally just one of them) as a subquery on
    regions (no query of its own); ``None`` for a user without an area limit (administrator) and no
    kelurahan chosen."""
    if kelurahan is None and wilayah_tugas(user) is None:
        return None
    qs = kelurahan_untuk(user)
    if kelurahan:
        qs = qs.filter(pk=kelurahan)
    return qs.order_by().values_list("id", flat=True)


def _keluarga_pengguna(user, area: QuerySet | None, keluarga_ids: list[int] | None = None) -> QuerySet[Keluarga]:
    """The user's households: of the area's kelurahan ids (the covering index ``keluarga_kel_status_id``),
    optionally only ``keluarga_ids``."""
    if keluarga_ids is not None:  # a page's rows: by primary key, still inside the area (its ids, one query)
        qs = Keluarga.objects.filter(pk__in=keluarga_ids)
        return qs.filter(kelurahan_id__in=list(area)) if area is not None else qs.for_user(user)
    return Keluarga.objects.for_user(user) if area is None else Keluarga.objects.filter(kelurahan_id__in=area)


def _batas(qs: QuerySet[FaktaPenerimaan], kelurahan_ids=None, keluarga_ids=None) -> QuerySet[FaktaPenerimaan]:
    """Facts of these kelurahan (an area: index ``fakta_penerimaan_area``) / these households (a
    page of a list: index ``fakta_penerimaan_keluarga``), when given."""
    if kelurahan_ids is not None:
        qs = qs.filter(kelurahan_id__in=kelurahan_ids)
    return qs if keluarga_ids is None else qs.filter(keluarga_id__in=keluarga_ids)


def _fakta_menerima(*, mulai: date, selesai: date, kelurahan_ids=None, keluarga_ids=None) -> QuerySet[FaktaPenerimaan]:
    """Receipts (proposal or external) overlapping [mulai, selesai] (see ``_batas``)."""
    qs = FaktaPenerimaan.objects.filter(sumber__in=MENERIMA, mulai__lte=selesai, selesai__gte=mulai)
    return _batas(qs, kelurahan_ids, keluarga_ids)


def keluarga_menerima_dalam(
    keluarga: QuerySet[Keluarga], *, mulai: date, selesai: date, kelurahan_ids=None
) -> QuerySet[Keluarga]:
    """*Receives aid in [mulai, selesai]*: households of ``keluarga`` with an approved/distributed
    proposal with an active recipient whose program period overlaps it, or an active external
    receipt (PKH/BPNT list) overlapping it. One top-level IN over the facts (a semi-join)."""
    fakta = _fakta_menerima(mulai=mulai, selesai=selesai, kelurahan_ids=kelurahan_ids)
    return keluarga.filter(pk__in=fakta.values("keluarga_id"))


def keluarga_tanpa_bantuan_dalam(
    keluarga: QuerySet[Keluarga], *, mulai: date, selesai: date, kelurahan_ids=None
) -> QuerySet[Keluarga]:
    """The complement of ``keluarga_menerima_dalam``: households of ``keluarga`` receiving no aid in
    [mulai, selesai] (one NOT EXISTS on the facts' household key: an anti-join)."""
    fakta = _fakta_menerima(mulai=mulai, selesai=selesai, kelurahan_ids=kelurahan_ids)
    return keluarga.filter(~Exists(fakta.filter(keluarga_id=OuterRef("pk"))))


def _ganda(*, mulai: date, selesai: date, kelurahan_ids=None, keluarga_ids=None) -> QuerySet[FaktaPenerimaan]:
    """Per household (``keluarga_id``, ``n`` programs) with more than one program in the period."""
    return (
        _fakta_menerima(mulai=mulai, selesai=selesai, kelurahan_ids=kelurahan_ids, keluarga_ids=keluarga_ids)
        .order_by().values("keluarga_id").annotate(n=JUMLAH_PROGRAM).filter(n__gt=1)
    )


def keluarga_penerima_ganda(
    keluarga: QuerySet[Keluarga], *, mulai: date, selesai: date, kelurahan_ids=None, keluarga_ids=None
) -> QuerySet[Keluarga]:
    """The *penerima ganda* rule (overlap of receipts, counted by reports and listed on the overlap
    page): households of ``keluarga`` whose distinct programs from proposals + distinct programs
    from external lists in [mulai, selesai] are more than one.

    Set-based: the facts of the period (of the area's kelurahan when ``kelurahan_ids`` is given)
    grouped per household with ``HAVING`` > 1, joined once to the households (a top-level IN, planned
    as a join); nothing is evaluated per household. ``keluarga_ids`` narrows the facts to a few
    households (the rows of a list's page)."""
    ganda = _ganda(mulai=mulai, selesai=selesai, kelurahan_ids=kelurahan_ids, keluarga_ids=keluarga_ids)
    return keluarga.filter(pk__in=ganda.values("keluarga_id"))


def tumpang_tindih(
    *, user, mulai: date, selesai: date, kelurahan: int | None = None, keluarga_ids: list[int] | None = None
) -> QuerySet[Keluarga]:
    """Households in the user's area receiving more than one program in [mulai, selesai]
    (``keluarga_penerima_ganda``): distinct programs from approved/distributed proposals with an
    active recipient + distinct programs from active external receipts, counting those whose
    period overlaps [mulai, selesai].

    Annotated with ``jumlah_program`` and ``nama_kepala``; ordered by kelurahan, then most programs
    first. The facts are read for the user's kelurahan only (a subquery on regions). Use
    ``penerimaan_dalam_periode(keluarga_ids=...)`` on a page of results to list the programs, and
    ``tumpang_tindih_per_kelurahan`` for counts. ``keluarga_ids``: only these households (a page's
    rows, read by primary key — see ``bantuan.views.ringkasan``).
    """
    area = area_pengguna(user, kelurahan)
    jumlah = (
        _fakta_menerima(mulai=mulai, selesai=selesai).filter(keluarga_id=OuterRef("pk"))
        .order_by().values("keluarga_id").annotate(n=JUMLAH_PROGRAM).values("n")
    )
    qs = keluarga_penerima_ganda(_keluarga_pengguna(user, area, keluarga_ids), mulai=mulai, selesai=selesai,
                                 kelurahan_ids=area if keluarga_ids is None else None, keluarga_ids=keluarga_ids)
    return (
        qs.annotate(
            jumlah_program=Coalesce(Subquery(jumlah, output_field=IntegerField()), Value(0)),
            nama_kepala=kepala_subquery(),
        )
        .select_related("kelurahan")
        .order_by("kelurahan__kode", "-jumlah_program", "id")
    )


def tumpang_tindih_per_kelurahan(
    *, user, mulai: date, selesai: date, kelurahan_ids: list[int] | None = None
) -> dict[int, int]:
    """``{kelurahan_id: number of households in tumpang_tindih(...)}`` (kelurahan without overlap
    left out), one query: ``keluarga_penerima_ganda`` counted per kelurahan."""
    area = area_pengguna(user)
    if kelurahan_ids is not None:
        area = (area if area is not None else Wilayah.objects.order_by().values_list("id", flat=True)).filter(
            pk__in=kelurahan_ids)
    keluarga = _keluarga_pengguna(user, area)
    return hitung_per_kelurahan(keluarga_penerima_ganda(keluarga, mulai=mulai, selesai=selesai, kelurahan_ids=area))


@dataclass(frozen=True)
class Penerimaan:
    keluarga_id: int
    program: ProgramBantuan
    sumber: str  # "usulan" or "eksternal"
    periode_mulai: date
    periode_selesai: date


def penerimaan_dalam_periode(*, user, mulai: date, selesai: date, keluarga_ids=None) -> list[Penerimaan]:
    """Every receipt overlapping [mulai, selesai] in the user's area, from the facts (two queries):
    the rows behind ``keluarga_menerima_dalam``."""
    qs = _fakta_menerima(mulai=mulai, selesai=selesai, kelurahan_ids=area_pengguna(user)).order_by(
        "keluarga_id", "sumber", "program_id", "mulai")
    if keluarga_ids is not None:
        qs = qs.filter(keluarga_id__in=keluarga_ids)
    baris = list(qs.values_list("keluarga_id", "program_id", "sumber", "mulai", "selesai"))
    program = ProgramBantuan.objects.in_bulk({b[1] for b in baris})
    nama = {S.USULAN: "usulan", S.EKSTERNAL: "eksternal"}
    return [Penerimaan(k, program[p], nama[s], m, sl) for k, p, s, m, sl in baris]


def fakta_penerimaan_bangun() -> int:
    """Rebuild the aid-receipt facts from scratch (``manage.py bangun_rollup`` runs it after the registry
    rollup; needed after a bulk writer that switched triggers off), then the per-household summary
    folded from them (``RingkasanPenerimaan``). Returns the number of facts."""
    n = bangun_ulang("sidamping_fakta_penerimaan_bangun", ("bantuan_faktapenerimaan",))
    bangun_ulang("sidamping_ringkasan_penerimaan_bangun", TABEL_RINGKASAN)
    return n


def fakta_penerimaan_periksa(*, kelurahan_ids: list[int], bulan=None) -> list[str]:
    """``["fakta_penerimaan"]`` when the stored facts of the households of ``kelurahan_ids`` differ from
    ``sidamping_fakta_penerimaan`` computed afresh, ``"ringkasan_penerimaan"`` when their summary rows
    differ from the facts folded afresh (``bulan`` is unused: the facts carry their periods)."""
    kolom = "keluarga_id, kelurahan_id, program_id, sumber, mulai, selesai"
    with connection.cursor() as cur:
        cur.execute(
            f"""WITH disimpan AS (SELECT {kolom} FROM bantuan_faktapenerimaan
                                 WHERE keluarga_id IN (SELECT id FROM pmks_keluarga WHERE kelurahan_id = ANY(%(kel)s))),
                     baru AS (SELECT {kolom} FROM sidamping_fakta_penerimaan(
                                  ARRAY(SELECT id FROM pmks_keluarga WHERE kelurahan_id = ANY(%(kel)s))))
                SELECT EXISTS ((TABLE disimpan EXCEPT ALL TABLE baru)
                               UNION ALL (TABLE baru EXCEPT ALL TABLE disimpan))""",
            {"kel": list(kelurahan_ids)},
        )
        beda = cur.fetchone()[0]
    ids = list(Keluarga.objects.filter(kelurahan_id__in=kelurahan_ids).values_list("pk", flat=True))
    return (["fakta_penerimaan"] if beda else []) + (["ringkasan_penerimaan"] if ringkasan_berbeda(ids) else [])


# --- Coverage gaps ------------------------------------------------------------------------------------
URAIAN_URUTAN_BELUM_TERJANGKAU = (
    "Urutan paling rentan lebih dahulu: (1) desil DTSEN terendah (desil belum tercatat di akhir), "
    "(2) jumlah jenis PMKS aktif terbanyak, (3) jumlah anggota lansia (60 tahun ke atas) atau penyandang "
    "disabilitas terbanyak, (4) paling lama terdaftar."
)
HARI_TANPA_BANTUAN = 365


TANPA_BATAS_DESIL = 99  # a program without ``desil_maksimum``: above every desil (1–10; unknown = 0)


def batas_desil_per_jenis(hari_ini: date) -> tuple[dict[int, int], int | None] | None:
    """Eligibility for a running Dinas-run program, read once (one small query) and folded per
    PMKS type: ``({jenis id: highest desil limit of the running programs targeting it}, limit of a
    running program without types or None)``; ``None`` when no program runs (nobody is eligible).

    A household is eligible when one of its active PMKS types has a limit ≥ its desil (unknown desil
    = 0: it needs verification, not exclusion); ``TANPA_BATAS_DESIL`` stands for "no limit". This
    is the OR over programs of "type in the program's types and desil within its limit", folded so
    the test is one comparison per (household, type) row — whatever the number of programs."""
    program_jalan = ProgramBantuan.objects.filter(aktif=True, dikelola_dinas=True, periode_selesai__gte=hari_ini)
    per_jenis: dict[int, int] = {}
    semua: int | None = None
    ada = False
    for batas, jenis_id in program_jalan.values_list("desil_maksimum", "jenis_pmks").order_by():
        ada = True
        b = TANPA_BATAS_DESIL if batas is None else batas
        if jenis_id is None:
            semua = max(semua or 0, b)
        else:
            per_jenis[jenis_id] = max(per_jenis.get(jenis_id, 0), b)
    if not ada:
        return None
    if semua is not None:  # a program for any type lifts every type to at least its limit
        per_jenis = {j: b for j, b in per_jenis.items() if b > semua}
    return per_jenis, semua


def _syarat_kolom(kolom: str, nilai) -> tuple[str, list]:
    """``kolom`` in ``nilai`` (a queryset of ids: a subquery, no query of its own; a list: ``= ANY``;
    ``None``: no limit) as SQL. Raises ``EmptyResultSet`` for a queryset known to be empty."""
    if nilai is None:
        return "TRUE", []
    if isinstance(nilai, QuerySet):
        sql, params = nilai.order_by().query.sql_with_params()
        return f"{kolom} IN ({sql})", list(params)
    return f"{kolom} = ANY(%s)", [list(nilai)]


def _sql_belum_terjangkau(
    batas: tuple[dict[int, int], int | None], *, hari_ini: date, kelurahan_ids, keluarga_ids, urutan: bool = False
) -> tuple[str, list]:
    """The ids (and kelurahan) of the *belum terjangkau* households of an area as ONE grouped query with
    no join to plan, one row read per household from each side: the area's active households with
    active PMKS types that are eligible, with their desil and types
    (``pmks.models.rollup.JenisAktifKeluarga``, index ``jenis_aktif_area``), and the area's households
    with aid touching the last ``HARI_TANPA_BANTUAN`` days or a proposal being proposed
    (``bantuan.models.fakta.RingkasanPenerimaan``: their receipt periods as one multirange; index
    ``ringkasan_penerimaan_area``) — two range scans of the area put together with ``UNION ALL`` and
    folded per household with ``GROUP BY … HAVING`` (a household is in the list when it has only the
    first kind of row). Both tables are kept with the registry and receipt facts, in the writing
    transaction. Eligibility is one array overlap per household: the limits of ``batas`` folded per
    desil threshold (for a desil up to limit b, the types whose limit is ≥ b). Nothing is looked up
    per household; the cost follows the area's households. (A ``NOT EXISTS`` anti-join was planned
    as a merge join rescanning the other side, 0.7 s instead of 35 ms, once the statistics moved.)

    ``urutan``: also the list's first ordering keys ``desil`` (as stored, NULL = unknown),
    ``jumlah_pmks`` (active PMKS types) and ``dibuat_pada``."""
    per_jenis, semua = batas
    awal = hari_ini - timedelta(days=HARI_TANPA_BANTUAN)
    kasus, params_layak = [], []
    for b in sorted({*per_jenis.values()}):  # ascending thresholds: desil ≤ b → the types with limit ≥ b
        kasus.append("WHEN COALESCE(j.desil, 0) <= %s THEN %s::bigint[]")
        params_layak += [b, sorted(jenis for jenis, bj in per_jenis.items() if bj >= b)]
    layak = f"j.jenis && CASE {' '.join(kasus)} ELSE '{{}}'::bigint[] END" if kasus else "FALSE"
    if semua is not None:  # a program for any type: every household with a desil within its limit
        layak, params_layak = f"(COALESCE(j.desil, 0) <= %s OR {layak})", [semua, *params_layak]
    sql_kel, p_kel = _syarat_kolom("j.kelurahan_id", kelurahan_ids)
    sql_id, p_id = _syarat_kolom("j.keluarga_id", keluarga_ids)
    sql_kel_r, p_kel_r = _syarat_kolom("r.kelurahan_id", kelurahan_ids)
    sql_id_r, p_id_r = _syarat_kolom("r.keluarga_id", keluarga_ids)
    kunci, kolom, kosong = (
        (", MAX(u.desil) AS desil, MAX(u.jumlah_pmks) AS jumlah_pmks, MAX(u.dibuat_pada) AS dibuat_pada",
         ", j.desil, cardinality(j.jenis), j.dibuat_pada", ", NULL::smallint, NULL::integer, NULL::timestamptz")
        if urutan else ("", "", ""))
    nama_kolom = ", desil, jumlah_pmks, dibuat_pada" if urutan else ""
    sql = (
        f"SELECT u.keluarga_id, MAX(u.kelurahan_id) AS kelurahan_id{kunci} FROM ("
        f"SELECT j.keluarga_id, j.kelurahan_id, FALSE{kolom} FROM {JenisAktifKeluarga._meta.db_table} j "
        f"WHERE {sql_kel} AND {sql_id} AND {layak} "
        f"UNION ALL SELECT r.keluarga_id, NULL::bigint, TRUE{kosong} FROM {RingkasanPenerimaan._meta.db_table} r "
        f"WHERE {sql_kel_r} AND {sql_id_r} AND (r.diusulkan OR r.periode && daterange(%s, %s, '[]'))"
        f") AS u (keluarga_id, kelurahan_id, sudah{nama_kolom}) GROUP BY u.keluarga_id HAVING bool_and(NOT u.sudah)"
    )
    return sql, [*p_kel, *p_id, *params_layak, *p_kel_r, *p_id_r, awal, hari_ini]


def keluarga_belum_terjangkau(
    keluarga: QuerySet[Keluarga], *, hari_ini: date, kelurahan_ids=None, keluarga_ids=None, batas=None
) -> QuerySet[Keluarga]:
    """The *belum terjangkau* rule on the households of ``keluarga`` (unscoped core; see
    ``belum_terjangkau`` for the definition): eligible (``batas_desil_per_jenis``), no aid from
    proposals or external lists in the last ``HARI_TANPA_BANTUAN`` days, no proposal being proposed.
    ONE top-level ``IN`` (a semi-join) over the grouped query of ``_sql_belum_terjangkau``, which
    reads the area of ``kelurahan_ids`` (ids or a subquery of ids) and/or ``keluarga_ids`` (a page's
    rows); with neither it reads every household (an administrator's whole-country view). ``batas``:
    ``batas_desil_per_jenis(hari_ini)`` when the caller already read it."""
    batas = batas or batas_desil_per_jenis(hari_ini)
    if batas is None:
        return keluarga.none()
    try:
        sql, params = _sql_belum_terjangkau(batas, hari_ini=hari_ini, kelurahan_ids=kelurahan_ids,
                                            keluarga_ids=keluarga_ids)
    except EmptyResultSet:
        return keluarga.none()
    return keluarga.aktif().filter(pk__in=RawSQL(f"SELECT b.keluarga_id FROM ({sql}) AS b", params))


def _syarat_layak_dari_awal(hari_ini: date) -> Exists | None:
    """Eligibility program by program as one EXISTS over the household's active classifications
    (the unfolded definition; ``None``: nobody): for some running program, "a classification of one
    of its types (any type if it has none) and desil (unknown = 0) within its limit"."""
    program_jalan = ProgramBantuan.objects.filter(aktif=True, dikelola_dinas=True, periode_selesai__gte=hari_ini)
    klasifikasi = KlasifikasiPMKS.objects.filter(keluarga_id=OuterRef("pk"), aktif=True).annotate(
        _desil=ExpressionWrapper(Coalesce(OuterRef("desil"), Value(0)), output_field=IntegerField())
    )
    bagian = []
    for program in program_jalan.prefetch_related("jenis_pmks"):
        syarat = Q()
        if jenis := [j.pk for j in program.jenis_pmks.all()]:
            syarat &= Q(jenis_id__in=jenis)
        if program.desil_maksimum is not None:
            syarat &= Q(_desil__lte=program.desil_maksimum)
        if not syarat:  # any type, any desil: every active classification qualifies (``Q() | x`` is x)
            return Exists(klasifikasi)
        bagian.append(syarat)
    return Exists(klasifikasi.filter(reduce(or_, bagian))) if bagian else None


def keluarga_belum_terjangkau_dari_awal(keluarga: QuerySet[Keluarga], *, hari_ini: date) -> QuerySet[Keluarga]:
    """``keluarga_belum_terjangkau`` recounted from the programs, classifications, proposals and
    external receipts themselves (EXISTS per household: not for pages). The consistency test
    compares the two after every kind of change."""
    from . import choices as c
    from .models import PenerimaanEksternal, Usulan

    layak = _syarat_layak_dari_awal(hari_ini)
    if layak is None:
        return keluarga.none()
    awal = hari_ini - timedelta(days=HARI_TANPA_BANTUAN)
    menerima = Usulan.objects.penerima_aktif().filter(
        keluarga_id=OuterRef("pk"), program__periode_mulai__lte=hari_ini, program__periode_selesai__gte=awal)
    diusulkan = Usulan.objects.filter(keluarga_id=OuterRef("pk"), status__in=c.STATUS_SEDANG_DIUSULKAN)
    eksternal = PenerimaanEksternal.objects.berlaku().filter(
        keluarga_id=OuterRef("pk"), periode_mulai__lte=hari_ini, periode_selesai__gte=awal)
    return keluarga.aktif().filter(layak).exclude(Exists(menerima)).exclude(Exists(diusulkan)).exclude(
        Exists(eksternal))


def _jumlah_rentan(hari_ini: date) -> QuerySet:
    """Ordering key (3) of ``belum_terjangkau``: per household, its active members aged 60 or more
    or with a disability (``keluarga_id``, ``n``; index ``anggota_keluarga`` on active members,
    which includes both columns)."""
    lansia_sebelum = lahir_paling_lambat(USIA_LANSIA, hari_ini)
    return (
        Anggota.objects.filter(status="aktif")
        .filter(Q(tanggal_lahir__lte=lansia_sebelum) | ~Q(disabilitas="tidak_ada"))
        .order_by().values("keluarga_id").annotate(n=Count("keluarga_id"))
    )


def belum_terjangkau(
    *, user, kelurahan: int | None = None, hari_ini: date | None = None, keluarga_ids: list[int] | None = None
) -> QuerySet[Keluarga]:
    """Active households in the user's area that are eligible for some active program, but have
    no aid and are not being proposed.

    - *Eligible*: an active Dinas-run program still running (``periode_selesai`` ≥ today) whose PMKS
      types include one of the household's active PMKS types (a program without types accepts any
      type), and whose ``desil_maksimum`` is empty or ≥ the household's desil (unknown desil counts
      as eligible: it needs verification, not exclusion). The household's desil is ``Keluarga.desil``,
      which always holds its NEWEST desil position (``pmks.registri.desil.keluarga_desil_segarkan``,
      the one rule; the desil import and the registry form both go through it).
    - *No aid*: no approved/distributed proposal with an active recipient and no external receipt
      whose period touches the last ``HARI_TANPA_BANTUAN`` days.
    - *Not being proposed*: no proposal in ``STATUS_SEDANG_DIUSULKAN`` (draft/diajukan/diverifikasi/
      dikembalikan).

    Ordering (most vulnerable first) — see ``URAIAN_URUTAN_BELUM_TERJANGKAU``: lowest desil (unknown
    last), then more active PMKS types, then more lansia (≥ 60) or disabled members, then the oldest
    registration. (A ``count()`` drops the ordering's per-household counts.) ``keluarga_ids``: only
    these households (a page's rows).
    """
    hari_ini = hari_ini or timezone.localdate()
    n_pmks = (
        KlasifikasiPMKS.objects.filter(keluarga_id=OuterRef("pk"), aktif=True)
        .order_by().values("keluarga_id").annotate(n=Count("jenis_id", distinct=True)).values("n")
    )
    n_rentan = _jumlah_rentan(hari_ini).filter(keluarga_id=OuterRef("pk")).values("n")  # index-only
    if (batas := batas_desil_per_jenis(hari_ini)) is None:  # no running program: nobody, no household read
        return Keluarga.objects.none()
    area = area_pengguna(user, kelurahan)
    if area is not None:  # the ids themselves (one small query): estimates from statistics, index conditions
        area = list(area)
    return (
        keluarga_belum_terjangkau(_keluarga_pengguna(user, area, keluarga_ids), hari_ini=hari_ini, batas=batas,
                                  kelurahan_ids=area if keluarga_ids is None else None, keluarga_ids=keluarga_ids)
        .annotate(
            jumlah_pmks=Coalesce(Subquery(n_pmks, output_field=IntegerField()), Value(0)),
            jumlah_rentan=Coalesce(Subquery(n_rentan, output_field=IntegerField()), Value(0)),
            nama_kepala=kepala_subquery(),
        )
        .select_related("kelurahan")
        .prefetch_related(
            Prefetch(
                "klasifikasi",
                queryset=KlasifikasiPMKS.objects.filter(aktif=True).select_related("jenis").order_by("jenis__kode"),
                to_attr="klasifikasi_aktif",
            )
        )
        .order_by(F("desil").asc(nulls_last=True), "-jumlah_pmks", "-jumlah_rentan", "dibuat_pada", "id")
    )
