from functools import partial

from django.conf import settings

from .notifikasi import BATAS_HITUNG, jumlah_belum_dibaca
from .permissions import SATU_KECAMATAN, Aksi, boleh, boleh_di, hanya_baca


def sidamping(request):
    user = getattr(request, "user", None)
    izin = {}
    konteks = {"NAMA_INSTANSI": settings.SIDAMPING_INSTANSI}
    if user is not None and user.is_authenticated:
        izin = {aksi.value: boleh(user, aksi) for aksi in Aksi}
        izin["hanya_baca"] = hanya_baca(user)
        izin["luring"] = boleh_di(user, Aksi.PENDAMPINGAN, SATU_KECAMATAN)  # offline work (pmks.luring)
        # A callable: the template calls it only where the bell is drawn (one bounded query per page).
        konteks["jumlah_notifikasi"] = partial(jumlah_belum_dibaca, user)
        konteks["BATAS_NOTIFIKASI"] = BATAS_HITUNG
    return {"izin": izin, **konteks}
