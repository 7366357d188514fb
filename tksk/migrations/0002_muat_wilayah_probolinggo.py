"""Reference data: Kemendagri codes of Kota Probolinggo (tksk/data/wilayah_probolinggo.csv)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "wilayah_probolinggo.csv"


def muat(apps, schema_editor):
    Wilayah = apps.get_model("tksk", "Wilayah")
    with CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):  # parents come before children in the file
            induk = Wilayah.objects.get(kode=row["kode_induk"]) if row["kode_induk"] else None
            Wilayah.objects.update_or_create(
                kode=row["kode"],
                defaults={"nama": row["nama"], "tingkat": row["tingkat"], "induk": induk},
            )


def hapus(apps, schema_editor):
    Wilayah = apps.get_model("tksk", "Wilayah")
    with CSV.open(encoding="utf-8") as fh:
        kode = [row["kode"] for row in csv.DictReader(fh)]
    for k in sorted(kode, key=len, reverse=True):
        Wilayah.objects.filter(kode=k).delete()


class Migration(migrations.Migration):
    dependencies = [("tksk", "0001_awal")]
    operations = [migrations.RunPython(muat, hapus)]
