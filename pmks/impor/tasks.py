"""Background tasks (django-tasks; the database backend's worker is ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def periksa_impor(impor_id: int) -> str:
    return services.impor_periksa(impor_id=impor_id).status


@task()
def simpan_impor(impor_id: int) -> str:
    return services.impor_simpan(impor_id=impor_id).status
