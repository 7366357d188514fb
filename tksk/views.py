from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors
from .batas_laju import JENIS


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Liveness + database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any DB failure means unhealthy
        return JsonResponse({"status": "error", "database": "tidak tersedia"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def wilayah_list(request):
    """The regions this user works in (kecamatan with their kelurahan)."""
    context = {"kecamatan_list": selectors.kecamatan_dengan_kelurahan(user=request.user)}
    return render(request, "tksk/wilayah_list.html", context)


def terlalu_banyak_permintaan(request, exception=None):
    """RATELIMIT_VIEW: a rate-limited request gets a 429 page in Indonesian (see tksk/batas_laju.py)."""
    jenis = JENIS.get(getattr(request, "batas_grup", ""), "")
    return render(request, "429.html", {"jenis": jenis}, status=429)
