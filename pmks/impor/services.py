"""Writes of the import feature: upload, check (preview), confirm, commit, cancel.

The check and the commit run in the background worker (procrastinate, ``pmks.impor.tasks``)
for large files and in the request for small ones. What an import does is decided by a
*pemroses* per kind of import: the registry import lives here; other apps (e.g. the BNBA
import of ``bantuan``) register theirs with ``daftarkan_pemroses`` in ``AppConfig.ready()``,
so pmks never imports them.

All-or-nothing: the commit re-plans against the current registry and writes inside ONE
transaction; any error (or a killed process) rolls everything back.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import BigIntegerField, CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from tksk.permissions import WILAYAH_TUGAS, Aksi, wajib
from tksk.scoping import wilayah_tugas

from ..models import Anggota, Keluarga, KlasifikasiPMKS
from .baca import BerkasTidakTerbaca, PembacaanGagal, baca_tabel
from .models import Impor, JenisImpor, StatusImpor
from .periksa import Galat, HasilUrai, urai
from .rencana import rencanakan
from .tulis import tulis_rencana

log = logging.getLogger(__name__)

EKSTENSI = (".xlsx", ".csv")


def _setelan(nama: str, bawaan: int) -> int:
    return int(getattr(settings, nama, bawaan))


def maks_galat() -> int:
    """Errors stored per import (the rest are counted): beyond it the file is refused outright."""
    return _setelan("SIDAMPING_IMPOR_MAKS_GALAT", 1000)


def maks_peringatan() -> int:
    return _setelan("SIDAMPING_IMPOR_MAKS_PERINGATAN", 10_000)


BERJALAN = (StatusImpor.MEMERIKSA, StatusImpor.MENYIMPAN)


def menit_macet() -> int:
    """Minutes without a heartbeat after which a running import counts as dead."""
    return _setelan("SIDAMPING_IMPOR_MENIT_MACET", 5)


class ImporDitolak(ValidationError):
    pass


# --- Kinds of import -----------------------------------------------------------------------


@dataclass(frozen=True)
class Pemroses:
    """What one kind of import does.

    - ``periksa(impor, data, progres)`` parses and checks the file and returns
      ``(kept, ringkasan, galat, peringatan)``; ``kept`` is pickled for the commit.
    - ``simpan(impor, kept)`` runs inside the commit transaction; it re-checks against the
      database and writes, returning ``(ringkasan, galat)``; any galat rolls everything back.
    - ``label`` maps ringkasan keys to Indonesian labels for the preview.
    """

    periksa: Callable
    simpan: Callable
    label: dict[str, str]
    aksi: Aksi = Aksi.IMPOR_DATA
    judul_peringatan: str = "peringatan NIK (boleh disimpan dengan alasan)"
    peringatan_perlu_alasan: bool = True
    kolom_wajib: tuple = ("nik", "no_kk")
    pengenal: Callable | None = None  # header cell → column code (None: the registry's columns)
    judul_kolom: dict[str, str] | None = None  # column code → header, for messages
    peringatan_di_hasil: bool = False  # the warnings (rows not written) stay listed after the save
    # Files up to SIDAMPING_IMPOR_BATAS_LANGSUNG × this are handled in the request: for kinds whose rows
    # are tiny (desil: ~25 bytes a row against ~150 for the registry), bytes say less about the work.
    skala_batas_langsung: float = 1.0


_PEMROSES: dict[str, Pemroses] = {}


def daftarkan_pemroses(jenis: str, pemroses: Pemroses) -> None:
    _PEMROSES[jenis] = pemroses


def pemroses_untuk(jenis: str) -> Pemroses:
    if jenis not in _PEMROSES:
        # Higher apps keep their import kinds in an ``impor_<jenis>`` module (e.g. bantuan.impor_bnba);
        # discovered at run time so that pmks never imports them at module level.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules(f"impor_{jenis}")
    return _PEMROSES[jenis]


def _progres(impor_id: int, persen: int, tahap: str) -> None:
    Impor.objects.filter(pk=impor_id).update(progres=max(0, min(100, persen)), tahap=tahap,
                                             diperbarui_pada=timezone.now())


@contextmanager
def _detak(impor_id: int):
    """Beat ``diperbarui_pada`` from a side thread (its own connection, so it is seen even while the
    commit transaction runs) for as long as this process works on the import. When the process
    dies the beat stops, and ``impor_tandai_macet`` takes the import out of its running status."""
    jeda = _setelan("SIDAMPING_IMPOR_DETIK_DETAK", 20)
    berhenti = threading.Event()

    def berdetak() -> None:
        try:
            while not berhenti.wait(jeda):
                Impor.objects.filter(pk=impor_id, status__in=BERJALAN).update(diperbarui_pada=timezone.now())
        except Exception:  # pragma: no cover - a lost heartbeat only makes the import look stale sooner
            log.exception("Detak impor %s berhenti", impor_id)
        finally:
            connections.close_all()  # this thread's connections only

    benang = threading.Thread(target=berdetak, name=f"detak-impor-{impor_id}", daemon=True)
    benang.start()
    try:
        yield
    finally:
        berhenti.set()
        benang.join(timeout=5)


def _tandai_gagal(impor_id: int, pesan: str) -> None:
    Impor.objects.filter(pk=impor_id, status__in=BERJALAN).update(
        status=StatusImpor.GAGAL, pesan=pesan, progres=100, tahap="", selesai_pada=timezone.now(),
        diperbarui_pada=timezone.now(),
    )


def _galat_json(galat: list[Galat]) -> list[list]:
    return [[g.baris, g.kolom, g.pesan] for g in galat]


def _peringatan_json(peringatan: list[Galat]) -> list[list]:
    return [[g.baris, g.kolom, g.pesan, g.kode] for g in peringatan]


# --- Registry import (households and members) ---------------------------------------------

LABEL_REGISTRI = {
    "keluarga_baru": "Keluarga baru",
    "keluarga_ubah": "Keluarga diperbarui",
    "keluarga_sama": "Keluarga tidak berubah",
    "anggota_baru": "Anggota baru",
    "anggota_ubah": "Anggota diperbarui",
    "anggota_sama": "Anggota tidak berubah",
    "klasifikasi_baru": "Klasifikasi PMKS baru",
}


def _penanda_registri(user) -> tuple:
    """Changes whenever the registry changes (newest history event per table) or the user's area
    does: if it is the same at commit time as at preview time, the preview's plan still holds."""
    from django.db.models import Max

    terakhir = (m.pgh_event_model.objects.aggregate(n=Max("pgh_id"))["n"] for m in (Keluarga, Anggota, KlasifikasiPMKS))
    return (user.peran, user.wilayah_id, *terakhir)


def _registri_periksa(impor: Impor, data: bytes, progres: Callable[[int, str], None]):
    progres(2, "Membaca berkas")
    tabel = baca_tabel(data, impor.nama_berkas, kolom_wajib=("nik", "no_kk"))
    progres(15, f"Memeriksa {len(tabel.baris)} baris")

    def tiap(i: int, total: int) -> None:
        progres(15 + int(60 * i / max(total, 1)), f"Memeriksa baris {i} dari {total}")

    hasil = urai(tabel, user=impor.oleh, progres=tiap, maks_galat=maks_galat())
    hasil.nama_berkas = impor.nama_berkas
    if hasil.jumlah_galat > maks_galat():  # refused anyway: spare the comparison with the registry
        return None, {"jumlah_baris": hasil.jumlah_baris, "jumlah_galat": hasil.jumlah_galat}, hasil.galat, []
    progres(78, "Mencocokkan dengan registri")
    penanda = _penanda_registri(impor.oleh)  # taken BEFORE planning: any later write invalidates the plan
    rencana = rencanakan(hasil, user=impor.oleh)
    simpan = {"hasil": hasil, "rencana": None if rencana.galat else rencana, "penanda": penanda}
    return simpan, {**rencana.ringkasan(), "jumlah_baris": hasil.jumlah_baris}, rencana.galat, rencana.peringatan


def _registri_simpan(impor: Impor, simpan: dict):
    """Inside the commit transaction (after the import lock): reuse the preview's plan when the
    registry has not changed since; otherwise plan again against the current registry."""
    hasil: HasilUrai = simpan["hasil"]
    rencana = simpan.get("rencana")
    if rencana is None or simpan.get("penanda") != _penanda_registri(impor.oleh):
        rencana = rencanakan(hasil, user=impor.oleh)
    if rencana.galat:
        return rencana.ringkasan(), rencana.galat
    tulis_rencana(rencana, user=impor.oleh, impor=impor)
    return {**rencana.ringkasan(), "jumlah_baris": hasil.jumlah_baris}, []


daftarkan_pemroses(JenisImpor.REGISTRI, Pemroses(_registri_periksa, _registri_simpan, LABEL_REGISTRI))


# --- The import lifecycle --------------------------------------------------------------------


PESAN_PERAN = "Peran Anda tidak berwenang mengimpor data."


def impor_buat(*, user, berkas, jenis: str = JenisImpor.REGISTRI, parameter: dict | None = None) -> Impor:
    """Record an uploaded file (kept for audit) and start checking it."""
    pemroses = pemroses_untuk(jenis)
    wajib(user, pemroses.aksi, wilayah=WILAYAH_TUGAS, pesan=PESAN_PERAN)
    nama = (berkas.name or "").rsplit("/", 1)[-1]
    if not nama.lower().endswith(EKSTENSI):
        raise ImporDitolak("Format berkas tidak didukung. Unggah .xlsx atau .csv.")
    maks = _setelan("SIDAMPING_IMPOR_MAKS_BYTE", 40 * 1024 * 1024)
    if berkas.size > maks:
        raise ImporDitolak(f"Berkas terlalu besar (maks. {maks // (1024 * 1024)} MB).")
    if berkas.size == 0:
        raise ImporDitolak("Berkas kosong.")
    impor = Impor(jenis=jenis, nama_berkas=nama[:255], ukuran=berkas.size, oleh=user,
                  wilayah=wilayah_tugas(user), parameter=parameter or {}, tahap="Menunggu giliran")
    impor.berkas.save(nama, berkas, save=False)
    impor.save()
    return impor


def jalankan(tugas, impor: Impor) -> None:
    """Small files are handled in the request; large ones go to the background worker (procrastinate)."""
    batas = _setelan("SIDAMPING_IMPOR_BATAS_LANGSUNG", 256 * 1024) * pemroses_untuk(impor.jenis).skala_batas_langsung
    if impor.ukuran <= batas:
        tugas(impor_id=impor.pk, latar=False)
        return
    # The job id is remembered to tell "queued" from "dead" (impor_tandai_macet).
    job_id = tugas.defer(impor_id=impor.pk)
    Impor.objects.filter(pk=impor.pk).update(tugas_id=str(job_id), diperbarui_pada=timezone.now())


def _pesan_terlalu_banyak(jumlah: int, maks: int) -> str:
    def angka(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    return (f"Berkas ditolak: terlalu banyak galat ({angka(jumlah)} galat). Hanya {angka(maks)} galat pertama yang "
            "disimpan dan ditampilkan (juga di laporan galat). Periksa format berkas (gunakan templat), perbaiki, "
            "lalu unggah lagi.")


def impor_periksa(*, impor_id: int) -> Impor:
    """Parse and check the file, keep the parsed rows, and record the preview (worker).

    Whatever happens (a crash of the parser child, an exception here), the import leaves
    ``memeriksa``: ``siap``/``galat`` with the preview, or ``gagal`` with a message.
    """
    return _jalankan_tahap(impor_id, StatusImpor.MEMERIKSA, _periksa, "memeriksa berkas")


def _jalankan_tahap(impor_id: int, status: str, tahap, uraian: str) -> Impor:
    """Run one stage of an import that is in ``status``, with a heartbeat; any exception marks the
    import failed with a message (nothing is written: the save is one transaction)."""
    impor = Impor.objects.select_related("oleh").get(pk=impor_id)
    if impor.status != status:
        return impor
    try:
        with _detak(impor.pk):
            tahap(impor)
    except Exception:
        log.exception("Impor %s gagal saat %s", impor.pk, uraian)
        _tandai_gagal(impor.pk, f"Terjadi kesalahan sistem saat {uraian}. Tidak ada data yang disimpan.")
    impor.refresh_from_db()
    return impor


def _periksa(impor: Impor) -> None:
    pemroses = pemroses_untuk(impor.jenis)
    _progres(impor.pk, 1, "Membaca berkas")
    try:
        with impor.berkas.open("rb") as f:
            data = f.read()
        simpan, ringkasan, galat, peringatan = pemroses.periksa(
            impor, data, lambda persen, tahap: _progres(impor.pk, persen, tahap)
        )
    except PembacaanGagal as exc:
        impor.status, impor.pesan = StatusImpor.GAGAL, str(exc)
    except BerkasTidakTerbaca as exc:
        impor.status, impor.pesan, impor.galat, impor.jumlah_galat = StatusImpor.GALAT, str(exc), [[0, "", str(exc)]], 1
    else:
        if simpan is not None:
            impor.hasil_urai.save(f"{impor.pk}.pickle", ContentFile(pickle.dumps(simpan, protocol=5)), save=False)
        maks = maks_galat()
        jumlah = max(len(galat), int(ringkasan.get("jumlah_galat", 0)))
        impor.ringkasan = ringkasan
        impor.jumlah_baris = ringkasan.get("jumlah_baris", 0)
        impor.galat, impor.jumlah_galat = _galat_json(galat[:maks]), jumlah
        impor.peringatan = _peringatan_json(peringatan[:maks_peringatan()])
        impor.jumlah_peringatan = len(peringatan)
        impor.status = StatusImpor.GALAT if jumlah else StatusImpor.SIAP
        if jumlah > maks:
            impor.pesan = _pesan_terlalu_banyak(jumlah, maks)
    impor.progres, impor.tahap, impor.diperiksa_pada = 100, "", timezone.now()
    impor.diperbarui_pada = timezone.now()
    impor.save()


def impor_konfirmasi(*, user, impor: Impor, alasan_peringatan: str = "") -> Impor:
    """The uploader confirms the preview; exactly one confirmation wins (conditional update)."""
    if impor.oleh_id != user.pk:
        raise PermissionDenied("Hanya pengunggah berkas yang dapat mengonfirmasi impor ini.")
    wajib(user, pemroses_untuk(impor.jenis).aksi, wilayah=WILAYAH_TUGAS, pesan=PESAN_PERAN)
    alasan = (alasan_peringatan or "").strip()
    if impor.peringatan and pemroses_untuk(impor.jenis).peringatan_perlu_alasan and not alasan:
        raise ValidationError({"alasan_peringatan": "Tuliskan alasan untuk mengonfirmasi peringatan NIK."})
    diubah = Impor.objects.filter(pk=impor.pk, status=StatusImpor.SIAP).update(
        status=StatusImpor.MENYIMPAN, alasan_peringatan=alasan, mulai_simpan_pada=timezone.now(), progres=0,
        tahap="Menunggu giliran", tugas_id="", diperbarui_pada=timezone.now(), pesan="",
    )
    if not diubah:
        impor.refresh_from_db()
        raise ValidationError(f"Impor ini tidak dapat disimpan (status: {impor.get_status_display()}).")
    impor.refresh_from_db()
    return impor


def impor_simpan(*, impor_id: int) -> Impor:
    """Write a confirmed import in ONE transaction (worker). On any error nothing is written."""
    return _jalankan_tahap(impor_id, StatusImpor.MENYIMPAN, _simpan, "menyimpan")


def _simpan(impor: Impor) -> None:
    pemroses = pemroses_untuk(impor.jenis)
    _progres(impor.pk, 10, "Menyimpan dalam satu transaksi")
    with impor.hasil_urai.open("rb") as f:
        simpan = pickle.load(f)  # noqa: S301 - written by impor_periksa, never user-supplied
    galat: list[Galat] = []
    try:
        with transaction.atomic(), pghistory.context(user=impor.oleh_id, impor=impor.pk):
            with connection.cursor() as cur:  # one import at a time
                cur.execute("SELECT pg_advisory_xact_lock(hashtext('sidamping.impor'))")
            ringkasan, galat = pemroses.simpan(impor, simpan)
            if galat:
                raise _Batal
            Impor.objects.filter(pk=impor.pk).update(
                status=StatusImpor.SELESAI, ringkasan=ringkasan, progres=100, tahap="", selesai_pada=timezone.now(),
            )
    except _Batal:
        Impor.objects.filter(pk=impor.pk).update(
            status=StatusImpor.GALAT, galat=_galat_json(galat[:maks_galat()]), jumlah_galat=len(galat), progres=100,
            tahap="", pesan="Registri berubah sejak pratinjau; periksa galat di bawah. Tidak ada data yang disimpan.",
        )
    except (IntegrityError, ValidationError) as exc:
        log.warning("Impor %s dibatalkan: %s", impor.pk, exc)
        Impor.objects.filter(pk=impor.pk).update(
            status=StatusImpor.GAGAL, progres=100, tahap="",
            pesan="Data bentrok dengan perubahan lain saat disimpan. Tidak ada data yang disimpan; "
            "unggah ulang berkas.",
        )


class _Batal(Exception):
    """Roll the commit transaction back because the re-check found errors."""


def impor_batalkan(*, user, impor: Impor) -> Impor:
    if impor.oleh_id != user.pk:
        raise PermissionDenied("Hanya pengunggah berkas yang dapat membatalkan impor ini.")
    diubah = Impor.objects.filter(pk=impor.pk, status__in=[StatusImpor.SIAP, StatusImpor.GALAT]).update(
        status=StatusImpor.DIBATALKAN, selesai_pada=timezone.now()
    )
    if not diubah:
        raise ValidationError("Impor ini tidak dapat dibatalkan lagi.")
    impor.refresh_from_db()
    return impor


def impor_pulihkan(*, user, impor: Impor) -> Impor:
    """An import whose worker died while saving wrote nothing (one transaction): allow a retry."""
    if impor.oleh_id != user.pk:
        raise PermissionDenied("Hanya pengunggah berkas yang dapat mengulang impor ini.")
    if impor.status == StatusImpor.SIAP:  # already taken out of "menyimpan" by the stale rule on this read
        return impor
    batas = timezone.now() - timedelta(minutes=menit_macet())
    diubah = Impor.objects.filter(
        Q(diperbarui_pada__lt=batas) | Q(diperbarui_pada__isnull=True),  # no heartbeat: nothing runs it
        pk=impor.pk, status=StatusImpor.MENYIMPAN, mulai_simpan_pada__lt=batas,
    ).update(status=StatusImpor.SIAP, progres=0, tahap="")
    if not diubah:
        raise ValidationError("Impor ini masih berjalan atau sudah selesai.")
    impor.refresh_from_db()
    return impor


# --- Imports whose process died ----------------------------------------------------------------

PESAN_MACET_PERIKSA = ("Pemeriksaan berkas terhenti sebelum selesai (proses latar belakang mati atau dihentikan). "
                       "Tidak ada data yang disimpan; unggah ulang berkas.")
PESAN_MACET_SIMPAN = ("Penyimpanan sebelumnya terhenti sebelum selesai (proses latar belakang mati atau dihentikan). "
                      "Karena disimpan dalam satu transaksi, tidak ada data yang tersimpan. Periksa pratinjau lalu "
                      "simpan lagi.")


def _tugas_berstatus(*status: str):
    """EXISTS: the import's background job (procrastinate) has one of ``status``."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    return Exists(ProcrastinateJob.objects.filter(
        pk=Cast(NullIf(OuterRef("tugas_id"), Value("", output_field=CharField())), BigIntegerField()),
        status__in=status,
    ))


def impor_tandai_macet(*, pk: int | None = None, pekerja_mati: bool = False) -> int:
    """Take imports whose process died out of ``memeriksa``/``menyimpan``. Returns how many.

    Dead means: no heartbeat for ``SIDAMPING_IMPOR_MENIT_MACET`` minutes (default 5) while not
    waiting in the queue, or its background task has ended although the import still runs, or
    (``pekerja_mati=True``, when the only worker is being (re)started) its task was being run by a
    worker. A dead check becomes ``gagal``; a dead save goes back to ``siap`` (its single
    transaction was rolled back), so the uploader can confirm again. Applied when an import's
    status is read and by ``manage.py impor_pulihkan_macet`` before the worker starts.
    """
    sekarang = timezone.now()
    batas = sekarang - timedelta(minutes=menit_macet())
    qs = Impor.objects.filter(status__in=BERJALAN)
    if pk is not None:
        qs = qs.filter(pk=pk)
    basi = Q(diperbarui_pada__lt=batas) | Q(diperbarui_pada__isnull=True, dibuat_pada__lt=batas)
    # A job that finished successfully is deleted (PROCRASTINATE_WORKER_DEFAULTS): an import with
    # a job id whose job is neither queued nor running has lost its task.
    qs = qs.annotate(_antri=_tugas_berstatus("todo"), _jalan=_tugas_berstatus("doing"))
    usai = ~Q(tugas_id="") & Q(_antri=False, _jalan=False)
    basi = (basi & Q(_antri=False)) | usai
    if pekerja_mati:
        basi |= Q(_jalan=True)
    mati = list(qs.filter(basi).values_list("pk", flat=True))
    if not mati:
        return 0
    n = Impor.objects.filter(pk__in=mati, status=StatusImpor.MEMERIKSA).update(
        status=StatusImpor.GAGAL, pesan=PESAN_MACET_PERIKSA, progres=100, tahap="", selesai_pada=sekarang,
    )
    n += Impor.objects.filter(pk__in=mati, status=StatusImpor.MENYIMPAN).update(
        status=StatusImpor.SIAP, pesan=PESAN_MACET_SIMPAN, progres=0, tahap="", tugas_id="",
    )
    if n:
        log.warning("%s impor macet dihentikan: %s", n, mati)
    return n
