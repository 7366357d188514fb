from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from import_export.admin import ImportExportModelAdmin

from .impor_admin import ImporAdminTerbatas
from .models import Pengguna, Wilayah
from .resources import WilayahResource


@admin.register(Wilayah)
class WilayahAdmin(ImporAdminTerbatas, ImportExportModelAdmin):
    resource_classes = [WilayahResource]
    list_display = ("kode", "nama", "tingkat", "induk", "kode_bps")
    list_filter = ("tingkat",)
    search_fields = ("kode", "nama")
    autocomplete_fields = ("induk",)


@admin.register(Pengguna)
class PenggunaAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "peran", "wilayah", "is_active")
    list_filter = ("peran", "is_active", "wilayah__tingkat")
    autocomplete_fields = ("wilayah",)
    fieldsets = UserAdmin.fieldsets + (
        ("Peran dan wilayah tugas", {"fields": ("peran", "wilayah", "nip", "jabatan", "telepon")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Peran dan wilayah tugas", {"fields": ("peran", "wilayah", "first_name", "last_name")}),
    )
