"""Monthly pendampingan figures: ONE definition, used by the report section (``laporan.bagian.
pendampingan``, rolled up per kelurahan or kecamatan), by ``rekap_pendampingan`` and by the
dashboard's visit tiles (``jumlah_kunjungan``).

Definitions (Asia/Jakarta dates):
- visits (kunjungan) and referrals (rujukan) belong to the month of their ``tanggal``;
- households accompanied: distinct households of the month's visits, per the visit's kelurahan;
- referral outcomes: statuses reached in the month (status history, creation rows excluded);
- follow-ups (rencana tindak lanjut): created / completed in the month; *terlambat akhir bulan* =
  created before the month ended, due before its last day, and not closed by then.
Not user-scoped: callers pass an area they already checked. ``angka_pendampingan`` reads the
pendampingan rollup (``pmks.models.rollup_pendampingan``, kept by triggers): 3 queries over
kelurahan × months, whatever the data size. ``angka_pendampingan_dari_awal`` counts the same
figures from the rows (a ``GROUP BY`` on the area's rows, 5 queries): the rollup must equal it
(``tests/pmks/pendampingan/test_rollup.py``, ``manage.py bangun_rollup --periksa``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from tksk.basisdata import alias_baca_kini
from tksk.models import Wilayah

from ...models import FaktaKunjunganTerakhir, Keluarga, RollupKunjungan, RollupKunjunganTerakhir, RollupPendampingan
from .. import choices as pc
from ..models import PSKS, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan
from .daftar import _prefetch_kepala
from .tanggal import awal_bulan, awal_hari_jakarta, geser_bulan


@dataclass
class AngkaPendampingan:
    """One month's pendampingan figures per kelurahan id (roll up with laporan's ``Lingkup``)."""

    awal: date
    akhir: date  # last day of the month
    kunjungan: dict[tuple[int, str], int]  # (kelurahan of the visit, jenis) → visits
    keluarga_didampingi: dict[int, int]  # kelurahan of the visit → distinct households
    rujukan: dict[tuple[int, str], int]  # (kelurahan of the household, kategori) → referrals made
    hasil_rujukan: dict[tuple[int, str, str], int]  # (kelurahan, kategori, status reached) → count
    tindak_lanjut: dict[int, dict[str, int]]  # kelurahan → {"dibuat", "selesai", "terlambat"}

    def jumlah(self, data: dict, posisi: int) -> dict:
        """Totals of ``data`` per the key part at ``posisi`` (e.g. 1 → visits per jenis)."""
        hasil: dict = defaultdict(int)
        for kunci, n in data.items():
            hasil[kunci[posisi]] += n
        return dict(hasil)


def _kelompok(qs: QuerySet, kunci: list[str], nilai) -> dict:
    return {tuple(row[k] for k in kunci): row["n"] for row in qs.values(*kunci).annotate(n=nilai).order_by()}


def _tindak_lanjut(kelurahan_ids, awal: date, depan: date, akhir: date) -> dict[int, dict[str, int]]:
    mulai, selesai = awal_hari_jakarta(awal), awal_hari_jakarta(depan)
    baris = (
        RencanaTindakLanjut.objects.filter(keluarga__kelurahan_id__in=kelurahan_ids)
        .values("keluarga__kelurahan_id")
        .annotate(
            dibuat=Count("id", filter=Q(dibuat_pada__gte=mulai, dibuat_pada__lt=selesai)),
            selesai=Count("id", filter=Q(
                status=pc.StatusTindakLanjut.SELESAI, diselesaikan_pada__gte=mulai, diselesaikan_pada__lt=selesai
            )),
            terlambat=Count("id", filter=Q(batas_waktu__lt=akhir, dibuat_pada__lt=selesai) & (
                Q(status=pc.StatusTindakLanjut.TERBUKA) | Q(diselesaikan_pada__gte=selesai)
            )),
        )
        .order_by()
    )
    hasil = {r.pop("keluarga__kelurahan_id"): r for r in baris}
    return {kel: tl for kel, tl in hasil.items() if any(tl.values())}  # as the rollup: zero rows left out


def syarat_kelurahan(kelurahan_ids: Iterable[int] | QuerySet, kolom: str = "kelurahan_id") -> tuple[str, list] | None:
    """``kolom`` in these kelurahan as SQL and parameters (a queryset of ids stays a subquery);
    ``None`` when there is no kelurahan at all."""
    if isinstance(kelurahan_ids, QuerySet):
        try:
            sql, params = kelurahan_ids.order_by().query.sql_with_params()
        except EmptyResultSet:
            return None
        return f"{kolom} IN ({sql})", list(params)
    ids = list(kelurahan_ids)
    return (f"{kolom} = ANY(%s)", [ids]) if ids else None


def _baca(sql: str, params: list) -> list[tuple]:
    with connections[alias_baca_kini()].cursor() as cursor:  # the replica when the view allows it
        cursor.execute(sql, params)
        return cursor.fetchall()


def angka_pendampingan(*, kelurahan_ids: Iterable[int] | QuerySet, bulan: date) -> AngkaPendampingan:
    """The month containing ``bulan``, grouped per kelurahan of ``kelurahan_ids``, from the rollup
    (3 queries over kelurahan × months). Zero figures are left out."""
    awal = awal_bulan(bulan)
    akhir = geser_bulan(awal, 1) - timedelta(days=1)
    hasil = AngkaPendampingan(
        awal=awal, akhir=akhir, kunjungan={}, keluarga_didampingi={}, rujukan={}, hasil_rujukan={}, tindak_lanjut={}
    )
    syarat = syarat_kelurahan(kelurahan_ids)
    if syarat is None:
        return hasil
    where, params = syarat
    for kel, jenis, n, keluarga in _baca(
        f"SELECT kelurahan_id, jenis, kunjungan, keluarga FROM {RollupKunjungan._meta.db_table} "
        f"WHERE {where} AND bulan = %s", [*params, awal]
    ):
        if jenis:
            hasil.kunjungan[(kel, jenis)] = n
        elif keluarga:
            hasil.keluarga_didampingi[kel] = keluarga
    tabel = RollupPendampingan._meta.db_table
    for kel, kategori, peristiwa, n in _baca(
        f"SELECT kelurahan_id, kategori, peristiwa, n FROM {tabel} WHERE {where} AND bulan = %s AND n <> 0",
        [*params, awal],
    ):
        if peristiwa == "rujukan:dibuat":
            hasil.rujukan[(kel, kategori)] = n
        elif peristiwa.startswith("rujukan:"):
            hasil.hasil_rujukan[(kel, kategori, peristiwa.removeprefix("rujukan:"))] = n
        elif peristiwa in ("tl:dibuat", "tl:selesai"):
            hasil.tindak_lanjut.setdefault(kel, {"dibuat": 0, "selesai": 0, "terlambat": 0})[peristiwa[3:]] = n
    for kel, terlambat in _baca(  # a stock: the entries of every month up to this one
        f"SELECT kelurahan_id, SUM(n) FROM {tabel} WHERE {where} AND bulan <= %s AND peristiwa = 'tl:terlambat' "
        "GROUP BY 1 HAVING SUM(n) <> 0", [*params, awal],
    ):
        hasil.tindak_lanjut.setdefault(kel, {"dibuat": 0, "selesai": 0, "terlambat": 0})["terlambat"] = terlambat
    return hasil


def jumlah_kunjungan(
    *, kelurahan_ids: Iterable[int] | QuerySet, bulan: date, per_kecamatan: bool = False
) -> dict[int, int]:
    """Visits of the month containing ``bulan`` per kelurahan (or per kecamatan) of ``kelurahan_ids``:
    ``angka_pendampingan``'s visits summed over jenis, from the rollup (1 query)."""
    syarat = syarat_kelurahan(kelurahan_ids, "r.kelurahan_id")
    if syarat is None:
        return {}
    where, params = syarat
    kunci = "w.induk_id" if per_kecamatan else "r.kelurahan_id"
    return dict(_baca(
        f"SELECT {kunci}, SUM(r.kunjungan)::integer FROM {RollupKunjungan._meta.db_table} r "
        f"JOIN {Wilayah._meta.db_table} w ON w.id = r.kelurahan_id "
        f"WHERE {where} AND r.bulan = %s AND r.jenis = '' GROUP BY 1", [*params, awal_bulan(bulan)]
    ))


def angka_pendampingan_dari_awal(*, kelurahan_ids: Iterable[int] | QuerySet, bulan: date) -> AngkaPendampingan:
    """``angka_pendampingan`` counted from the visits, referrals and follow-ups themselves (5 queries
    over the area's rows; zero figures left out). The rollup must equal it. Not for pages."""
    awal = awal_bulan(bulan)
    depan = geser_bulan(awal, 1)
    akhir = depan - timedelta(days=1)
    if not isinstance(kelurahan_ids, QuerySet):
        kelurahan_ids = list(kelurahan_ids)
    bulan_ini = Q(tanggal__gte=awal, tanggal__lt=depan)
    KjKel = Kunjungan.keluarga.through
    return AngkaPendampingan(
        awal=awal,
        akhir=akhir,
        kunjungan=_kelompok(
            Kunjungan.objects.filter(bulan_ini, kelurahan_id__in=kelurahan_ids), ["kelurahan_id", "jenis"], Count("id")
        ),
        keluarga_didampingi={
            k: n for (k,), n in _kelompok(
                KjKel.objects.filter(
                    kunjungan__kelurahan_id__in=kelurahan_ids,
                    kunjungan__tanggal__gte=awal,
                    kunjungan__tanggal__lt=depan,
                ),
                ["kunjungan__kelurahan_id"], Count("keluarga_id", distinct=True),
            ).items()
        },
        rujukan=_kelompok(
            Rujukan.objects.filter(bulan_ini, keluarga__kelurahan_id__in=kelurahan_ids),
            ["keluarga__kelurahan_id", "kategori"], Count("id"),
        ),
        hasil_rujukan=_kelompok(
            RiwayatStatusRujukan.objects.filter(
                rujukan__keluarga__kelurahan_id__in=kelurahan_ids,
                pada__gte=awal_hari_jakarta(awal), pada__lt=awal_hari_jakarta(depan),
            ).exclude(dari_status=""),
            ["rujukan__keluarga__kelurahan_id", "rujukan__kategori", "ke_status"], Count("id"),
        ),
        tindak_lanjut=_tindak_lanjut(kelurahan_ids, awal, depan, akhir),
    )


@dataclass
class RekapPendampingan:
    """Pendampingan figures of one kecamatan for one calendar month (Asia/Jakarta dates)."""

    kecamatan: Wilayah
    awal: date
    akhir: date  # last day of the month
    kunjungan_total: int
    kunjungan_per_jenis: dict[str, int]  # JenisKunjungan value → count (all types present, 0 if none)
    keluarga_dikunjungi: int  # distinct households visited in the month
    kunjungan_per_kelurahan: dict[int, int]  # kelurahan id → visits (roll up with laporan's Lingkup)
    rujukan_dibuat: int
    rujukan_per_kategori: dict[str, int]
    rujukan_per_kelurahan: dict[int, int]  # kelurahan id → referrals made in the month
    rujukan_status_berubah: dict[str, int]  # status reached in the month (diterima/selesai/ditolak) → count
    tindak_lanjut_dibuat: int
    tindak_lanjut_selesai: int
    tindak_lanjut_terlambat_akhir_bulan: int  # open at month end with due date before month end
    psks_aktif: int
    psks_per_jenis: dict[str, int]
    kunjungan_list: list[Kunjungan] = field(default_factory=list)
    rujukan_list: list[Rujukan] = field(default_factory=list)


def rekap_pendampingan(*, kecamatan: Wilayah, bulan: date) -> RekapPendampingan:
    """Monthly pendampingan recap of ``kecamatan`` (any region: a kota works too, everything
    inside it is counted) for the calendar month containing ``bulan``: the figures of
    ``angka_pendampingan`` summed over the area, plus the month's visits and referrals as lists
    and the active PSKS. Constant number of queries (10).
    """
    kel_ids = Wilayah.objects.di_dalam(kecamatan).values("id")
    angka = angka_pendampingan(kelurahan_ids=kel_ids, bulan=bulan)
    depan = angka.akhir + timedelta(days=1)
    kunjungan = list(
        Kunjungan.objects.filter(kelurahan__in=kel_ids, tanggal__gte=angka.awal, tanggal__lt=depan)
        .select_related("kelurahan")
        .prefetch_related(Prefetch("keluarga", queryset=Keluarga.objects.prefetch_related(_prefetch_kepala())))
        .order_by("tanggal", "id")
    )
    rujukan = list(
        Rujukan.objects.filter(keluarga__kelurahan__in=kel_ids, tanggal__gte=angka.awal, tanggal__lt=depan)
        .select_related("psks", "keluarga__kelurahan", "anggota").order_by("tanggal", "id")
    )
    psks = dict(
        PSKS.objects.filter(kelurahan__in=kel_ids, aktif=True).values_list("jenis").annotate(n=Count("id")).order_by()
    )
    tl = {k: sum(v[k] for v in angka.tindak_lanjut.values()) for k in ("dibuat", "selesai", "terlambat")}
    return RekapPendampingan(
        kecamatan=kecamatan, awal=angka.awal, akhir=angka.akhir,
        kunjungan_total=sum(angka.kunjungan.values()),
        kunjungan_per_jenis={**dict.fromkeys(pc.JenisKunjungan.values, 0), **angka.jumlah(angka.kunjungan, 1)},
        keluarga_dikunjungi=len({k.pk for kj in kunjungan for k in kj.keluarga.all()}),
        kunjungan_per_kelurahan=angka.jumlah(angka.kunjungan, 0),
        rujukan_dibuat=sum(angka.rujukan.values()),
        rujukan_per_kategori={**dict.fromkeys(pc.KategoriRujukan.values, 0), **angka.jumlah(angka.rujukan, 1)},
        rujukan_per_kelurahan=angka.jumlah(angka.rujukan, 0),
        rujukan_status_berubah=angka.jumlah(angka.hasil_rujukan, 2),
        tindak_lanjut_dibuat=tl["dibuat"], tindak_lanjut_selesai=tl["selesai"],
        tindak_lanjut_terlambat_akhir_bulan=tl["terlambat"],
        psks_aktif=sum(psks.values()), psks_per_jenis=psks, kunjungan_list=kunjungan, rujukan_list=rujukan,
    )


# --- Visit state of the households: never visited / not visited since a cut-off ----------------------
@dataclass(frozen=True)
class KeadaanKunjungan:
    """Active households of a kelurahan (or kecamatan): all, never visited, visited but not since the cut-off."""

    keluarga: int = 0
    belum_pernah: int = 0
    lama: int = 0


def keadaan_kunjungan(
    *, kelurahan_ids: Iterable[int] | QuerySet, batas: date, per_kecamatan: bool = False
) -> dict[int, KeadaanKunjungan]:
    """Per kelurahan (or kecamatan) of ``kelurahan_ids``: active households, those never in a visit, and
    those whose last visit is before ``batas`` — ONE definition, read from the last-visit rollup
    (``pmks.models.rollup_kunjungan_terakhir``): the months before ``batas``'s month from the rollup, that
    month from an indexed range on the facts (1 query, rows ≈ kelurahan × months + one month's last
    visits of the area, whatever the number of households)."""
    syarat = syarat_kelurahan(kelurahan_ids, "r.kelurahan_id")
    if syarat is None:
        return {}
    where, params = syarat
    kunci = "w.induk_id" if per_kecamatan else "r.kelurahan_id"
    awal = awal_bulan(batas)
    baris = _baca(
        f"SELECT {kunci}, SUM(r.kk)::integer, SUM(r.belum)::integer, SUM(r.lama)::integer FROM ("
        " SELECT r.kelurahan_id, r.n AS kk, CASE WHEN r.bulan IS NULL THEN r.n ELSE 0 END AS belum,"
        "        CASE WHEN r.bulan < %s THEN r.n ELSE 0 END AS lama"
        f"   FROM {RollupKunjunganTerakhir._meta.db_table} r WHERE {where}"
        " UNION ALL"
        " SELECT r.kelurahan_id, 0, 0, COUNT(*)"
        f"   FROM {FaktaKunjunganTerakhir._meta.db_table} r WHERE {where} AND r.terakhir >= %s AND r.terakhir < %s"
        "  GROUP BY 1"
        f") AS r JOIN {Wilayah._meta.db_table} w ON w.id = r.kelurahan_id GROUP BY 1",
        [awal, *params, *params, awal, batas],
    )
    return {
        wil: KeadaanKunjungan(keluarga=kk, belum_pernah=belum, lama=lama)
        for wil, kk, belum, lama in baris if kk or belum or lama
    }


def keadaan_kunjungan_dari_awal(
    *, kelurahan_ids: Iterable[int] | QuerySet, batas: date, per_kecamatan: bool = False
) -> dict[int, KeadaanKunjungan]:
    """``keadaan_kunjungan`` counted from the households and visits themselves (``hitung_himpunan``, 1
    query over the area's households). The rollup must equal it. Not for pages."""
    from pmks.registri.angka import hitung_himpunan

    if not isinstance(kelurahan_ids, QuerySet):
        kelurahan_ids = list(kelurahan_ids)
    aktif = Keluarga.objects.filter(kelurahan_id__in=kelurahan_ids).aktif()
    KjKel = Kunjungan.keluarga.through
    pernah = Exists(KjKel.objects.filter(keluarga_id=OuterRef("pk")))
    baru = Exists(KjKel.objects.filter(keluarga_id=OuterRef("pk"), kunjungan__tanggal__gte=batas))
    angka = hitung_himpunan(
        aktif,
        himpunan={"pernah": aktif.filter(pernah), "baru": aktif.filter(baru)},
        kolom={"keluarga": (), "belum": ("-pernah",), "lama": ("pernah", "-baru")},
        kunci="kelurahan__induk_id" if per_kecamatan else "kelurahan_id",
    )
    return {
        wil: KeadaanKunjungan(keluarga=a.get("keluarga", 0), belum_pernah=a.get("belum", 0), lama=a.get("lama", 0))
        for wil, a in angka.items() if a.get("keluarga", 0) or a.get("belum", 0) or a.get("lama", 0)
    }


def keluarga_terlama_tanpa_kunjungan(*, kelurahan_ids: Iterable[int] | QuerySet, batas: date, n: int = 10) -> list[int]:
    """Ids of the ``n`` active households not visited since ``batas`` (never visited first, then the
    oldest last visit; ties: oldest record, id), from the last-visit facts: per kelurahan at most ``n``
    rows off the index ``(kelurahan_id, terakhir NULLS FIRST, dibuat_pada, keluarga_id)``, then the
    best ``n`` of those (1 query, rows read ≤ n × kelurahan whatever the number of households)."""
    syarat = syarat_kelurahan(kelurahan_ids, "w.id")
    if syarat is None:
        return []
    where, params = syarat
    return [i for (i,) in _baca(
        f"SELECT f.keluarga_id FROM {Wilayah._meta.db_table} w CROSS JOIN LATERAL ("
        f"  SELECT f.keluarga_id, f.terakhir, f.dibuat_pada FROM {FaktaKunjunganTerakhir._meta.db_table} f"
        "   WHERE f.kelurahan_id = w.id AND (f.terakhir IS NULL OR f.terakhir < %s)"
        "   ORDER BY f.terakhir ASC NULLS FIRST, f.dibuat_pada, f.keluarga_id LIMIT %s) AS f"
        f" WHERE {where} ORDER BY f.terakhir ASC NULLS FIRST, f.dibuat_pada, f.keluarga_id LIMIT %s",
        [batas, n, *params, n],
    )]
