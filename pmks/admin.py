"""Admin: the PMKS types are reference data administrators extend; the registry itself is
read-mostly here (changes go through the screens and services so rules and history hold)."""

from django.contrib import admin
from import_export.admin import ExportMixin, ImportExportModelAdmin

from tksk.impor_admin import ImporAdminTerbatas

from .models import (
    AksesData,
    Anggota,
    JenisPMKS,
    Keluarga,
    KlasifikasiPMKS,
    PemberitahuanPrivasi,
    PenarikanPersetujuan,
    PermintaanSubjekData,
    RiwayatNoKK,
)
from .registri.resources import AnggotaResource, JenisPMKSResource, KeluargaResource


@admin.register(JenisPMKS)
class JenisPMKSAdmin(ImporAdminTerbatas, ImportExportModelAdmin):
    resource_classes = [JenisPMKSResource]
    list_display = ("kode", "nama", "singkatan", "sumber", "aktif")
    list_filter = ("aktif",)
    search_fields = ("nama", "singkatan")

    def has_delete_permission(self, request, obj=None):
        return False  # used by classifications: retire a type by unticking "aktif"


class HanyaBacaMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnggotaInline(HanyaBacaMixin, admin.TabularInline):
    model = Anggota
    fields = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "hubungan", "status")
    readonly_fields = fields
    extra = 0
    show_change_link = True


class RiwayatNoKKInline(HanyaBacaMixin, admin.TabularInline):
    model = RiwayatNoKK
    fields = ("no_kk", "berlaku_sampai", "alasan", "diubah_oleh")
    readonly_fields = fields
    extra = 0


@admin.register(Keluarga)
class KeluargaAdmin(HanyaBacaMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [KeluargaResource]
    list_display = ("no_kk", "alamat", "kelurahan", "status", "dibuat_pada")
    list_filter = ("status",)
    # no region list filter (thousands of kecamatan once all of Indonesia is loaded): type a code prefix
    search_fields = ("=no_kk", "alamat", "^kelurahan__kode")
    list_select_related = ("kelurahan",)
    show_full_result_count = False
    view_on_site = False  # the admin stays view-only; the household page is reached from the registry
    inlines = [AnggotaInline, RiwayatNoKKInline]


@admin.register(Anggota)
class AnggotaAdmin(HanyaBacaMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [AnggotaResource]
    list_display = ("nik", "nama", "tanggal_lahir", "hubungan", "status", "keluarga")
    list_filter = ("status", "hubungan", "jenis_kelamin")
    search_fields = ("=nik", "nama")
    list_select_related = ("keluarga",)
    show_full_result_count = False


@admin.register(KlasifikasiPMKS)
class KlasifikasiPMKSAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ("jenis", "keluarga", "anggota", "tanggal_asesmen", "aktif")
    list_filter = ("aktif", "jenis")
    list_select_related = ("jenis", "keluarga", "anggota")
    show_full_result_count = False


@admin.register(AksesData)
class AksesDataAdmin(HanyaBacaMixin, admin.ModelAdmin):
    """The access log is append-only: readable here, never added, changed or deleted."""

    list_display = ("pada", "oleh", "jenis", "keluarga_id", "alamat_ip")
    list_filter = ("jenis",)
    search_fields = ("oleh__username",)
    date_hierarchy = "pada"


@admin.register(PemberitahuanPrivasi)
class PemberitahuanPrivasiAdmin(admin.ModelAdmin):
    """The privacy notice (UU PDP). Saving — a new one or a change of the latest — always stores a NEW
    version (``pdp.pemberitahuan_simpan``); earlier versions stay exactly as households were told them."""

    list_display = ("versi", "judul", "dibuat_pada", "dibuat_oleh")
    fields = ("judul", "teks")

    def get_changeform_initial_data(self, request):
        from .registri.pdp import pemberitahuan_berlaku

        berlaku = pemberitahuan_berlaku()
        return {"judul": berlaku.judul, "teks": berlaku.teks}

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Older versions are read-only; the latest one opens as a form whose save makes the next version.
        return super().has_change_permission(request, obj) and (
            obj is None or obj.versi == PemberitahuanPrivasi.objects.order_by("-versi").values_list("versi", flat=True)
            .first()
        )

    def save_model(self, request, obj, form, change):
        from .registri.pdp import pemberitahuan_simpan

        baru = pemberitahuan_simpan(oleh=request.user, teks=obj.teks, judul=obj.judul)
        obj.pk, obj.versi = baru.pk, baru.versi  # the admin's message and redirect name the new version


@admin.register(PenarikanPersetujuan)
class PenarikanPersetujuanAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ("keluarga_id", "pada", "oleh")


@admin.register(PermintaanSubjekData)
class PermintaanSubjekDataAdmin(HanyaBacaMixin, admin.ModelAdmin):
    list_display = ("id", "jenis", "status", "keluarga_id", "diterima_pada", "tenggat")
    list_filter = ("jenis", "status")
