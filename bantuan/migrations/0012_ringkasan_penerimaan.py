"""Per household, its receipt periods as one multirange and whether it is being proposed
(``RingkasanPenerimaan``), kept with its receipt facts: what *belum terjangkau* reads (#16)."""

from django.db import migrations, models

import bantuan.models.fakta
from bantuan.models.fakta import SQL_BANGUN_RINGKASAN, SQL_HAPUS_RINGKASAN, SQL_SEGARKAN, SQL_SEGARKAN_TANPA_RINGKASAN


class Migration(migrations.Migration):

    dependencies = [
        ('bantuan', '0011_kunci_keranjang'),
    ]

    operations = [
        migrations.CreateModel(
            name='RingkasanPenerimaan',
            fields=[
                ('keluarga_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('kelurahan_id', models.BigIntegerField()),
                ('periode', bantuan.models.fakta.RentangTanggalGanda()),
                ('diusulkan', models.BooleanField()),
            ],
            options={
                'verbose_name': 'ringkasan penerimaan',
                'verbose_name_plural': 'ringkasan penerimaan',
                'indexes': [models.Index(fields=['kelurahan_id'], include=('keluarga_id', 'diusulkan', 'periode'), name='ringkasan_penerimaan_area')],
            },
        ),
        migrations.RunSQL(SQL_SEGARKAN + SQL_BANGUN_RINGKASAN, SQL_HAPUS_RINGKASAN + SQL_SEGARKAN_TANPA_RINGKASAN),
        migrations.RunSQL("SELECT sidamping_ringkasan_penerimaan_bangun(); ANALYZE bantuan_ringkasanpenerimaan;",
                          migrations.RunSQL.noop),
    ]
