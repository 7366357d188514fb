"""Extension points of the registry, so higher apps (bantuan, laporan, pendampingan pages)
plug into household pages without pmks importing them (dependencies point one way).

A higher app registers in its ``AppConfig.ready()``:

    from pmks import ekstensi
    ekstensi.daftarkan_panel(Panel(kode="bantuan", judul="Bantuan", urutan=20,
                                   template="bantuan/includes/_panel_keluarga.html",
                                   konteks=lambda keluarga, user: {...}))
    ekstensi.daftarkan_linimasa(lambda keluarga, user: [PeristiwaLinimasa(...), ...])
    ekstensi.daftarkan_filter_bantuan(lambda qs, ada: qs.filter(...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet


@dataclass(frozen=True)
class Panel:
    """A section of the household detail page contributed by another part of the product."""

    kode: str
    judul: str
    urutan: int
    template: str
    konteks: Callable[..., dict]  # (keluarga, user) -> template context for this panel


@dataclass(frozen=True)
class PeristiwaLinimasa:
    """One event on a household's timeline (newest first when shown)."""

    waktu: datetime
    jenis: str  # short label, e.g. "Usulan", "Kunjungan"
    judul: str
    keterangan: str = ""
    url: str = ""
    ikon: str = "bi-dot"
    oleh: str = ""
    extra: dict = field(default_factory=dict)


_panel: dict[str, Panel] = {}
_linimasa: list[Callable] = []
_filter_bantuan: list[Callable[[QuerySet, bool], QuerySet]] = []


def daftarkan_panel(panel: Panel) -> None:
    _panel[panel.kode] = panel


def panel_keluarga() -> list[Panel]:
    return sorted(_panel.values(), key=lambda p: p.urutan)


def daftarkan_linimasa(sumber: Callable) -> None:
    """``sumber(keluarga, user) -> list[PeristiwaLinimasa]``; must use a constant number of queries."""
    if sumber not in _linimasa:
        _linimasa.append(sumber)


def sumber_linimasa() -> list[Callable]:
    return list(_linimasa)


def daftarkan_filter_bantuan(fn: Callable[[QuerySet, bool], QuerySet]) -> None:
    """``fn(keluarga_qs, ada_bantuan: bool) -> keluarga_qs`` for the registry's "has aid" filter."""
    _filter_bantuan.clear()
    _filter_bantuan.append(fn)


def filter_bantuan() -> Callable[[QuerySet, bool], QuerySet]:
    return _filter_bantuan[0]


# --- Caseload dashboard figures from higher apps (home page) ------------------------------------
@dataclass(frozen=True)
class AngkaDasbor:
    """One figure (tile) on the caseload dashboard contributed by a higher app, e.g. bantuan's
    "usulan menunggu Dinas Sosial" or "belum terjangkau". ``per_wilayah`` maps the id of each
    row region (kelurahan for a kecamatan user, kecamatan for a city user) to its value, shown
    as an extra column in the side-by-side table; leave it empty to show only the tile."""

    kode: str
    judul: str
    nilai: int
    url: str = ""
    keterangan: str = ""
    ikon: str = "bi-bar-chart"
    per_wilayah: dict = field(default_factory=dict)


_angka_dasbor: list[Callable] = []


def daftarkan_angka_dasbor(fn: Callable) -> None:
    """``fn(user, hari_ini) -> list[AngkaDasbor]``, scoped to the user; constant number of queries.

    Rows are kelurahan when ``user.wilayah`` is a kecamatan, kecamatan otherwise.
    """
    if fn not in _angka_dasbor:
        _angka_dasbor.append(fn)


def angka_dasbor() -> list[Callable]:
    return list(_angka_dasbor)


# --- Dashboard panels from higher apps (home page, every role) -----------------------------------
_panel_dasbor: dict[str, Panel] = {}


def daftarkan_panel_dasbor(panel: Panel) -> None:
    """A card on the home dashboard (e.g. bantuan's overdue complaints); ``panel.konteks(user,
    hari_ini)`` returns the template's ``isi`` and must use a constant number of queries."""
    _panel_dasbor[panel.kode] = panel


def panel_dasbor() -> list[Panel]:
    return sorted(_panel_dasbor.values(), key=lambda p: p.urutan)


# --- Synthetic (benchmark) data of higher apps ------------------------------------------------
@dataclass(frozen=True)
class PengisiSintetis:
    """A generator of synthetic rows that hang off households (proposals, visits, …), run by
    ``pmks.registri.sintetis_massal.tulis_massal`` for every batch of households it writes, with COPY, in the
    same transaction and with the history triggers of ``model()`` switched off.

    ``siapkan(cur, *, rng, pengguna_id, hari_ini) -> keadaan`` runs once (programs, …);
    ``isi(cur, keadaan, keluarga: list[KeluargaSintetis]) -> {"usulan": n, …}`` per batch.
    """

    kode: str
    urutan: int
    model: Callable[[], list]
    siapkan: Callable[..., object]
    isi: Callable[..., dict]


_pengisi_sintetis: dict[str, PengisiSintetis] = {}


def daftarkan_pengisi_sintetis(pengisi: PengisiSintetis) -> None:
    _pengisi_sintetis[pengisi.kode] = pengisi


def pengisi_sintetis() -> list[PengisiSintetis]:
    return sorted(_pengisi_sintetis.values(), key=lambda p: p.urutan)


# --- "Hari ini" worklist items from higher apps (e.g. proposals returned for revision) ---------------
@dataclass(frozen=True)
class TugasHariIni:
    """One card of the TKSK's "Hari ini" worklist: what to do for which household, and the one-tap
    action. ``urut`` sorts the day's route: (kelurahan code, RT, address)."""

    jenis: str  # tindak_lanjut | belum_dikunjungi | lama_tidak_dikunjungi | usulan_dikembalikan | …
    judul: str
    keterangan: str
    keluarga_id: int
    nama_kepala: str
    alamat: str
    kelurahan: str
    url_aksi: str
    label_aksi: str
    urut: tuple = ()
    penting: bool = False  # overdue: shown in red
    ikon: str = "bi-house"


_tugas_hari_ini: list[Callable] = []


def daftarkan_tugas_hari_ini(fn: Callable) -> None:
    """``fn(user, hari_ini) -> list[TugasHariIni]``, scoped to the user; constant number of queries."""
    if fn not in _tugas_hari_ini:
        _tugas_hari_ini.append(fn)


def tugas_hari_ini() -> list[Callable]:
    return list(_tugas_hari_ini)


# --- Desil changes (e.g. bantuan's "tidak lagi memenuhi syarat desil" flags) --------------------------
@dataclass(frozen=True)
class PerubahanDesil:
    """A household whose current (newest) desil moved: from ``desil_lama`` to ``desil_baru``.
    ``riwayat_id`` is the history row that is now the newest (None in a preview)."""

    keluarga_id: int
    desil_lama: int | None
    desil_baru: int
    riwayat_id: int | None = None


_pengamat_desil: list[Callable] = []


def daftarkan_pengamat_desil(fn: Callable) -> None:
    """``fn(perubahan: list[PerubahanDesil], *, simpan: bool) -> int``: called inside the transaction
    that changed the desil (``simpan=True``: act and return how many rows it wrote) and by the import's
    preview (``simpan=False``: only count what it would write). Set-based: a few queries per call."""
    if fn not in _pengamat_desil:
        _pengamat_desil.append(fn)


def pengamat_desil() -> list[Callable]:
    return list(_pengamat_desil)
# --- UU PDP: other apps' copies of a person's data (pmks.registri.permintaan, anonymisation) -------
@dataclass(frozen=True)
class PemegangDataPribadi:
    """An app that holds copies of registry personal data (e.g. bantuan's frozen household record).

    ``penerima_aktif(keluarga) -> bool``: the household is an active aid recipient (anonymisation
    then needs Dinas Sosial's confirmation). ``anonimkan(keluarga, pengganti) -> None`` rewrites
    the app's copies; ``pengganti`` = {"anggota": {id: {"nik", "nama", "nama_lama", "tanggal_lahir"}},
    "keluarga": {"no_kk", "alamat", "rt", "rw"} or None (only members are anonymised)}."""

    kode: str
    penerima_aktif: Callable
    anonimkan: Callable


_pemegang_data: dict[str, PemegangDataPribadi] = {}


def daftarkan_pemegang_data(pemegang: PemegangDataPribadi) -> None:
    _pemegang_data[pemegang.kode] = pemegang


def pemegang_data() -> list[PemegangDataPribadi]:
    return list(_pemegang_data.values())


@dataclass(frozen=True)
class Rollup:
    """A rollup of a higher app kept by database triggers, that ``manage.py bangun_rollup`` rebuilds
    (``bangun() -> rows``, after a bulk writer that switched triggers off) and checks
    (``periksa(kelurahan_ids=, bulan=) -> names of the figures whose rollup differs from the rows``)."""

    kode: str
    bangun: Callable[[], int]
    periksa: Callable[..., list[str]]


_rollup: dict[str, Rollup] = {}


def daftarkan_rollup(rollup: Rollup) -> None:
    _rollup[rollup.kode] = rollup


def rollup_terdaftar() -> list[Rollup]:
    return list(_rollup.values())
