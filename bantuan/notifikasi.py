"""Notifications of proposals: the TKSK who proposed hears the decision (approved, rejected, returned)."""

from __future__ import annotations

from django.urls import reverse

from tksk.notifikasi import beri_tahu

from . import choices as c

JENIS = {
    c.StatusUsulan.DISETUJUI: ("usulan_disetujui", "disetujui"),
    c.StatusUsulan.DITOLAK: ("usulan_ditolak", "ditolak"),
    c.StatusUsulan.DIKEMBALIKAN: ("usulan_dikembalikan", "dikembalikan untuk diperbaiki"),
}


def beri_tahu_usulan(usulan) -> None:
    """Call right after a status change (the row still locked, in its transaction). ``versi`` grows
    with every status change, so it names the event: a second return after a resubmission notifies
    again, a retried request does not."""
    if usulan.status not in JENIS:
        return
    jenis, kata = JENIS[usulan.status]
    beri_tahu(
        usulan.diusulkan_oleh, jenis, f"Usulan #{usulan.pk} {usulan.program.nama} {kata}",
        reverse("bantuan:usulan_detail", args=[usulan.pk]), kunci=f"usulan:{usulan.pk}:{usulan.status}:{usulan.versi}",
    )
