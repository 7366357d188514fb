"""Forms of the complaint screens (crispy; bounds from ``tksk.batas``; create forms carry a token)."""

from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils import timezone

from pmks.models import Anggota, Keluarga
from pmks.pendampingan.forms import FieldFotoBanyak
from pmks.registri.nik import normalisasi_nomor
from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.berkas import periksa_lampiran
from tksk.konkurensi import FormSimpanAman
from tksk.models import Pengguna, Peran
from tksk.scoping import kelurahan_untuk

from .. import choices as bc
from ..forms import FOTO_KECIL, TERIMA_LAMPIRAN, TanggalInput
from ..models import ProgramBantuan, Usulan
from . import choices as ac

_NOMOR = re.compile(r"^[0-9]{16}$")
KOSONG = [("", "— pilih —")]


def _helper(*isi) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> carries the token
    if isi:
        helper.layout = Layout(*isi)
    return helper


def cari_subjek(user, nomor: str) -> tuple[Keluarga | None, Anggota | None]:
    """A household (and member) in the user's writable area by No. KK or NIK (exact, 16 digits)."""
    qs = Keluarga.objects.for_user(user, write=True).select_related("kelurahan__induk")
    keluarga = qs.filter(no_kk=nomor).first()
    if keluarga is not None:
        return keluarga, None
    anggota = (
        Anggota.objects.filter(nik=nomor, keluarga__in=qs).select_related("keluarga__kelurahan__induk").first()
    )
    return (anggota.keluarga, anggota) if anggota else (None, None)


class FieldNomor(forms.CharField):
    """NIK or No. KK: 16 ASCII digits after dropping spaces/dots/dashes (nothing converted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        teks = normalisasi_nomor(super().clean(value))
        if teks and not _NOMOR.match(teks):
            raise forms.ValidationError("NIK/No. KK harus 16 angka.")
        return teks


class AduanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    jenis = forms.ChoiceField(label="Jenis aduan", choices=KOSONG + ac.JenisAduan.choices)
    kategori = forms.ChoiceField(label="Kategori", choices=KOSONG + ac.KategoriAduan.choices)
    saluran = forms.ChoiceField(label="Diterima melalui", choices=KOSONG + ac.SaluranAduan.choices)
    tanggal_terima = forms.DateField(
        label="Tanggal diterima", widget=TanggalInput(), initial=timezone.localdate,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal diterima")],
    )
    anonim = forms.BooleanField(label="Pelapor minta dirahasiakan (anonim, hanya sanggah)", required=False)
    pelapor_nama = forms.CharField(label="Nama pelapor", required=False, max_length=150)
    pelapor_telepon = forms.CharField(
        label="Telepon/WhatsApp pelapor", required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text="Empat digit terakhirnya dipakai pelapor untuk mengecek status aduan.",
    )
    pelapor_hubungan = forms.ChoiceField(
        label="Hubungan pelapor", required=False, choices=KOSONG + ac.HubunganPelapor.choices
    )
    nomor = FieldNomor(
        label="NIK atau No. KK yang dilaporkan", required=False,
        help_text="Untuk keluarga yang sudah terdaftar di wilayah Anda.",
    )
    subjek_nama = forms.CharField(label="Nama (belum terdaftar)", required=False, max_length=150)
    subjek_alamat = forms.CharField(label="Alamat (belum terdaftar)", required=False, max_length=255)
    kelurahan = forms.ModelChoiceField(label="Kelurahan (belum terdaftar)", queryset=None, required=False)
    program = forms.ModelChoiceField(label="Program bantuan", queryset=None, required=False)
    uraian = forms.CharField(label="Uraian aduan", widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=batas.TEKS_PANJANG)
    jenis_lampiran = forms.ChoiceField(
        label="Jenis bukti", choices=ac.JenisLampiranAduan.choices, required=False,
        initial=ac.JenisLampiranAduan.KTP_KK,
    )
    lampiran = forms.FileField(
        label="Bukti (foto KTP/KK, foto rumah, surat RT/kelurahan; JPG/PNG/WebP/PDF, maks. 5 MB)", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": TERIMA_LAMPIRAN, **FOTO_KECIL}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.keluarga: Keluarga | None = None
        self.anggota: Anggota | None = None
        self.fields["kelurahan"].queryset = kelurahan_untuk(user, write=True).order_by("kode")
        self.fields["program"].queryset = ProgramBantuan.objects.aktif().order_by("nama")
        self.helper = _helper(
            Fieldset("Aduan", "jenis", "kategori", "saluran", "tanggal_terima"),
            Fieldset("Pelapor", "anonim", "pelapor_nama", "pelapor_telepon", "pelapor_hubungan"),
            Fieldset("Yang dilaporkan", "nomor", "subjek_nama", "subjek_alamat", "kelurahan", "program"),
            Fieldset("Isi aduan", "uraian", "jenis_lampiran", "lampiran"),
        )

    def clean_lampiran(self):
        berkas = self.cleaned_data.get("lampiran")
        if berkas:
            periksa_lampiran(berkas)
        return berkas

    def clean(self):
        data = super().clean()
        nomor = data.get("nomor")
        if nomor:
            self.keluarga, self.anggota = cari_subjek(self.user, nomor)
            if self.keluarga is None:
                self.add_error("nomor", "Tidak ada keluarga dengan NIK/No. KK itu di wilayah Anda. Untuk orang yang "
                                        "belum terdaftar, kosongkan kolom ini dan isi nama, alamat dan kelurahan.")
        jenis, kategori = data.get("jenis"), data.get("kategori")
        if jenis and kategori and kategori not in ac.KATEGORI_PER_JENIS.get(jenis, ()):
            self.add_error("kategori", "Kategori ini bukan bagian dari jenis aduan yang dipilih.")
        return data


class VerifikasiForm(FormSimpanAman, BatasFormMixin, forms.Form):
    tanggal = forms.DateField(
        label="Tanggal kunjungan verifikasi", widget=TanggalInput(), initial=timezone.localdate,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal kunjungan")],
    )
    hasil = forms.CharField(label="Hasil verifikasi di lapangan", widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=batas.TEKS_PANJANG)
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=batas.TEKS_PANJANG)
    foto = FieldFotoBanyak(label="Foto kunjungan", required=False, help_text="Maks. 5 MB per foto.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class KeputusanForm(BatasFormMixin, forms.Form):
    keputusan = forms.ChoiceField(label="Keputusan", choices=ac.Keputusan.choices, widget=forms.RadioSelect)
    alasan = forms.CharField(label="Alasan keputusan (wajib)", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=batas.TEKS_PANJANG)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class TindakLanjutAduanForm(BatasFormMixin, forms.Form):
    jenis = forms.ChoiceField(label="Tindak lanjut", choices=KOSONG + ac.JenisTindakLanjut.choices)
    keterangan = forms.CharField(label="Keterangan", widget=forms.Textarea(attrs={"rows": 3}),
                                 max_length=batas.TEKS_PANJANG)
    nomor = FieldNomor(label="NIK/No. KK keluarga yang didaftarkan", required=False,
                       help_text="Untuk “Keluarga didaftarkan”: daftarkan dulu di registri, lalu cari di sini.")
    usulan = forms.ModelChoiceField(label="Usulan bantuan yang dibuat", queryset=None, required=False)
    kolom_diperbaiki = forms.CharField(label="Data yang diperbaiki", required=False, max_length=150,
                                       help_text="Mis. tanggal lahir kepala keluarga, alamat.")
    alasan_nonaktif = forms.ChoiceField(
        label="Alasan penonaktifan penerima", choices=bc.AlasanNonaktif.choices, required=False,
        initial=bc.AlasanNonaktif.TIDAK_MEMENUHI,
    )

    def __init__(self, *args, aduan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.keluarga_baru: Keluarga | None = None
        keluarga_ids = [i for i in (aduan.keluarga_id,) if i]
        self.fields["usulan"].queryset = (
            Usulan.objects.for_user(user).filter(keluarga_id__in=keluarga_ids).select_related("program")
            .order_by("-dibuat_pada")
        )
        self.fields["usulan"].label_from_instance = lambda u: f"#{u.pk} {u.program.nama} ({u.get_status_display()})"
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("nomor"):
            self.keluarga_baru, _ = cari_subjek(self.user, data["nomor"])
            if self.keluarga_baru is None:
                self.add_error("nomor", "Tidak ada keluarga dengan NIK/No. KK itu di wilayah Anda.")
        return data


class AlihkanForm(BatasFormMixin, forms.Form):
    petugas = forms.ModelChoiceField(label="TKSK yang ditugaskan", queryset=None)
    catatan = forms.CharField(label="Catatan", required=False, max_length=batas.TEKS_PENDEK)

    def __init__(self, *args, aduan, **kwargs):
        super().__init__(*args, **kwargs)
        kec = aduan.kelurahan.induk_id
        self.fields["petugas"].queryset = Pengguna.objects.filter(
            Q(wilayah_id=kec), peran=Peran.TKSK, is_active=True
        ).order_by("first_name", "username")
        self.fields["petugas"].label_from_instance = lambda p: p.nama_tampil
        self.helper = _helper()


class CatatanAduanForm(BatasFormMixin, forms.Form):
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=batas.TEKS_PANJANG)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class LampiranAduanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    jenis = forms.ChoiceField(label="Jenis bukti", choices=ac.JenisLampiranAduan.choices)
    berkas = forms.FileField(label="Berkas (JPG/PNG/WebP/PDF, maks. 5 MB)",
                             widget=forms.ClearableFileInput(attrs={"accept": TERIMA_LAMPIRAN, **FOTO_KECIL}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas:
            periksa_lampiran(berkas)
        return berkas


class FilterAduanForm(BatasFormMixin, forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("", "Semua")] + ac.StatusAduan.choices, required=False)
    jenis = forms.ChoiceField(label="Jenis", choices=[("", "Semua")] + ac.JenisAduan.choices, required=False)
    terlambat = forms.BooleanField(label="Hanya yang terlambat", required=False)
    q = forms.CharField(label="Kode tiket", required=False, max_length=batas.TEKS_CARI)


class CekStatusForm(BatasFormMixin, forms.Form):
    """The public status page: ticket code + last 4 digits of the reporter's phone."""

    kode = forms.CharField(label="Kode tiket", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    empat_digit = forms.CharField(
        label="4 digit terakhir nomor telepon pelapor", max_length=4, min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
