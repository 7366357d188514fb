"""The caseload dashboard (home page): households, visits and follow-ups per kelurahan or kecamatan.

Every figure is a ``GROUP BY`` over the area's rows; a condition on another table is a top-level
``EXISTS`` / ``NOT EXISTS`` (a semi-/anti-join), never an ``EXISTS`` inside ``FILTER`` (a per-row
subplan) — see README "Bagaimana angka dihitung".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

from pmks.registri.angka import SELAMANYA, SEMUA_JENIS, angka_registri
from tksk.models import Pengguna, Peran, Tingkat, Wilayah
from tksk.scoping import kecamatan_untuk, kelurahan_untuk, wilayah_tugas

from ... import ekstensi
from ...models import JenisPMKS, Keluarga
from ..models import RencanaTindakLanjut
from .daftar import _prefetch_kepala, kunci_tindak_lanjut, muat_tindak_lanjut
from .rekap import KeadaanKunjungan, jumlah_kunjungan, keadaan_kunjungan, keluarga_terlama_tanpa_kunjungan
from .tanggal import akhir_minggu, awal_bulan, batas_tanpa_kunjungan, geser_bulan, hari_ini_jakarta

ANGKA_BARIS = (
    "keluarga", "belum_pernah_dikunjungi", "lama_tidak_dikunjungi", "kunjungan_bulan_ini",
    "kunjungan_bulan_lalu", "tindak_lanjut_minggu_ini", "tindak_lanjut_terlambat",
)


@dataclass
class BarisDasbor:
    """Figures of one kelurahan (TKSK / kecamatan view) or one kecamatan (city view)."""

    wilayah: Wilayah
    keluarga: int = 0
    belum_pernah_dikunjungi: int = 0
    lama_tidak_dikunjungi: int = 0
    kunjungan_bulan_ini: int = 0
    kunjungan_bulan_lalu: int = 0
    tindak_lanjut_minggu_ini: int = 0
    tindak_lanjut_terlambat: int = 0
    tksk: list[str] = field(default_factory=list)
    ekstra: dict[str, int] = field(default_factory=dict)

    @property
    def keluarga_per_tksk(self) -> int | None:
        return round(self.keluarga / len(self.tksk)) if self.tksk else None


@dataclass
class Dasbor:
    hari_ini: date
    awal_bulan_ini: date
    awal_bulan_lalu: date
    akhir_minggu: date
    batas_tanpa_kunjungan: date
    bulan_tanpa_kunjungan: int
    per_kecamatan: bool  # rows are kecamatan (city view) rather than kelurahan
    baris: list[BarisDasbor]
    total: BarisDasbor
    jenis_pmks: list[dict]
    ekstra: list[ekstensi.AngkaDasbor]
    tindak_lanjut_list: list[RencanaTindakLanjut] = field(default_factory=list)
    keluarga_lama_list: list[Keluarga] = field(default_factory=list)
    dihitung_pada: datetime | None = None  # set when the figures come from the cache (angka_dasbor_tersimpan)

    @property
    def ada_data(self) -> bool:
        return self.total.keluarga > 0 or self.total.kunjungan_bulan_ini > 0 or self.total.kunjungan_bulan_lalu > 0


def _tampil_per_kecamatan(user) -> bool:
    area = wilayah_tugas(user)
    return area is None or area.tingkat != Tingkat.KECAMATAN


def _isi_keluarga(baris: dict[int, BarisDasbor], user, per_kec: bool, batas: date) -> None:
    """Households: count, never visited, not visited since ``batas`` (``keadaan_kunjungan``: the last-visit
    rollup, 1 query)."""
    angka = keadaan_kunjungan(kelurahan_ids=kelurahan_untuk(user).values("id"), batas=batas, per_kecamatan=per_kec)
    for wil_id, b in baris.items():
        a = angka.get(wil_id) or KeadaanKunjungan()
        b.keluarga, b.belum_pernah_dikunjungi, b.lama_tidak_dikunjungi = a.keluarga, a.belum_pernah, a.lama


def _isi_kunjungan(baris: dict[int, BarisDasbor], user, kunci: str, awal_lalu: date, awal_ini: date) -> None:
    """Visits this month / last month (``jumlah_kunjungan``: the pendampingan rollup, 2 queries)."""
    kel_ids = kelurahan_untuk(user).values("id")
    per_kec = kunci != "kelurahan_id"
    ini = jumlah_kunjungan(kelurahan_ids=kel_ids, bulan=awal_ini, per_kecamatan=per_kec)
    lalu = jumlah_kunjungan(kelurahan_ids=kel_ids, bulan=awal_lalu, per_kecamatan=per_kec)
    for wil_id, b in baris.items():
        b.kunjungan_bulan_ini, b.kunjungan_bulan_lalu = ini.get(wil_id, 0), lalu.get(wil_id, 0)


def _isi_tindak_lanjut(baris: dict[int, BarisDasbor], user, kunci: str, hari_ini: date) -> None:
    """Follow-ups due this week / overdue (1 query: the follow-up's own kelurahan, index
    ``rtl_kelurahan_status_batas``; no household is read)."""
    for row in (
        RencanaTindakLanjut.objects.for_user(user).terbuka().filter(batas_waktu__lte=akhir_minggu(hari_ini))
        .values(kunci)
        .annotate(
            minggu=Count("id", filter=Q(batas_waktu__gte=hari_ini)),
            lambat=Count("id", filter=Q(batas_waktu__lt=hari_ini)),
        ).order_by()
    ):
        if b := baris.get(row[kunci]):
            b.tindak_lanjut_minggu_ini, b.tindak_lanjut_terlambat = row["minggu"], row["lambat"]


def _isi_tksk(baris: dict[int, BarisDasbor]) -> None:
    """TKSK per kecamatan (1 query, city view only)."""
    tksk = Pengguna.objects.filter(peran=Peran.TKSK, is_active=True, wilayah__in=list(baris)).order_by(
        "first_name", "username"
    )
    for u in tksk:
        baris[u.wilayah_id].tksk.append(u.nama_tampil)


def _jenis_pmks(user) -> list[dict]:
    """Households per PMKS type now: the registry rollup summed over every month (``angka_registri`` with
    ``SELAMANYA``: active households with an active classification of that type), 2 queries whatever
    the number of households."""
    jumlah: dict[int, int] = defaultdict(int)
    for per_jenis in angka_registri(bulan=SELAMANYA, kelurahan_ids=kelurahan_untuk(user).values("id")).values():
        for jenis_id, n in per_jenis.items():
            if jenis_id != SEMUA_JENIS:
                jumlah[jenis_id] += n["kk"]
    jenis = JenisPMKS.objects.filter(pk__in=list(jumlah)).values_list("id", "singkatan", "nama")
    baris = [{"jenis__singkatan": s, "jenis__nama": nama, "jumlah": jumlah[i]} for i, s, nama in jenis]
    return sorted(baris, key=lambda b: (-b["jumlah"], b["jenis__singkatan"]))


def _ekstra(baris: dict[int, BarisDasbor], user, hari_ini: date) -> list[ekstensi.AngkaDasbor]:
    """Figures from higher apps (bantuan: proposals waiting, "belum terjangkau")."""
    ekstra = []
    for fn in ekstensi.angka_dasbor():
        for angka in fn(user, hari_ini) or []:
            ekstra.append(angka)
            for wil_id, nilai in (angka.per_wilayah or {}).items():
                if b := baris.get(wil_id):
                    b.ekstra[angka.kode] = nilai
    return ekstra


def _total(user, baris: list[BarisDasbor]) -> BarisDasbor:
    total = BarisDasbor(wilayah=wilayah_tugas(user))
    for b in baris:
        for f in ANGKA_BARIS:
            setattr(total, f, getattr(total, f) + getattr(b, f))
        total.tksk.extend(b.tksk)
    return total


def _isi_daftar(dasbor: Dasbor, user) -> None:
    """The TKSK's two short lists: follow-ups due, households longest without a visit (2–4 queries)."""
    dasbor.tindak_lanjut_list = list(muat_tindak_lanjut(
        kunci_tindak_lanjut(user=user, awal=0, akhir=10, sampai=dasbor.akhir_minggu)))
    for item in dasbor.tindak_lanjut_list:
        item.terlambat = item.batas_waktu < dasbor.hari_ini
    dasbor.keluarga_lama_list = keluarga_lama_tanpa_kunjungan(user=user, batas=dasbor.batas_tanpa_kunjungan)


def keluarga_lama_tanpa_kunjungan(*, user, batas: date, n: int = 10, write: bool = False) -> list[Keluarga]:
    """The ``n`` active households of ``user``'s area (``write``: the area they may change) with no
    visit since ``batas`` — never visited first, then the oldest last visit (the order of
    ``keluarga_terlama_tanpa_kunjungan``, read off the last-visit facts: at most ``n`` index rows per
    kelurahan), as rows with ``kunjungan_terakhir``, their kelurahan and head (1 + 2–3 queries,
    whatever the number of households). The dashboard's short list and the "Hari ini" worklist."""
    ids = keluarga_terlama_tanpa_kunjungan(kelurahan_ids=kelurahan_untuk(user, write=write).values("id"),
                                           batas=batas, n=n)
    if not ids:
        return []
    baris = {
        k.pk: k for k in Keluarga.objects.filter(pk__in=ids).annotate(kunjungan_terakhir=Max("kunjungan__tanggal"))
        .select_related("kelurahan").prefetch_related(_prefetch_kepala())
    }
    return [baris[i] for i in ids]


def angka_dasbor(*, user, hari_ini: date | None = None, daftar: bool = True) -> Dasbor:
    """The caseload figures for ``user``'s area.

    TKSK and kecamatan-level users get one row per kelurahan; city-level users (Dinas Sosial,
    Pejabat kota, administrators) one row per kecamatan with its TKSK, side by side.
    Queries: 7 (+2–4 for the TKSK's lists) + one per registered dashboard extension.
    """
    hari_ini = hari_ini or hari_ini_jakarta()
    bulan_n = getattr(settings, "SIDAMPING_BULAN_TANPA_KUNJUNGAN", 6)
    awal_ini = awal_bulan(hari_ini)
    batas = batas_tanpa_kunjungan(hari_ini, bulan_n)
    per_kec = _tampil_per_kecamatan(user)
    if per_kec:
        wilayah_rows = list(kecamatan_untuk(user).order_by("kode"))
        g_kel = g_tl = "kelurahan__induk_id"
    else:
        wilayah_rows = list(kelurahan_untuk(user).order_by("kode"))
        g_kel = g_tl = "kelurahan_id"
    baris = {w.pk: BarisDasbor(wilayah=w) for w in wilayah_rows}

    _isi_keluarga(baris, user, per_kec, batas)
    _isi_kunjungan(baris, user, g_kel, geser_bulan(awal_ini, -1), awal_ini)
    _isi_tindak_lanjut(baris, user, g_tl, hari_ini)
    if per_kec:
        _isi_tksk(baris)
    jenis_pmks = _jenis_pmks(user)
    ekstra = _ekstra(baris, user, hari_ini)

    dasbor = Dasbor(
        hari_ini=hari_ini, awal_bulan_ini=awal_ini, awal_bulan_lalu=geser_bulan(awal_ini, -1),
        akhir_minggu=akhir_minggu(hari_ini), batas_tanpa_kunjungan=batas, bulan_tanpa_kunjungan=bulan_n,
        per_kecamatan=per_kec, baris=list(baris.values()), total=_total(user, list(baris.values())),
        jenis_pmks=jenis_pmks, ekstra=ekstra,
    )
    if daftar and not per_kec:
        _isi_daftar(dasbor, user)
    return dasbor


def angka_dasbor_tersimpan(*, user) -> Dasbor:
    """``angka_dasbor`` for the home page, kept ``SIDAMPING_DASBOR_CACHE_DETIK`` seconds (default 120) per
    role, area and day: the figures are area-wide aggregates that every user of the area shares, so under
    load a page costs one cache read instead of the area's scans. The page says when they were counted."""
    detik = getattr(settings, "SIDAMPING_DASBOR_CACHE_DETIK", 0)
    if detik <= 0:
        return angka_dasbor(user=user)
    area = wilayah_tugas(user)
    hari_ini = hari_ini_jakarta()
    kunci = f"dasbor:v1:{user.peran}:{user.is_superuser}:{area.pk if area else '-'}:{hari_ini.isoformat()}"
    dasbor = cache.get(kunci)
    if dasbor is None:
        dasbor = angka_dasbor(user=user, hari_ini=hari_ini)
        dasbor.dihitung_pada = timezone.localtime()
        cache.set(kunci, dasbor, detik)
    return dasbor
