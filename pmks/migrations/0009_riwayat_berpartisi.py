"""History events and the export log become tables partitioned by month (see tksk/partisi.py)."""

from django.db import migrations

from tksk.partisi import sql_jadikan_partisi

TABEL = [
    ("pmks_keluargaevent", "pgh_created_at"),
    ("pmks_anggotaevent", "pgh_created_at"),
    ("pmks_klasifikasipmksevent", "pgh_created_at"),
    ("pmks_kunjunganevent", "pgh_created_at"),
    ("pmks_ekspor", "pada"),
]


class Migration(migrations.Migration):
    dependencies = [("pmks", "0008_indeks_nama"), ("tksk", "0007_pengaturan_basis_data")]

    operations = [migrations.RunSQL(sql_jadikan_partisi(t, k), migrations.RunSQL.noop) for t, k in TABEL]
