"""Scoped lists of pendampingan: visits, follow-ups, referrals, PSKS, the household panel."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.expressions import RawSQL

from pmks.registri import choices as c
from tksk.models import Wilayah
from tksk.scoping import kelurahan_untuk

from ...models import Anggota, JenisPMKS, Keluarga
from .. import choices as pc
from ..models import PSKS, Kunjungan, RencanaTindakLanjut, Rujukan
from .tanggal import hari_ini_jakarta


def kunjungan_untuk(user) -> QuerySet[Kunjungan]:
    return Kunjungan.objects.for_user(user)


def tindak_lanjut_untuk(user) -> QuerySet[RencanaTindakLanjut]:
    return RencanaTindakLanjut.objects.for_user(user)


def rujukan_untuk(user) -> QuerySet[Rujukan]:
    return Rujukan.objects.for_user(user)


def psks_untuk(user) -> QuerySet[PSKS]:
    return PSKS.objects.for_user(user)


def daftar_kunjungan(*, user, jenis: str = "", kelurahan_id: int | None = None) -> QuerySet[Kunjungan]:
    qs = (
        kunjungan_untuk(user)
        .select_related("kelurahan", "dicatat_oleh")
        .prefetch_related(Prefetch("keluarga", queryset=Keluarga.objects.prefetch_related(_prefetch_kepala())))
        .annotate(jumlah_foto=Count("foto", distinct=True))
        .order_by("-tanggal", "-id")
    )
    if jenis:
        qs = qs.filter(jenis=jenis)
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    return qs


def _prefetch_kepala() -> Prefetch:
    return Prefetch(
        "anggota",
        queryset=Anggota.objects.filter(hubungan=c.Hubungan.KEPALA, status=c.StatusAnggota.AKTIF),
        to_attr="kepala_list",
    )


def _tampilan_tindak_lanjut(qs: QuerySet[RencanaTindakLanjut]) -> QuerySet[RencanaTindakLanjut]:
    """What the follow-up lists show with each item: its household, kelurahan, visit, head of household."""
    return qs.select_related("keluarga__kelurahan", "kunjungan").prefetch_related(
        Prefetch("keluarga__anggota", queryset=_prefetch_kepala().queryset, to_attr="kepala_list")
    ).order_by("batas_waktu", "id")


def tindak_lanjut_area(*, user, status: str = pc.StatusTindakLanjut.TERBUKA, dari: date | None = None,
                       sampai: date | None = None) -> QuerySet[RencanaTindakLanjut]:
    """The area's follow-ups (due ``dari`` … ``sampai``, both included), nothing joined but the area's
    kelurahan: what a list counts (index-only on ``rtl_kelurahan_status_batas``). Its page's rows come
    from ``kunci_tindak_lanjut`` + ``muat_tindak_lanjut``."""
    qs = tindak_lanjut_untuk(user)
    if status:
        qs = qs.filter(status=status)
    if dari:
        qs = qs.filter(batas_waktu__gte=dari)
    if sampai:
        qs = qs.filter(batas_waktu__lte=sampai)
    return qs.order_by("batas_waktu", "id")


def kunci_tindak_lanjut(*, user, awal: int, akhir: int, status: str = pc.StatusTindakLanjut.TERBUKA,
                        dari: date | None = None, sampai: date | None = None) -> RawSQL | list:
    """The ids of rows ``awal`` … ``akhir`` (exclusive) of ``tindak_lanjut_area`` in list order (due date, id),
    as a subquery for ``muat_tindak_lanjut``: per kelurahan of the area at most ``akhir`` entries off the
    index ``rtl_kelurahan_status_batas`` (kelurahan, status, due date, id), then those rows' page. Rows read
    ≤ kelurahan × ``akhir`` whatever the province holds; a plain ``ORDER BY … LIMIT`` may instead walk the
    city-wide ``(status, batas_waktu)`` index and probe each row's area (the proposal queue's defect)."""
    from .rekap import syarat_kelurahan

    syarat = syarat_kelurahan(kelurahan_untuk(user).values("id"), "w.id")
    if syarat is None or akhir <= awal:
        return []
    where, params = syarat
    saring, nilai = [], []
    for sql, v in (("t.status = %s", status), ("t.batas_waktu >= %s", dari), ("t.batas_waktu <= %s", sampai)):
        if v:
            saring.append(sql)
            nilai.append(v)
    t = RencanaTindakLanjut._meta.db_table
    return RawSQL(
        f"SELECT t.id FROM {Wilayah._meta.db_table} w CROSS JOIN LATERAL ("
        f"  SELECT t.id, t.batas_waktu FROM {t} t WHERE t.kelurahan_id = w.id"
        f"{''.join(' AND ' + x for x in saring)} ORDER BY t.batas_waktu, t.id LIMIT %s) AS t"
        f" WHERE {where} ORDER BY t.batas_waktu, t.id LIMIT %s OFFSET %s",
        [*nilai, akhir, *params, akhir - awal, awal],
    )


def muat_tindak_lanjut(kunci) -> QuerySet[RencanaTindakLanjut]:
    """The follow-ups whose ids ``kunci`` gives (``kunci_tindak_lanjut``), in list order, with what the lists
    show; the joins touch the page's rows only."""
    return _tampilan_tindak_lanjut(RencanaTindakLanjut.objects.filter(pk__in=kunci))


def daftar_tindak_lanjut(*, user, status: str = pc.StatusTindakLanjut.TERBUKA) -> QuerySet[RencanaTindakLanjut]:
    return _tampilan_tindak_lanjut(tindak_lanjut_area(user=user, status=status))


def daftar_rujukan(*, user, status: str = "") -> QuerySet[Rujukan]:
    qs = rujukan_untuk(user).select_related("keluarga__kelurahan", "anggota", "psks").prefetch_related(
        Prefetch("keluarga__anggota", queryset=_prefetch_kepala().queryset, to_attr="kepala_list")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-tanggal", "-id")


def daftar_psks(*, user, jenis: str = "", aktif: bool | None = None) -> QuerySet[PSKS]:
    qs = psks_untuk(user).select_related("kelurahan").annotate(jumlah_rujukan=Count("rujukan"))
    if jenis:
        qs = qs.filter(jenis=jenis)
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    return qs.order_by("kelurahan__kode", "jenis", "nama")


def pendampingan_keluarga(*, keluarga: Keluarga, user, batas: int = 5) -> dict:
    """Context of the household page's "Pendampingan" panel (4 queries)."""
    hari_ini = hari_ini_jakarta()
    kunjungan = list(
        kunjungan_untuk(user).filter(keluarga=keluarga).select_related("dicatat_oleh")
        .annotate(jumlah_foto=Count("foto")).order_by("-tanggal", "-id")[:batas]
    )
    tindak_lanjut = list(tindak_lanjut_untuk(user).filter(keluarga=keluarga).terbuka().order_by("batas_waktu", "id"))
    for item in tindak_lanjut:
        item.terlambat = item.batas_waktu < hari_ini
    rujukan = list(rujukan_untuk(user).filter(keluarga=keluarga).select_related("psks", "anggota")[:batas])
    jumlah_kunjungan = kunjungan_untuk(user).filter(keluarga=keluarga).count()
    return {
        "kunjungan_list": kunjungan,
        "jumlah_kunjungan": jumlah_kunjungan,
        "tindak_lanjut_list": tindak_lanjut,
        "rujukan_list": rujukan,
        "hari_ini": hari_ini,
    }



def jenis_pmks_aktif() -> QuerySet[JenisPMKS]:
    return JenisPMKS.objects.filter(aktif=True)


def kelurahan_tulis(user) -> QuerySet[Wilayah]:
    return kelurahan_untuk(user, write=True).order_by("kode")

