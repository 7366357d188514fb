"""Writes to the PMKS household registry.

Every function is keyword-only, runs in one transaction, checks the user's right to write the
household's kelurahan, and raises ``ValidationError`` with a message in Bahasa Indonesia.
Soft NIK warnings and probable duplicates raise ``PerluKonfirmasi`` until the user confirms them
(NIK warnings with a reason stored on the member). Error keys for member rows are
``"anggota.<index>.<field>"`` so the form layer can put them on the right formset row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pghistory
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from tksk import batas
from tksk.konkurensi import versi_naikkan, versi_periksa_naikkan
from tksk.models import TINGKAT_KOTA_KABUPATEN, Wilayah
from tksk.permissions import Aksi, boleh
from tksk.scoping import boleh_baca_wilayah, boleh_tulis_wilayah
from tksk.wilayah_indonesia import kode_kabkota_nasional

from . import choices as c
from .models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS, PerpindahanAnggota, RiwayatNoKK
from .nik import Peringatan, normalisasi_nomor, periksa_nik, periksa_no_kk, peringatan_nik
from .rules import DataAnggota, periksa_susunan_keluarga

KOLOM_KELUARGA = [
    "kelurahan", "alamat", "rt", "rw", "latitude", "longitude",
    "status_kepemilikan_rumah", "luas_lantai", "lantai", "dinding", "atap", "sumber_air_minum",
    "penerangan", "fasilitas_bab", "desil", "sumber_desil", "tanggal_desil", "perkiraan_penghasilan", "catatan",
]
KOLOM_ANGGOTA = [
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
    "pendidikan", "pekerjaan", "disabilitas",
]
# Probable duplicate: same birth date and a name at least this similar (pg_trgm similarity).
AMBANG_KEMIRIPAN_NAMA = 0.5

# Allowed household status transitions (archival is a status, never a delete).
TRANSISI_KELUARGA: dict[str, set[str]] = {
    c.StatusKeluarga.AKTIF: {
        c.StatusKeluarga.PINDAH, c.StatusKeluarga.MENINGGAL_SEMUA, c.StatusKeluarga.TIDAK_DITEMUKAN,
    },
    c.StatusKeluarga.PINDAH: {c.StatusKeluarga.AKTIF},
    c.StatusKeluarga.MENINGGAL_SEMUA: {c.StatusKeluarga.AKTIF},
    c.StatusKeluarga.TIDAK_DITEMUKAN: {c.StatusKeluarga.AKTIF, c.StatusKeluarga.PINDAH},
}

PESAN_KONSTRAINT = {
    "anggota_nik_key": ("nik", "NIK ini baru saja didaftarkan oleh pengguna lain. Periksa kembali."),
    "keluarga_no_kk_key": ("no_kk", "No. KK ini baru saja didaftarkan oleh pengguna lain. Periksa kembali."),
    "satu_kepala_aktif_per_keluarga": (
        NON_FIELD_ERRORS, "Satu keluarga hanya boleh memiliki satu kepala keluarga aktif."
    ),
    "klasifikasi_keluarga_unik_aktif": (NON_FIELD_ERRORS, "Jenis PMKS ini sudah tercatat untuk keluarga tersebut."),
    "klasifikasi_anggota_unik_aktif": (NON_FIELD_ERRORS, "Jenis PMKS ini sudah tercatat untuk anggota tersebut."),
}


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


def _gabung_galat(errors: dict, exc: Exception) -> GalatKeluarga:
    """Household-level ``errors`` plus what the member checks raised (errors and/or confirmations)."""
    if isinstance(exc, PerluKonfirmasi):
        return GalatKeluarga(errors, exc)
    return GalatKeluarga({**errors, **exc.message_dict}, getattr(exc, "konfirmasi", None))


# --- helpers ------------------------------------------------------------------------------
def _pastikan_boleh_tulis(user, kelurahan: Wilayah) -> None:
    if not boleh(user, Aksi.UBAH_DATA) or not boleh_tulis_wilayah(user, kelurahan):
        raise PermissionDenied("Anda tidak berwenang mengubah data keluarga di wilayah ini.")


def _kunci_keluarga(keluarga: Keluarga) -> Keluarga:
    """Re-read the household under a row lock: concurrent edits wait instead of overwriting."""
    return Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga.pk)


def _pastikan_aktif(keluarga: Keluarga) -> None:
    if keluarga.status != c.StatusKeluarga.AKTIF:
        raise ValidationError(
            f"Keluarga ini berstatus \u201c{keluarga.get_status_display()}\u201d. Aktifkan kembali "
            "keluarga sebelum mengubah datanya."
        )


def _terjemahkan_integrity_error(exc: IntegrityError) -> ValidationError:
    teks = str(exc)
    for nama, (kolom, pesan) in PESAN_KONSTRAINT.items():
        if nama in teks:
            return ValidationError({kolom: [pesan]})
    return ValidationError(
        "Data tidak dapat disimpan karena bentrok dengan data lain. Muat ulang halaman lalu coba lagi."
    )


def kode_kabkota_dikenal() -> set[str]:
    """Every kab/kota of Indonesia (the vendored Kemendagri list) plus any an administrator added
    to the Wilayah table, as NIK digits 1-4."""
    dari_tabel = Wilayah.objects.filter(tingkat__in=TINGKAT_KOTA_KABUPATEN).values_list("kode", flat=True)
    return set(kode_kabkota_nasional()) | {k.replace(".", "") for k in dari_tabel}


def url_keluarga(keluarga_id: int) -> str:
    return reverse("pmks:keluarga_detail", kwargs={"pk": keluarga_id})


def _pesan_sudah_terdaftar(user, label: str, keluarga: Keluarga, nama: str | None = None) -> str:
    """Where an existing NIK / No. KK is — only if the user may see that household."""
    if boleh_baca_wilayah(user, keluarga.kelurahan):
        atas_nama = format_html(" atas nama {}", nama) if nama else ""
        return format_html(
            '{} ini sudah terdaftar{} di keluarga <a href="{}">{}, Kel. {}</a>.',
            label, atas_nama, url_keluarga(keluarga.pk), keluarga.alamat, keluarga.kelurahan.nama,
        )
    return f"{label} ini sudah terdaftar di wilayah lain. Hubungi Dinas Sosial bila orang ini pindah ke wilayah Anda."


def _periksa_no_kk_baru(*, user, no_kk: object, kecuali_pk: int | None = None) -> str:
    errors = periksa_no_kk(no_kk)
    if errors:
        raise ValidationError({"no_kk": errors})
    no_kk = normalisasi_nomor(no_kk)
    lain = Keluarga.objects.select_related("kelurahan").filter(no_kk=no_kk).exclude(pk=kecuali_pk).first()
    if lain is not None:
        raise ValidationError({"no_kk": [_pesan_sudah_terdaftar(user, "No. KK", lain)]})
    return no_kk


def _kemungkinan_duplikat(*, user, indeks: int, nama: str, tanggal_lahir: date, kecuali: set[int]) -> list:
    calon = (
        Anggota.objects.filter(tanggal_lahir=tanggal_lahir)
        .exclude(pk__in=kecuali)
        .annotate(kemiripan=TrigramSimilarity("nama", nama))
        .filter(kemiripan__gte=AMBANG_KEMIRIPAN_NAMA)
        .select_related("keluarga__kelurahan")
        .order_by("-kemiripan")[:5]
    )
    hasil = []
    for a in calon:
        if boleh_baca_wilayah(user, a.keluarga.kelurahan):
            hasil.append(
                KemungkinanDuplikat(
                    indeks=indeks, nama_diisi=nama, terlihat=True, nama=a.nama,
                    kelurahan=a.keluarga.kelurahan.nama, url=url_keluarga(a.keluarga_id), kemiripan=a.kemiripan,
                )
            )
        else:
            hasil.append(KemungkinanDuplikat(indeks=indeks, nama_diisi=nama, terlihat=False, kemiripan=a.kemiripan))
    return hasil


def _periksa_anggota(
    *, user, anggota: list[dict], lama: dict[int, Anggota], tetap: list[Anggota], konfirmasi_duplikat: bool
) -> list[dict]:
    """Validate member rows. ``lama``: existing members being edited (by row index); ``tetap``:
    members of the household not in the form (kept unchanged, but part of the composition rules).

    Returns cleaned rows (normalised NIK, confirmed warnings). Raises ValidationError (hard errors)
    or PerluKonfirmasi (unconfirmed warnings / probable duplicates).
    """
    errors: dict[str, list] = {}

    def tambah(i: int | None, kolom: str | None, pesan) -> None:
        kunci = NON_FIELD_ERRORS if i is None else f"anggota.{i}.{kolom or NON_FIELD_ERRORS}"
        errors.setdefault(kunci, []).append(pesan)

    bersih: list[dict] = []
    for i, baris in enumerate(anggota):
        baris = dict(baris)
        nik_errors = periksa_nik(baris.get("nik"))
        for e in nik_errors:
            tambah(i, "nik", e)
        baris["nik"] = normalisasi_nomor(baris.get("nik")) if not nik_errors else baris.get("nik")
        for kolom in ("nama", "tanggal_lahir", "jenis_kelamin", "hubungan"):
            if not baris.get(kolom):
                tambah(i, kolom, "Kolom ini wajib diisi.")
        bersih.append(baris)

    data_rules = [
        DataAnggota(b["nik"] or "", b.get("nama") or "", b.get("tanggal_lahir"), b.get("hubungan") or "",
                    getattr(lama.get(i), "status", c.StatusAnggota.AKTIF))
        for i, b in enumerate(bersih)
    ] + [DataAnggota(a.nik, a.nama, a.tanggal_lahir, a.hubungan, a.status) for a in tetap]
    for p in periksa_susunan_keluarga(data_rules):
        if p.indeks is not None and p.indeks >= len(bersih):
            tambah(None, None, p.pesan)  # a member outside the form (kept unchanged)
        else:
            tambah(p.indeks, p.kolom, p.pesan)

    # Exact duplicates: the same NIK anywhere in the registry (one query for all rows).
    nik_baru = {b["nik"]: i for i, b in enumerate(bersih) if f"anggota.{i}.nik" not in errors}
    id_lama = {a.pk for a in lama.values()}
    for ada in Anggota.objects.filter(nik__in=nik_baru).exclude(pk__in=id_lama).select_related("keluarga__kelurahan"):
        tambah(nik_baru[ada.nik], "nik", _pesan_sudah_terdaftar(user, "NIK", ada.keluarga, ada.nama))

    # Soft warnings: NIK date/sex/kab-kota, confirmed with a reason per member. Checked on the rows
    # whose NIK is sound even when other rows have errors, so that the user sees everything at once.
    dikenal = kode_kabkota_dikenal()
    perlu = PerluKonfirmasi()
    for i, b in enumerate(bersih):
        if f"anggota.{i}.nik" in errors:
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

    if not konfirmasi_duplikat:
        kecuali = id_lama | {a.pk for a in tetap}
        for i, b in enumerate(bersih):
            if not b.get("nama") or not b.get("tanggal_lahir"):
                continue
            sebelum = lama.get(i)
            if sebelum is not None and sebelum.nama == b["nama"] and sebelum.tanggal_lahir == b["tanggal_lahir"]:
                continue  # unchanged person: no need to warn again
            perlu.duplikat += _kemungkinan_duplikat(
                user=user, indeks=i, nama=b["nama"], tanggal_lahir=b["tanggal_lahir"], kecuali=kecuali
            )
    if errors:
        raise GalatKeluarga(errors, perlu)
    if perlu.peringatan_nik or perlu.duplikat:
        raise perlu
    return bersih


def _isi_anggota(obj: Anggota, baris: dict) -> Anggota:
    for kolom in [*KOLOM_ANGGOTA, "peringatan_nik_dikonfirmasi", "alasan_konfirmasi_nik"]:
        if kolom in baris:
            setattr(obj, kolom, baris[kolom] if baris[kolom] is not None else "")
    obj.full_clean(exclude=["keluarga"], validate_unique=False, validate_constraints=False)
    return obj


def _isi_keluarga(obj: Keluarga, data: dict) -> None:
    for kolom in KOLOM_KELUARGA:
        if kolom in data:
            nilai = data[kolom]
            f = Keluarga._meta.get_field(kolom)
            if nilai is None and not f.null:
                nilai = ""
            setattr(obj, kolom, nilai)


def _validasi_keluarga(obj: Keluarga) -> None:
    try:
        obj.full_clean(exclude=["didaftarkan_oleh"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


# --- keluarga -----------------------------------------------------------------------------
def _siapkan_pendaftaran(*, user, data: dict, anggota: list[dict], konfirmasi_duplikat: bool):
    """Every check of a registration, nothing written: (unsaved household, cleaned member rows).
    Raises GalatKeluarga (all hard errors, with the confirmations) or PerluKonfirmasi."""
    errors: dict = {}
    kelurahan = data.get("kelurahan")
    if kelurahan is None:
        errors["kelurahan"] = ["Kelurahan wajib dipilih."]
    else:
        _pastikan_boleh_tulis(user, kelurahan)
        if not kelurahan.adalah_kelurahan:
            errors["kelurahan"] = ["Pilih kelurahan/desa, bukan kecamatan atau kota."]
    try:
        no_kk = _periksa_no_kk_baru(user=user, no_kk=data.get("no_kk"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        no_kk = ""
    keluarga = Keluarga(no_kk=no_kk or "0" * 16, didaftarkan_oleh=user)
    _isi_keluarga(keluarga, {k: v for k, v in data.items() if k != "kelurahan" or v is not None})
    try:
        _validasi_keluarga(keluarga)
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k not in errors})
    try:
        bersih = _periksa_anggota(
            user=user, anggota=anggota, lama={}, tetap=[], konfirmasi_duplikat=konfirmasi_duplikat
        )
    except (ValidationError, PerluKonfirmasi) as exc:
        if errors or isinstance(exc, ValidationError):
            raise _gabung_galat(errors, exc) from exc
        raise
    if errors:
        raise GalatKeluarga(errors)
    keluarga.no_kk = no_kk
    return keluarga, bersih


def keluarga_periksa(
    *, user, data: dict, anggota: list[dict], keluarga: Keluarga | None = None, konfirmasi_duplikat: bool = False
) -> ValidationError | PerluKonfirmasi | None:
    """The checks of ``keluarga_daftarkan`` (``keluarga=None``) or ``keluarga_ubah`` on what a form could
    parse, without writing: the form shows them next to its own field errors, so that one submit shows
    every problem (``data`` / ``anggota`` hold only the fields that passed the form)."""
    try:
        if keluarga is None:
            _siapkan_pendaftaran(user=user, data=data, anggota=anggota, konfirmasi_duplikat=konfirmasi_duplikat)
        else:
            keluarga = Keluarga.objects.select_related("kelurahan").get(pk=keluarga.pk)
            _siapkan_ubah(user=user, keluarga=keluarga, data=data, anggota=anggota,
                          konfirmasi_duplikat=konfirmasi_duplikat)
    except (ValidationError, PerluKonfirmasi) as exc:
        return exc
    return None


@transaction.atomic
def keluarga_daftarkan(
    *, user, data: dict, anggota: list[dict], konfirmasi_duplikat: bool = False, jenis_pmks=(),
) -> Keluarga:
    """Register a household with its members (``data`` includes ``no_kk`` and ``kelurahan``) and the
    PMKS types assessed at registration (``jenis_pmks``, each through ``klasifikasi_tambah``)."""
    keluarga, bersih = _siapkan_pendaftaran(
        user=user, data=data, anggota=anggota, konfirmasi_duplikat=konfirmasi_duplikat
    )
    with pghistory.context(user=user.pk):
        try:
            with transaction.atomic():
                keluarga.save()
                Anggota.objects.bulk_create([_isi_anggota(Anggota(keluarga=keluarga), b) for b in bersih])
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc
    hari_ini = timezone.localdate()
    for jenis in jenis_pmks:
        try:
            klasifikasi_tambah(user=user, keluarga=keluarga, jenis=jenis, tanggal_asesmen=hari_ini)
        except ValidationError as exc:
            raise ValidationError({"jenis_pmks": exc.messages}) from exc
    return keluarga


@transaction.atomic
def keluarga_ubah(
    *, user, keluarga: Keluarga, data: dict, anggota: list[dict], versi: int | str | None,
    konfirmasi_duplikat: bool = False,
) -> Keluarga:
    """Edit household data and its active members; rows with ``id`` update, others are added.

    Members not in ``anggota`` stay as they are (never deleted). ``versi`` is the household's
    ``versi`` the form was opened with: if anyone saved in between (or it is missing), the edit
    is refused, not merged.
    """
    keluarga = _kunci_keluarga(keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    _pastikan_aktif(keluarga)
    if "kelurahan" in data and data["kelurahan"] is not None:
        _pastikan_boleh_tulis(user, data["kelurahan"])
    versi_periksa_naikkan(keluarga, versi)
    bersih, lama = _siapkan_ubah(
        user=user, keluarga=keluarga, data=data, anggota=anggota, konfirmasi_duplikat=konfirmasi_duplikat
    )

    with pghistory.context(user=user.pk):
        try:
            with transaction.atomic():
                keluarga.save()
                # Heads first step down, so the "one active head" constraint holds after each row.
                urutan = sorted(range(len(bersih)), key=lambda i: bersih[i]["hubungan"] == c.Hubungan.KEPALA)
                for i in urutan:
                    obj = lama.get(i) or Anggota(keluarga=keluarga)
                    baris = {k: v for k, v in bersih[i].items() if k != "id"}
                    _isi_anggota(obj, baris).save()
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc
    return keluarga


def _siapkan_ubah(*, user, keluarga: Keluarga, data: dict, anggota: list[dict], konfirmasi_duplikat: bool):
    """The checks of an edit on ``keluarga`` (filled in memory, not saved): (member rows, edited members
    by row index). Raises GalatKeluarga or PerluKonfirmasi."""
    semua = {a.pk: a for a in keluarga.anggota.all()}
    lama: dict[int, Anggota] = {}
    for i, baris in enumerate(anggota):
        pk = baris.get("id")
        pk = getattr(pk, "pk", pk)
        if pk is not None:
            if pk not in semua:
                raise ValidationError("Anggota yang diubah bukan anggota keluarga ini.")
            lama[i] = semua[pk]
    tetap = [a for pk, a in semua.items() if pk not in {x.pk for x in lama.values()}]

    errors: dict = {}
    _isi_keluarga(keluarga, data)
    try:
        _validasi_keluarga(keluarga)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        bersih = _periksa_anggota(
            user=user, anggota=anggota, lama=lama, tetap=tetap, konfirmasi_duplikat=konfirmasi_duplikat
        )
    except (ValidationError, PerluKonfirmasi) as exc:
        if errors or isinstance(exc, ValidationError):
            raise _gabung_galat(errors, exc) from exc
        raise
    if errors:
        raise GalatKeluarga(errors)
    return bersih, lama


@transaction.atomic
def keluarga_ubah_status(*, user, keluarga: Keluarga, status: str, alasan: str) -> Keluarga:
    """Archive (pindah / meninggal semua / tidak ditemukan) or re-activate a household, with a reason."""
    keluarga = _kunci_keluarga(keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan perubahan status wajib diisi."]})
    if status not in TRANSISI_KELUARGA.get(keluarga.status, set()):
        tujuan = c.StatusKeluarga(status).label if status in c.StatusKeluarga.values else status
        raise ValidationError(
            {"status": [f"Status keluarga tidak dapat diubah dari \u201c{keluarga.get_status_display()}\u201d "
                        f"menjadi \u201c{tujuan}\u201d."]}
        )
    keluarga.status = status
    keluarga.alasan_status = alasan
    keluarga.versi += 1  # a household edit form opened before this is stale
    with pghistory.context(user=user.pk, alasan=alasan):
        keluarga.save(update_fields=["status", "alasan_status", "versi", "diubah_pada"])
    return keluarga


@transaction.atomic
def keluarga_ganti_no_kk(*, user, keluarga: Keluarga, no_kk_baru: str, alasan: str) -> Keluarga:
    """Give a household a new No. KK (move, pecah KK, death of the head); the old one goes to history."""
    keluarga = _kunci_keluarga(keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    _pastikan_aktif(keluarga)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan pergantian No. KK wajib diisi."]})
    no_kk = _periksa_no_kk_baru(user=user, no_kk=no_kk_baru, kecuali_pk=keluarga.pk)
    if no_kk == keluarga.no_kk:
        raise ValidationError({"no_kk": ["No. KK baru sama dengan No. KK sekarang."]})
    with pghistory.context(user=user.pk, alasan=alasan):
        RiwayatNoKK.objects.create(keluarga=keluarga, no_kk=keluarga.no_kk, alasan=alasan, diubah_oleh=user)
        keluarga.no_kk = no_kk
        keluarga.versi += 1
        try:
            with transaction.atomic():
                keluarga.save(update_fields=["no_kk", "versi", "diubah_pada"])
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc
    return keluarga


# --- anggota ------------------------------------------------------------------------------
def _ganti_kepala(keluarga: Keluarga, lama: Anggota, kepala_baru: Anggota | None) -> None:
    """When the head leaves, another active member must take over (if anyone remains)."""
    lain = [a for a in keluarga.anggota.aktif().exclude(pk=lama.pk)]
    if not lain:
        return
    if kepala_baru is None:
        raise ValidationError({"kepala_baru": ["Pilih kepala keluarga pengganti dari anggota yang masih tinggal."]})
    if kepala_baru.pk not in {a.pk for a in lain}:
        raise ValidationError({"kepala_baru": ["Kepala keluarga pengganti harus anggota aktif keluarga ini."]})
    kepala_baru.hubungan = c.Hubungan.KEPALA
    kepala_baru.save(update_fields=["hubungan", "diubah_pada"])


@transaction.atomic
def anggota_ubah_status(
    *, user, anggota: Anggota, status: str, alasan: str, kepala_baru: Anggota | None = None
) -> Anggota:
    """Record that a member died, moved away, was not found, or is back (keberadaan), with a reason."""
    keluarga = _kunci_keluarga(anggota.keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    anggota = Anggota.objects.select_for_update().get(pk=anggota.pk, keluarga=keluarga)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan perubahan keberadaan wajib diisi."]})
    if status not in c.StatusAnggota.values:
        raise ValidationError({"status": ["Status keberadaan tidak dikenal."]})
    if status == anggota.status:
        raise ValidationError({"status": [f"Anggota ini sudah berstatus \u201c{anggota.get_status_display()}\u201d."]})
    with pghistory.context(user=user.pk, alasan=alasan):
        if anggota.status == c.StatusAnggota.AKTIF and anggota.adalah_kepala:
            # Step the head down first so the one-active-head constraint holds for the successor.
            anggota.status = status
            anggota.save(update_fields=["status", "diubah_pada"])
            _ganti_kepala(keluarga, anggota, kepala_baru)
        if status == c.StatusAnggota.AKTIF and anggota.adalah_kepala and keluarga.anggota.aktif().filter(
            hubungan=c.Hubungan.KEPALA
        ).exclude(pk=anggota.pk).exists():
            raise ValidationError({"status": ["Keluarga ini sudah memiliki kepala keluarga aktif. Ubah dulu "
                                              "hubungan anggota ini."]})
        anggota.status = status
        anggota.alasan_status = alasan
        if status == c.StatusAnggota.MENINGGAL:
            anggota.status_hidup = c.StatusHidup.MENINGGAL
        elif anggota.status_hidup == c.StatusHidup.MENINGGAL and status == c.StatusAnggota.AKTIF:
            anggota.status_hidup = c.StatusHidup.HIDUP
        try:
            with transaction.atomic():
                anggota.save(update_fields=["status", "alasan_status", "status_hidup", "diubah_pada"])
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc
    versi_naikkan(Keluarga, keluarga.pk)  # the household form lists members: open ones are stale
    return anggota


@transaction.atomic
def anggota_pindahkan(
    *, user, anggota: Anggota, ke_keluarga: Keluarga, hubungan: str, alasan: str,
    kepala_baru: Anggota | None = None,
) -> PerpindahanAnggota:
    """Move a person to another household; the person (NIK, history, classifications) is kept."""
    dari = anggota.keluarga
    # Lock both households in a fixed order so two opposite moves cannot deadlock.
    kunci = {k.pk: k for k in Keluarga.objects.select_for_update().select_related("kelurahan")
             .filter(pk__in=[dari.pk, ke_keluarga.pk]).order_by("pk")}
    dari, ke = kunci[dari.pk], kunci.get(ke_keluarga.pk)
    if ke is None:
        raise ValidationError({"ke_keluarga": ["Keluarga tujuan tidak ditemukan."]})
    _pastikan_boleh_tulis(user, dari.kelurahan)
    _pastikan_boleh_tulis(user, ke.kelurahan)
    _pastikan_aktif(ke)
    anggota = Anggota.objects.select_for_update().get(pk=anggota.pk, keluarga=dari)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan perpindahan wajib diisi."]})
    if ke.pk == dari.pk:
        raise ValidationError({"ke_keluarga": ["Keluarga tujuan sama dengan keluarga asal."]})
    if anggota.status != c.StatusAnggota.AKTIF:
        raise ValidationError("Hanya anggota yang masih tinggal bersama yang dapat dipindahkan.")
    if hubungan not in c.Hubungan.values:
        raise ValidationError({"hubungan": ["Hubungan dengan kepala keluarga tujuan wajib dipilih."]})
    tujuan = [DataAnggota(a.nik, a.nama, a.tanggal_lahir, a.hubungan, a.status) for a in ke.anggota.all()]
    tujuan.append(DataAnggota(anggota.nik, anggota.nama, anggota.tanggal_lahir, hubungan))
    pelanggaran = periksa_susunan_keluarga(tujuan)
    if pelanggaran:
        raise ValidationError({"hubungan": [f"Di keluarga tujuan: {p.pesan}" for p in pelanggaran]})

    with pghistory.context(user=user.pk, alasan=alasan):
        if anggota.adalah_kepala:
            anggota.hubungan = hubungan  # steps down in the old household first
            anggota.save(update_fields=["hubungan", "diubah_pada"])
            _ganti_kepala(dari, anggota, kepala_baru)
        anggota.keluarga = ke
        anggota.hubungan = hubungan
        try:
            with transaction.atomic():
                anggota.save(update_fields=["keluarga", "hubungan", "diubah_pada"])
                # Person-level classifications follow the person.
                KlasifikasiPMKS.objects.filter(anggota=anggota, aktif=True).update(keluarga=ke)
                perpindahan = PerpindahanAnggota.objects.create(
                    anggota=anggota, dari_keluarga=dari, ke_keluarga=ke, alasan=alasan, oleh=user
                )
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc
        Keluarga.objects.filter(pk__in=[dari.pk, ke.pk]).update(diubah_pada=timezone.now(), versi=F("versi") + 1)
    return perpindahan


# --- klasifikasi PMKS ---------------------------------------------------------------------
@transaction.atomic
def klasifikasi_tambah(
    *, user, keluarga: Keluarga, jenis: JenisPMKS, tanggal_asesmen: date, anggota: Anggota | None = None,
    catatan: str = "",
) -> KlasifikasiPMKS:
    """Record a PMKS type assessed for the household (or one of its members)."""
    keluarga = _kunci_keluarga(keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    _pastikan_aktif(keluarga)
    if not jenis.aktif:
        raise ValidationError({"jenis": ["Jenis PMKS ini sudah tidak dipakai."]})
    if anggota is not None and anggota.keluarga_id != keluarga.pk:
        raise ValidationError({"anggota": ["Anggota harus anggota keluarga ini."]})
    batas.periksa_field(
        "tanggal_asesmen", tanggal_asesmen, *KlasifikasiPMKS._meta.get_field("tanggal_asesmen").validators
    )
    ada = KlasifikasiPMKS.objects.filter(keluarga=keluarga, jenis=jenis, anggota=anggota, aktif=True)
    if ada.exists():
        siapa = "anggota tersebut" if anggota else "keluarga ini"
        raise ValidationError({"jenis": [f"{jenis.nama} sudah tercatat untuk {siapa}."]})
    with pghistory.context(user=user.pk):
        try:
            with transaction.atomic():
                return KlasifikasiPMKS.objects.create(
                    keluarga=keluarga, anggota=anggota, jenis=jenis, tanggal_asesmen=tanggal_asesmen,
                    dinilai_oleh=user, catatan=(catatan or "").strip(),
                )
        except IntegrityError as exc:
            raise _terjemahkan_integrity_error(exc) from exc


@transaction.atomic
def klasifikasi_cabut(*, user, klasifikasi: KlasifikasiPMKS, alasan: str) -> KlasifikasiPMKS:
    """Revoke a classification (kept, marked inactive, with the reason)."""
    keluarga = _kunci_keluarga(klasifikasi.keluarga)
    _pastikan_boleh_tulis(user, keluarga.kelurahan)
    klasifikasi = KlasifikasiPMKS.objects.select_for_update().get(pk=klasifikasi.pk, keluarga=keluarga)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan pencabutan wajib diisi."]})
    if not klasifikasi.aktif:
        raise ValidationError("Klasifikasi ini sudah dicabut.")
    klasifikasi.aktif = False
    klasifikasi.alasan_dicabut = alasan
    with pghistory.context(user=user.pk, alasan=alasan):
        klasifikasi.save(update_fields=["aktif", "alasan_dicabut"])
    return klasifikasi
