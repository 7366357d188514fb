"""Forms of the duplicate queue: *berbeda* (a reason) and *gabungkan* (survivor, values field by field)."""

from __future__ import annotations

from django import forms

from pmks.models import Anggota
from tksk import batas
from tksk.batas import BatasFormMixin

from .models import PasanganDuplikat
from .services import KOLOM_PILIHAN

LABEL_KOLOM = {
    "nik": "NIK", "nama": "Nama", "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin", "status_perkawinan": "Status perkawinan", "pendidikan": "Pendidikan",
    "pekerjaan": "Pekerjaan", "disabilitas": "Disabilitas", "status_hidup": "Status hidup",
}


def tampil(anggota: Anggota, kolom: str) -> str:
    """A member's value as the pair page shows it (coded answers by label; NIK masked but its date part)."""
    if kolom == "nik":
        n = anggota.nik
        return f"{n[:4]}••{n[6:12]}••••" if len(n) == 16 else n
    if kolom == "tanggal_lahir":
        return anggota.tanggal_lahir.strftime("%d-%m-%Y")
    getter = getattr(anggota, f"get_{kolom}_display", None)
    return str(getter() if getter else getattr(anggota, kolom) or "—")


class BerbedaForm(BatasFormMixin, forms.Form):
    alasan = forms.CharField(
        label="Alasan (mengapa orang berbeda)", max_length=batas.TEKS_PANJANG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "berbeda_%s")  # one page holds both forms: distinct element ids
        super().__init__(*args, **kwargs)


class GabungForm(BatasFormMixin, forms.Form):
    """One radio per field whose values differ (NIK always, without a default); the survivor too."""

    penyintas = forms.TypedChoiceField(label="Data yang dipertahankan", coerce=int, widget=forms.RadioSelect)
    alasan = forms.CharField(label="Alasan penggabungan", max_length=batas.TEKS_PANJANG,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pasangan: PasanganDuplikat, **kwargs):
        super().__init__(*args, **kwargs)
        a, b = pasangan.anggota_a, pasangan.anggota_b
        pilihan_ab = [(a.pk, "Data A"), (b.pk, "Data B")]
        self.fields["penyintas"].choices = pilihan_ab
        self.kolom_beda = []
        for kolom in KOLOM_PILIHAN:
            if kolom != "nik" and getattr(a, kolom) == getattr(b, kolom):
                continue
            self.fields[f"pilih_{kolom}"] = forms.TypedChoiceField(
                label=LABEL_KOLOM[kolom], coerce=int, widget=forms.RadioSelect,
                choices=[(a.pk, f"A: {tampil(a, kolom)}"), (b.pk, f"B: {tampil(b, kolom)}")],
                required=kolom == "nik",
                help_text="Wajib dipilih: NIK data yang dipertahankan tidak otomatis menang." if kolom == "nik" else
                "Kosong = nilai data yang dipertahankan.",
            )
            self.kolom_beda.append(kolom)
        self.order_fields(["penyintas", *[f"pilih_{k}" for k in self.kolom_beda], "alasan"])

    def pilihan(self) -> dict[str, int]:
        return {k: self.cleaned_data[f"pilih_{k}"] for k in self.kolom_beda
                if self.cleaned_data.get(f"pilih_{k}") not in (None, "")}
