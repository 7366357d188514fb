"""The download log becomes a table partitioned by month (see tksk/partisi.py)."""

from django.db import migrations

from tksk.partisi import sql_jadikan_partisi


class Migration(migrations.Migration):
    dependencies = [("laporan", "0002_versi_edit"), ("tksk", "0007_pengaturan_basis_data")]

    operations = [
        migrations.RunSQL(sql_jadikan_partisi("laporan_riwayatunduhan", "pada"), migrations.RunSQL.noop),
    ]
