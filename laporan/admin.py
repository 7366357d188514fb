from django.contrib import admin

from .models import LaporanBulanan, PenandatanganCamat, PengaturanLaporan, RiwayatStatusLaporan, RiwayatUnduhan


class PenandatanganCamatInline(admin.TabularInline):
    model = PenandatanganCamat
    extra = 0
    autocomplete_fields = ["kecamatan"]  # thousands of kecamatan once all of Indonesia is loaded


@admin.register(PengaturanLaporan)
class PengaturanLaporanAdmin(admin.ModelAdmin):
    list_display = ["wilayah", "instansi", "nama_kepala_dinas"]
    autocomplete_fields = ["wilayah"]
    inlines = [PenandatanganCamatInline]


class RiwayatStatusInline(admin.TabularInline):
    model = RiwayatStatusLaporan
    extra = 0
    can_delete = False
    readonly_fields = ["dari_status", "ke_status", "oleh", "pada", "catatan", "sha256_pdf"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LaporanBulanan)
class LaporanBulananAdmin(admin.ModelAdmin):
    """Read-only in the admin: status changes go through the app's services only."""

    list_display = ["kecamatan", "periode", "status", "penyusun", "diajukan_pada"]
    list_filter = ["status"]
    search_fields = ["^kecamatan__kode", "kecamatan__nama"]  # not a filter listing every kecamatan
    readonly_fields = [f.name for f in LaporanBulanan._meta.fields]
    inlines = [RiwayatStatusInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RiwayatUnduhan)
class RiwayatUnduhanAdmin(admin.ModelAdmin):
    list_display = ["pada", "oleh", "jenis", "wilayah", "periode", "format", "status_laporan"]
    list_filter = ["jenis", "format"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
