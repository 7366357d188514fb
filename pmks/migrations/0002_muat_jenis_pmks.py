"""Reference data: the 26 PMKS types of Permensos 08/2012 plus two local categories."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "jenis_pmks.csv"


def muat(apps, schema_editor):
    JenisPMKS = apps.get_model("pmks", "JenisPMKS")
    with CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            JenisPMKS.objects.update_or_create(
                kode=int(row["kode"]),
                defaults={"nama": row["nama"], "singkatan": row["singkatan"], "sumber": row["sumber"]},
            )


def hapus(apps, schema_editor):
    JenisPMKS = apps.get_model("pmks", "JenisPMKS")
    with CSV.open(encoding="utf-8") as fh:
        JenisPMKS.objects.filter(kode__in=[int(r["kode"]) for r in csv.DictReader(fh)]).delete()


class Migration(migrations.Migration):
    dependencies = [("pmks", "0001_registri_awal")]
    operations = [migrations.RunPython(muat, hapus)]
