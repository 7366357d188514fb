"""Scoped reads of the aid domain. Other apps (laporan, pendampingan pages, BNBA import) should
call these rather than query the models directly:

- ``usulan_antrian(user=, ...)``: proposals in the user's area, filterable (queue, reports).
- ``bantuan_keluarga(keluarga=)``: one household's proposals, distributions, monitoring and
  external receipts.
- ``penyaluran_dalam_periode(user=, mulai=, selesai=)``: distributions in a period.

Coverage (who receives aid, penerima ganda, belum terjangkau, the receipts of a period) lives in
``bantuan.cakupan``. All run a constant number of queries for any amount of data, with plans that
stay joins — never an IN/EXISTS inside OR or FILTER, which becomes a per-row subplan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Left
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.registri.selectors import kelurahan_ids_lingkup
from tksk.models import Wilayah
from tksk.permissions import Aksi
from tksk.scoping import get_for_user

from . import choices as c
from .models import (
    LampiranUsulan,
    MonitoringBantuan,
    PenerimaanEksternal,
    Penyaluran,
    ProgramBantuan,
    Usulan,
)
from .models.usulan import URUTAN_ANTREAN


def kepala_subquery(path: str = "pk") -> Subquery:
    return Subquery(
        Anggota.objects.filter(keluarga_id=OuterRef(path), hubungan="kepala", status="aktif")
        .order_by("id")
        .values("nama")[:1]
    )


# --- Access helpers (404 outside area, 403 read-only write / role not allowed) -----------------
def get_usulan_for_user(user, pk: int, *, write: bool = False, aksi: Aksi | None = None) -> Usulan:
    return get_for_user(
        Usulan.objects.select_related(
            "program", "keluarga__kelurahan__induk", "anggota", "diusulkan_oleh", "diputuskan_oleh",
            "menggantikan", "dinonaktifkan_oleh",
        ),
        user, "keluarga__kelurahan", write=write, aksi=aksi, pk=pk,
    )


def get_lampiran_for_user(user, pk: int) -> LampiranUsulan:
    return get_for_user(LampiranUsulan.objects.select_related("usulan"), user, "usulan__keluarga__kelurahan", pk=pk)


def get_penyaluran_for_user(user, pk: int) -> Penyaluran:
    return get_for_user(Penyaluran.objects.select_related("usulan"), user, "usulan__keluarga__kelurahan", pk=pk)


# --- Programs ----------------------------------------------------------------------------------
def program_daftar(*, hanya_aktif: bool = False) -> QuerySet[ProgramBantuan]:
    """Programs with quota usage: ``jumlah_penerima`` (active recipients) and ``jumlah_menunggu``."""
    qs = ProgramBantuan.objects.all()
    if hanya_aktif:
        qs = qs.filter(aktif=True)
    penerima = (
        Usulan.objects.filter(program_id=OuterRef("pk")).penerima_aktif()
        .order_by().values("program_id").annotate(n=Count("id")).values("n")
    )
    menunggu = (
        Usulan.objects.filter(program_id=OuterRef("pk"), status__in=c.STATUS_DIAJUKAN_BELUM_DIPUTUS)
        .order_by().values("program_id").annotate(n=Count("id")).values("n")
    )
    eksternal = (
        PenerimaanEksternal.objects.filter(program_id=OuterRef("pk"), aktif=True)
        .order_by().values("program_id").annotate(n=Count("id")).values("n")
    )
    return qs.annotate(
        jumlah_penerima=Coalesce(Subquery(penerima, output_field=IntegerField()), Value(0)),
        jumlah_menunggu=Coalesce(Subquery(menunggu, output_field=IntegerField()), Value(0)),
        jumlah_eksternal=Coalesce(Subquery(eksternal, output_field=IntegerField()), Value(0)),
    ).prefetch_related("jenis_pmks", "tidak_boleh_bersamaan")


@dataclass
class PemakaianKuota:
    nama: str
    kuota: int | None
    terpakai: int

    @property
    def sisa(self) -> int | None:
        return None if self.kuota is None else max(self.kuota - self.terpakai, 0)


def pemakaian_kuota(*, program: ProgramBantuan) -> list[PemakaianKuota]:
    """Total quota use, then per kecamatan quota rows (two queries)."""
    aktif = Usulan.objects.filter(program=program).penerima_aktif()
    per_kec = dict(
        aktif.values("keluarga__kelurahan__induk_id").annotate(n=Count("id")).values_list(
            "keluarga__kelurahan__induk_id", "n"
        )
    )
    hasil = [PemakaianKuota("Total", program.kuota_total, sum(per_kec.values()))]
    for kk in program.kuota_kecamatan.select_related("kecamatan"):
        hasil.append(PemakaianKuota(kk.kecamatan.nama, kk.kuota, per_kec.get(kk.kecamatan_id, 0)))
    return hasil


# --- Proposals ---------------------------------------------------------------------------------
def usulan_antrian(
    *,
    user,
    program: int | None = None,
    kecamatan: int | Wilayah | None = None,
    kelurahan: int | Wilayah | None = None,
    status: str | None = None,
    q: str = "",
) -> QuerySet[Usulan]:
    """Proposals visible to ``user`` with row data for lists (constant queries), newest submission first
    (``URUTAN_ANTREAN`` descending: ``-diajukan_pada, -dibuat_pada, -id``; drafts, never submitted, on top:
    NULLs sort first).

    Scope is the household's, as everywhere (``kelurahan_ids_lingkup``, or ``for_user``'s code prefix
    for a province). On top of it the page names its area by the proposal's own copy of its household's
    kelurahan code (``Usulan.kode_wilayah``, kept by triggers in the writer's transaction:
    ``bantuan.models.wilayah_usulan``), with ONE equality per scope level: the kelurahan filter (the whole
    code), the kecamatan filter or a TKSK's kecamatan (``left(code, 8)``), a Dinsos / pejabat kab/kota
    (``left(code, 5)``), a province (``left(code, 2)``). Each level has an index leading on that key and
    then on the queue's order (``usulan_antrean_*``), so the page reads one range of one index, already in
    order: its own rows for a kelurahan, a kecamatan, a kab/kota or a province alike,
    whatever the rest of the province holds. The kecamatan / kelurahan filters are that key alone (the
    view passes the region, whose code the planner then sees).

    Why one equality per level and not the area's kelurahan ids on one (kelurahan, order) index: in
    PostgreSQL 15 ``kelurahan = ANY(array)`` does not return rows in index order across the array's
    values, so a kecamatan (10–20 kelurahan) or a kab/kota (hundreds) would sort all its proposals on
    every page; a per-kelurahan top-N merge reads up to OFFSET + N rows of every kelurahan (hundreds of
    them, 10,000 deep) and only works if the planner picks a Merge Append. An equality on the leading
    key gives index order by construction, with Kemendagri's fixed code widths (an area whose code has
    another width falls back to the household scope alone). The key only chooses the range: a stale code
    could hide a row, never show one of another area.

    What it costs: the planner multiplies the key's and the scope's selectivities (it cannot know that
    one implies the other), so for a small area it may read the whole area's range and sort it (a
    2,000-household kecamatan: ~700 proposals, ~60 ms at 1 M households) instead of walking the first
    page — still only the area. A status or program filter is checked on the area's rows (a rare status
    reads more of the area; the planner may AND the area's range with the ``(status, dibuat_pada)``
    index, whose entries for that status are province-wide). ``q`` joins the household's members and is
    ``DISTINCT``: it reads the area's matching proposals, never another area's. The administrator
    (whole system) walks ``usulan_urutan_antrean``. Paged by key, without a count or an OFFSET
    (``tksk.paginasi.PaginatorKunci``): the row comparison with the previous page's last row continues
    the same index range, so a deep page reads its own rows, as page 1 does.
    """
    ids_kelurahan = kelurahan_ids_lingkup(user)
    lingkup = (
        Usulan.objects.for_user(user) if ids_kelurahan is None
        else Usulan.objects.filter(keluarga__kelurahan_id__in=ids_kelurahan)
    )
    # the kecamatan / kelurahan filters ARE the area key (the household's kelurahan code); the scope above
    # stays the household's
    qs = rentang_area(lingkup, user=user, kecamatan=kecamatan, kelurahan=kelurahan)
    qs = (
        qs
        .select_related("program", "keluarga__kelurahan__induk", "anggota", "diusulkan_oleh")
        .annotate(nama_kepala=kepala_subquery("keluarga_id"))
    )
    if program:
        qs = qs.filter(program_id=program)
    if status:
        qs = qs.filter(status=status)
    if q:
        teks = q.strip()
        qs = qs.filter(
            Q(keluarga__no_kk__startswith=teks)
            | Q(keluarga__anggota__nama__icontains=teks)
            | Q(keluarga__anggota__nik__startswith=teks)
        ).distinct()
    return qs.order_by(*(f"-{f}" for f in URUTAN_ANTREAN))


def rentang_area(qs: QuerySet[Usulan], *, user, kecamatan=None, kelurahan=None) -> QuerySet[Usulan]:
    """``qs`` restricted to the index range of the smallest area named: the kelurahan filter, the
    kecamatan filter, else the user's area (``tksk.scoping.wilayah_tugas``; ``None``, the whole
    system: no range). A filter given as a ``Wilayah`` names its code (the planner then knows the
    range's size from the index statistics); given as an id, its code is a subquery (no extra query)."""
    from tksk.scoping import wilayah_tugas

    from .models.wilayah_usulan import PANJANG_KODE_AREA

    def kode_dari(w) -> str | Subquery:
        return w.kode if isinstance(w, Wilayah) else Subquery(Wilayah.objects.filter(pk=w).values("kode")[:1])

    if kelurahan:
        return qs.filter(kode_wilayah=kode_dari(kelurahan))
    if kecamatan:
        return qs.alias(kode_area=Left("kode_wilayah", 8)).filter(kode_area=kode_dari(kecamatan))
    area = wilayah_tugas(user)
    if area is None:
        return qs
    if area.adalah_kelurahan:
        return qs.filter(kode_wilayah=area.kode)
    if len(area.kode) in PANJANG_KODE_AREA:
        return qs.alias(kode_area=Left("kode_wilayah", len(area.kode))).filter(kode_area=area.kode)
    return qs


def usulan_detail(*, usulan: Usulan) -> dict:
    """History, attachments, distributions and monitoring of one proposal (constant queries)."""
    return {
        "riwayat": list(usulan.riwayat.select_related("oleh")),
        "lampiran_list": list(usulan.lampiran.select_related("diunggah_oleh")),
        "penyaluran_list": list(usulan.penyaluran.select_related("dicatat_oleh")),
        "monitoring_list": list(usulan.monitoring.select_related("dicatat_oleh")),
        "pengganti": Usulan.objects.filter(menggantikan=usulan).select_related("keluarga").first(),
    }


# --- Household aid -------------------------------------------------------------------------------
def bantuan_keluarga(*, keluarga: Keluarga) -> dict:
    """All aid of one household: proposals (with distributions, monitoring), external receipts."""
    usulan = list(
        Usulan.objects.filter(keluarga=keluarga)
        .select_related("program", "anggota")
        .prefetch_related(
            Prefetch("penyaluran", queryset=Penyaluran.objects.order_by("-tanggal")),
            Prefetch("monitoring", queryset=MonitoringBantuan.objects.order_by("-tanggal")),
        )
        .order_by("-dibuat_pada")
    )
    eksternal = list(
        PenerimaanEksternal.objects.filter(keluarga=keluarga).select_related("program", "anggota")
    )
    return {"usulan_list": usulan, "eksternal_list": eksternal}


# --- Period views (reports) ------------------------------------------------------------------------
def penyaluran_dalam_periode(*, user, mulai: date, selesai: date) -> QuerySet[Penyaluran]:
    return (
        Penyaluran.objects.for_user(user)
        .filter(tanggal__gte=mulai, tanggal__lte=selesai)
        .select_related("usulan__program", "usulan__keluarga__kelurahan", "dicatat_oleh")
    )


# --- Eligibility drift flags ("tidak lagi memenuhi syarat desil") -------------------------------------
def tanda_desil_daftar(*, user, status: str | None = None) -> QuerySet:
    """Flags of recipients in the user's area (Dinas Sosial's queue), oldest open first."""
    from .models import TandaDesil

    qs = TandaDesil.objects.for_user(user).select_related(
        "usulan__program", "keluarga__kelurahan", "riwayat_desil", "diputuskan_oleh"
    ).annotate(nama_kepala=kepala_subquery("keluarga_id"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("dibuat_pada", "id") if status == c.StatusTandaDesil.TERBUKA else qs.order_by("-dibuat_pada",
                                                                                                     "-id")


def tanda_desil_keluarga(*, keluarga: Keluarga) -> list:
    """A household's flags, newest first (its page; one query)."""
    from .models import TandaDesil

    return list(TandaDesil.objects.filter(keluarga=keluarga).select_related("usulan__program", "diputuskan_oleh")
                .order_by("-dibuat_pada", "-id"))


def tanda_desil_per_kelurahan(*, kelurahan_ids: list[int], mulai, selesai) -> dict[int, dict[str, int]]:
    """THE count of eligibility drift flags for a period [``mulai``, ``selesai``) (aware datetimes), per
    kelurahan: ``ditandai`` (flags raised in the period), ``dilanjutkan`` / ``dinonaktifkan`` (decided in
    the period), ``terbuka`` (raised before the period's end and not decided by then). Unscoped core:
    the monthly report and the recap call it with their area. Three aggregation queries."""
    from .models import TandaDesil

    T = c.StatusTandaDesil
    dasar = TandaDesil.objects.filter(keluarga__kelurahan_id__in=kelurahan_ids)
    hasil: dict[int, dict[str, int]] = {}

    def tambah(baris, kunci) -> None:
        for b in baris:
            nilai = hasil.setdefault(b["keluarga__kelurahan_id"], dict.fromkeys(
                ("ditandai", "dilanjutkan", "dinonaktifkan", "terbuka"), 0))
            nilai[kunci(b)] += b["n"]

    tambah(dasar.filter(dibuat_pada__gte=mulai, dibuat_pada__lt=selesai).values("keluarga__kelurahan_id")
           .annotate(n=Count("id")).order_by(), lambda b: "ditandai")
    tambah(dasar.filter(diputuskan_pada__gte=mulai, diputuskan_pada__lt=selesai).values("keluarga__kelurahan_id",
                                                                                      "status")
           .annotate(n=Count("id")).order_by(), lambda b: b["status"])
    tambah(dasar.filter(dibuat_pada__lt=selesai).filter(Q(status=T.TERBUKA) | Q(diputuskan_pada__gte=selesai))
           .values("keluarga__kelurahan_id").annotate(n=Count("id")).order_by(), lambda b: "terbuka")
    return hasil


# --- figures of the report's sections II and III and the dashboard, from the aid rollup -------
# (``bantuan.models.rollup``, kept by triggers). ONE function per figure; each ``…_dari_awal`` twin
# counts the same figure from the rows (consistency test, ``manage.py bangun_rollup --periksa``).
# Keys are (kelurahan id, program id) — the household's current kelurahan; zero figures left out.
# ``kelurahan_ids`` may be a list or a queryset of ids (a subquery, no extra query).


def _baca_rollup(sql: str, kelurahan_ids, params_akhir: list, kolom: str = "kelurahan_id") -> list[tuple]:
    """Rows of ``sql`` (with ``{where}`` = the kelurahan condition) from the replica when allowed."""
    from django.db import connections

    from pmks.pendampingan.selectors.rekap import syarat_kelurahan
    from tksk.basisdata import alias_baca_kini

    syarat = syarat_kelurahan(kelurahan_ids, kolom)
    if syarat is None:
        return []
    where, params = syarat
    with connections[alias_baca_kini()].cursor() as cursor:
        cursor.execute(sql.format(where=where), [*params, *params_akhir])
        return cursor.fetchall()


def _wib(bulan: date) -> tuple:
    awal = bulan.replace(day=1)
    depan = (awal + timedelta(days=32)).replace(day=1)
    return tuple(timezone.make_aware(datetime.combine(d, time.min)) for d in (awal, depan))


def angka_usulan(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """Proposal events of the month: ``{(kelurahan, program): {"dibuat": created in the month,
    <status>: distinct proposals reaching that status in the month (status history)}}``."""
    from .models import RollupBantuan

    hasil: dict[tuple[int, int], dict[str, int]] = {}
    for kel, program, peristiwa, n in _baca_rollup(
        f"SELECT kelurahan_id, program_id, substr(peristiwa, 8), n FROM {RollupBantuan._meta.db_table} "
        "WHERE {where} AND bulan = %s AND left(peristiwa, 7) = 'usulan:' AND n <> 0",
        kelurahan_ids, [bulan.replace(day=1)],
    ):
        hasil.setdefault((kel, program), {})[peristiwa] = n
    return hasil


def angka_usulan_dari_awal(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """``angka_usulan`` counted from the proposals and their status history (not for pages)."""
    from .models import RiwayatStatusUsulan

    mulai, selesai = _wib(bulan)
    hasil: dict[tuple[int, int], dict[str, int]] = {}
    for row in (
        Usulan.objects.filter(keluarga__kelurahan_id__in=kelurahan_ids, dibuat_pada__gte=mulai, dibuat_pada__lt=selesai)
        .values("keluarga__kelurahan_id", "program_id").annotate(n=Count("id")).order_by()
    ):
        hasil.setdefault((row["keluarga__kelurahan_id"], row["program_id"]), {})["dibuat"] = row["n"]
    for row in (
        RiwayatStatusUsulan.objects.filter(
            usulan__keluarga__kelurahan_id__in=kelurahan_ids, pada__gte=mulai, pada__lt=selesai
        )
        .values("usulan__keluarga__kelurahan_id", "usulan__program_id", "ke")
        .annotate(n=Count("usulan_id", distinct=True)).order_by()
    ):
        hasil.setdefault((row["usulan__keluarga__kelurahan_id"], row["usulan__program_id"]), {})[row["ke"]] = row["n"]
    return hasil


def usulan_per_status(*, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """Proposals by their status *now*: ``{(kelurahan, program): {status: n}}`` (the dashboard's
    "usulan menunggu keputusan" sums ``STATUS_MENUNGGU_KEPUTUSAN``)."""
    from .models import RollupBantuan
    from .models.rollup import KINI

    hasil: dict[tuple[int, int], dict[str, int]] = {}
    for kel, program, status, n in _baca_rollup(
        f"SELECT kelurahan_id, program_id, substr(peristiwa, 6), n FROM {RollupBantuan._meta.db_table} "
        "WHERE {where} AND bulan = %s AND left(peristiwa, 5) = 'kini:' AND n <> 0", kelurahan_ids, [KINI],
    ):
        hasil.setdefault((kel, program), {})[status] = n
    return hasil


def usulan_per_status_dari_awal(*, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """``usulan_per_status`` counted from the proposals (not for pages)."""
    hasil: dict[tuple[int, int], dict[str, int]] = {}
    for row in (
        Usulan.objects.filter(keluarga__kelurahan_id__in=kelurahan_ids)
        .values("keluarga__kelurahan_id", "program_id", "status").annotate(n=Count("id")).order_by()
    ):
        hasil.setdefault((row["keluarga__kelurahan_id"], row["program_id"]), {})[row["status"]] = row["n"]
    return hasil


def jumlah_usulan_menunggu(*, kelurahan_ids) -> int:
    """Proposals waiting for a decision now (``STATUS_MENUNGGU_KEPUTUSAN``), from ``usulan_per_status``."""
    return sum(
        n for per in usulan_per_status(kelurahan_ids=kelurahan_ids).values()
        for status, n in per.items() if status in c.STATUS_MENUNGGU_KEPUTUSAN
    )


def angka_penyaluran(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """Distributions of the month (``Penyaluran.bulan``): ``{(kelurahan, program): {"kali":
    distributions, "penerima": distinct households, "nilai": Rupiah — the recorded ``nilai``, else
    the program's ``nilai_per_penerima``}}``."""
    from .models import RollupBantuan

    hasil = {}
    for kel, program, kali, penerima, nilai in _baca_rollup(
        "SELECT r.kelurahan_id, r.program_id, SUM(r.n) FILTER (WHERE r.peristiwa = 'salur:kali'), "
        "COALESCE(SUM(r.n) FILTER (WHERE r.peristiwa = 'salur:penerima'), 0), "
        "COALESCE(SUM(r.nilai) FILTER (WHERE r.peristiwa = 'salur:kali'), 0) "
        "+ COALESCE(SUM(r.n) FILTER (WHERE r.peristiwa = 'salur:tanpa_nilai'), 0) * MAX(p.nilai_per_penerima) "
        f"FROM {RollupBantuan._meta.db_table} r JOIN {ProgramBantuan._meta.db_table} p ON p.id = r.program_id "
        "WHERE {where} AND r.bulan = %s AND left(r.peristiwa, 6) = 'salur:' GROUP BY 1, 2 "
        "HAVING SUM(r.n) FILTER (WHERE r.peristiwa = 'salur:kali') <> 0",
        kelurahan_ids, [bulan.replace(day=1)], "r.kelurahan_id",
    ):
        hasil[(kel, program)] = {"kali": int(kali), "penerima": int(penerima), "nilai": int(nilai)}
    return hasil


def angka_penyaluran_dari_awal(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], dict[str, int]]:
    """``angka_penyaluran`` counted from the distributions (not for pages)."""
    from django.db.models import Sum

    baris = Penyaluran.objects.filter(usulan__keluarga__kelurahan_id__in=kelurahan_ids, bulan=bulan.replace(day=1))
    return {
        (row["usulan__keluarga__kelurahan_id"], row["usulan__program_id"]): {
            "kali": row["kali"], "penerima": row["penerima"], "nilai": int(row["nilai"] or 0),
        }
        for row in baris.values("usulan__program_id", "usulan__keluarga__kelurahan_id")
        .annotate(
            kali=Count("id"),
            penerima=Count("usulan__keluarga_id", distinct=True),
            nilai=Sum(Coalesce("nilai", "usulan__program__nilai_per_penerima")),
        )
        .order_by()
    }


def angka_penerima_eksternal(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], int]:
    """Households on an external list (BNBA PKH/BPNT, active) whose period covers part of the month:
    ``{(kelurahan, program): distinct households}``."""
    from .models import RollupBantuan

    return {
        (kel, program): n for kel, program, n in _baca_rollup(
            f"SELECT kelurahan_id, program_id, n FROM {RollupBantuan._meta.db_table} "
            "WHERE {where} AND bulan = %s AND peristiwa = 'eksternal:penerima' AND n <> 0",
            kelurahan_ids, [bulan.replace(day=1)],
        )
    }


def angka_penerima_eksternal_dari_awal(*, bulan: date, kelurahan_ids) -> dict[tuple[int, int], int]:
    """``angka_penerima_eksternal`` counted from the receipts (not for pages)."""
    awal = bulan.replace(day=1)
    akhir = (awal + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return {
        (row["keluarga__kelurahan_id"], row["program_id"]): row["n"]
        for row in PenerimaanEksternal.objects.filter(
            keluarga__kelurahan_id__in=kelurahan_ids, aktif=True, periode_mulai__lte=akhir, periode_selesai__gte=awal
        ).values("program_id", "keluarga__kelurahan_id").annotate(n=Count("keluarga_id", distinct=True)).order_by()
    }
