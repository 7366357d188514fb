# The name dictionary for searches wider than one kab/kota (pmks.models.cari.KamusNama) and the
# exact-name index of the name index.

import django.contrib.postgres.indexes
from django.db import migrations, models

TRIGGER = r"""
CREATE FUNCTION sidamping_kamus_nama() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pmks_kamusnama (nama_cari)
  SELECT DISTINCT nama_cari FROM baru ORDER BY nama_cari
  ON CONFLICT (nama_cari) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER sidamping_kamus_nama_tambah AFTER INSERT ON pmks_indeksnama
  REFERENCING NEW TABLE AS baru FOR EACH STATEMENT EXECUTE FUNCTION sidamping_kamus_nama();
CREATE TRIGGER sidamping_kamus_nama_ubah AFTER UPDATE ON pmks_indeksnama
  REFERENCING NEW TABLE AS baru FOR EACH STATEMENT EXECUTE FUNCTION sidamping_kamus_nama();
INSERT INTO pmks_kamusnama (nama_cari) SELECT DISTINCT nama_cari FROM pmks_indeksnama ON CONFLICT DO NOTHING;
"""

HAPUS_TRIGGER = """
DROP TRIGGER IF EXISTS sidamping_kamus_nama_tambah ON pmks_indeksnama;
DROP TRIGGER IF EXISTS sidamping_kamus_nama_ubah ON pmks_indeksnama;
DROP FUNCTION IF EXISTS sidamping_kamus_nama();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('pmks', '0020_indeks_cakupan_area'),
    ]

    operations = [
        migrations.CreateModel(
            name='KamusNama',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nama_cari', models.TextField()),
            ],
            options={
                'verbose_name': 'kamus nama',
                'verbose_name_plural': 'kamus nama',
                'constraints': [models.UniqueConstraint(fields=('nama_cari',), name='kamus_nama_unik')],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['nama_cari'], name='kamus_nama_trgm', opclasses=['gin_trgm_ops'])],
            },
        ),
        migrations.AddIndex(
            model_name='indeksnama',
            index=models.Index(fields=['nama_cari', 'keluarga_id'], include=('kode_wilayah',), name='indeks_nama_persis'),
        ),
        migrations.RunSQL(TRIGGER, HAPUS_TRIGGER),
    ]
