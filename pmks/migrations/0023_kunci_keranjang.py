"""The rollups' and facts' refresh functions take their advisory locks per bucket of households
(``tksk.pemicu.KERANJANG_KUNCI``), not per household: re-installed with the current SQL."""

from django.db import migrations

from pmks.models.rollup import SQL_SEGARKAN as SEGARKAN_REGISTRI
from pmks.models.rollup_kunjungan_terakhir import SQL_SEGARKAN as SEGARKAN_KUNJUNGAN_TERAKHIR
from pmks.models.rollup_pendampingan import SQL_SEGARKAN as SEGARKAN_PENDAMPINGAN


class Migration(migrations.Migration):
    dependencies = [
        ("pmks", "0022_kelurahan_tindak_lanjut"),
    ]

    operations = [
        migrations.RunSQL(
            SEGARKAN_REGISTRI + SEGARKAN_PENDAMPINGAN + SEGARKAN_KUNJUNGAN_TERAKHIR, migrations.RunSQL.noop
        ),
    ]
