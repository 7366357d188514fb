"""Wilayah (Kemendagri regions) and accounts with a role and an area.

Invariants:
- ``Wilayah.kode`` is the dotted Kemendagri code (``35.74.04.1003``); a child's code starts with
  its parent's code followed by a dot, so "everything inside X" is a prefix match on ``kode``.
- A TKSK's area is one kecamatan; Staf Dinas Sosial's area is a kota/kabupaten (Dinas Sosial
  kab/kota) or a province (Dinas Sosial Provinsi, reading every kab/kota below it); a Pejabat's area
  is a kecamatan, a kota/kabupaten or a province; an Administrator needs no area.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Tingkat(models.TextChoices):
    PROVINSI = "provinsi", "Provinsi"
    KOTA = "kota", "Kota"
    KABUPATEN = "kabupaten", "Kabupaten"
    KECAMATAN = "kecamatan", "Kecamatan"
    KELURAHAN = "kelurahan", "Kelurahan"
    DESA = "desa", "Desa"


TINGKAT_DESA_KELURAHAN = (Tingkat.KELURAHAN, Tingkat.DESA)
TINGKAT_KOTA_KABUPATEN = (Tingkat.KOTA, Tingkat.KABUPATEN)


class WilayahQuerySet(models.QuerySet):
    def di_dalam(self, induk: Wilayah) -> WilayahQuerySet:
        """All regions strictly inside ``induk``."""
        return self.filter(kode__startswith=f"{induk.kode}.")

    def kelurahan(self) -> WilayahQuerySet:
        return self.filter(tingkat__in=TINGKAT_DESA_KELURAHAN)

    def kecamatan(self) -> WilayahQuerySet:
        return self.filter(tingkat=Tingkat.KECAMATAN)


class Wilayah(models.Model):
    """A region at any level, keyed by its Kemendagri code."""

    kode = models.CharField("kode Kemendagri", max_length=13, unique=True)
    nama = models.CharField(max_length=100)
    tingkat = models.CharField(max_length=10, choices=Tingkat.choices)
    induk = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="anak"
    )
    kode_bps = models.CharField("kode BPS", max_length=10, blank=True)

    objects = WilayahQuerySet.as_manager()

    class Meta:
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        ordering = ["kode"]

    def __str__(self) -> str:
        tingkat = self.get_tingkat_display()
        # Kemendagri names a city "Kota Probolinggo" already: no "Kota Kota Probolinggo".
        return self.nama if self.nama.startswith(f"{tingkat} ") else f"{tingkat} {self.nama}"

    def clean(self) -> None:
        if self.induk_id and not self.kode.startswith(f"{self.induk.kode}."):
            raise ValidationError({"kode": "Kode wilayah harus diawali kode induknya."})

    @property
    def kode_polos(self) -> str:
        """The code without dots (``3574041003``), as in NIK and No. KK prefixes."""
        return self.kode.replace(".", "")

    @property
    def adalah_kelurahan(self) -> bool:
        return self.tingkat in TINGKAT_DESA_KELURAHAN

    def mencakup(self, other: Wilayah) -> bool:
        return other.kode == self.kode or other.kode.startswith(f"{self.kode}.")


class Peran(models.TextChoices):
    TKSK = "tksk", "TKSK"
    DINSOS = "dinsos", "Staf Dinas Sosial"
    PEJABAT = "pejabat", "Pejabat"
    ADMIN = "admin", "Administrator"


class Pengguna(AbstractUser):
    """A user of Sidamping: one role, and (except for administrators) one area."""

    peran = models.CharField(max_length=10, choices=Peran.choices, default=Peran.TKSK)
    wilayah = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pengguna",
        help_text="TKSK: kecamatan. Staf Dinas Sosial: kota/kabupaten atau provinsi. "
        "Pejabat: kecamatan, kota/kabupaten atau provinsi.",
    )
    nip = models.CharField("NIP", max_length=30, blank=True)
    jabatan = models.CharField(max_length=100, blank=True)
    telepon = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        allowed = {
            Peran.TKSK: (Tingkat.KECAMATAN,),
            Peran.DINSOS: (*TINGKAT_KOTA_KABUPATEN, Tingkat.PROVINSI),
            Peran.PEJABAT: (Tingkat.KECAMATAN, *TINGKAT_KOTA_KABUPATEN, Tingkat.PROVINSI),
        }.get(self.peran)
        if allowed is None:
            return
        if self.wilayah_id is None:
            raise ValidationError({"wilayah": "Wilayah tugas wajib diisi untuk peran ini."})
        if self.wilayah.tingkat not in allowed:
            raise ValidationError(
                {"wilayah": f"Peran {self.get_peran_display()} harus bertugas di tingkat "
                 f"{' / '.join(allowed)}."}
            )

    @property
    def nama_tampil(self) -> str:
        return self.get_full_name() or self.username


# --- Safe saving: edit conflicts and one-time form tokens (used by every app's forms) ------------
class ModelBerversi(models.Model):
    """Abstract: a row version for optimistic edit checks.

    Invariant: ``versi`` only grows; every edit service compares the version its form was opened
    with against the locked row and increments it in the same transaction
    (``tksk.konkurensi.versi_periksa_naikkan``), so an edit based on an older read is refused.
    """

    versi = models.PositiveIntegerField(
        default=0, editable=False, help_text="Naik satu setiap kali data diubah lewat formulir."
    )

    class Meta:
        abstract = True


class TokenFormulir(models.Model):
    """A one-time token carried by a create form, so a double tap or a resend creates one record.

    Invariants: a token belongs to one user and one target path (the form's action URL); it is
    consumed (``url_hasil`` set) inside the create's transaction, under a row lock, at most once.
    Tokens older than ``tksk.konkurensi.UMUR_TOKEN`` are deleted when new ones are issued.
    Offline tokens (``luring``: the UUID was made by the phone for an outbox item, pmks/luring/)
    are kept ``UMUR_TOKEN_LURING``, so a sync retried after days offline still finds its first save.
    """

    token = models.UUIDField(primary_key=True)
    pengguna = models.ForeignKey(Pengguna, on_delete=models.CASCADE, related_name="+")
    tujuan = models.CharField(max_length=300, help_text="Path formulir yang boleh memakai token ini.")
    dibuat_pada = models.DateTimeField(db_index=True)
    dipakai_pada = models.DateTimeField(null=True, blank=True)
    url_hasil = models.CharField(max_length=300, blank=True, help_text="Halaman data yang dibuat dengan token ini.")
    luring = models.BooleanField(
        default=False, help_text="Dibuat ponsel untuk kiriman dari kotak keluar luring; disimpan lebih lama."
    )

    class Meta:
        verbose_name = "token formulir"
        verbose_name_plural = "token formulir"

    def __str__(self) -> str:
        return str(self.token)


# --- Notifications (tksk/notifikasi.py is the one way to create them) ---------------------------
class Notifikasi(models.Model):
    """One in-app notification for one user about one event.

    Invariants: ``(penerima, kunci)`` is unique, so the same event (``kunci``, e.g.
    ``usulan:12:disetujui:3``) notifies a user once however often the code path runs or races
    (``tksk.notifikasi.beri_tahu`` inserts with ON CONFLICT DO NOTHING). ``jenis`` is a key of
    ``tksk.notifikasi.JENIS`` (kept out of the schema so apps add kinds without a migration);
    ``url`` is a path inside this site. ``kanal_terkirim`` lists the extra channels (e-mail, …)
    that already delivered it, so a retried delivery job never sends twice.
    """

    penerima = models.ForeignKey(Pengguna, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(max_length=40)
    judul = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    kunci = models.CharField(max_length=200)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dibaca_pada = models.DateTimeField(null=True, blank=True)
    kanal_terkirim = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-dibuat_pada", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["penerima", "kunci"], name="notifikasi_satu_per_peristiwa"),
        ]
        indexes = [
            models.Index(fields=["penerima", "-dibuat_pada"], name="notifikasi_penerima_baru"),
            models.Index(
                fields=["penerima"], condition=models.Q(dibaca_pada__isnull=True), name="notifikasi_belum_dibaca"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penerima}: {self.judul}"

    @property
    def sudah_dibaca(self) -> bool:
        return self.dibaca_pada is not None


class PreferensiNotifikasi(ModelBerversi):
    """Which extra channels a user receives notifications on (in the app: always).

    Invariant: ``kanal`` only holds codes of ``tksk.notifikasi.KANAL`` (the profile form offers
    only those; unknown codes are ignored when sending). Edits carry ``versi``.
    """

    pengguna = models.OneToOneField(Pengguna, on_delete=models.CASCADE, related_name="preferensi_notifikasi")
    kanal = models.JSONField(default=list, blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "preferensi notifikasi"
        verbose_name_plural = "preferensi notifikasi"

    def __str__(self) -> str:
        return f"Preferensi notifikasi {self.pengguna}"
