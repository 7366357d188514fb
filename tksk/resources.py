from import_export import fields, resources, widgets

from .models import Wilayah


class WilayahResource(resources.ModelResource):
    """CSV/XLSX import of regions through the admin, keyed by Kemendagri code."""

    kode_induk = fields.Field(
        attribute="induk", column_name="kode_induk", widget=widgets.ForeignKeyWidget(Wilayah, "kode")
    )

    class Meta:
        model = Wilayah
        import_id_fields = ("kode",)
        fields = ("kode", "nama", "tingkat", "kode_induk", "kode_bps")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
