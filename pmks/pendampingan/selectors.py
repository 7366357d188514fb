"""Scoped reads for pendampingan: lists, the caseload dashboard, the household timeline and
the monthly recap for reports.

Dates: "today", "this week" and month boundaries are taken in Asia/Jakarta (``hari_ini_jakarta``).
Week = Monday–Sunday. All dashboard figures are aggregated in PostgreSQL with a fixed number
of queries, whatever the amount of data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tksk.models import Pengguna, Peran, Tingkat, Wilayah
from tksk.scoping import kecamatan_untuk, kelurahan_untuk, wilayah_tugas

from .. import choices as c
from .. import ekstensi
from ..ekstensi import PeristiwaLinimasa
from ..models import JenisPMKS, Keluarga, KlasifikasiPMKS
from . import choices as pc
from .models import PSKS, Kunjungan, RencanaTindakLanjut, RiwayatStatusRujukan, Rujukan

JAKARTA = ZoneInfo("Asia/Jakarta")


# --- Dates -------------------------------------------------------------------------------
def hari_ini_jakarta(sekarang: datetime | None = None) -> date:
    return timezone.localtime(sekarang or timezone.now(), JAKARTA).date()


def awal_bulan(d: date) -> date:
    return d.replace(day=1)


def geser_bulan(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clamped to the month's length (31 Mar - 1 → 28/29 Feb)."""
    bulan0 = d.month - 1 + n
    tahun, bulan = d.year + bulan0 // 12, bulan0 % 12 + 1
    akhir = (date(tahun + bulan // 12, bulan % 12 + 1, 1) - timedelta(days=1)).day
    return date(tahun, bulan, min(d.day, akhir))


def akhir_minggu(d: date) -> date:
    """The Sunday closing ``d``'s Monday–Sunday week."""
    return d + timedelta(days=6 - d.weekday())


def batas_tanpa_kunjungan(hari_ini: date, bulan: int | None = None) -> date:
    """A household whose last visit is before this date has not been visited for N months.

    N = ``settings.SIDAMPING_BULAN_TANPA_KUNJUNGAN`` (default 6). A visit exactly N months ago
    (same day of month) still counts as within N months.
    """
    n = bulan if bulan is not None else getattr(settings, "SIDAMPING_BULAN_TANPA_KUNJUNGAN", 6)
    return geser_bulan(hari_ini, -n)


# --- Scoped querysets ----------------------------------------------------------------------
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
    from ..models import Anggota

    return Prefetch(
        "anggota",
        queryset=Anggota.objects.filter(hubungan=c.Hubungan.KEPALA, status=c.StatusAnggota.AKTIF),
        to_attr="kepala_list",
    )


def daftar_tindak_lanjut(*, user, status: str = pc.StatusTindakLanjut.TERBUKA) -> QuerySet[RencanaTindakLanjut]:
    qs = tindak_lanjut_untuk(user).select_related("keluarga__kelurahan", "kunjungan").prefetch_related(
        Prefetch("keluarga__anggota", queryset=_prefetch_kepala().queryset, to_attr="kepala_list")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("batas_waktu", "id")


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


# --- Timeline --------------------------------------------------------------------------------
def _waktu_dari_tanggal(tanggal: date, dicatat: datetime | None) -> datetime:
    """A dated event (visit, referral) placed on the timeline: when it was recorded if recorded
    that same day (Jakarta), otherwise midday of that day."""
    if dicatat is not None and timezone.localtime(dicatat, JAKARTA).date() == tanggal:
        return dicatat
    return datetime.combine(tanggal, time(12, 0), tzinfo=JAKARTA)


def _url(nama: str, *args) -> str:
    try:
        return reverse(nama, args=args)
    except NoReverseMatch:
        return ""


def peristiwa_registri(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """Registration and PMKS classification changes (2 queries)."""
    hasil = [
        PeristiwaLinimasa(
            waktu=keluarga.dibuat_pada, jenis="Registrasi", judul="Keluarga didaftarkan",
            keterangan=f"No. KK terdaftar di {keluarga.kelurahan.nama}" if keluarga.kelurahan_id else "",
            ikon="bi-house-add",
            oleh=keluarga.didaftarkan_oleh.nama_tampil if keluarga.didaftarkan_oleh_id else "",
        )
    ]
    # Classification changes: from the pghistory events of KlasifikasiPMKS (1 query).
    Event = apps.get_model("pmks", "KlasifikasiPMKSEvent")
    events = (
        Event.objects.filter(keluarga_id=keluarga.pk)
        .select_related("jenis", "anggota")
        .order_by("pgh_obj_id", "pgh_id")
    )
    sebelumnya: dict[int, object] = {}
    for ev in events:
        lalu = sebelumnya.get(ev.pgh_obj_id)
        sasaran = f" — {ev.anggota.nama}" if ev.anggota_id else ""
        if lalu is None:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Ditetapkan sebagai {ev.jenis.nama}{sasaran}",
                keterangan=ev.catatan, ikon="bi-tag",
            ))
        elif lalu.aktif and not ev.aktif:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Klasifikasi {ev.jenis.nama} dicabut{sasaran}",
                keterangan=ev.alasan_dicabut, ikon="bi-tag",
            ))
        elif not lalu.aktif and ev.aktif:
            hasil.append(PeristiwaLinimasa(
                waktu=ev.pgh_created_at, jenis="Klasifikasi",
                judul=f"Klasifikasi {ev.jenis.nama} diaktifkan kembali{sasaran}", ikon="bi-tag",
            ))
        sebelumnya[ev.pgh_obj_id] = ev
    return hasil


def peristiwa_pendampingan(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """Visits, referral status changes and closed follow-ups (3 queries)."""
    hasil = []
    for kj in kunjungan_untuk(user).filter(keluarga=keluarga).select_related("dicatat_oleh").annotate(
        jumlah_keluarga=Count("keluarga")
    ):
        kelompok = f" (bersama {kj.jumlah_keluarga - 1} keluarga lain)" if kj.jumlah_keluarga > 1 else ""
        hasil.append(PeristiwaLinimasa(
            waktu=_waktu_dari_tanggal(kj.tanggal, kj.dibuat_pada), jenis="Kunjungan",
            judul=f"{kj.get_jenis_display()}{kelompok}", keterangan=kj.hasil or kj.catatan,
            url=_url("pmks:kunjungan_detail", kj.pk), ikon="bi-person-walking", oleh=kj.dicatat_oleh.nama_tampil,
        ))
    riwayat = (
        RiwayatStatusRujukan.objects.filter(rujukan__in=rujukan_untuk(user).filter(keluarga=keluarga))
        .select_related("rujukan__psks", "oleh")
        .order_by("pada", "id")
    )
    for r in riwayat:
        rj = r.rujukan
        if not r.dari_status:
            judul = f"Dirujuk ke {rj.nama_tujuan}"
            keterangan = rj.alasan
        else:
            judul = f"Rujukan ke {rj.nama_tujuan}: {pc.StatusRujukan(r.ke_status).label.lower()}"
            keterangan = r.catatan
        hasil.append(PeristiwaLinimasa(
            waktu=r.pada, jenis="Rujukan", judul=judul, keterangan=keterangan,
            url=_url("pmks:rujukan_detail", rj.pk), ikon="bi-signpost-split", oleh=r.oleh.nama_tampil,
        ))
    for tl in tindak_lanjut_untuk(user).filter(keluarga=keluarga).exclude(
        status=pc.StatusTindakLanjut.TERBUKA
    ).select_related("diselesaikan_oleh"):
        hasil.append(PeristiwaLinimasa(
            waktu=tl.diselesaikan_pada or tl.dibuat_pada, jenis="Tindak lanjut",
            judul=f"{tl.uraian}: {tl.get_status_display().lower()}", keterangan=tl.catatan_penyelesaian,
            ikon="bi-check2-square",
            oleh=tl.diselesaikan_oleh.nama_tampil if tl.diselesaikan_oleh_id else "",
        ))
    return hasil


def linimasa_keluarga(keluarga: Keluarga, user) -> list[PeristiwaLinimasa]:
    """One timeline of a household, newest first: registration, classification changes,
    pendampingan (visits, referrals and their status, closed follow-ups) and every source
    registered with ``pmks.ekstensi.daftarkan_linimasa`` (proposals, distributions, monitoring).

    The caller must already have checked that ``user`` may read ``keluarga``.
    """
    sumber_list = [peristiwa_registri, peristiwa_pendampingan]
    sumber_list += [s for s in ekstensi.sumber_linimasa() if s not in sumber_list]
    peristiwa: list[PeristiwaLinimasa] = []
    for sumber in sumber_list:
        peristiwa.extend(sumber(keluarga, user) or [])
    # Stable sort: same instant keeps source order reversed consistently (newest first).
    return sorted(peristiwa, key=lambda p: p.waktu, reverse=True)


# --- Caseload dashboard -----------------------------------------------------------------------
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

    @property
    def ada_data(self) -> bool:
        return self.total.keluarga > 0 or self.total.kunjungan_bulan_ini > 0 or self.total.kunjungan_bulan_lalu > 0


def _tampil_per_kecamatan(user) -> bool:
    area = wilayah_tugas(user)
    return area is None or area.tingkat != Tingkat.KECAMATAN


def angka_dasbor(*, user, hari_ini: date | None = None, daftar: bool = True) -> Dasbor:
    """The caseload figures for ``user``'s area.

    TKSK and kecamatan-level users get one row per kelurahan; city-level users (Dinas Sosial,
    Pejabat kota, administrators) one row per kecamatan with its TKSK, side by side.
    Queries: 7 (+2 for the TKSK's lists) + one per registered dashboard extension.
    """
    hari_ini = hari_ini or hari_ini_jakarta()
    bulan_n = getattr(settings, "SIDAMPING_BULAN_TANPA_KUNJUNGAN", 6)
    awal_ini = awal_bulan(hari_ini)
    awal_lalu = geser_bulan(awal_ini, -1)
    awal_depan = geser_bulan(awal_ini, 1)
    minggu_akhir = akhir_minggu(hari_ini)
    batas = batas_tanpa_kunjungan(hari_ini, bulan_n)
    per_kec = _tampil_per_kecamatan(user)

    # Row regions (1 query)
    if per_kec:
        wilayah_rows = list(kecamatan_untuk(user).order_by("kode"))
        g_kel, g_kj, g_tl = "kelurahan__induk_id", "kelurahan__induk_id", "keluarga__kelurahan__induk_id"
    else:
        wilayah_rows = list(kelurahan_untuk(user).order_by("kode"))
        g_kel, g_kj, g_tl = "kelurahan_id", "kelurahan_id", "keluarga__kelurahan_id"
    baris = {w.pk: BarisDasbor(wilayah=w) for w in wilayah_rows}

    # Households: count, never visited, not visited since the cut-off (1 query)
    KjKel = Kunjungan.keluarga.through
    pernah = Exists(KjKel.objects.filter(keluarga_id=OuterRef("pk")))
    baru = Exists(KjKel.objects.filter(keluarga_id=OuterRef("pk"), kunjungan__tanggal__gte=batas))
    for row in (
        Keluarga.objects.for_user(user).aktif().values(g_kel)
        .annotate(
            jumlah=Count("id"),
            belum=Count("id", filter=~Q(pernah)),
            lama=Count("id", filter=Q(pernah) & ~Q(baru)),
        ).order_by()
    ):
        if b := baris.get(row[g_kel]):
            b.keluarga, b.belum_pernah_dikunjungi, b.lama_tidak_dikunjungi = row["jumlah"], row["belum"], row["lama"]

    # Visits this month / last month (1 query)
    for row in (
        Kunjungan.objects.for_user(user).filter(tanggal__gte=awal_lalu, tanggal__lt=awal_depan)
        .values(g_kj)
        .annotate(
            ini=Count("id", filter=Q(tanggal__gte=awal_ini)),
            lalu=Count("id", filter=Q(tanggal__lt=awal_ini)),
        ).order_by()
    ):
        if b := baris.get(row[g_kj]):
            b.kunjungan_bulan_ini, b.kunjungan_bulan_lalu = row["ini"], row["lalu"]

    # Follow-ups due this week / overdue (1 query)
    for row in (
        RencanaTindakLanjut.objects.for_user(user).terbuka().filter(batas_waktu__lte=minggu_akhir)
        .values(g_tl)
        .annotate(
            minggu=Count("id", filter=Q(batas_waktu__gte=hari_ini)),
            lambat=Count("id", filter=Q(batas_waktu__lt=hari_ini)),
        ).order_by()
    ):
        if b := baris.get(row[g_tl]):
            b.tindak_lanjut_minggu_ini, b.tindak_lanjut_terlambat = row["minggu"], row["lambat"]

    # TKSK per kecamatan (1 query, city view only)
    if per_kec:
        tksk = Pengguna.objects.filter(
            peran=Peran.TKSK, is_active=True, wilayah__in=[w.pk for w in wilayah_rows]
        ).order_by("first_name", "username")
        for u in tksk:
            baris[u.wilayah_id].tksk.append(u.nama_tampil)

    # Households per PMKS type (1 query)
    jenis_pmks = list(
        KlasifikasiPMKS.objects.for_user(user).aktif()
        .filter(keluarga__status=c.StatusKeluarga.AKTIF)
        .values("jenis__singkatan", "jenis__nama")
        .annotate(jumlah=Count("keluarga", distinct=True))
        .order_by("-jumlah", "jenis__singkatan")
    )

    # Figures from higher apps (bantuan: proposals waiting, "belum terjangkau")
    ekstra = []
    for fn in ekstensi.angka_dasbor():
        for angka in fn(user, hari_ini) or []:
            ekstra.append(angka)
            for wil_id, nilai in (angka.per_wilayah or {}).items():
                if b := baris.get(wil_id):
                    b.ekstra[angka.kode] = nilai

    total = BarisDasbor(wilayah=wilayah_tugas(user))
    for b in baris.values():
        for f in (
            "keluarga", "belum_pernah_dikunjungi", "lama_tidak_dikunjungi", "kunjungan_bulan_ini",
            "kunjungan_bulan_lalu", "tindak_lanjut_minggu_ini", "tindak_lanjut_terlambat",
        ):
            setattr(total, f, getattr(total, f) + getattr(b, f))
        total.tksk.extend(b.tksk)

    dasbor = Dasbor(
        hari_ini=hari_ini, awal_bulan_ini=awal_ini, awal_bulan_lalu=awal_lalu, akhir_minggu=minggu_akhir,
        batas_tanpa_kunjungan=batas, bulan_tanpa_kunjungan=bulan_n, per_kecamatan=per_kec,
        baris=list(baris.values()), total=total, jenis_pmks=jenis_pmks, ekstra=ekstra,
    )
    if daftar and not per_kec:
        dasbor.tindak_lanjut_list = list(
            daftar_tindak_lanjut(user=user).filter(batas_waktu__lte=minggu_akhir)[:10]
        )
        for item in dasbor.tindak_lanjut_list:
            item.terlambat = item.batas_waktu < hari_ini
        dasbor.keluarga_lama_list = list(
            Keluarga.objects.for_user(user).aktif()
            .filter(~Q(pernah) | ~Q(baru))
            .annotate(kunjungan_terakhir=Max("kunjungan__tanggal"))
            .select_related("kelurahan")
            .prefetch_related(_prefetch_kepala())
            .order_by(F("kunjungan_terakhir").asc(nulls_first=True), "dibuat_pada", "id")[:10]
        )
    return dasbor


# --- Monthly recap (for laporan) --------------------------------------------------------------
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
    inside it is counted) for the calendar month containing ``bulan``.

    Visits and referrals count by their own date (``tanggal``); status changes, follow-ups made
    and closed count by when they happened in Asia/Jakarta. "Terlambat akhir bulan" = follow-ups
    created before the month ended, due before its last day, and not closed by then.
    Not user-scoped: the caller (laporan) checks that the user may read ``kecamatan``.
    Constant number of queries (7).
    """
    awal = awal_bulan(bulan)
    depan = geser_bulan(awal, 1)
    akhir = depan - timedelta(days=1)
    di_kec = Q(kode__startswith=f"{kecamatan.kode}.")
    kel_ids = Wilayah.objects.filter(di_kec)
    akhir_dt = datetime.combine(depan, time(0), tzinfo=JAKARTA)
    awal_dt = datetime.combine(awal, time(0), tzinfo=JAKARTA)

    kunjungan = list(
        Kunjungan.objects.filter(kelurahan__in=kel_ids, tanggal__gte=awal, tanggal__lt=depan)
        .select_related("kelurahan")
        .prefetch_related(Prefetch("keluarga", queryset=Keluarga.objects.prefetch_related(_prefetch_kepala())))
        .order_by("tanggal", "id")
    )
    per_jenis = dict.fromkeys(pc.JenisKunjungan.values, 0)
    per_kel: dict[int, int] = defaultdict(int)
    keluarga_ids: set[int] = set()
    for kj in kunjungan:
        per_jenis[kj.jenis] += 1
        per_kel[kj.kelurahan_id] += 1
        keluarga_ids.update(k.pk for k in kj.keluarga.all())

    rujukan = list(
        Rujukan.objects.filter(keluarga__kelurahan__in=kel_ids, tanggal__gte=awal, tanggal__lt=depan)
        .select_related("psks", "keluarga__kelurahan", "anggota").order_by("tanggal", "id")
    )
    per_kategori = dict.fromkeys(pc.KategoriRujukan.values, 0)
    rujukan_per_kel: dict[int, int] = defaultdict(int)
    for rj in rujukan:
        per_kategori[rj.kategori] += 1
        rujukan_per_kel[rj.keluarga.kelurahan_id] += 1
    status_berubah = dict(
        RiwayatStatusRujukan.objects.filter(
            rujukan__keluarga__kelurahan__in=kel_ids, pada__gte=awal_dt, pada__lt=akhir_dt
        ).exclude(dari_status="").values_list("ke_status").annotate(n=Count("id")).order_by()
    )
    tl = RencanaTindakLanjut.objects.filter(keluarga__kelurahan__in=kel_ids).aggregate(
        dibuat=Count("id", filter=Q(dibuat_pada__gte=awal_dt, dibuat_pada__lt=akhir_dt)),
        selesai=Count("id", filter=Q(
            status=pc.StatusTindakLanjut.SELESAI, diselesaikan_pada__gte=awal_dt, diselesaikan_pada__lt=akhir_dt
        )),
        terlambat=Count("id", filter=Q(batas_waktu__lt=akhir, dibuat_pada__lt=akhir_dt) & (
            Q(status=pc.StatusTindakLanjut.TERBUKA) | Q(diselesaikan_pada__gte=akhir_dt)
        )),
    )
    psks = dict(
        PSKS.objects.filter(kelurahan__in=kel_ids, aktif=True).values_list("jenis").annotate(n=Count("id")).order_by()
    )
    return RekapPendampingan(
        kecamatan=kecamatan, awal=awal, akhir=akhir,
        kunjungan_total=len(kunjungan), kunjungan_per_jenis=per_jenis, keluarga_dikunjungi=len(keluarga_ids),
        kunjungan_per_kelurahan=dict(per_kel), rujukan_dibuat=len(rujukan), rujukan_per_kategori=per_kategori,
        rujukan_per_kelurahan=dict(rujukan_per_kel),
        rujukan_status_berubah=status_berubah, tindak_lanjut_dibuat=tl["dibuat"],
        tindak_lanjut_selesai=tl["selesai"], tindak_lanjut_terlambat_akhir_bulan=tl["terlambat"],
        psks_aktif=sum(psks.values()), psks_per_jenis=psks, kunjungan_list=kunjungan, rujukan_list=rujukan,
    )


def jenis_pmks_aktif() -> QuerySet[JenisPMKS]:
    return JenisPMKS.objects.filter(aktif=True)


def kelurahan_tulis(user) -> QuerySet[Wilayah]:
    return kelurahan_untuk(user, write=True).order_by("kode")

