"""Eligibility drift flags ("tidak lagi memenuhi syarat desil", ``bantuan.models.TandaDesil``).

``tanda_desil_catat`` is registered with ``pmks.ekstensi.daftarkan_pengamat_desil``: it runs inside
the transaction that moved a household's newest desil (the desil import, the registry form) and
flags every ACTIVE recipient of that household whose programme has a ``desil_maksimum`` below the
new desil — once per (recipient, desil position). Dinas Sosial decides each flag with a reason:
``tanda_desil_putuskan`` (*lanjutkan* / *nonaktifkan*; the latter deactivates the recipient through
``penerima_nonaktifkan``, with the proposal's history).
"""

from __future__ import annotations

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pmks.impor.rencana import SalahSatu
from tksk import batas
from tksk.transisi import pindah_status

from .. import choices as c
from ..models import TandaDesil, Usulan
from .penerima import penerima_nonaktifkan
from .usulan import kunci_usulan

T = c.StatusTandaDesil
Usulan._meta.get_field("keluarga").register_lookup(SalahSatu)  # ``= ANY(array)``: thousands of households at once
KEPUTUSAN = {"lanjutkan": T.DILANJUTKAN, "nonaktifkan": T.DINONAKTIFKAN}
PESAN_PERAN = "Hanya Dinas Sosial yang memutuskan penerima yang tidak lagi memenuhi syarat desil."
PESAN_WILAYAH = "Penerima ini di luar wilayah tugas Anda."


def _calon(perubahan) -> list[tuple[dict, object]]:
    """(active recipient, change) pairs where the new desil is above the programme's maximum (one query)."""
    baru = {p.keluarga_id: p for p in perubahan}
    qs = (Usulan.objects.penerima_aktif()
          .filter(keluarga__salah_satu=list(baru), program__desil_maksimum__isnull=False)
          .values("id", "keluarga_id", "program__desil_maksimum"))
    return [(u, baru[u["keluarga_id"]]) for u in qs if baru[u["keluarga_id"]].desil_baru > u["program__desil_maksimum"]]


def tanda_desil_catat(perubahan, *, simpan: bool = True) -> int:
    """Flag the recipients a desil change puts outside their programme's range. ``simpan=False``: count
    only (the import's preview). Returns the number of flags written (or that would be)."""
    calon = _calon(perubahan)
    if not simpan or not calon:
        return len(calon)
    baris = [TandaDesil(usulan_id=u["id"], keluarga_id=u["keluarga_id"], riwayat_desil_id=p.riwayat_id,
                        desil_lama=p.desil_lama, desil_baru=p.desil_baru, desil_maksimum=u["program__desil_maksimum"])
             for u, p in calon if p.riwayat_id is not None]
    sebelum = TandaDesil.objects.count()
    TandaDesil.objects.bulk_create(baris, batch_size=2000, ignore_conflicts=True)  # once per (recipient, position)
    return TandaDesil.objects.count() - sebelum


def _pesan_status(tanda: TandaDesil, ke: str) -> str:
    return f"Tanda ini sudah diputuskan ({tanda.get_status_display().lower()})."


@transaction.atomic
def tanda_desil_putuskan(*, tanda: TandaDesil, oleh, keputusan: str, alasan: str) -> TandaDesil:
    """Dinas Sosial decides a flag: continue the aid, or deactivate the recipient. A reason is required."""
    tanda = (TandaDesil.objects.select_for_update(of=("self",)).select_related("keluarga__kelurahan")
             .get(pk=tanda.pk))
    ke = KEPUTUSAN.get(keputusan)
    alasan = (alasan or "").strip()
    if ke is None:
        raise ValidationError({"keputusan": "Pilih keputusan: lanjutkan atau nonaktifkan."})

    def prasyarat() -> None:
        if not alasan:
            raise ValidationError({"alasan": "Tuliskan alasan keputusan."})
        batas.periksa_field("alasan", alasan, *batas.validator_teks())
        if ke == T.DINONAKTIFKAN:
            usulan = kunci_usulan(tanda.usulan_id)
            penerima_nonaktifkan(
                usulan=usulan, oleh=oleh, versi=usulan.versi, alasan=c.AlasanNonaktif.TIDAK_MEMENUHI,
                keterangan=f"Tidak lagi memenuhi syarat desil (desil {tanda.desil_baru}, batas program "
                f"{tanda.desil_maksimum}): {alasan}",
            )

    with pghistory.context(user=oleh.pk, tanda_desil=tanda.pk):
        pindah_status(
            tanda, ke, oleh, transisi=c.TRANSISI_TANDA_DESIL, riwayat=None, pesan_status=_pesan_status,
            wilayah=tanda.keluarga.kelurahan, pesan_peran=PESAN_PERAN, pesan_wilayah=PESAN_WILAYAH,
            prasyarat=prasyarat, ubah={"alasan": alasan, "diputuskan_oleh": oleh, "diputuskan_pada": timezone.now()},
        )
    return tanda
