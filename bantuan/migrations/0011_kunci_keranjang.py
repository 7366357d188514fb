"""The aid facts' and rollup's refresh functions take their advisory locks per bucket of households
(``tksk.pemicu.KERANJANG_KUNCI``), not per household: re-installed with the current SQL."""

from django.db import migrations

from bantuan.models.fakta import SQL_SEGARKAN as SEGARKAN_FAKTA
from bantuan.models.rollup import SQL_SEGARKAN as SEGARKAN_ROLLUP


class Migration(migrations.Migration):
    dependencies = [
        ("bantuan", "0010_wilayah_usulan"),
        ("pmks", "0023_kunci_keranjang"),
    ]

    operations = [
        migrations.RunSQL(SEGARKAN_FAKTA + SEGARKAN_ROLLUP, migrations.RunSQL.noop),
    ]
