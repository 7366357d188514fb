"""Validation of an import, phase 2 of 2: the plan of changes against the registry (phase 1 is ``periksa``).

``rencanakan`` (file + database, a handful of queries whatever the file size) matches households
by No. KK and members by NIK, refuses households outside the user's area and members registered
in another household, applies ``pmks.registri.rules.periksa_susunan_keluarga`` to each household as it
will be after the import, and computes what to create / update / leave. Empty cells never
overwrite stored values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Lookup, Q

from pmks.registri import choices as c
from tksk.scoping import kelurahan_untuk

from ..ganda.pindai import OrangBaru
from ..models import Anggota, Keluarga, KlasifikasiPMKS
from ..registri.nik import peringatan_nik
from ..registri.rules import DataAnggota, periksa_susunan_keluarga
from ..registri.validasi import kemungkinan_duplikat, kode_kabkota_dikenal
from .kolom import KOLOM_ANGGOTA
from .periksa import (
    FIELD_KELUARGA,
    POTONGAN,
    WAJIB_ANGGOTA_BARU,
    WAJIB_KELUARGA_BARU,
    BarisOrang,
    Galat,
    HasilUrai,
    judul_kolom,
)


@dataclass
class Rencana:
    galat: list[Galat]
    peringatan: list[Galat]
    keluarga_baru: list[dict] = field(default_factory=list)
    keluarga_ubah: dict[int, dict] = field(default_factory=dict)
    keluarga_sama: int = 0
    id_keluarga: dict[str, int] = field(default_factory=dict)  # existing No. KK → id
    anggota_baru: list[dict] = field(default_factory=list)  # fields + "no_kk" + "nik" + "peringatan"
    anggota_ubah: dict[int, dict] = field(default_factory=dict)
    anggota_sama: int = 0
    peringatan_ubah: dict[int, list[dict]] = field(default_factory=dict)  # anggota id → codes to confirm
    id_anggota: dict[str, int] = field(default_factory=dict)  # existing NIK → id
    klasifikasi_baru: list[tuple[str, str | None, int]] = field(default_factory=list)  # (no_kk, nik, jenis)
    orang_baru: list[OrangBaru] = field(default_factory=list)  # new members, for the duplicate check

    def ringkasan(self) -> dict[str, int]:
        return {
            "keluarga_baru": len(self.keluarga_baru),
            "keluarga_ubah": len(self.keluarga_ubah),
            "keluarga_sama": self.keluarga_sama,
            "anggota_baru": len(self.anggota_baru),
            "anggota_ubah": len(self.anggota_ubah),
            "anggota_sama": self.anggota_sama,
            "klasifikasi_baru": len(self.klasifikasi_baru),
            "jumlah_galat": len(self.galat),
            "jumlah_peringatan": len(self.peringatan),
        }




class SalahSatu(Lookup):
    """``kolom = ANY(%s)`` with ONE array parameter: psycopg's client-side binding of a
    50,000-item ``IN (%s, ...)`` list costs seconds; an array costs nothing."""

    lookup_name = "salah_satu"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


# Registered on these field instances only (not on every CharField of the project).
for _model, _field in ((Keluarga, "no_kk"), (Anggota, "nik"), (Anggota, "keluarga"), (KlasifikasiPMKS, "keluarga")):
    _model._meta.get_field(_field).register_lookup(SalahSatu)


def _potong(kunci: list[str]):
    for i in range(0, len(kunci), POTONGAN):
        yield kunci[i : i + POTONGAN]


def _keluarga_per_kk(orang: list[BarisOrang]) -> dict[str, list[BarisOrang]]:
    hasil: dict[str, list[BarisOrang]] = {}
    for o in orang:
        hasil.setdefault(o.no_kk, []).append(o)
    return hasil


def rencanakan(hasil: HasilUrai, *, user, hari_ini: date | None = None) -> Rencana:
    """Phase 2: compare the parsed rows with the registry and decide every change."""
    rencana = Rencana(galat=list(hasil.galat), peringatan=[])
    per_kk = _keluarga_per_kk(hasil.orang)
    registri = _baca_registri(list(per_kk), [o.nik for o in hasil.orang], user=user)
    rencana.id_keluarga = {kk: k["id"] for kk, k in registri.keluarga.items()}
    rencana.id_anggota = {nik: a["id"] for nik, a in registri.anggota.items()}
    for no_kk, baris_kk in per_kk.items():
        _rencanakan_keluarga(rencana, no_kk, baris_kk, registri, hari_ini)
    _peringatan_duplikat(rencana, user)
    rencana.galat = sorted(set(rencana.galat), key=lambda g: (g.baris, g.kolom, g.pesan))
    rencana.peringatan.sort(key=lambda g: g.baris)
    return rencana


@dataclass
class _Registri:
    """What the registry holds for the file's No. KK and NIKs, read once for the whole file."""

    keluarga: dict[str, dict]  # No. KK → household fields
    anggota: dict[str, dict]  # NIK → member fields
    anggota_per_keluarga: dict[int, list[dict]]  # members of those households
    klasifikasi: set[tuple[int, int | None, int]]  # active (keluarga, anggota, jenis)
    boleh_tulis: set[int]  # kelurahan the user may write
    kabkota_dikenal: set[str]


def _baca_registri(semua_kk: list[str], semua_nik: list[str], *, user) -> _Registri:
    f_kel = list(FIELD_KELUARGA.values())
    kel_ada: dict[str, dict] = {}
    for potong in _potong(semua_kk):
        for k in Keluarga.objects.filter(no_kk__salah_satu=potong).values("id", "no_kk", *f_kel):
            kel_ada[k["no_kk"]] = k
    ang_ada: dict[str, dict] = {}
    for potong in _potong(semua_nik):
        for a in Anggota.objects.filter(nik__salah_satu=potong).values(
            "id", "nik", "keluarga_id", "keluarga__no_kk", "keluarga__kelurahan_id", "status",
            "peringatan_nik_dikonfirmasi", *KOLOM_ANGGOTA,
        ):
            ang_ada[a["nik"]] = a
    anggota_kel_ada: dict[int, list[dict]] = {}
    klas_ada: set[tuple[int, int | None, int]] = set()
    for potong_id in _potong([k["id"] for k in kel_ada.values()]):
        for a in Anggota.objects.filter(keluarga__salah_satu=potong_id).values(
            "id", "nik", "keluarga_id", "nama", "tanggal_lahir", "hubungan", "status"
        ):
            anggota_kel_ada.setdefault(a["keluarga_id"], []).append(a)
        klas_ada.update(
            KlasifikasiPMKS.objects.filter(Q(keluarga__salah_satu=potong_id), aktif=True).values_list(
                "keluarga_id", "anggota_id", "jenis_id"
            )
        )
    return _Registri(
        keluarga=kel_ada, anggota=ang_ada, anggota_per_keluarga=anggota_kel_ada, klasifikasi=klas_ada,
        boleh_tulis=set(kelurahan_untuk(user, write=True).values_list("id", flat=True)),
        kabkota_dikenal=kode_kabkota_dikenal(),
    )


def _rencanakan_keluarga(rencana: Rencana, no_kk: str, baris_kk: list[BarisOrang], registri: _Registri,
                         hari_ini: date | None) -> None:
    kel = registri.keluarga.get(no_kk)
    if kel is not None and kel["kelurahan_id"] not in registri.boleh_tulis:
        for o in baris_kk:
            rencana.galat.append(Galat(o.baris, judul_kolom("no_kk"),
                                       "No. KK ini sudah terdaftar di luar wilayah kerja Anda; hubungi Dinas Sosial."))
        return
    _rencanakan_data_keluarga(rencana, no_kk, baris_kk, kel)
    # Members: match by NIK; a person registered in another household is not moved by an import.
    susunan = [_rencanakan_anggota(rencana, no_kk, o, kel, registri) for o in baris_kk]
    pmks_keluarga: list[int] = []
    for o in baris_kk:
        pmks_keluarga += [j for j in o.pmks_keluarga if j not in pmks_keluarga]
    for j in pmks_keluarga:
        if kel is None or (kel["id"], None, j) not in registri.klasifikasi:
            rencana.klasifikasi_baru.append((no_kk, None, j))
    _periksa_susunan(rencana, no_kk, baris_kk, susunan, kel, registri, hari_ini)


def _rencanakan_data_keluarga(rencana: Rencana, no_kk: str, baris_kk: list[BarisOrang], kel: dict | None) -> None:
    """The household's own fields: new, changed or unchanged (a field may be written on any of its rows)."""
    gabungan: dict = {}
    for o in baris_kk:
        for f, v in o.keluarga.items():
            gabungan.setdefault(f, v)
    if kel is None:
        for f in WAJIB_KELUARGA_BARU:
            kode = "kelurahan" if f == "kelurahan_id" else f
            if f not in gabungan and not any(kode in o.kolom_galat for o in baris_kk):
                pesan = f"{judul_kolom(kode)} wajib diisi untuk keluarga baru (No. KK {no_kk})."
                rencana.galat.append(Galat(baris_kk[0].baris, judul_kolom(kode), pesan))
        rencana.keluarga_baru.append({"no_kk": no_kk, **gabungan})
        return
    ubah = {f: v for f, v in gabungan.items() if kel[f] != v}
    if ubah:
        rencana.keluarga_ubah[kel["id"]] = ubah
    else:
        rencana.keluarga_sama += 1


def _rencanakan_anggota(rencana: Rencana, no_kk: str, o: BarisOrang, kel: dict | None,
                        registri: _Registri) -> DataAnggota:
    """One member row: new, changed or unchanged, with its soft NIK warnings and new classifications.
    Returns the member as the household's composition rules see it."""
    ada = registri.anggota.get(o.nik)
    milik_lain = False
    if ada is not None and (kel is None or ada["keluarga_id"] != kel["id"]):
        if ada["keluarga__kelurahan_id"] in registri.boleh_tulis:
            pesan = (f"NIK sudah terdaftar pada keluarga lain (No. KK {ada['keluarga__no_kk']}). "
                     "Pindahkan anggota lewat halaman keluarga, bukan lewat impor.")
        else:
            pesan = "NIK sudah terdaftar pada keluarga di luar wilayah kerja Anda; hubungi Dinas Sosial."
        rencana.galat.append(Galat(o.baris, judul_kolom("nik"), pesan))
        ada, milik_lain = None, True
        data = o.anggota
    elif ada is None:
        for f in WAJIB_ANGGOTA_BARU:
            if f not in o.anggota and f not in o.kolom_galat:
                judul = judul_kolom(f)
                rencana.galat.append(Galat(o.baris, judul, f"{judul} wajib diisi untuk anggota baru."))
        data = o.anggota
    else:
        data = {f: o.anggota.get(f, ada[f]) for f in KOLOM_ANGGOTA}
    status = ada["status"] if ada else c.StatusAnggota.AKTIF
    susunan = DataAnggota(nik=o.nik, nama=data.get("nama", ""), tanggal_lahir=data.get("tanggal_lahir"),
                          hubungan=data.get("hubungan", ""), status=status)
    if milik_lain:
        return susunan

    kode_peringatan = _peringatan(rencana, o, data, ada, registri.kabkota_dikenal)
    if ada is None:
        rencana.anggota_baru.append({"no_kk": no_kk, "nik": o.nik, **o.anggota, "peringatan": kode_peringatan})
        if data.get("nama") and data.get("tanggal_lahir"):
            rencana.orang_baru.append(OrangBaru(
                indeks=o.baris, nama=data["nama"], tanggal_lahir=data["tanggal_lahir"],
                jenis_kelamin=data.get("jenis_kelamin", ""), tempat_lahir=data.get("tempat_lahir", ""), nik=o.nik,
            ))
    else:
        ubah = {f: v for f, v in o.anggota.items() if ada[f] != v}
        if ubah:
            rencana.anggota_ubah[ada["id"]] = ubah
            if kode_peringatan:
                rencana.peringatan_ubah[ada["id"]] = kode_peringatan
        else:
            rencana.anggota_sama += 1
    id_anggota = ada["id"] if ada else None
    for j in o.pmks_anggota:
        if kel is None or id_anggota is None or (kel["id"], id_anggota, j) not in registri.klasifikasi:
            rencana.klasifikasi_baru.append((no_kk, o.nik, j))
    return susunan


def _periksa_susunan(rencana: Rencana, no_kk: str, baris_kk: list[BarisOrang], susunan: list[DataAnggota],
                     kel: dict | None, registri: _Registri, hari_ini: date | None) -> None:
    """Household composition after the import: file rows first, then registered members not in the file."""
    pertama = baris_kk[0].baris
    di_berkas = {o.nik for o in baris_kk}
    lain = [a for a in registri.anggota_per_keluarga.get(kel["id"], []) if a["nik"] not in di_berkas] if kel else []
    susunan = [*susunan, *(DataAnggota(nik=a["nik"], nama=a["nama"], tanggal_lahir=a["tanggal_lahir"],
                                       hubungan=a["hubungan"], status=a["status"]) for a in lain)]
    baris_kepala = next((o.baris for o, d in zip(baris_kk, susunan, strict=False) if d.hubungan == c.Hubungan.KEPALA),
                        pertama)
    for p in periksa_susunan_keluarga(susunan, hari_ini=hari_ini):
        kode = {"tanggal_lahir": "tanggal_lahir", "nik": "nik"}.get(p.kolom or "", "hubungan")
        if p.indeks is not None and p.indeks < len(baris_kk):
            o = baris_kk[p.indeks]
            if kode in o.kolom_galat:
                continue
            rencana.galat.append(Galat(o.baris, judul_kolom(kode), p.pesan))
        elif p.indeks is not None:
            a = lain[p.indeks - len(baris_kk)]
            rencana.galat.append(Galat(baris_kepala, judul_kolom(kode), f"{p.pesan} (anggota terdaftar: {a['nama']})"))
        else:
            rencana.galat.append(Galat(pertama, judul_kolom(kode), f"No. KK {no_kk}: {p.pesan}"))


def _peringatan(rencana: Rencana, o: BarisOrang, data: dict, ada: dict | None, dikenal) -> list[dict]:
    """Soft NIK warnings (pmks.registri.nik) for new members and for a changed birth date / sex.

    Returned as the registry stores confirmed warnings: ``[{"kode": ..., "pesan": ...}]``.
    """
    if ada is not None and all(o.anggota.get(f, ada[f]) == ada[f] for f in ("tanggal_lahir", "jenis_kelamin")):
        return []
    sudah = {d.get("kode") for d in (ada or {}).get("peringatan_nik_dikonfirmasi") or [] if isinstance(d, dict)}
    hasil = []
    for p in peringatan_nik(o.nik, tanggal_lahir=data.get("tanggal_lahir"), jenis_kelamin=data.get("jenis_kelamin"),
                            kode_kabkota_dikenal=dikenal):
        if p.kode in sudah:
            continue
        kolom = {"nik_jenis_kelamin": "jenis_kelamin", "nik_tanggal_lahir": "tanggal_lahir"}.get(p.kode, "nik")
        rencana.peringatan.append(Galat(o.baris, judul_kolom(kolom), p.pesan, kode=p.kode))
        hasil.append({"kode": p.kode, "pesan": p.pesan})
    return hasil


KODE_DUPLIKAT = "kemungkinan_duplikat"


def _peringatan_duplikat(rencana: Rencana, user) -> None:
    """New members who may be a registered person: the registration form's warning (the same
    function, ``pmks.registri.validasi.kemungkinan_duplikat``), confirmed with the import's reason."""
    for d in kemungkinan_duplikat(user=user, orang=rencana.orang_baru, kecuali=set()):
        if d.terlihat:
            pesan = (f"Mungkin orang yang sama dengan {d.nama} (Kel. {d.kelurahan}) yang sudah terdaftar "
                     f"(skor kemiripan {d.skor}). Periksa sebelum menyimpan.")
        else:
            pesan = (f"Mungkin orang yang sama dengan orang yang sudah terdaftar di wilayah lain "
                     f"(skor kemiripan {d.skor}). Hubungi Dinas Sosial bila ragu.")
        rencana.peringatan.append(Galat(d.indeks, judul_kolom("nama"), pesan, kode=KODE_DUPLIKAT))
