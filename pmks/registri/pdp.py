"""UU 27/2022 PDP: the privacy notice, informing a household of it, and consent withdrawal.

**Dibatasi** (restricted) has ONE definition, :func:`dibatasi_q`: the household's consent was
withdrawn (a ``PenarikanPersetujuan`` row exists). Everything that must treat such a household
differently calls it (directly or through :func:`keluarga_dibatasi` / :func:`tanpa_dibatasi`):

- ``bantuan.services.usulan._periksa_keluarga_bisa_diusulkan``: no new proposal (Pasal 40: the
  controller stops processing that rests on the withdrawn consent);
- the registry exports (``pmks.impor.views.ekspor_unduh``): the household and its members are left out;
- the household page shows a banner; the record itself stays (audit, and what other law still
  requires: aid already approved/distributed is accounted for, aggregate counts stay).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from pmks.models import Keluarga, PemberitahuanKeluarga, PemberitahuanPrivasi, PenarikanPersetujuan
from tksk import batas
from tksk.permissions import Aksi, wajib

PESAN_TULIS = "Peran Anda hanya dapat melihat data."
PESAN_DIBATASI = (
    "Keluarga ini telah menarik persetujuan pemrosesan data pribadinya (UU 27/2022 Pasal 40): "
    "tidak dapat diusulkan untuk bantuan baru."
)

TEKS_AWAL = """Dinas Sosial mencatat data keluarga Bapak/Ibu (nomor KK, NIK, nama, tanggal lahir, alamat, \
kondisi rumah, kondisi kesejahteraan, disabilitas, dan foto kunjungan) untuk pendampingan dan penyaluran \
bantuan sosial, berdasarkan tugas pemerintah daerah di bidang sosial dan persetujuan Bapak/Ibu.

Data anak dan data kesehatan/disabilitas adalah data pribadi yang bersifat spesifik dan dijaga lebih ketat. \
Data hanya dibuka oleh petugas yang berwenang (TKSK kecamatan, Dinas Sosial) dan setiap pembukaan dicatat.

Bapak/Ibu berhak: meminta salinan data (akses), meminta perbaikan, meminta penghapusan, dan menarik \
persetujuan, melalui TKSK atau kantor Dinas Sosial. Permintaan dijawab paling lambat 3 x 24 jam \
(UU 27/2022 tentang Pelindungan Data Pribadi). Penarikan persetujuan menghentikan pengusulan bantuan baru; \
catatan yang diwajibkan peraturan (bantuan yang sudah diterima) tetap disimpan."""


# --- The notice ---------------------------------------------------------------------------------
def pemberitahuan_berlaku() -> PemberitahuanPrivasi:
    """The notice in force (the highest version). Before an administrator saved one: version 1 with
    ``TEKS_AWAL``, unsaved (a page view writes nothing; recording a household stores it)."""
    terbaru = PemberitahuanPrivasi.objects.order_by("-versi").first()
    return terbaru if terbaru is not None else PemberitahuanPrivasi(versi=1, teks=TEKS_AWAL)


def _pemberitahuan_tersimpan(versi: int) -> PemberitahuanPrivasi | None:
    ada = PemberitahuanPrivasi.objects.filter(versi=versi).first()
    if ada is not None or versi != 1 or PemberitahuanPrivasi.objects.exists():
        return ada
    try:
        with transaction.atomic():
            return PemberitahuanPrivasi.objects.create(versi=1, teks=TEKS_AWAL)
    except IntegrityError:  # stored by a parallel request
        return PemberitahuanPrivasi.objects.get(versi=1)


@transaction.atomic
def pemberitahuan_simpan(*, oleh, teks: str, judul: str = "") -> PemberitahuanPrivasi:
    """A changed notice text is a NEW version; earlier versions (and who was informed of them) stay."""
    wajib(oleh, Aksi.ADMIN_SITUS, pesan="Hanya administrator yang dapat mengubah pemberitahuan privasi.")
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError({"teks": "Teks pemberitahuan wajib diisi."})
    batas.periksa_field("teks", teks, *PemberitahuanPrivasi._meta.get_field("teks").validators)
    # Version 1 is always TEKS_AWAL (forms may have shown it before anything was stored), so the first
    # saved text is version 2. Lock the highest row: version numbers are given out one at a time.
    _pemberitahuan_tersimpan(1)
    list(PemberitahuanPrivasi.objects.select_for_update().order_by("-versi")[:1])
    terakhir = PemberitahuanPrivasi.objects.order_by("-versi").values_list("versi", flat=True).first() or 0
    baru = PemberitahuanPrivasi(versi=terakhir + 1, teks=teks, dibuat_oleh=oleh)
    if judul.strip():
        baru.judul = judul.strip()[:200]
    baru.save()
    return baru


def pemberitahuan_terakhir(keluarga: Keluarga) -> PemberitahuanKeluarga | None:
    """The latest record of the household being informed; ``None`` = "belum diberi tahu"."""
    return keluarga.pemberitahuan_privasi.select_related("pemberitahuan", "oleh").order_by("-pada", "-id").first()


@transaction.atomic
def pemberitahuan_catat(*, user, keluarga: Keluarga, versi: int | None = None) -> PemberitahuanKeluarga:
    """``user`` informed ``keluarga`` of notice version ``versi`` (the one shown; default: in force)."""
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    pemberitahuan = _pemberitahuan_tersimpan(pemberitahuan_berlaku().versi if versi is None else versi)
    if pemberitahuan is None:
        raise ValidationError("Versi pemberitahuan privasi tidak dikenal; muat ulang halaman.")
    sudah = f"Keluarga ini sudah tercatat diberi tahu pemberitahuan privasi versi {pemberitahuan.versi}."
    if PemberitahuanKeluarga.objects.filter(keluarga=keluarga, pemberitahuan=pemberitahuan).exists():
        raise ValidationError(sudah)
    try:
        with transaction.atomic():
            return PemberitahuanKeluarga.objects.create(keluarga=keluarga, pemberitahuan=pemberitahuan, oleh=user)
    except IntegrityError as exc:
        raise ValidationError(sudah) from exc


# --- Restriction after consent withdrawal -------------------------------------------------------
def dibatasi_q(kolom_keluarga: str = "pk") -> Exists:
    """THE definition of "dibatasi": the household (``kolom_keluarga`` of the filtered model, e.g.
    ``"pk"`` on Keluarga, ``"keluarga_id"`` on Anggota) has withdrawn its consent.

    Use at the top level of ``filter()`` (``filter(dibatasi_q())`` / ``filter(~dibatasi_q())``): a
    semi-/anti-join on an indexed key (README, "Plans that do not depend on the planner's luck")."""
    return Exists(PenarikanPersetujuan.objects.filter(keluarga_id=OuterRef(kolom_keluarga)))


def keluarga_dibatasi(keluarga: Keluarga | int) -> bool:
    pk = keluarga.pk if isinstance(keluarga, Keluarga) else keluarga
    return Keluarga.objects.filter(pk=pk).filter(dibatasi_q()).exists()


def tanpa_dibatasi(qs: QuerySet, kolom_keluarga: str = "pk") -> QuerySet:
    """``qs`` without restricted households (exports, lists handed outside the office)."""
    return qs.filter(~dibatasi_q(kolom_keluarga))


def periksa_tidak_dibatasi(keluarga: Keluarga) -> None:
    if keluarga_dibatasi(keluarga):
        raise ValidationError(PESAN_DIBATASI)


@transaction.atomic
def persetujuan_tarik(*, user, keluarga: Keluarga, alasan: str) -> PenarikanPersetujuan:
    """Record the household's withdrawal of consent (TKSK of the kecamatan or Dinas Sosial). Final."""
    keluarga = Keluarga.objects.select_for_update().select_related("kelurahan").get(pk=keluarga.pk)
    wajib(user, Aksi.UBAH_DATA, wilayah=keluarga.kelurahan, pesan=PESAN_TULIS)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": "Alasan penarikan persetujuan wajib diisi."})
    batas.periksa_field("alasan", alasan, *PenarikanPersetujuan._meta.get_field("alasan").validators)
    if PenarikanPersetujuan.objects.filter(keluarga=keluarga).exists():
        raise ValidationError("Persetujuan keluarga ini sudah ditarik sebelumnya.")
    return PenarikanPersetujuan.objects.create(keluarga=keluarga, oleh=user, alasan=alasan)


def keadaan_privasi(keluarga: Keluarga) -> dict:
    """What the household page shows: informed (which version, by whom) and the withdrawal."""
    berlaku = pemberitahuan_berlaku()
    terakhir = pemberitahuan_terakhir(keluarga)
    return {
        "berlaku": berlaku,
        "terakhir": terakhir,
        "perlu_diberi_tahu": terakhir is None or terakhir.pemberitahuan.versi < berlaku.versi,
        "penarikan": PenarikanPersetujuan.objects.filter(keluarga=keluarga).select_related("oleh").first(),
    }
