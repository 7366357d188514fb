"""Background work moved from django-tasks (database backend) to procrastinate: drop its table.

The old app is no longer installed, so its own migrations cannot run backwards; this removes its
table and its rows in django_migrations. Reverse: nothing (the table is not coming back).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tksk", "0005_notifikasi")]

    operations = [
        migrations.RunSQL(
            [
                "DROP TABLE IF EXISTS django_tasks_database_dbtaskresult CASCADE",
                "DELETE FROM django_migrations WHERE app = 'django_tasks_database'",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
