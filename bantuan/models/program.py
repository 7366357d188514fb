"""Aid programs (managed by Dinas Sosial, or external like PKH/BPNT) and their quotas.

Invariants:
- ``periode_mulai <= periode_selesai``; the period is what overlap checks compare.
- ``tidak_boleh_bersamaan`` is symmetric: if Ternak may not be combined with Modal Usaha, the
  reverse holds too.
- Quota counts proposals in ``STATUS_PENERIMA`` whose recipient is active. It is never exceeded:
  ``usulan_setujui`` locks the program row (and the kecamatan quota row) before counting.
- ``dikelola_dinas=False`` programs (PKH, BPNT) take no proposals here; their recipients come
  from external lists (``PenerimaanEksternal``) and count in overlap checks.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from pmks.models import JenisPMKS
from tksk import batas
from tksk.format import rupiah
from tksk.models import ModelBerversi, Wilayah

from .. import choices as c


class ProgramQuerySet(models.QuerySet):
    def aktif(self) -> ProgramQuerySet:
        return self.filter(aktif=True)

    def menerima_usulan(self) -> ProgramQuerySet:
        return self.filter(aktif=True, dikelola_dinas=True)


class ProgramBantuan(ModelBerversi):
    """One aid program for one fiscal year (e.g. "Sembako 2026")."""

    nama = models.CharField(max_length=150)
    kode = models.SlugField(max_length=50, unique=True, help_text="Kode singkat unik, mis. sembako-2026.")
    jenis = models.CharField(max_length=20, choices=c.JenisProgram.choices)
    sumber_dana = models.CharField(max_length=20, choices=c.SumberDana.choices)
    tahun_anggaran = models.PositiveSmallIntegerField(validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    periode_mulai = models.DateField(validators=[batas.TANGGAL_PERIODE.dengan_label("Periode mulai")])
    periode_selesai = models.DateField(validators=[batas.TANGGAL_PERIODE.dengan_label("Periode selesai")])
    bentuk = models.CharField(max_length=10, choices=c.BentukBantuan.choices)
    nilai_per_penerima = models.PositiveBigIntegerField(
        "nilai per penerima (Rp)", help_text="Untuk bantuan bulanan: nilai per bulan. Untuk barang: perkiraan nilai.",
        validators=batas.RUPIAH_PER_PENERIMA.validators(),
    )
    uraian_barang = models.CharField(max_length=200, blank=True, help_text='Mis. "2 ekor kambing betina".')
    jumlah_barang = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=batas.JUMLAH_BARANG.validators()
    )
    satuan = models.CharField(max_length=30, blank=True, help_text="Mis. ekor, paket, unit.")
    frekuensi = models.CharField(max_length=10, choices=c.Frekuensi.choices, default=c.Frekuensi.SEKALI)
    kuota_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Kosong = tanpa batas kuota.", validators=batas.KUOTA.validators()
    )
    jenis_pmks = models.ManyToManyField(
        JenisPMKS, blank=True, related_name="program_bantuan",
        help_text="Jenis PMKS yang berhak. Kosong = semua jenis PMKS.",
    )
    desil_maksimum = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Desil DTSEN tertinggi yang berhak (mis. 4). Kosong = tanpa batas desil.",
    )
    dikelola_dinas = models.BooleanField(
        "dikelola Dinas Sosial", default=True,
        help_text="Matikan untuk program pusat (PKH, BPNT): penerimanya diimpor, tidak diusulkan di sini.",
    )
    tidak_boleh_bersamaan = models.ManyToManyField(
        "self", blank=True, symmetrical=True,
        help_text="Program yang tidak boleh diterima bersamaan dalam periode yang sama.",
    )
    batas_ulang_tahun = models.PositiveSmallIntegerField(
        "batas pengulangan (tahun)", null=True, blank=True, validators=batas.BATAS_ULANG_TAHUN.validators(),
        help_text="Keluarga hanya boleh menerima bantuan jenis ini sekali dalam N tahun (mis. RTLH 10).",
    )
    uraian = models.TextField("keterangan", blank=True, validators=batas.validator_teks())
    aktif = models.BooleanField(default=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "program bantuan"
        verbose_name_plural = "program bantuan"
        ordering = ["-tahun_anggaran", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(periode_mulai__lte=models.F("periode_selesai")), name="program_periode_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.tahun_anggaran})"

    def clean(self) -> None:
        errors = {}
        if self.periode_mulai and self.periode_selesai and self.periode_mulai > self.periode_selesai:
            errors["periode_selesai"] = "Periode selesai tidak boleh sebelum periode mulai."
        if self.bentuk in (c.BentukBantuan.BARANG, c.BentukBantuan.NATURA) and not self.uraian_barang:
            errors["uraian_barang"] = "Uraian barang wajib diisi untuk bantuan barang/natura."
        if self.jumlah_barang is not None and not self.satuan:
            errors["satuan"] = "Satuan wajib diisi bila jumlah barang diisi."
        if errors:
            raise ValidationError(errors)

    @property
    def bulanan(self) -> bool:
        return self.frekuensi == c.Frekuensi.BULANAN

    @property
    def uraian_nilai(self) -> str:
        """Human summary of what one recipient gets, e.g. "2 ekor kambing (± Rp3.000.000)"."""
        nilai = rupiah(self.nilai_per_penerima)
        if self.uraian_barang:
            return f"{self.uraian_barang} (± {nilai})"
        return f"{nilai}/bulan" if self.bulanan else nilai


class KuotaKecamatan(models.Model):
    """Optional per-kecamatan share of a program's quota."""

    program = models.ForeignKey(ProgramBantuan, on_delete=models.CASCADE, related_name="kuota_kecamatan")
    kecamatan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    kuota = models.PositiveIntegerField(validators=batas.KUOTA.validators())

    class Meta:
        verbose_name = "kuota kecamatan"
        verbose_name_plural = "kuota kecamatan"
        ordering = ["kecamatan__kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kecamatan"], name="kuota_kecamatan_unik",
                violation_error_message="Kuota untuk kecamatan ini sudah ada.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.kecamatan.nama}: {self.kuota}"
