"""Database-level defaults instead of libpq ``options`` on every connection.

django-pghistory's triggers read the setting ``pgtrigger.ignore`` on every row; when it is not
set at all PostgreSQL raises and catches an error per row (about 12x slower bulk writes). JIT
compilation costs more than it saves for this app's short aggregate queries. Both used to be
passed as ``options`` at connect time, which a pooler (PgBouncer in transaction mode) refuses; an
``ALTER DATABASE … SET`` applies to every new session whatever the path to the server.

A role that does not own the database cannot run it: the migration then only warns (the app
still works, only slower) and the README says how the owner applies it.
"""

from django.db import migrations

from tksk.basisdata import SQL_PENGATURAN, SQL_PENGATURAN_BALIK


class Migration(migrations.Migration):
    dependencies = [("tksk", "0006_hapus_tabel_django_tasks")]

    operations = [migrations.RunSQL(SQL_PENGATURAN, SQL_PENGATURAN_BALIK)]
