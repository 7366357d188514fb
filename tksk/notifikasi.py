"""Notifications: one API for every app, an in-app centre and extra channels (e-mail, later WhatsApp).

Callers (services of any app) call, right after the status change they report::

    from tksk.notifikasi import beri_tahu
    beri_tahu(usulan.diusulkan_oleh, "usulan_disetujui", "Usulan … disetujui", url, kunci=f"usulan:{pk}:…")

- ``kunci`` names the event: a user gets at most one notification per ``kunci`` (a unique
  constraint; the insert is ``ON CONFLICT DO NOTHING``, so a retry, a second run of a periodic scan
  or two racing requests never duplicate it and never abort the caller's transaction).
- It runs inside the caller's transaction: a rolled-back status change leaves no notification.
  Deliveries on the extra channels the user chose in their profile are queued as background jobs
  in that same transaction (procrastinate shares Django's connection), so they exist exactly when
  the notification does, and the request never waits for a mail server.
- ``jenis`` is a key of ``JENIS``; an app with new kinds adds them with ``daftarkan_jenis``.

Channels: a ``Kanal`` subclass per channel, registered with ``daftarkan_kanal`` (``KANAL``). The
profile form offers every registered channel; the delivery job calls ``Kanal.kirim``. A WhatsApp
gateway is one more subclass: callers do not change.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from .models import Notifikasi, Pengguna, PreferensiNotifikasi

log = logging.getLogger(__name__)

# kind → label shown on the list (and the e-mail subject prefix)
JENIS: dict[str, str] = {
    "usulan_disetujui": "Usulan disetujui",
    "usulan_ditolak": "Usulan ditolak",
    "usulan_dikembalikan": "Usulan dikembalikan",
    "laporan_diterima": "Laporan diterima",
    "laporan_dikembalikan": "Laporan dikembalikan",
    "impor_selesai": "Impor selesai",
    "aduan_ditugaskan": "Aduan ditugaskan",
    "aduan_hampir_tenggat": "Aduan hampir jatuh tempo",
    "aduan_terlambat": "Aduan terlambat",
    "tindak_lanjut_jatuh_tempo": "Tindak lanjut jatuh tempo",
}
PANJANG_JUDUL = Notifikasi._meta.get_field("judul").max_length
PANJANG_URL = Notifikasi._meta.get_field("url").max_length
PANJANG_KUNCI = Notifikasi._meta.get_field("kunci").max_length
BATAS_HITUNG = 99  # the bell shows "99+" beyond this; the count query never reads more rows


def daftarkan_jenis(kode: str, label: str) -> None:
    """An app adds a notification kind (call from ``AppConfig.ready``)."""
    JENIS[kode] = label


# --- channels ------------------------------------------------------------------------------------
class Kanal:
    """A delivery channel besides the in-app list. Subclasses set ``kode``/``nama`` and implement
    ``kirim``; ``bisa_untuk`` says whether the user can be reached there at all."""

    kode: ClassVar[str]
    nama: ClassVar[str]
    keterangan: ClassVar[str] = ""

    def bisa_untuk(self, pengguna: Pengguna) -> bool:
        return True

    def kirim(self, notifikasi: Notifikasi) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class KanalEmail(Kanal):
    """E-mail through Django's e-mail backend (console in development, SMTP in production)."""

    kode = "email"
    nama = "E-mail"
    keterangan = "Dikirim ke alamat e-mail akun Anda."

    def bisa_untuk(self, pengguna: Pengguna) -> bool:
        return bool(pengguna.email)

    def kirim(self, notifikasi: Notifikasi) -> None:
        penerima = notifikasi.penerima
        tautan = f"{settings.SIDAMPING_ALAMAT_SITUS.rstrip('/')}{notifikasi.url}" if notifikasi.url else ""
        isi = (
            f"Yth. {penerima.nama_tampil},\n\n{notifikasi.judul}\n\n"
            + (f"Buka: {tautan}\n\n" if tautan else "")
            + "Pesan ini dikirim otomatis oleh Sidamping. Pilihan saluran notifikasi dapat diubah di profil Anda."
        )
        send_mail(
            subject=f"[Sidamping] {notifikasi.judul}"[:200], message=isi,
            from_email=None, recipient_list=[penerima.email], fail_silently=False,
        )


KANAL: dict[str, Kanal] = {}


def daftarkan_kanal(kanal: Kanal) -> None:
    KANAL[kanal.kode] = kanal


daftarkan_kanal(KanalEmail())


# --- creating ------------------------------------------------------------------------------------
def _periksa_url(url: str) -> str:
    url = (url or "").strip()
    if url and (not url.startswith("/") or url.startswith("//") or len(url) > PANJANG_URL):
        raise ValueError(f"URL notifikasi harus path di situs ini (maks. {PANJANG_URL} karakter): {url!r}")
    return url


def beri_tahu(penerima: Pengguna | None, jenis: str, judul: str, url: str, *, kunci: str) -> Notifikasi | None:
    """Notify ``penerima`` of the event ``kunci`` once. Returns the new notification, or ``None``
    when this user was already notified of this event (or there is nobody to notify)."""
    if penerima is None:
        return None
    if jenis not in JENIS:
        raise ValueError(f"Jenis notifikasi tidak dikenal: {jenis!r} (daftarkan dengan daftarkan_jenis).")
    if not kunci or len(kunci) > PANJANG_KUNCI:
        raise ValueError(f"kunci notifikasi wajib, maks. {PANJANG_KUNCI} karakter.")
    url = _periksa_url(url)
    judul = " ".join((judul or "").split())
    if len(judul) > PANJANG_JUDUL:
        judul = judul[: PANJANG_JUDUL - 1] + "…"
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(
                f"""INSERT INTO {Notifikasi._meta.db_table}
                        (penerima_id, jenis, judul, url, kunci, dibuat_pada, kanal_terkirim)
                    VALUES (%s, %s, %s, %s, %s, %s, '[]'::jsonb)
                    ON CONFLICT (penerima_id, kunci) DO NOTHING RETURNING id""",
                [penerima.pk, jenis, judul, url, kunci, timezone.now()],
            )
            baris = cur.fetchone()
        if baris is None:
            return None
        notifikasi = Notifikasi.objects.select_related("penerima").get(pk=baris[0])
        for kode in kanal_pilihan(penerima):
            _antrekan_pengiriman(notifikasi.pk, kode)
    return notifikasi


def _antrekan_pengiriman(notifikasi_id: int, kode: str) -> None:
    from .tasks import kirim_notifikasi  # the task module imports this one

    kirim_notifikasi.configure(
        queueing_lock=f"notifikasi:{notifikasi_id}:{kode}"
    ).defer(notifikasi_id=notifikasi_id, kanal=kode)


def kanal_pilihan(pengguna: Pengguna) -> list[str]:
    """The extra channels the user chose that exist and can reach them."""
    pref = PreferensiNotifikasi.objects.filter(pengguna=pengguna).values_list("kanal", flat=True).first() or []
    return [k for k in pref if k in KANAL and KANAL[k].bisa_untuk(pengguna)]


def notifikasi_kirim(*, notifikasi_id: int, kanal: str) -> bool:
    """Deliver one notification on one channel (the background job). True when it was sent now.

    Sent at most once per channel: the row is locked and ``kanal_terkirim`` checked and extended
    in one transaction, so a retried job after a success does nothing. A channel error propagates
    (the job is retried by the queue); a channel removed since, or a user no longer reachable
    there (e-mail address emptied), is skipped.
    """
    with transaction.atomic():
        n = Notifikasi.objects.select_for_update(of=("self",)).select_related("penerima").filter(
            pk=notifikasi_id
        ).first()
        if n is None or kanal in n.kanal_terkirim:
            return False
        saluran = KANAL.get(kanal)
        if saluran is None or not saluran.bisa_untuk(n.penerima) or not n.penerima.is_active:
            return False
        saluran.kirim(n)
        n.kanal_terkirim = [*n.kanal_terkirim, kanal]
        n.save(update_fields=["kanal_terkirim"])
    return True


# --- reading and marking (scoped to the recipient: nobody reads another user's list) -------------
def notifikasi_milik(pengguna: Pengguna):
    return Notifikasi.objects.filter(penerima=pengguna)


def jumlah_belum_dibaca(pengguna: Pengguna) -> int:
    """Unread count for the bell: one query reading at most ``BATAS_HITUNG + 1`` index entries."""
    return notifikasi_milik(pengguna).filter(dibaca_pada__isnull=True)[: BATAS_HITUNG + 1].count()


def notifikasi_tandai_dibaca(*, pengguna: Pengguna, pk: int) -> Notifikasi:
    """Mark one of the user's notifications read (idempotent). Another user's id: ``DoesNotExist``."""
    n = notifikasi_milik(pengguna).get(pk=pk)
    if n.dibaca_pada is None:
        notifikasi_milik(pengguna).filter(pk=pk, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
        n.refresh_from_db(fields=["dibaca_pada"])
    return n


def notifikasi_tandai_semua_dibaca(*, pengguna: Pengguna) -> int:
    return notifikasi_milik(pengguna).filter(dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())


# --- the user's channel choice (profile) --------------------------------------------------------
def preferensi_untuk(pengguna: Pengguna) -> PreferensiNotifikasi:
    """The user's choice; without a saved row, an unsaved default (version 0): reading writes nothing."""
    return PreferensiNotifikasi.objects.filter(pengguna=pengguna).first() or PreferensiNotifikasi(pengguna=pengguna)


@transaction.atomic
def preferensi_ubah(*, pengguna: Pengguna, versi: object, kanal: list[str], email: str) -> PreferensiNotifikasi:
    """Save the user's channels (and e-mail address) from the profile form; ``versi`` as opened."""
    from .konkurensi import versi_periksa_naikkan

    PreferensiNotifikasi.objects.get_or_create(pengguna=pengguna)
    pref = PreferensiNotifikasi.objects.select_for_update().get(pengguna=pengguna)
    versi_periksa_naikkan(pref, versi)
    tidak_dikenal = [k for k in kanal if k not in KANAL]
    if tidak_dikenal:
        raise ValidationError({"kanal": "Pilih saluran dari daftar."})
    email = (email or "").strip()
    if "email" in kanal and not email:
        raise ValidationError({"email": "Isi alamat e-mail untuk menerima notifikasi lewat e-mail."})
    pref.kanal = [k for k in KANAL if k in kanal]  # registry order, no duplicates
    pref.save(update_fields=["kanal", "versi", "diubah_pada"])
    if email != pengguna.email:
        pengguna.email = email
        pengguna.save(update_fields=["email"])
    return pref
