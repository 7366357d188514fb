"""Forms of the household registry. They check input shape; the rules live in ``pmks.services``."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row, Submit
from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone

from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.konkurensi import FormSimpanAman
from tksk.scoping import kelurahan_untuk
from tksk.transisi import tujuan_dari

from . import choices as c
from .models import Anggota, JenisPMKS, Keluarga
from .nik import periksa_nik, periksa_no_kk

TANGGAL = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANGKA_16 = {"inputmode": "numeric", "autocomplete": "off", "class": "nik", "maxlength": "20"}
# Registration form (``novalidate``, so a pattern never blocks a submit; pmks/nik.py decides): numeric
# keyboard on phones (inputmode; pattern for older iOS), no browser autofill of someone else's number.
ANGKA_DAFTAR = {**ANGKA_16, "pattern": "[0-9]*"}
ANGKA_RT_RW = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off", "maxlength": "3"}


class PilihKelurahan(forms.Select):
    """Kelurahan dropdown whose options carry the No. KK region prefix (``data-kode-kk``, the first six
    digits of the code: the kecamatan) for static/pmks/ketik_cepat.js."""

    def __init__(self, attrs=None):
        super().__init__({"data-pilih-kelurahan": "", **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opsi = super().create_option(name, value, label, selected, index, subindex, attrs)
        wilayah = getattr(value, "instance", None)
        if wilayah is not None:
            opsi["attrs"]["data-kode-kk"] = wilayah.kode_polos[:6]
        return opsi


class TanpaValidasiModel:
    """Model validation (uniqueness, constraints) is the service's job, with messages that do not
    leak other areas' data; the ModelForm only checks field shapes."""

    def _post_clean(self):
        pass


def _kolom(*fields, lebar="col-12 col-md-6 col-lg-4"):
    return Row(*[Column(f, css_class=lebar) for f in fields])


class KeluargaForm(FormSimpanAman, TanpaValidasiModel, BatasFormMixin, forms.ModelForm):
    """Register (``permintaan=request``: one-time token) or edit (``versi_dari=keluarga``)."""

    konfirmasi_duplikat = forms.BooleanField(
        required=False,
        label="Saya sudah memeriksa data yang mirip di atas; ini orang yang berbeda. Tetap simpan.",
    )

    class Meta:
        model = Keluarga
        fields = [
            "no_kk", "kelurahan", "alamat", "rt", "rw", "latitude", "longitude",
            "status_kepemilikan_rumah", "luas_lantai", "lantai", "dinding", "atap", "sumber_air_minum",
            "penerangan", "fasilitas_bab", "desil", "sumber_desil", "tanggal_desil", "perkiraan_penghasilan",
            "catatan",
        ]
        widgets = {
            "no_kk": forms.TextInput(attrs={**ANGKA_DAFTAR, "data-awalan-kk": ""}),
            "kelurahan": PilihKelurahan,
            "rt": forms.TextInput(attrs=ANGKA_RT_RW),
            "rw": forms.TextInput(attrs=ANGKA_RT_RW),
            "tanggal_desil": TANGGAL,
            "catatan": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, baru: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.baru = baru
        self.fields["kelurahan"].queryset = kelurahan_untuk(user, write=True).select_related("induk").order_by("kode")
        self.fields["kelurahan"].label_from_instance = lambda w: f"{w.nama} (Kec. {w.induk.nama})"
        self.fields["no_kk"].help_text = "16 digit, tanpa spasi. Nomor lama tersimpan di riwayat bila berganti."
        if not baru:
            del self.fields["no_kk"]
        self.tampilkan_konfirmasi = False

    def clean_no_kk(self):
        nilai = self.cleaned_data["no_kk"]
        errors = periksa_no_kk(nilai)
        if errors:
            raise forms.ValidationError(errors)
        return nilai

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.render_hidden_fields = True  # versi / token_formulir (tksk.konkurensi)
        # Kelurahan first: choosing it puts the region part into the No. KK (static/pmks/ketik_cepat.js).
        identitas = ["kelurahan", "alamat"] if not self.baru else ["kelurahan", "no_kk", "alamat"]
        helper.layout = Layout(
            Fieldset("Identitas dan alamat", _kolom(*identitas), _kolom("rt", "rw", lebar="col-6 col-md-3")),
            Fieldset(
                "Kondisi rumah",
                _kolom("status_kepemilikan_rumah", "luas_lantai", "lantai"),
                _kolom("dinding", "atap", "sumber_air_minum"),
                _kolom("penerangan", "fasilitas_bab"),
                _kolom("latitude", "longitude", lebar="col-6 col-md-3"),
            ),
            Fieldset(
                "Kesejahteraan (DTSEN)",
                _kolom("desil", "sumber_desil", "tanggal_desil"),
                _kolom("perkiraan_penghasilan"),
                "catatan",
            ),
            Div("konfirmasi_duplikat", css_class="" if self.tampilkan_konfirmasi else "d-none"),
        )
        return helper


class AnggotaForm(TanpaValidasiModel, BatasFormMixin, forms.ModelForm):
    class Meta:
        model = Anggota
        fields = [
            "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
            "pendidikan", "pekerjaan", "disabilitas", "alasan_konfirmasi_nik",
        ]
        widgets = {
            # Birth date and sex are filled from the NIK as it is typed (static/pmks/ketik_cepat.js).
            "nik": forms.TextInput(attrs={**ANGKA_DAFTAR, "data-nik-isi": ""}),
            "tanggal_lahir": forms.DateInput(attrs={"type": "date", "data-dari-nik": "tanggal"}, format="%Y-%m-%d"),
            "jenis_kelamin": forms.Select(attrs={"data-dari-nik": "jenis_kelamin"}),
            "alasan_konfirmasi_nik": forms.TextInput(),
        }
        labels = {"alasan_konfirmasi_nik": "Alasan NIK tetap dipakai"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nik"].max_length = 30
        self.fields["nik"].widget.attrs["maxlength"] = "30"
        self.fields["alasan_konfirmasi_nik"].help_text = (
            "Mis. \u201cTanggal lahir di KTP memang berbeda dengan NIK\u201d (diperiksa dari KTP/KK)."
        )
        self.fields["jenis_kelamin"].choices = [("", "---------"), *c.JenisKelamin.choices]
        self.peringatan: list = []

    def clean_nik(self):
        nilai = self.cleaned_data["nik"]
        errors = periksa_nik(nilai)
        if errors:
            raise forms.ValidationError(errors)
        return nilai

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        perlu_alasan = bool(self.peringatan) or bool(self["alasan_konfirmasi_nik"].value())
        hapus = ["DELETE"] if "DELETE" in self.fields else []
        helper.layout = Layout(
            _kolom("nik", "nama", "hubungan"),
            _kolom("tempat_lahir", "tanggal_lahir", "jenis_kelamin"),
            _kolom("status_perkawinan", "pendidikan", "pekerjaan"),
            _kolom("disabilitas"),
            Div("alasan_konfirmasi_nik", css_class="" if perlu_alasan else "d-none"),
            "id",
            Div(*hapus, css_class="d-none"),
        )
        return helper


class BaseAnggotaFormSet(BaseModelFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            if form.instance.pk and "DELETE" in form.fields:
                del form.fields["DELETE"]  # existing members are never deleted: change their status

    def validate_unique(self):
        """Duplicate NIKs across rows are reported by the service, on the row concerned."""

    def baris_untuk_layanan(self) -> list[tuple[AnggotaForm, dict]]:
        """(form, data) of each filled, not-removed row, in order."""
        hasil = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            data = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            data["id"] = form.instance.pk
            hasil.append((form, data))
        return hasil


def anggota_formset(*, data=None, queryset=None, extra: int = 1):
    FormSet = modelformset_factory(
        Anggota, form=AnggotaForm, formset=BaseAnggotaFormSet, extra=extra, can_delete=True,
    )
    return FormSet(data=data, queryset=queryset if queryset is not None else Anggota.objects.none(),
                   prefix="anggota")


def _helper_sederhana(tombol: str, kelas: str = "btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("simpan", tombol, css_class=kelas))
    return helper


class StatusKeluargaForm(BatasFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status baru", choices=c.StatusKeluarga.choices)
    alasan = forms.CharField(label="Alasan", max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, keluarga: Keluarga, **kwargs):
        super().__init__(*args, **kwargs)
        boleh = tujuan_dari(c.TRANSISI, keluarga.status)
        self.fields["status"].choices = [(v, label) for v, label in c.StatusKeluarga.choices if v in boleh]
        self.helper = _helper_sederhana("Simpan status", "btn-warning")


class GantiNoKKForm(BatasFormMixin, forms.Form):
    no_kk = forms.CharField(label="No. KK baru", max_length=30, widget=forms.TextInput(attrs=ANGKA_16))
    alasan = forms.CharField(
        label="Alasan", max_length=255,
        help_text="Mis. pecah KK, pindah alamat, kepala keluarga meninggal.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper_sederhana("Ganti No. KK")

    def clean_no_kk(self):
        errors = periksa_no_kk(self.cleaned_data["no_kk"])
        if errors:
            raise forms.ValidationError(errors)
        return self.cleaned_data["no_kk"]


class KlasifikasiForm(FormSimpanAman, BatasFormMixin, forms.Form):
    jenis = forms.ModelChoiceField(label="Jenis PMKS", queryset=JenisPMKS.objects.filter(aktif=True))
    anggota = forms.ModelChoiceField(
        label="Untuk anggota", required=False, queryset=Anggota.objects.none(),
        empty_label="(keluarga secara keseluruhan)",
    )
    tanggal_asesmen = forms.DateField(
        label="Tanggal asesmen", widget=TANGGAL, validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal asesmen")]
    )
    catatan = forms.CharField(required=False, max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, keluarga: Keluarga, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anggota"].queryset = keluarga.anggota.aktif()
        self.fields["tanggal_asesmen"].initial = timezone.localdate()
        self.helper = _helper_sederhana("Simpan klasifikasi")


class AlasanForm(BatasFormMixin, forms.Form):
    alasan = forms.CharField(label="Alasan", max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, tombol: str = "Simpan", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper_sederhana(tombol, "btn-danger")


class StatusAnggotaForm(BatasFormMixin, forms.Form):
    status = forms.ChoiceField(label="Keberadaan", choices=c.StatusAnggota.choices)
    kepala_baru = forms.ModelChoiceField(
        label="Kepala keluarga pengganti", required=False, queryset=Anggota.objects.none(),
        help_text="Wajib bila kepala keluarga tidak lagi tinggal bersama dan masih ada anggota lain.",
    )
    alasan = forms.CharField(label="Alasan", max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, anggota: Anggota, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(v, lbl) for v, lbl in c.StatusAnggota.choices if v != anggota.status]
        if anggota.adalah_kepala and anggota.status == c.StatusAnggota.AKTIF:
            self.fields["kepala_baru"].queryset = anggota.keluarga.anggota.aktif().exclude(pk=anggota.pk)
        else:
            del self.fields["kepala_baru"]
        self.helper = _helper_sederhana("Simpan")


class PindahAnggotaForm(BatasFormMixin, forms.Form):
    no_kk_tujuan = forms.CharField(
        label="No. KK keluarga tujuan", max_length=30, widget=forms.TextInput(attrs=ANGKA_16),
        help_text="Keluarga tujuan harus sudah terdaftar di wilayah kerja Anda.",
    )
    hubungan = forms.ChoiceField(label="Hubungan dengan kepala keluarga tujuan", choices=c.Hubungan.choices)
    kepala_baru = forms.ModelChoiceField(
        label="Kepala keluarga pengganti di keluarga asal", required=False, queryset=Anggota.objects.none(),
    )
    alasan = forms.CharField(label="Alasan", max_length=255)

    def __init__(self, *args, anggota: Anggota, **kwargs):
        super().__init__(*args, **kwargs)
        if anggota.adalah_kepala:
            self.fields["kepala_baru"].queryset = anggota.keluarga.anggota.aktif().exclude(pk=anggota.pk)
        else:
            del self.fields["kepala_baru"]
        self.helper = _helper_sederhana("Pindahkan")
