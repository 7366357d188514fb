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
- ``keluarga_belum_terjangkau(keluarga, hari_ini=)``: eligible, no aid, not being proposed;
  ``belum_terjangkau(user=)`` is the ordered list (ordering rule in its docstring).
- ``penerimaan_dalam_periode(user=, ...)``: the receipts themselves (a page's rows).

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
from operator import and_, or_

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
from django.db.models.functions import Coalesce
from django.utils import timezone

from pmks.models import Anggota, Keluarga, KlasifikasiPMKS
from pmks.registri.angka import hitung_per_kelurahan
from tksk.models import Wilayah
from tksk.pemicu import bangun_ulang
from tksk.scoping import kelurahan_untuk, wilayah_tugas

from .models import FaktaPenerimaan, ProgramBantuan
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
    rollup; needed after a bulk writer that switched triggers off). Returns the number of rows."""
    return bangun_ulang("sidamping_fakta_penerimaan_bangun", ("bantuan_faktapenerimaan",))


def fakta_penerimaan_periksa(*, kelurahan_ids: list[int], bulan=None) -> list[str]:
    """``["fakta_penerimaan"]`` when the stored facts of the households of ``kelurahan_ids`` differ from
    ``sidamping_fakta_penerimaan`` computed afresh (``bulan`` is unused: the facts carry their periods)."""
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
    return ["fakta_penerimaan"] if beda else []


# --- Coverage gaps ------------------------------------------------------------------------------------
URAIAN_URUTAN_BELUM_TERJANGKAU = (
    "Urutan paling rentan lebih dahulu: (1) desil DTSEN terendah (desil belum tercatat di akhir), "
    "(2) jumlah jenis PMKS aktif terbanyak, (3) jumlah anggota lansia (60 tahun ke atas) atau penyandang "
    "disabilitas terbanyak, (4) paling lama terdaftar."
)
HARI_TANPA_BANTUAN = 365


def _syarat_layak(hari_ini: date) -> Exists | None:
    """Eligibility for a running Dinas-run program as a filter on Keluarga (``None``: nobody).

    One small query reads the running programs; they are grouped by ``desil_maksimum`` so the
    filter is ONE ``EXISTS`` over the household's active classifications: for some distinct limit,
    "desil (unknown = 0) within the limit and a classification of one of the types of the programs
    with that limit (any type if one of them has no types)" — a semi-join, whatever the number of
    programs.
    """
    program_jalan = ProgramBantuan.objects.filter(aktif=True, dikelola_dinas=True, periode_selesai__gte=hari_ini)
    semua_jenis = object()
    per_batas: dict[int | None, object] = {}
    for batas, jenis_id in program_jalan.values_list("desil_maksimum", "jenis_pmks").order_by():
        if jenis_id is None:
            per_batas[batas] = semua_jenis
        elif per_batas.get(batas) is not semua_jenis:
            per_batas.setdefault(batas, set()).add(jenis_id)
    if not per_batas:
        return None
    klasifikasi = KlasifikasiPMKS.objects.filter(keluarga_id=OuterRef("pk"), aktif=True).annotate(
        _desil=ExpressionWrapper(OuterRef("desil"), output_field=IntegerField())
    )
    bagian: list[Q] = []
    for batas, jenis in sorted(per_batas.items(), key=lambda x: (x[0] is None, x[0] or 0)):
        syarat = [] if jenis is semua_jenis else [Q(jenis_id__in=sorted(jenis))]
        if batas is not None:
            syarat.append(Q(_desil__isnull=True) | Q(_desil__lte=batas))
        if not syarat:  # any type, any desil: every active classification qualifies
            return Exists(klasifikasi)
        bagian.append(reduce(and_, syarat))
    return Exists(klasifikasi.filter(reduce(or_, bagian)))


def keluarga_belum_terjangkau(
    keluarga: QuerySet[Keluarga], *, hari_ini: date, kelurahan_ids=None, keluarga_ids=None
) -> QuerySet[Keluarga]:
    """The *belum terjangkau* rule on the households of ``keluarga`` (unscoped core; see
    ``belum_terjangkau`` for the definition). Filters only: one EXISTS (eligible) and one NOT
    EXISTS on the facts (no aid from proposals or external lists in the last ``HARI_TANPA_BANTUAN``
    days, no proposal being proposed) — a semi-join and an anti-join."""
    layak = _syarat_layak(hari_ini)
    if layak is None:
        return keluarga.none()
    awal = hari_ini - timedelta(days=HARI_TANPA_BANTUAN)
    sudah = FaktaPenerimaan.objects.filter(keluarga_id=OuterRef("pk")).filter(
        Q(sumber__in=MENERIMA, mulai__lte=hari_ini, selesai__gte=awal) | Q(sumber=S.DIUSULKAN)
    )
    return keluarga.aktif().filter(layak).filter(~Exists(_batas(sudah, kelurahan_ids, keluarga_ids)))


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
    lansia_sebelum = date(hari_ini.year - 60, hari_ini.month, min(hari_ini.day, 28))
    n_pmks = (
        KlasifikasiPMKS.objects.filter(keluarga_id=OuterRef("pk"), aktif=True)
        .order_by().values("keluarga_id").annotate(n=Count("jenis_id", distinct=True)).values("n")
    )
    n_rentan = (
        Anggota.objects.filter(keluarga_id=OuterRef("pk"), status="aktif")
        .filter(Q(tanggal_lahir__lte=lansia_sebelum) | ~Q(disabilitas="tidak_ada"))
        .order_by().values("keluarga_id").annotate(n=Count("id")).values("n")
    )
    area = area_pengguna(user, kelurahan)
    return (
        keluarga_belum_terjangkau(_keluarga_pengguna(user, area, keluarga_ids), hari_ini=hari_ini,
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
