"""Per active household, its active PMKS types, desil and registration time (``JenisAktifKeluarga``), kept
by the registry refresh and a desil trigger: what *belum terjangkau* reads (#16)."""

import django.contrib.postgres.fields
from django.db import migrations, models

from pmks.models.rollup import (
    SQL_BANGUN_JENIS_AKTIF,
    SQL_HAPUS_JENIS_AKTIF,
    SQL_PEMICU_JENIS_AKTIF,
    SQL_SEGARKAN,
    SQL_SEGARKAN_JENIS_AKTIF,
    SQL_SEGARKAN_TANPA_JENIS_AKTIF,
)


class Migration(migrations.Migration):

    dependencies = [
        ('pmks', '0024_kamus_nama_kunci'),
    ]

    operations = [
        migrations.CreateModel(
            name='JenisAktifKeluarga',
            fields=[
                ('keluarga_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('kelurahan_id', models.BigIntegerField()),
                ('desil', models.SmallIntegerField(null=True)),
                ('dibuat_pada', models.DateTimeField()),
                ('jenis', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), size=None)),
            ],
            options={
                'verbose_name': 'jenis PMKS aktif keluarga',
                'verbose_name_plural': 'jenis PMKS aktif keluarga',
                'indexes': [models.Index(fields=['kelurahan_id'], include=('keluarga_id', 'desil', 'dibuat_pada', 'jenis'), name='jenis_aktif_area')],
            },
        ),
        migrations.RunSQL(SQL_SEGARKAN + SQL_SEGARKAN_JENIS_AKTIF + SQL_BANGUN_JENIS_AKTIF + SQL_PEMICU_JENIS_AKTIF,
                          SQL_HAPUS_JENIS_AKTIF + SQL_SEGARKAN_TANPA_JENIS_AKTIF),
        migrations.RunSQL("SELECT sidamping_jenis_aktif_bangun(); ANALYZE pmks_jenisaktifkeluarga;",
                          migrations.RunSQL.noop),
    ]
