"""UU 27/2022 PDP: data subjects' requests (permintaan subjek data) and their answers.

Kinds (``choices.JenisPermintaan``) and how each is answered by ``permintaan_selesaikan``:

- **akses**: a PDF of everything held on the person (:func:`data_pribadi`, through ``tksk.pdf``);
  downloading it writes one access-log row, and the request is closed only after it was downloaded;
- **perbaikan**: the correction is made with the household's ordinary edit (recorded by
  django-pghistory); the request is closed only when such a change exists after its receipt, and
  records when it was made;
- **penghapusan**: :func:`anonimkan` (irreversible), refused while the household is an active aid
  recipient unless Dinas Sosial confirms;
- **penarikan**: ``pmks.registri.pdp.persetujuan_tarik``.

Deadlines: :data:`TENGGAT_HARI_BAWAAN`, overridable per kind with ``settings.SIDAMPING_TENGGAT_PERMINTAAN_PDP``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pghistory
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from pmks import ekstensi
from pmks.models import (
    AksesData,
    Anggota,
    Ekspor,
    JenisAkses,
    Keluarga,
    PermintaanSubjekData,
    RiwayatNoKK,
    RiwayatPermintaan,
)
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tksk import batas
from tksk.permissions import Aksi, wajib
from tksk.scoping import get_for_user
from tksk.transisi import pindah_status

from . import choices as c
from . import pdp

J = c.JenisPermintaan
S = c.StatusPermintaan

# Days from receipt (3 × 24 jam = 3 days) per kind. Source, our reading of UU 27/2022 (verify with the
# Dinas' legal office): access and a copy within 3 × 24 h of the request (Pasal 32); correction/update
# within 3 × 24 h (Pasal 30); stopping processing after consent withdrawal within 3 × 24 h (Pasal 40).
# For erasure (Pasal 8 right, Pasal 43 obligation) we found no hour limit we could confirm; the same
# 3 days is the conservative default. A Dinas sets its own with SIDAMPING_TENGGAT_PERMINTAAN_PDP.
TENGGAT_HARI_BAWAAN: dict[str, int] = {J.AKSES: 3, J.PERBAIKAN: 3, J.PENGHAPUSAN: 3, J.PENARIKAN: 3}

AWALAN_ANONIM = "00"  # no province has code 00: an anonymised NIK / No. KK can never be a real one
NAMA_ANONIM = "Dianonimkan"
PESAN_PERAN = "Peran Anda tidak berwenang menangani permintaan subjek data."
PESAN_WILAYAH = "Permintaan ini di luar wilayah tugas Anda."


def tenggat_hari(jenis: str) -> int:
    return {**TENGGAT_HARI_BAWAAN, **getattr(settings, "SIDAMPING_TENGGAT_PERMINTAAN_PDP", {})}[jenis]


def terlambat(permintaan: PermintaanSubjekData, sekarang: datetime | None = None) -> bool:
    """Still unanswered after its deadline."""
    return permintaan.status == S.DITERIMA and (sekarang or timezone.now()) > permintaan.tenggat


def adalah_anonim(nomor: str) -> bool:
    return nomor.startswith(AWALAN_ANONIM)


# --- Reads --------------------------------------------------------------------------------------
def get_permintaan_for_user(user, pk: int, *, write: bool = False) -> PermintaanSubjekData:
    return get_for_user(
        PermintaanSubjekData.objects.select_related("keluarga__kelurahan__induk", "anggota", "dicatat_oleh"),
        user, "keluarga__kelurahan", write=write, aksi=Aksi.UBAH_DATA if write else None, pk=pk,
    )


def permintaan_daftar(user, *, hanya_terbuka: bool = False):
    qs = PermintaanSubjekData.objects.for_user(user).select_related("keluarga__kelurahan", "anggota")
    return qs.terbuka() if hanya_terbuka else qs.order_by("status", "tenggat", "id")


# --- Writes -------------------------------------------------------------------------------------
@transaction.atomic
def permintaan_catat(
    *, user, keluarga: Keluarga, jenis: str, nama_pemohon: str, uraian: str = "", anggota: Anggota | None = None,
    diterima_pada: datetime | None = None,
) -> PermintaanSubjekData:
    """Record a request received (TKSK of the kecamatan or Dinas Sosial); its deadline is fixed now."""
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    if jenis not in J.values:
        raise ValidationError({"jenis": "Jenis permintaan tidak dikenal."})
    if anggota is not None and anggota.keluarga_id != keluarga.pk:
        raise ValidationError({"anggota": "Orang ini bukan anggota keluarga tersebut."})
    nama_pemohon = (nama_pemohon or "").strip()
    if not nama_pemohon:
        raise ValidationError({"nama_pemohon": "Nama pemohon wajib diisi."})
    diterima_pada = diterima_pada or timezone.now()
    p = PermintaanSubjekData(
        keluarga=keluarga, anggota=anggota, jenis=jenis, nama_pemohon=nama_pemohon, uraian=(uraian or "").strip(),
        diterima_pada=diterima_pada, tenggat=diterima_pada + timedelta(days=tenggat_hari(jenis)), dicatat_oleh=user,
    )
    p.full_clean(exclude=["keluarga", "anggota", "dicatat_oleh", "diselesaikan_oleh"])
    p.save()
    RiwayatPermintaan.objects.create(permintaan=p, dari="", ke=S.DITERIMA, oleh=user, catatan="Permintaan dicatat.")
    return p


def _pesan_status(permintaan, ke) -> str:
    return f"Permintaan ini sudah berstatus “{permintaan.get_status_display()}”."


def _pindah(permintaan, ke: str, user, *, catatan: str, prasyarat=None, ubah: dict | None = None):
    return pindah_status(
        permintaan, ke, user, transisi=c.TRANSISI_PERMINTAAN, wilayah=permintaan.keluarga.kelurahan,
        pesan_status=_pesan_status, pesan_peran=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH, prasyarat=prasyarat,
        ubah=ubah,
        riwayat=lambda dari, ke: RiwayatPermintaan.objects.create(
            permintaan=permintaan, dari=dari, ke=ke, oleh=user, catatan=catatan
        ),
    )


def _kunci(permintaan: PermintaanSubjekData) -> PermintaanSubjekData:
    return (
        PermintaanSubjekData.objects.select_for_update(of=("self",))
        .select_related("keluarga__kelurahan", "anggota").get(pk=permintaan.pk)
    )


@transaction.atomic
def permintaan_tolak(*, user, permintaan: PermintaanSubjekData, alasan: str) -> PermintaanSubjekData:
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": "Alasan penolakan wajib diisi."})
    batas.periksa_field("alasan", alasan, *batas.validator_teks())
    permintaan = _kunci(permintaan)
    _pindah(permintaan, S.DITOLAK, user, catatan=alasan, ubah={
        "jawaban": alasan, "diselesaikan_oleh": user, "diselesaikan_pada": timezone.now(),
    })
    return permintaan


def keterangan_pdf(permintaan: PermintaanSubjekData) -> str:
    return f"PDF data pribadi, permintaan subjek data #{permintaan.pk}"


def _ev(nama: str):
    """A django-pghistory event model of this app (``KeluargaEvent``, ``AnggotaEvent``, ``KunjunganEvent``)."""
    return apps.get_model("pmks", nama)


def _perubahan_sejak(permintaan: PermintaanSubjekData) -> datetime | None:
    """When the household or the person was last changed after receipt (the edit itself, with who and
    what, is in the household's django-pghistory history)."""
    sejak = permintaan.diterima_pada
    kandidat = [
        Keluarga.objects.filter(pk=permintaan.keluarga_id, diubah_pada__gt=sejak).values_list("diubah_pada", flat=True)
        .first()
    ]
    orang = Anggota.objects.filter(keluarga_id=permintaan.keluarga_id, diubah_pada__gt=sejak)
    if permintaan.anggota_id:
        orang = Anggota.objects.filter(pk=permintaan.anggota_id, diubah_pada__gt=sejak)
    kandidat.append(orang.order_by("-diubah_pada").values_list("diubah_pada", flat=True).first())
    kandidat = [k for k in kandidat if k is not None]
    return max(kandidat) if kandidat else None


@transaction.atomic
def permintaan_selesaikan(
    *, user, permintaan: PermintaanSubjekData, jawaban: str, konfirmasi_dinsos: bool = False
) -> PermintaanSubjekData:
    """Answer the request (see the module docstring: each kind's answer is carried out here)."""
    jawaban = (jawaban or "").strip()
    batas.periksa_field("jawaban", jawaban, *batas.validator_teks())
    permintaan = _kunci(permintaan)
    ubah = {"jawaban": jawaban, "diselesaikan_oleh": user, "diselesaikan_pada": timezone.now()}

    def prasyarat():
        if permintaan.jenis == J.AKSES:
            if not AksesData.objects.filter(
                jenis=JenisAkses.EKSPOR, keluarga_id=permintaan.keluarga_id, keterangan=keterangan_pdf(permintaan)
            ).exists():
                raise ValidationError("Unduh dulu PDF data pribadi untuk diserahkan kepada pemohon.")
        elif permintaan.jenis == J.PERBAIKAN:
            pada = _perubahan_sejak(permintaan)
            if pada is None:
                raise ValidationError(
                    "Belum ada perbaikan data sejak permintaan diterima: perbaiki dulu lewat \u201cUbah data\u201d."
                )
            ubah["perbaikan_pada"] = pada
        elif permintaan.jenis == J.PENGHAPUSAN:
            anonimkan(user=user, keluarga=permintaan.keluarga, anggota=permintaan.anggota,
                      konfirmasi_dinsos=konfirmasi_dinsos, alasan=f"Permintaan subjek data #{permintaan.pk}")
        elif permintaan.jenis == J.PENARIKAN:
            if not pdp.keluarga_dibatasi(permintaan.keluarga):
                pdp.persetujuan_tarik(user=user, keluarga=permintaan.keluarga,
                                      alasan=jawaban or permintaan.uraian or f"Permintaan subjek data #{permintaan.pk}")

    _pindah(permintaan, S.SELESAI, user, catatan=jawaban or "Permintaan dijawab.", prasyarat=prasyarat, ubah=ubah)
    return permintaan


# --- Access: everything held on the person -------------------------------------------------------
def data_pribadi(permintaan: PermintaanSubjekData, *, user) -> dict:
    """The context of the access PDF: the person (or every member), the household, classifications,
    and the household's timeline (registration, visits, referrals, proposals, distributions: every
    source registered with ``pmks.ekstensi.daftarkan_linimasa``)."""
    from pmks.pendampingan.selectors.linimasa import linimasa_keluarga

    keluarga = permintaan.keluarga
    anggota = [permintaan.anggota] if permintaan.anggota_id else list(keluarga.anggota.order_by("tanggal_lahir", "id"))
    klasifikasi = keluarga.klasifikasi.select_related("jenis", "anggota").order_by("-tanggal_asesmen", "id")
    if permintaan.anggota_id:
        klasifikasi = klasifikasi.filter(anggota__isnull=True) | klasifikasi.filter(anggota_id=permintaan.anggota_id)
    return {
        "permintaan": permintaan,
        "keluarga": keluarga,
        "anggota_list": anggota,
        "klasifikasi_list": list(klasifikasi),
        "linimasa": linimasa_keluarga(keluarga, user),
        "pemberitahuan": pdp.pemberitahuan_terakhir(keluarga),
        "penarikan": pdp.keadaan_privasi(keluarga)["penarikan"],
        "dicetak_pada": timezone.now(),
    }


# --- Erasure = anonymisation ---------------------------------------------------------------------
def _nomor_anonim(pk: int) -> str:
    return f"{AWALAN_ANONIM}{pk:014d}"


def _tanggal_umum(tanggal: date) -> date:
    """Day and month dropped, the year kept (figures by age group stay the same)."""
    return date(tanggal.year, 7, 1)


def _ganti_teks(teks: str, lama: list[str]) -> str:
    for nama in lama:
        if nama and len(nama) >= 3:
            teks = teks.replace(nama, "[dianonimkan]")
    return teks


@transaction.atomic
def anonimkan(
    *, user, keluarga: Keluarga, anggota: Anggota | None = None, konfirmasi_dinsos: bool = False, alasan: str = "",
) -> None:
    """Irreversibly replace the personal data of ``anggota`` (or of the whole household when ``None``).

    Replaced: NIK (→ ``00`` + id, never a real NIK), name, birth place, birth date (→ 1 July of the
    birth year), the NIK confirmation note; for a whole household also No. KK (and earlier numbers),
    address, RT/RW, coordinates, notes and the visit photos (files deleted). The person's name is
    blanked out of visit notes. Kept: status, sex, relation, kelurahan, PMKS classifications,
    registration date, proposals and distributions (counts by kelurahan/jenis and every report
    figure stay the same; frozen report snapshots hold figures only and are not touched).
    History (django-pghistory event rows) is rewritten the same way, so the old NIK / name are
    nowhere in the database afterwards; bantuan's frozen household records through
    ``pmks.ekstensi.daftarkan_pemegang_data``. Upload files of past imports are NOT rewritten.
    """
    keluarga = Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga.pk)
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH)
    pemegang = ekstensi.pemegang_data()
    if any(p.penerima_aktif(keluarga) for p in pemegang):
        if not konfirmasi_dinsos:
            raise ValidationError(
                "Keluarga ini masih penerima bantuan aktif: penghapusan perlu konfirmasi Dinas Sosial."
            )
        wajib(user, Aksi.VERIFIKASI_USULAN, pesan=(
            "Keluarga ini masih penerima bantuan aktif: hanya Dinas Sosial yang dapat mengonfirmasi penghapusan."
        ))
    orang = [anggota] if anggota is not None else list(keluarga.anggota.all())
    orang = [a for a in Anggota.objects.select_for_update().filter(pk__in=[a.pk for a in orang])]
    if anggota is not None and adalah_anonim(anggota.nik):
        raise ValidationError("Data orang ini sudah dianonimkan.")
    if anggota is None and adalah_anonim(keluarga.no_kk):
        raise ValidationError("Data keluarga ini sudah dianonimkan.")

    pengganti_orang: dict[int, dict] = {}
    lama_teks: list[str] = []
    lama_nomor: list[str] = []
    with pghistory.context(user=user.pk, alasan=alasan or "Anonimisasi (UU PDP)"):
        for a in orang:
            if not adalah_anonim(a.nik):
                pengganti_orang[a.pk] = _anonimkan_orang(a)
                lama_teks.append(a.nama)
                lama_nomor.append(a.nik)
        pengganti_keluarga = None
        if anggota is None:
            pengganti_keluarga, nomor, teks = _anonimkan_keluarga(keluarga)
            lama_nomor += nomor
            lama_teks += teks
        _anonimkan_catatan_kunjungan(keluarga, lama_teks)
        # The export log's saved filters may hold a searched NIK / No. KK.
        for nomor in lama_nomor:
            Ekspor.objects.filter(filter__q=nomor).update(filter={"q": "[dianonimkan]"})
    for p in pemegang:
        p.anonimkan(keluarga, {"anggota": pengganti_orang, "keluarga": pengganti_keluarga})


def _anonimkan_orang(a: Anggota) -> dict:
    """One member's row and its history rows; returns what replaced what (for other apps' copies)."""
    baru = {
        "nik": _nomor_anonim(a.pk), "nama": NAMA_ANONIM, "tempat_lahir": "",
        "tanggal_lahir": _tanggal_umum(a.tanggal_lahir), "alasan_konfirmasi_nik": "",
    }
    Anggota.objects.filter(pk=a.pk).update(**baru, peringatan_nik_dikonfirmasi=[])
    # History: the old values must not survive in the event rows either.
    _ev("AnggotaEvent").objects.filter(pgh_obj_id=a.pk).update(**baru, peringatan_nik_dikonfirmasi=[])
    return {**baru, "nama_lama": a.nama, "tanggal_lahir": baru["tanggal_lahir"].isoformat()}


def _anonimkan_keluarga(keluarga: Keluarga) -> tuple[dict, list[str], list[str]]:
    """The household's own fields, history rows, earlier No. KK and the photos of visits to it alone.
    Returns (the replacement values, the old numbers, the old texts)."""
    baru = {
        "no_kk": _nomor_anonim(keluarga.pk), "alamat": NAMA_ANONIM, "rt": "", "rw": "", "latitude": None,
        "longitude": None, "catatan": "",
    }
    nomor = [keluarga.no_kk, *RiwayatNoKK.objects.filter(keluarga=keluarga).values_list("no_kk", flat=True)]
    teks = [keluarga.alamat]
    k = Keluarga.objects.get(pk=keluarga.pk)
    for kolom, nilai in baru.items():
        setattr(k, kolom, nilai)
    k.versi += 1  # an edit form opened before is stale
    k.save(update_fields=[*baru, "versi", "diubah_pada"])
    _ev("KeluargaEvent").objects.filter(pgh_obj_id=keluarga.pk).update(**baru)
    RiwayatNoKK.objects.filter(keluarga=keluarga).update(no_kk=baru["no_kk"])
    # Photos of visits to this household alone (a group session's photos show other families too).
    sendiri = Kunjungan.objects.annotate(n=Count("keluarga")).filter(n=1).filter(keluarga=keluarga)
    for foto in FotoKunjungan.objects.filter(kunjungan__in=sendiri.values("pk")):
        foto.berkas.delete(save=False)
        foto.delete()
    return {kolom: baru[kolom] for kolom in ("no_kk", "alamat", "rt", "rw")}, nomor, teks


def _anonimkan_catatan_kunjungan(keluarga: Keluarga, lama: list[str]) -> None:
    kolom = [f.name for f in Kunjungan._meta.fields if f.get_internal_type() == "TextField"]
    for k in Kunjungan.objects.filter(keluarga=keluarga):
        ubah = {f: _ganti_teks(getattr(k, f), lama) for f in kolom if getattr(k, f)}
        ubah = {f: v for f, v in ubah.items() if v != getattr(k, f)}
        if ubah:
            Kunjungan.objects.filter(pk=k.pk).update(**ubah)
            _ev("KunjunganEvent").objects.filter(pgh_obj_id=k.pk).update(**ubah)
