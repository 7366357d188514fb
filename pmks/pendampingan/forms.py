"""Forms of pendampingan pages (phone-first: short labels, native date and camera inputs)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from pmks.registri import choices as c
from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.format import samarkan
from tksk.konkurensi import FormSimpanAman
from tksk.transisi import tujuan_dari

from ..models import Anggota, Keluarga
from . import choices as pc
from .models import PSKS, validasi_foto


class InputFotoKamera(forms.ClearableFileInput):
    """Multiple photo input: the phone offers camera and gallery (no forced ``capture``, so a photo
    taken earlier can be attached); ``data-foto-kecil`` has static/js/foto_kecil.js downscale it."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", "data-foto-kecil": "", **(attrs or {})})


class FieldFotoBanyak(forms.FileField):
    widget = InputFotoKamera

    def clean(self, data, initial=None):
        berkas = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not berkas and self.required:
            raise ValidationError("Pilih minimal satu foto.")
        bersih = []
        for b in berkas:
            b = super().clean(b, initial)
            validasi_foto(b)
            bersih.append(b)
        return bersih


class InputTanggal(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def label_keluarga(k: Keluarga) -> str:
    kepala = getattr(k, "kepala_list", None)
    nama = kepala[0].nama if kepala else "Tanpa kepala keluarga"
    return f"{nama} — {k.alamat} (KK {samarkan(k.no_kk)})"


class KeluargaPilihanField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return label_keluarga(obj)


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class KunjunganForm(FormSimpanAman, BatasFormMixin, forms.Form):
    """Record a visit for ``keluarga`` (the household whose page it was opened from)."""

    tanggal = forms.DateField(
        label="Tanggal kegiatan", widget=InputTanggal,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal kegiatan")],
    )
    jenis = forms.ChoiceField(label="Jenis kegiatan", choices=[("", "— pilih —"), *pc.JenisKunjungan.choices])
    peran = forms.MultipleChoiceField(
        label="Peran TKSK", choices=pc.PeranTKSK.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    keluarga_lain = KeluargaPilihanField(
        label="Keluarga lain yang ikut (bimbingan kelompok)",
        queryset=Keluarga.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text="Hanya untuk bimbingan kelompok: pilih keluarga lain di kelurahan yang sama.",
    )
    catatan = forms.CharField(
        label="Catatan kasus", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kondisi keluarga, masalah yang ditemukan.", max_length=batas.TEKS_PANJANG,
    )
    hasil = forms.CharField(
        label="Hasil kegiatan", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=batas.TEKS_PANJANG
    )
    tanggal_tindak_lanjut = forms.DateField(
        label="Tanggal tindak lanjut berikutnya", required=False, widget=InputTanggal,
        validators=[batas.TANGGAL_RENCANA.dengan_label("Tanggal tindak lanjut")],
    )
    rencana_tindak_lanjut = forms.CharField(
        label="Rencana tindak lanjut", required=False, max_length=255,
        help_text="Diisi bila ada tanggal tindak lanjut, misalnya: antar ke Puskesmas untuk BPJS PBI.",
    )
    foto = FieldFotoBanyak(
        label="Foto kegiatan", required=False, help_text="Boleh lebih dari satu, maks. 5 MB per foto."
    )

    def __init__(self, *args, keluarga: Keluarga | None = None, user=None, ubah: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.keluarga = keluarga
        if not self.is_bound and "tanggal" not in self.initial:
            self.initial["tanggal"] = timezone.localdate()
        if ubah or keluarga is None:
            del self.fields["keluarga_lain"]
            del self.fields["rencana_tindak_lanjut"]
        else:
            from .selectors import _prefetch_kepala

            self.fields["keluarga_lain"].queryset = (
                Keluarga.objects.for_user(user, write=True).aktif()
                .filter(kelurahan_id=keluarga.kelurahan_id).exclude(pk=keluarga.pk)
                .prefetch_related(_prefetch_kepala()).order_by("alamat", "id")
            )
        nama = [f for f in (
            "tanggal", "jenis", "peran", "keluarga_lain", "catatan", "hasil",
            "tanggal_tindak_lanjut", "rencana_tindak_lanjut", "foto",
        ) if f in self.fields]
        self.helper = _helper(
            Div(Field("tanggal"), css_class=""),
            *[Field(f) for f in nama if f != "tanggal"],
        )

    def clean(self):
        data = super().clean()
        tanggal, tl = data.get("tanggal"), data.get("tanggal_tindak_lanjut")
        if tanggal and tanggal > timezone.localdate():
            self.add_error("tanggal", "Tanggal kegiatan tidak boleh di masa depan.")
        if tanggal and tl and tl < tanggal:
            self.add_error("tanggal_tindak_lanjut", "Tanggal tindak lanjut tidak boleh sebelum tanggal kegiatan.")
        if data.get("rencana_tindak_lanjut") and not tl:
            self.add_error("tanggal_tindak_lanjut", "Isi tanggal tindak lanjut untuk rencana tersebut.")
        if (
            "keluarga_lain" in self.fields
            and data.get("jenis") == pc.JenisKunjungan.BIMBINGAN_KELOMPOK
            and not data.get("keluarga_lain")
        ):
            self.add_error("keluarga_lain", "Bimbingan kelompok melibatkan minimal dua keluarga: pilih keluarga lain.")
        return data


class TindakLanjutForm(FormSimpanAman, BatasFormMixin, forms.Form):
    uraian = forms.CharField(label="Rencana tindak lanjut", max_length=255)
    batas_waktu = forms.DateField(
        label="Batas waktu", widget=InputTanggal, validators=[batas.TANGGAL_RENCANA.dengan_label("Batas waktu")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("uraian", "batas_waktu")


class SelesaiTindakLanjutForm(BatasFormMixin, forms.Form):
    catatan = forms.CharField(
        label="Catatan penyelesaian", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        max_length=batas.TEKS_PANJANG,
    )


class PSKSForm(FormSimpanAman, BatasFormMixin, forms.ModelForm):
    class Meta:
        model = PSKS
        fields = ["nama", "jenis", "kelurahan", "alamat", "narahubung", "telepon", "layanan", "kapasitas", "aktif"]
        widgets = {"layanan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import kelurahan_tulis

        self.fields["kelurahan"].queryset = kelurahan_tulis(user)
        self.fields["kelurahan"].label_from_instance = lambda w: w.nama
        self.fields["telepon"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.helper = _helper(*self.Meta.fields)


class RujukanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    anggota = forms.ModelChoiceField(
        label="Anggota yang dirujuk", queryset=Anggota.objects.none(), required=False,
        empty_label="Seluruh keluarga",
    )
    kategori = forms.ChoiceField(label="Kategori tujuan", choices=[("", "— pilih —"), *pc.KategoriRujukan.choices])
    psks = forms.ModelChoiceField(
        label="PSKS / layanan tujuan", queryset=PSKS.objects.none(), required=False,
        empty_label="— tidak ada di daftar —",
    )
    tujuan_lain = forms.CharField(
        label="Tujuan lain", max_length=200, required=False,
        help_text="Bila tujuan tidak ada di daftar, misalnya: Puskesmas Kanigaran (BPJS PBI), SDN Sukoharjo 1.",
    )
    alasan = forms.CharField(
        label="Alasan rujukan", widget=forms.Textarea(attrs={"rows": 3}), max_length=batas.TEKS_PANJANG
    )
    tanggal = forms.DateField(
        label="Tanggal rujukan", widget=InputTanggal,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal rujukan")],
    )

    def __init__(self, *args, keluarga: Keluarga, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "tanggal" not in self.initial:
            self.initial["tanggal"] = timezone.localdate()
        self.fields["anggota"].queryset = keluarga.anggota.filter(status=c.StatusAnggota.AKTIF).order_by(
            "tanggal_lahir", "id"
        )
        self.fields["psks"].queryset = (
            PSKS.objects.for_user(user).filter(aktif=True).select_related("kelurahan").order_by("jenis", "nama")
        )
        self.fields["psks"].label_from_instance = lambda p: f"{p.nama} ({p.get_jenis_display()}, {p.kelurahan.nama})"
        self.helper = _helper("anggota", "kategori", "psks", "tujuan_lain", "alasan", "tanggal")

    def clean(self):
        data = super().clean()
        if not data.get("psks") and not (data.get("tujuan_lain") or "").strip():
            self.add_error("tujuan_lain", "Pilih PSKS/layanan tujuan atau tulis tujuan lain.")
        tanggal = data.get("tanggal")
        if tanggal and tanggal > timezone.localdate():
            self.add_error("tanggal", "Tanggal rujukan tidak boleh di masa depan.")
        return data


class StatusRujukanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status baru")
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=batas.TEKS_PANJANG)
    hasil = forms.CharField(label="Hasil / tanggapan penerima rujukan", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}), max_length=batas.TEKS_PANJANG)

    def __init__(self, *args, status_sekarang: str, tindakan: set[str] | None = None, **kwargs):
        """``tindakan``: the statuses offered (``services.tindakan_tersedia``); default every
        status the map allows from ``status_sekarang`` (the service still checks the role)."""
        super().__init__(*args, **kwargs)
        boleh = tujuan_dari(pc.TRANSISI, status_sekarang) if tindakan is None else tindakan
        self.fields["status"].choices = [(v, lbl) for v, lbl in pc.StatusRujukan.choices if v in boleh]
        self.helper = _helper("status", "catatan", "hasil")
