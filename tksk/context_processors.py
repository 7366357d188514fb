from django.conf import settings

from .permissions import Aksi, boleh, hanya_baca


def sidamping(request):
    user = getattr(request, "user", None)
    izin = {}
    if user is not None and user.is_authenticated:
        izin = {aksi.value: boleh(user, aksi) for aksi in Aksi}
        izin["hanya_baca"] = hanya_baca(user)
    return {"izin": izin, "NAMA_INSTANSI": settings.SIDAMPING_INSTANSI}
