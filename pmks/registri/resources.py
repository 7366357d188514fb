"""django-import-export resources for the Django admin (administrator only).

The TKSK/Dinsos spreadsheet import and the streamed list export live in ``pmks.impor``
(set-based, for 50,000-row files); these resources serve the admin: PMKS types can be
extended from a CSV/XLSX, and administrators can export the registry with natural keys.
"""

from import_export import fields, resources

from pmks.models import Anggota, JenisPMKS, Keluarga


class JenisPMKSResource(resources.ModelResource):
    class Meta:
        model = JenisPMKS
        import_id_fields = ("kode",)
        fields = ("kode", "nama", "singkatan", "sumber", "aktif")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class KeluargaResource(resources.ModelResource):
    kelurahan = fields.Field(attribute="kelurahan__kode", column_name="kode_kelurahan", readonly=True)

    class Meta:
        model = Keluarga
        fields = ("no_kk", "kelurahan", "alamat", "rt", "rw", "status", "desil", "dibuat_pada")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("kelurahan")


class AnggotaResource(resources.ModelResource):
    no_kk = fields.Field(attribute="keluarga__no_kk", column_name="no_kk", readonly=True)

    class Meta:
        model = Anggota
        fields = ("nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "hubungan", "status")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("keluarga")
