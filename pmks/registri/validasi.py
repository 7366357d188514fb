"""Checks of the registry's member and No. KK input before a write, shared by ``pmks.registri.services``
(registration and edits) and the spreadsheet import (``kode_kabkota_dikenal``).

Hard errors raise ``ValidationError`` keyed ``"anggota.<index>.<field>"`` for member rows; soft NIK
warnings and probable duplicates raise ``PerluKonfirmasi`` until the user confirms them. Where an
existing NIK / No. KK is registered is told only to users who may see that household.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html

from pmks.models import Anggota, Keluarga
from tksk.models import TINGKAT_KOTA_KABUPATEN, Wilayah
from tksk.scoping import boleh_baca_wilayah
from tksk.wilayah_indonesia import kode_kabkota_nasional

from . import choices as c
from .nik import Peringatan, normalisasi_nomor, periksa_nik, periksa_no_kk, peringatan_nik
from .rules import DataAnggota, periksa_susunan_keluarga

# Probable duplicates: the rules and threshold of the duplicate scan (pmks.ganda.pindai).


@dataclass(frozen=True)
class KemungkinanDuplikat:
    """A registered person with a similar name and the same birth date as member row ``indeks``."""

    indeks: int
    nama_diisi: str
    terlihat: bool  # may the user open the existing record?
    nama: str = ""
    kelurahan: str = ""
    url: str = ""
    kemiripan: float = 0.0
    skor: int = 0  # pmks.ganda.pindai score, 0-100


@dataclass
class PerluKonfirmasi(Exception):
    """Saving needs the user's confirmation: NIK warnings (with a reason) and/or probable duplicates."""

    peringatan_nik: dict[int, list[Peringatan]] = field(default_factory=dict)
    duplikat: list[KemungkinanDuplikat] = field(default_factory=list)

    def __str__(self) -> str:
        return "Data perlu dikonfirmasi sebelum disimpan."


class GalatKeluarga(ValidationError):
    """Hard errors of a household save, carrying the confirmations the same data will also need
    (``konfirmasi``): the form shows both at once instead of one after the other."""

    def __init__(self, errors: dict, konfirmasi: PerluKonfirmasi | None = None):
        super().__init__(errors)
        self.konfirmasi = konfirmasi if konfirmasi and (konfirmasi.peringatan_nik or konfirmasi.duplikat) else None


def kode_kabkota_dikenal() -> set[str]:
    """Every kab/kota of Indonesia (the vendored Kemendagri list) plus any an administrator added
    to the Wilayah table, as NIK digits 1-4."""
    dari_tabel = Wilayah.objects.filter(tingkat__in=TINGKAT_KOTA_KABUPATEN).values_list("kode", flat=True)
    return set(kode_kabkota_nasional()) | {k.replace(".", "") for k in dari_tabel}


def _pesan_sudah_terdaftar(user, label: str, keluarga: Keluarga, nama: str | None = None) -> str:
    """Where an existing NIK / No. KK is — only if the user may see that household."""
    if boleh_baca_wilayah(user, keluarga.kelurahan):
        atas_nama = format_html(" atas nama {}", nama) if nama else ""
        return format_html(
            '{} ini sudah terdaftar{} di keluarga <a href="{}">{}, Kel. {}</a>.',
            label, atas_nama, keluarga.get_absolute_url(), keluarga.alamat, keluarga.kelurahan.nama,
        )
    return f"{label} ini sudah terdaftar di wilayah lain. Hubungi Dinas Sosial bila orang ini pindah ke wilayah Anda."


def periksa_no_kk_baru(*, user, no_kk: object, kecuali_pk: int | None = None) -> str:
    errors = periksa_no_kk(no_kk)
    if errors:
        raise ValidationError({"no_kk": errors})
    no_kk = normalisasi_nomor(no_kk)
    lain = Keluarga.objects.select_related("kelurahan").filter(no_kk=no_kk).exclude(pk=kecuali_pk).first()
    if lain is not None:
        raise ValidationError({"no_kk": [_pesan_sudah_terdaftar(user, "No. KK", lain)]})
    return no_kk


def kemungkinan_duplikat(*, user, orang: list, kecuali: set[int]) -> list[KemungkinanDuplikat]:
    """Registered people who may be the same as ``orang`` (``pmks.ganda.pindai.OrangBaru`` rows):
    THE probable-duplicate warning of the registration form and of the spreadsheet import, from
    the rules of the duplicate scan (``pmks.ganda.pindai.calon_untuk_orang``). Where the existing
    record is, is told only to users who may see it."""
    from pmks.ganda.pindai import calon_untuk_orang

    calon = calon_untuk_orang(orang, kecuali=kecuali)
    if not calon:
        return []
    nama_diisi = {o.indeks: o.nama for o in orang}
    ada = Anggota.objects.select_related("keluarga__kelurahan").in_bulk({k.anggota_id for k in calon})
    hasil = []
    for k in calon:
        a = ada[k.anggota_id]
        if boleh_baca_wilayah(user, a.keluarga.kelurahan):
            hasil.append(KemungkinanDuplikat(
                indeks=k.indeks, nama_diisi=nama_diisi[k.indeks], terlihat=True, nama=a.nama,
                kelurahan=a.keluarga.kelurahan.nama, url=a.keluarga.get_absolute_url(), kemiripan=k.kemiripan,
                skor=k.skor,
            ))
        else:
            hasil.append(KemungkinanDuplikat(indeks=k.indeks, nama_diisi=nama_diisi[k.indeks], terlihat=False,
                                             kemiripan=k.kemiripan, skor=k.skor))
    return hasil


def periksa_anggota(
    *, user, anggota: list[dict], lama: dict[int, Anggota], tetap: list[Anggota], konfirmasi_duplikat: bool
) -> list[dict]:
    """Validate member rows. ``lama``: existing members being edited (by row index); ``tetap``:
    members of the household not in the form (kept unchanged, but part of the composition rules).

    Returns cleaned rows (normalised NIK, confirmed warnings). Raises GalatKeluarga (hard errors,
    carrying the confirmations the sound rows also need, so one submit shows everything) or
    PerluKonfirmasi (unconfirmed warnings / probable duplicates).
    """
    galat = _GalatAnggota()
    bersih = [_bersihkan(i, baris, galat) for i, baris in enumerate(anggota)]
    _periksa_susunan(bersih, lama, tetap, galat)
    id_lama = {a.pk for a in lama.values()}
    _periksa_nik_terdaftar(user, bersih, id_lama, galat)

    perlu = PerluKonfirmasi()
    _catat_peringatan_nik(bersih, perlu, galat)
    if not konfirmasi_duplikat:
        perlu.duplikat = _duplikat(user, bersih, lama, kecuali=id_lama | {a.pk for a in tetap})
    if galat:
        raise GalatKeluarga(dict(galat), perlu)
    if perlu.peringatan_nik or perlu.duplikat:
        raise perlu
    return bersih


class _GalatAnggota(dict):
    """Hard errors keyed as the form layer expects: ``anggota.<i>.<field>``, or ``__all__``."""

    def tambah(self, i: int | None, kolom: str | None, pesan) -> None:
        kunci = NON_FIELD_ERRORS if i is None else f"anggota.{i}.{kolom or NON_FIELD_ERRORS}"
        self.setdefault(kunci, []).append(pesan)


def _bersihkan(i: int, baris: dict, galat: _GalatAnggota) -> dict:
    """NIK format and required fields of one row; the NIK normalised when valid."""
    baris = dict(baris)
    nik_errors = periksa_nik(baris.get("nik"))
    for e in nik_errors:
        galat.tambah(i, "nik", e)
    baris["nik"] = normalisasi_nomor(baris.get("nik")) if not nik_errors else baris.get("nik")
    for kolom in ("nama", "tanggal_lahir", "jenis_kelamin", "hubungan"):
        if not baris.get(kolom):
            galat.tambah(i, kolom, "Kolom ini wajib diisi.")
    return baris


def _periksa_susunan(bersih: list[dict], lama: dict[int, Anggota], tetap: list[Anggota], galat: _GalatAnggota) -> None:
    """Composition rules (``pmks.registri.rules``) over the form's rows and the members kept unchanged."""
    data_rules = [
        DataAnggota(b["nik"] or "", b.get("nama") or "", b.get("tanggal_lahir"), b.get("hubungan") or "",
                    getattr(lama.get(i), "status", c.StatusAnggota.AKTIF))
        for i, b in enumerate(bersih)
    ] + [DataAnggota(a.nik, a.nama, a.tanggal_lahir, a.hubungan, a.status) for a in tetap]
    for p in periksa_susunan_keluarga(data_rules):
        if p.indeks is not None and p.indeks >= len(bersih):
            galat.tambah(None, None, p.pesan)  # a member outside the form (kept unchanged)
        else:
            galat.tambah(p.indeks, p.kolom, p.pesan)


def _periksa_nik_terdaftar(user, bersih: list[dict], id_lama: set[int], galat: _GalatAnggota) -> None:
    """Exact duplicates: the same NIK anywhere in the registry (one query for all rows)."""
    nik_baru = {b["nik"]: i for i, b in enumerate(bersih) if f"anggota.{i}.nik" not in galat}
    for ada in Anggota.objects.filter(nik__in=nik_baru).exclude(pk__in=id_lama).select_related("keluarga__kelurahan"):
        galat.tambah(nik_baru[ada.nik], "nik", _pesan_sudah_terdaftar(user, "NIK", ada.keluarga, ada.nama))


def _catat_peringatan_nik(bersih: list[dict], perlu: PerluKonfirmasi, galat: _GalatAnggota) -> None:
    """Soft warnings (NIK date/sex/kab-kota), confirmed with a reason per member; stored on the row.
    Checked on the rows whose NIK is sound even when other rows have errors (all shown at once)."""
    dikenal = kode_kabkota_dikenal()
    for i, b in enumerate(bersih):
        if f"anggota.{i}.nik" in galat:
            continue
        peringatan = peringatan_nik(
            b["nik"], tanggal_lahir=b.get("tanggal_lahir"), jenis_kelamin=b.get("jenis_kelamin"),
            kode_kabkota_dikenal=dikenal,
        )
        alasan = (b.get("alasan_konfirmasi_nik") or "").strip()
        if peringatan and not alasan:
            perlu.peringatan_nik[i] = peringatan
        b["peringatan_nik_dikonfirmasi"] = [{"kode": p.kode, "pesan": p.pesan} for p in peringatan]
        b["alasan_konfirmasi_nik"] = alasan if peringatan else ""


def _duplikat(user, bersih: list[dict], lama: dict[int, Anggota], *, kecuali: set[int]) -> list[KemungkinanDuplikat]:
    from pmks.ganda.pindai import OrangBaru

    orang = []
    for i, b in enumerate(bersih):
        if not b.get("nama") or not b.get("tanggal_lahir"):
            continue
        sebelum = lama.get(i)
        if sebelum is not None and sebelum.nama == b["nama"] and sebelum.tanggal_lahir == b["tanggal_lahir"]:
            continue  # unchanged person: no need to warn again
        orang.append(OrangBaru(
            indeks=i, nama=b["nama"], tanggal_lahir=b["tanggal_lahir"], jenis_kelamin=b.get("jenis_kelamin") or "",
            tempat_lahir=b.get("tempat_lahir") or "", nik=b.get("nik") or "",
        ))
    return kemungkinan_duplikat(user=user, orang=orang, kecuali=kecuali)
