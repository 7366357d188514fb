from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from tksk.berkas import nama_menurut_isi, periksa_gambar, periksa_lampiran

from .models import (
    KuotaKecamatan,
    LampiranUsulan,
    MonitoringBantuan,
    PenerimaanEksternal,
    Penyaluran,
    ProgramBantuan,
    RiwayatStatusUsulan,
    Usulan,
)


class KuotaKecamatanInline(admin.TabularInline):
    model = KuotaKecamatan
    extra = 0
    autocomplete_fields = ("kecamatan",)


@admin.register(ProgramBantuan)
class ProgramBantuanAdmin(admin.ModelAdmin):
    list_display = ("nama", "tahun_anggaran", "jenis", "sumber_dana", "nilai_per_penerima", "kuota_total", "aktif")
    list_filter = ("tahun_anggaran", "jenis", "sumber_dana", "dikelola_dinas", "aktif")
    search_fields = ("nama", "kode")
    filter_horizontal = ("jenis_pmks", "tidak_boleh_bersamaan")
    inlines = [KuotaKecamatanInline]


class RiwayatInline(admin.TabularInline):
    model = RiwayatStatusUsulan
    extra = 0
    can_delete = False
    readonly_fields = ("dari", "ke", "oleh", "pada", "catatan")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Usulan)
class UsulanAdmin(admin.ModelAdmin):
    """Read-only in the admin: status changes go through the services (transition map)."""

    list_display = ("id", "program", "keluarga", "status", "status_penerima", "dibuat_pada")
    list_filter = ("status", "status_penerima", "program")
    search_fields = ("keluarga__no_kk",)
    inlines = [RiwayatInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PenerimaanEksternal)
class PenerimaanEksternalAdmin(admin.ModelAdmin):
    list_display = ("program", "keluarga", "periode_mulai", "periode_selesai", "sumber", "aktif")
    list_filter = ("program", "aktif")
    search_fields = ("keluarga__no_kk", "impor_ref")
    raw_id_fields = ("keluarga", "anggota")


def _periksa_unggahan(form: forms.ModelForm, field: str, periksa):
    """An upload through the admin gets the app's content checks and is stored by its detected type."""
    berkas = form.cleaned_data.get(field)
    if not isinstance(berkas, UploadedFile):
        return None
    try:
        sah = periksa(berkas)
    except ValidationError as exc:
        form.add_error(field, exc)
        return None
    berkas.name = nama_menurut_isi(berkas)
    return sah


class LampiranUsulanAdminForm(forms.ModelForm):  # model and fields come from the ModelAdmin
    def clean(self):
        data = super().clean()
        sah = _periksa_unggahan(self, "berkas", periksa_lampiran)
        if sah is not None:
            data["tipe_konten"], data["ukuran"] = sah.tipe_konten, sah.ukuran
        return data


class PenyaluranAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        _periksa_unggahan(self, "foto_bukti", periksa_gambar)
        return data


admin.site.register(LampiranUsulan, admin.ModelAdmin, form=LampiranUsulanAdminForm)
admin.site.register(Penyaluran, admin.ModelAdmin, form=PenyaluranAdminForm)
admin.site.register(MonitoringBantuan, admin.ModelAdmin)


# --- Complaints (aduan) ------------------------------------------------------------------------------
from .models import Aduan, RiwayatStatusAduan, TenggatAduan  # noqa: E402


@admin.register(TenggatAduan)
class TenggatAduanAdmin(admin.ModelAdmin):
    """The deadline per kind of complaint; a kind without a row uses ``bantuan.aduan.choices.TENGGAT_BAWAAN``."""

    list_display = ("jenis", "hari", "hari_peringatan")


class RiwayatAduanInline(admin.TabularInline):
    model = RiwayatStatusAduan
    extra = 0
    can_delete = False
    readonly_fields = ("dari", "ke", "oleh", "pada", "catatan")


@admin.register(Aduan)
class AduanAdmin(admin.ModelAdmin):
    """View-only: complaints change through the app's services (transition map, history)."""

    list_display = ("kode_tiket", "jenis", "status", "kelurahan", "tanggal_terima", "tenggat")
    list_filter = ("jenis", "status", "saluran")
    search_fields = ("kode_tiket",)
    inlines = [RiwayatAduanInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- SIKS-NG (proposal package, monthly cut-off) ---------------------------------------------------
from .models import PengaturanSiksNg  # noqa: E402


@admin.register(PengaturanSiksNg)
class PengaturanSiksNgAdmin(admin.ModelAdmin):
    """One row: the monthly cut-off day shown on the dashboard (without a row: the 17th)."""

    list_display = ("__str__", "tanggal_batas")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PengaturanSiksNg.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
