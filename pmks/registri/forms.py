"""Forms of the household registry. They check input shape; the rules live in ``pmks.registri.services``."""

from __future__ import annotations

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Fieldset, Layout, Row, Submit
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pmks.impor.nilai import rt_rw
from pmks.models import Anggota, JenisPMKS, Keluarga
from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.konkurensi import FormSimpanAman
from tksk.models import Pengguna
from tksk.scoping import kelurahan_untuk
from tksk.transisi import tujuan_dari

from . import choices as c
from .nik import periksa_nik, periksa_no_kk
from .pdp import pemberitahuan_berlaku

TANGGAL = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANGKA_16 = {"inputmode": "numeric", "autocomplete": "off", "class": "nik", "maxlength": "20"}
# Registration form (``novalidate``, so a pattern never blocks a submit; pmks/registri/nik.py decides): numeric
# keyboard on phones (inputmode; pattern for older iOS), no browser autofill of someone else's number.
ANGKA_DAFTAR = {**ANGKA_16, "pattern": "[0-9]*"}
ANGKA_RT_RW = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off", "maxlength": "3"}


class PilihKelurahan(forms.Select):
    """Kelurahan dropdown whose options carry the No. KK region prefix (``data-kode-kk``, the first six
    digits of the code: the kecamatan) and the town's name (``data-kota``, offered as a birth place)
    for static/pmks/ketik_cepat.js."""

    def __init__(self, attrs=None):
        super().__init__({"data-pilih-kelurahan": "", **(attrs or {})})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        opsi = super().create_option(name, value, label, selected, index, subindex, attrs)
        wilayah = getattr(value, "instance", None)
        if wilayah is not None:
            opsi["attrs"]["data-kode-kk"] = wilayah.kode_polos[:6]
            kota = getattr(getattr(wilayah.induk, "induk", None), "nama", "")
            opsi["attrs"]["data-kota"] = kota.removeprefix("Kota ").removeprefix("Kabupaten ")
        return opsi


class Segmen(forms.RadioSelect):
    """A few choices as tap targets (segmented buttons, static/css/sidamping.css ``.segmen``), not a
    dropdown: one tap, all options visible."""


def _tanpa_kosong(field: forms.Field) -> None:
    """A radio group needs no "---------" option: nothing ticked is the empty answer."""
    field.choices = [(v, label) for v, label in field.choices if v != ""]


def segmen(nama: str) -> InlineRadios:
    return InlineRadios(nama, wrapper_class="segmen")


class Rincian(Div):
    """Optional fields folded under a ``<details>`` ("Data tambahan"); it opens by itself when one of
    them holds an error or a value."""

    template = "includes/_rincian_crispy.html"

    def __init__(self, judul: str, *fields, **kwargs):
        super().__init__(*fields, **kwargs)
        self.judul = judul

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        isi = self.get_rendered_fields(form, context, template_pack, **kwargs)
        nama = [p.name for p in self.get_field_names()]
        buka = any(
            n in form.fields and (form[n].errors or (form.is_bound and form[n].value() not in (None, "", [])))
            for n in nama if n not in getattr(form, "rincian_tanpa_buka", ())
        )
        return render_to_string(self.template, {"div": self, "fields": isi, "buka": buka, "judul": self.judul})


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
    # Registration only: PMKS types assessed on the spot, recorded through services.klasifikasi_tambah.
    jenis_pmks = forms.ModelMultipleChoiceField(
        label="Jenis PMKS keluarga ini", required=False, queryset=JenisPMKS.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Centang semua yang sesuai hasil asesmen hari ini (boleh lebih dari satu, boleh dilengkapi nanti).",
    )
    # Registration only (UU PDP): one tap records who informed the household, when, of which notice version.
    diberi_tahu_privasi = forms.BooleanField(required=False, label="Keluarga sudah diberi tahu pemberitahuan privasi")
    versi_pemberitahuan = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

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
            **{k: Segmen for k in ("status_kepemilikan_rumah", "lantai", "dinding", "atap", "penerangan",
                                   "fasilitas_bab")},
        }

    def __init__(self, *args, user, baru: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.baru = baru
        self.fields["kelurahan"].queryset = kelurahan_untuk(user, write=True).select_related("induk").order_by("kode")
        self.fields["kelurahan"].label_from_instance = lambda w: f"{w.nama} (Kec. {w.induk.nama})"
        self.fields["kelurahan"].queryset = self.fields["kelurahan"].queryset.select_related("induk__induk")
        self.fields["no_kk"].help_text = "16 digit, tanpa spasi. Nomor lama tersimpan di riwayat bila berganti."
        self.fields["rt"].help_text = self.fields["rw"].help_text = "Cukup angkanya: 3 menjadi 003."
        for nama in KOLOM_SEGMEN_KELUARGA:
            _tanpa_kosong(self.fields[nama])
        if baru:
            self.fields["jenis_pmks"].queryset = JenisPMKS.objects.filter(aktif=True).order_by("kode")
            berlaku = pemberitahuan_berlaku()
            self.fields["diberi_tahu_privasi"].label = (
                f"Keluarga sudah diberi tahu pemberitahuan privasi (versi {berlaku.versi})"
            )
            self.fields["diberi_tahu_privasi"].help_text = (
                f'<a href="{reverse("pmks:privasi")}" target="_blank">Baca / cetak teks pemberitahuan</a>'
            )
            self.fields["versi_pemberitahuan"].initial = berlaku.versi
        else:
            del self.fields["no_kk"]
            del self.fields["jenis_pmks"]  # classifications are added/revoked on the household page
            del self.fields["diberi_tahu_privasi"]  # recorded later from the household page
            del self.fields["versi_pemberitahuan"]
        self.tampilkan_konfirmasi = False

    def clean_versi_pemberitahuan(self) -> int | None:
        """The notice version the checkbox showed (``None`` when the box is not ticked)."""
        teks = (self.cleaned_data.get("versi_pemberitahuan") or "").strip()
        if not self.cleaned_data.get("diberi_tahu_privasi"):
            return None
        if not (teks.isascii() and teks.isdigit()) or not 1 <= int(teks) <= 1_000_000:
            raise forms.ValidationError("Versi pemberitahuan privasi tidak dikenal; muat ulang halaman.")
        return int(teks)

    def clean_rt(self):
        return self._rt_rw("rt", "RT")

    def clean_rw(self):
        return self._rt_rw("rw", "RW")

    def _rt_rw(self, kolom: str, judul: str) -> str:
        """Three digits like the KTP and the import (``pmks.impor.nilai.rt_rw``): "3" → "003", so
        that lists sort by RT."""
        nilai, galat = rt_rw(self.cleaned_data.get(kolom) or "", judul)
        if galat:
            raise forms.ValidationError(galat)
        return nilai

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
        pmks = [Fieldset("Jenis PMKS", Field("jenis_pmks", wrapper_class="segmen"))] if self.baru else []
        if self.baru:
            pmks.append(Fieldset("Pemberitahuan privasi", "diberi_tahu_privasi"))
        helper.layout = Layout(
            Fieldset("Identitas dan alamat", _kolom(*identitas), _kolom("rt", "rw", lebar="col-6 col-md-3")),
            Fieldset(
                "Kondisi rumah",
                _kolom("luas_lantai", "sumber_air_minum"),
                *[segmen(n) for n in KOLOM_SEGMEN_KELUARGA],
            ),
            *pmks,
            Rincian(
                "Data tambahan: lokasi, desil DTSEN, penghasilan, catatan",
                _kolom("latitude", "longitude", lebar="col-6 col-md-3"),
                _kolom("desil", "sumber_desil", "tanggal_desil"),
                _kolom("perkiraan_penghasilan"),
                "catatan",
            ),
            Div("konfirmasi_duplikat", css_class="" if self.tampilkan_konfirmasi else "d-none"),
        )
        return helper


KOLOM_SEGMEN_KELUARGA = ("status_kepemilikan_rumah", "atap", "dinding", "lantai", "penerangan", "fasilitas_bab")


class AnggotaForm(TanpaValidasiModel, BatasFormMixin, forms.ModelForm):
    class Meta:
        model = Anggota
        fields = [
            "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan", "status_perkawinan",
            "pendidikan", "pekerjaan", "disabilitas", "alasan_konfirmasi_nik",
        ]
        widgets = {
            # Birth date and sex are filled from the NIK as it is typed (static/pmks/ketik_cepat.js);
            # the NIK's region part from the No. KK ([data-awalan-nik]).
            "nik": forms.TextInput(attrs={**ANGKA_DAFTAR, "data-nik-isi": "", "data-awalan-nik": ""}),
            "jenis_kelamin": Segmen(attrs={"data-dari-nik": "jenis_kelamin"}),
            "hubungan": forms.Select(attrs={"data-hubungan": ""}),
            "status_perkawinan": Segmen(attrs={"data-perkawinan": ""}),
            # One tap for the usual answers: the town of the kelurahan / earlier rows, the KK's job names.
            "tempat_lahir": forms.TextInput(attrs={"data-saran-kolom": "tempat_lahir", "data-saran-kota": ""}),
            "pekerjaan": forms.TextInput(attrs={"data-saran": "|".join(c.PEKERJAAN_SARAN),
                                                "list": "daftar-pekerjaan"}),
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
        self.fields["tanggal_lahir"] = batas.field_tanggal(
            batas.TANGGAL_LAHIR, ketik=True, label="Tanggal lahir",
            widget=batas.InputTanggalKetik(attrs={"data-dari-nik": "tanggal"}),
        )
        batas.batasi_field(self.fields["tanggal_lahir"])
        self.fields["jenis_kelamin"].choices = c.JenisKelamin.choices
        _tanpa_kosong(self.fields["status_perkawinan"])
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
            _kolom("tanggal_lahir", segmen("jenis_kelamin"), "tempat_lahir"),
            _kolom(segmen("status_perkawinan"), "pendidikan", "pekerjaan"),
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

    def _kosong(self, form) -> bool:
        """A new row nobody typed in: only the page's defaults (relation, marital status) are set."""
        if form.instance.pk:
            return False
        if not form.has_changed():
            return True
        return not any((form.data.get(form.add_prefix(k)) or "").strip() for k in KOLOM_ISI_ANGGOTA)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for form in self.forms:
            if self._kosong(form) and form.errors:
                form._errors.clear()  # an untouched extra row is ignored, not an error (same dict as the formset's)
                form.cleaned_data = {}

    def baris_untuk_layanan(self) -> list[tuple[AnggotaForm, dict]]:
        """(form, data) of each filled, not-removed row, in order (also when some rows are invalid:
        ``cleaned_data`` then holds the fields that were valid, for the service's checks)."""
        hasil = []
        for form in self.forms:
            if self._kosong(form):
                continue
            cleaned = getattr(form, "cleaned_data", {}) or {}
            if cleaned.get("DELETE") or form.data.get(form.add_prefix("DELETE")) in ("on", "true", "1"):
                continue
            data = {k: v for k, v in cleaned.items() if k != "DELETE"}
            data["id"] = form.instance.pk
            hasil.append((form, data))
        return hasil


# What a person types in a member row; the other fields have defaults the page sets.
KOLOM_ISI_ANGGOTA = ("nik", "nama", "tanggal_lahir", "tempat_lahir", "pekerjaan")


def anggota_formset(*, data=None, queryset=None, extra: int = 1):
    """Member rows; the first row of a new household starts as the kepala keluarga (the page's script
    defaults the rows it adds: istri/suami, then anak)."""
    FormSet = modelformset_factory(
        Anggota, form=AnggotaForm, formset=BaseAnggotaFormSet, extra=extra, can_delete=True,
    )
    return FormSet(data=data, queryset=queryset if queryset is not None else Anggota.objects.none(),
                   prefix="anggota", initial=[{"hubungan": c.Hubungan.KEPALA}] if extra else None)


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
        self.fields["status"].choices = [
            (v, lbl) for v, lbl in c.StatusAnggota.choices if v not in (anggota.status, c.StatusAnggota.DIGABUNG)
        ]
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


class AksesFilterForm(forms.Form):
    """Filters of the access-log page (GET): user, household, period."""

    oleh = forms.CharField(label="Pengguna (nama pengguna)", max_length=150, required=False)
    keluarga = forms.IntegerField(label="ID keluarga", min_value=1, max_value=2**63 - 1, required=False)
    dari = batas.field_tanggal(batas.TANGGAL_KEGIATAN, label="Dari tanggal", required=False)
    sampai = batas.field_tanggal(batas.TANGGAL_KEGIATAN, label="Sampai tanggal", required=False)

    def clean_oleh(self):
        nama = self.cleaned_data["oleh"].strip()
        if not nama:
            return None
        pengguna = Pengguna.objects.filter(username=nama).first()
        if pengguna is None:
            raise forms.ValidationError("Pengguna dengan nama itu tidak ada.")
        return pengguna
