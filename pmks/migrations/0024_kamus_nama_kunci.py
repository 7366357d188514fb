"""Every write to the name dictionary goes through ``sidamping_kamus_nama_isi``, which takes the shared
advisory lock ``(KelasKunci.KAMUS_NAMA, 0)`` first, so the clean-up (``pmks.models.cari.kamus_nama_bersihkan``,
exclusive per batch) never deletes a spelling a concurrent writer relies on."""

from django.db import migrations

from pmks.models.cari import SQL_ISI_KAMUS

# migration 0021's trigger function, without the lock
KEMBALI = r"""
CREATE OR REPLACE FUNCTION sidamping_kamus_nama() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pmks_kamusnama (nama_cari)
  SELECT DISTINCT nama_cari FROM baru ORDER BY nama_cari
  ON CONFLICT (nama_cari) DO NOTHING;
  RETURN NULL;
END $$;
DROP FUNCTION IF EXISTS sidamping_kamus_nama_isi(text[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("pmks", "0023_kunci_keranjang"),
    ]

    operations = [
        migrations.RunSQL(SQL_ISI_KAMUS, KEMBALI),
    ]
