# The follow-up carries its household's kelurahan (pmks.pendampingan.pemicu): added nullable, indexed, filled
# with one UPDATE … FROM (before the triggers exist, so no row trigger runs per row), made NOT NULL, then the
# triggers that keep it. The index comes before the UPDATE: an index built after an UPDATE in the same
# transaction is marked indcheckxmin and is not used until every older snapshot in the cluster has ended.

import django.db.models.deletion
from django.db import migrations, models

from pmks.pendampingan.pemicu import SQL_HAPUS, SQL_ISI, SQL_PEMICU


class Migration(migrations.Migration):

    dependencies = [
        ('pmks', '0021_kamus_nama'),
        ('tksk', '0008_tokenformulir_luring'),
    ]

    operations = [
        migrations.AddField(
            model_name='rencanatindaklanjut',
            name='kelurahan',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text='Kelurahan keluarganya (diisi basis data).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tksk.wilayah'),
        ),
        migrations.AddIndex(
            model_name='rencanatindaklanjut',
            index=models.Index(fields=['kelurahan', 'status', 'batas_waktu', 'id'], name='rtl_kelurahan_status_batas'),
        ),
        migrations.RunSQL(SQL_ISI, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='rencanatindaklanjut',
            name='kelurahan',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text='Kelurahan keluarganya (diisi basis data).', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tksk.wilayah'),
        ),
        migrations.RunSQL(SQL_PEMICU, SQL_HAPUS),
    ]
