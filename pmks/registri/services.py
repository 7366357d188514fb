"""Writes to the PMKS household registry.

Every function is keyword-only, runs in one transaction, checks the user's right to write the
household's kelurahan, and raises ``ValidationError`` with a message in Bahasa Indonesia.
Soft NIK warnings and probable duplicates raise ``PerluKonfirmasi`` until the user confirms them
(NIK warnings with a reason stored on the member). Error keys for member rows are
``"anggota.<index>.<field>"`` so the form layer can put them on the right formset row.
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS, PerpindahanAnggota, RiwayatNoKK
from tksk import batas
from tksk.konkurensi import versi_naikkan, versi_periksa_naikkan
from tksk.permissions import Aksi, wajib
from tksk.transisi import pindah_status

from . import choices as c
from .desil import desil_catat, sumber_dari_teks
from .desil import riwayat_awal_isi as desil_riwayat_awal_isi
from .rules import DataAnggota, periksa_susunan_keluarga
from .validasi import GalatKeluarga as GalatKeluarga  # raised by keluarga_daftarkan / keluarga_ubah
from .validasi import PerluKonfirmasi as PerluKonfirmasi  # raised by keluarga_daftarkan / keluarga_ubah
from .validasi import periksa_anggota, periksa_no_kk_baru

KOLOM_KELUARGA = [
    "kelurahan", "alamat", "rt", "rw", "latitude", "longitude",
    "status_kepemilikan_rumah", "luas_lantai", "lantai", "dinding", "atap", "sumber_air_minum",
    "penerangan", "fasilitas_bab", "desil", "sumber_desil", "tanggal_desil", "perkiraan_penghasilan", "catatan",
]
KOLOM_ANGGOTA = [
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
    "pendidikan", "pekerjaan", "disabilitas",
]

PESAN_KONSTRAINT = {
    "anggota_nik_key": ("nik", "NIK ini baru saja didaftarkan oleh pengguna lain. Periksa kembali."),
    "keluarga_no_kk_key": ("no_kk", "No. KK ini baru saja didaftarkan oleh pengguna lain. Periksa kembali."),
    "satu_kepala_aktif_per_keluarga": (
        NON_FIELD_ERRORS, "Satu keluarga hanya boleh memiliki satu kepala keluarga aktif."
    ),
    "klasifikasi_keluarga_unik_aktif": (NON_FIELD_ERRORS, "Jenis PMKS ini sudah tercatat untuk keluarga tersebut."),
    "klasifikasi_anggota_unik_aktif": (NON_FIELD_ERRORS, "Jenis PMKS ini sudah tercatat untuk anggota tersebut."),
}


def _gabung_galat(errors: dict, exc: Exception) -> GalatKeluarga:
    """Household-level ``errors`` plus what the member checks raised (errors and/or confirmations)."""
    if isinstance(exc, PerluKonfirmasi):
        return GalatKeluarga(errors, exc)
    return GalatKeluarga({**errors, **exc.message_dict}, getattr(exc, "konfirmasi", None))


# --- helpers ------------------------------------------------------------------------------
PESAN_TULIS = "Anda tidak berwenang mengubah data keluarga di wilayah ini."


def _kunci_keluarga(keluarga: Keluarga) -> Keluarga:
    """Re-read the household under a row lock: concurrent edits wait instead of overwriting."""
    return Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga.pk)


def _periksa_aktif(keluarga: Keluarga) -> None:
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


def _periksa_keluarga(obj: Keluarga) -> None:
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
        wajib(user, Aksi.UBAH_DATA, wilayah=kelurahan, pesan=PESAN_TULIS)
        if not kelurahan.adalah_kelurahan:
            errors["kelurahan"] = ["Pilih kelurahan/desa, bukan kecamatan atau kota."]
    try:
        no_kk = periksa_no_kk_baru(user=user, no_kk=data.get("no_kk"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        no_kk = ""
    keluarga = Keluarga(no_kk=no_kk or "0" * 16, didaftarkan_oleh=user)
    _isi_keluarga(keluarga, {k: v for k, v in data.items() if k != "kelurahan" or v is not None})
    try:
        _periksa_keluarga(keluarga)
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items() if k not in errors})
    try:
        bersih = periksa_anggota(
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
    pemberitahuan_versi: int | None = None,
) -> Keluarga:
    """Register a household with its members (``data`` includes ``no_kk`` and ``kelurahan``) and the
    PMKS types assessed at registration (``jenis_pmks``, each through ``klasifikasi_tambah``);
    ``pemberitahuan_versi``: the household was informed of that privacy-notice version (UU PDP)."""
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
        _desil_dari_formulir(keluarga, None, oleh=user)
    hari_ini = timezone.localdate()
    for jenis in jenis_pmks:
        try:
            klasifikasi_tambah(user=user, keluarga=keluarga, jenis=jenis, tanggal_asesmen=hari_ini)
        except ValidationError as exc:
            raise ValidationError({"jenis_pmks": exc.messages}) from exc
    if pemberitahuan_versi is not None:
        from . import pdp

        try:
            pdp.pemberitahuan_catat(user=user, keluarga=keluarga, versi=pemberitahuan_versi)
        except ValidationError as exc:
            raise ValidationError({"diberi_tahu_privasi": exc.messages}) from exc
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
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    _periksa_aktif(keluarga)
    if "kelurahan" in data and data["kelurahan"] is not None:
        wajib(user, Aksi.UBAH_DATA, wilayah=data["kelurahan"], pesan=PESAN_TULIS)
    versi_periksa_naikkan(keluarga, versi)
    bersih, lama = _siapkan_ubah(
        user=user, keluarga=keluarga, data=data, anggota=anggota, konfirmasi_duplikat=konfirmasi_duplikat
    )

    desil_sebelum = Keluarga.objects.filter(pk=keluarga.pk).values_list("desil", "sumber_desil", "tanggal_desil")[0]
    with pghistory.context(user=user.pk):
        if desil_sebelum != (keluarga.desil, keluarga.sumber_desil, keluarga.tanggal_desil):
            desil_riwayat_awal_isi([keluarga.pk])  # the stored value enters the history before it is replaced
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
        if desil_sebelum != (keluarga.desil, keluarga.sumber_desil, keluarga.tanggal_desil):
            _desil_dari_formulir(keluarga, desil_sebelum[0], oleh=user)
    return keluarga


def _desil_dari_formulir(keluarga: Keluarga, desil_sebelum: int | None, *, oleh) -> None:
    """A desil typed on the form is a position in the household's history (``pmks.registri.desil``):
    the newest position decides the household's desil."""
    if keluarga.desil is None:
        return
    desil_catat(keluarga=keluarga, desil=keluarga.desil, sumber=sumber_dari_teks(keluarga.sumber_desil),
                posisi_data=keluarga.tanggal_desil, desil_sebelum=desil_sebelum, keterangan=keluarga.sumber_desil,
                oleh=oleh)


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
        _periksa_keluarga(keluarga)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        bersih = periksa_anggota(
            user=user, anggota=anggota, lama=lama, tetap=tetap, konfirmasi_duplikat=konfirmasi_duplikat
        )
    except (ValidationError, PerluKonfirmasi) as exc:
        if errors or isinstance(exc, ValidationError):
            raise _gabung_galat(errors, exc) from exc
        raise
    if errors:
        raise GalatKeluarga(errors)
    return bersih, lama


def _pesan_status_keluarga(keluarga: Keluarga, ke: str) -> dict:
    tujuan = c.StatusKeluarga(ke).label if ke in c.StatusKeluarga.values else ke
    return {"status": [f"Status keluarga tidak dapat diubah dari \u201c{keluarga.get_status_display()}\u201d "
                       f"menjadi \u201c{tujuan}\u201d."]}


@transaction.atomic
def keluarga_ubah_status(*, user, keluarga: Keluarga, status: str, alasan: str) -> Keluarga:
    """Archive (pindah / meninggal semua / tidak ditemukan) or re-activate a household, with a reason."""
    keluarga = _kunci_keluarga(keluarga)
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan perubahan status wajib diisi."]})
    with pghistory.context(user=user.pk, alasan=alasan):  # the history row: pghistory's trigger
        pindah_status(
            keluarga, status, user, transisi=c.TRANSISI, riwayat=None, pesan_status=_pesan_status_keluarga,
            wilayah=keluarga.kelurahan, pesan_peran=PESAN_TULIS, ubah={"alasan_status": alasan},
        )
    return keluarga


@transaction.atomic
def keluarga_ganti_no_kk(*, user, keluarga: Keluarga, no_kk_baru: str, alasan: str) -> Keluarga:
    """Give a household a new No. KK (move, pecah KK, death of the head); the old one goes to history."""
    keluarga = _kunci_keluarga(keluarga)
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    _periksa_aktif(keluarga)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan pergantian No. KK wajib diisi."]})
    no_kk = periksa_no_kk_baru(user=user, no_kk=no_kk_baru, kecuali_pk=keluarga.pk)
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
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    anggota = Anggota.objects.select_for_update().get(pk=anggota.pk, keluarga=keluarga)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": ["Alasan perubahan keberadaan wajib diisi."]})
    if status not in c.StatusAnggota.values or status == c.StatusAnggota.DIGABUNG:
        raise ValidationError({"status": ["Status keberadaan tidak dikenal."]})
    if anggota.status == c.StatusAnggota.DIGABUNG:
        raise ValidationError(
            {"status": ["Data ini sudah digabung ke data lain dan diarsipkan; statusnya tidak dapat diubah."]}
        )
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
    wajib(user, Aksi.UBAH_DATA, wilayah=[dari.kelurahan, ke.kelurahan], pesan=PESAN_TULIS)
    _periksa_aktif(ke)
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
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    _periksa_aktif(keluarga)
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
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
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
