"""Forms of the aid screens (crispy, laid out in each form's FormHelper)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from pmks.models import Anggota, JenisPMKS, Keluarga
from pmks.registri.rules import BATAS_RTLH_LUAS_PER_ORANG, luas_lantai_per_orang
from tksk import batas
from tksk.batas import BatasFormMixin
from tksk.berkas import periksa_gambar, periksa_lampiran
from tksk.konkurensi import FormSimpanAman
from tksk.models import Wilayah
from tksk.scoping import kecamatan_untuk

from . import choices as c
from .models import ProgramBantuan
from .selectors import kepala_subquery

# What the file pickers offer; the server checks the content anyway (tksk.berkas).
TERIMA_FOTO = "image/jpeg,image/png,image/webp"
TERIMA_LAMPIRAN = TERIMA_FOTO + ",application/pdf"
# static/js/foto_kecil.js downscales a chosen photo before upload (PDFs are left alone).
FOTO_KECIL = {"data-foto-kecil": ""}


def _berkas_sah(berkas, periksa):
    """Check an upload already in the form, so the message stands next to its field."""
    if berkas:
        periksa(berkas)
    return berkas


class TanggalInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- Programs ---------------------------------------------------------------------------------
class ProgramForm(FormSimpanAman, BatasFormMixin, forms.ModelForm):
    class Meta:
        model = ProgramBantuan
        fields = [
            "nama", "kode", "jenis", "sumber_dana", "tahun_anggaran", "periode_mulai", "periode_selesai",
            "bentuk", "nilai_per_penerima", "uraian_barang", "jumlah_barang", "satuan", "frekuensi",
            "kuota_total", "jenis_pmks", "desil_maksimum", "dikelola_dinas", "tidak_boleh_bersamaan",
            "batas_ulang_tahun", "uraian", "aktif",
        ]
        widgets = {
            "periode_mulai": TanggalInput(),
            "periode_selesai": TanggalInput(),
            "jenis_pmks": forms.CheckboxSelectMultiple,
            "tidak_boleh_bersamaan": forms.CheckboxSelectMultiple,
            "uraian": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_pmks"].queryset = JenisPMKS.objects.filter(aktif=True)
        lain = ProgramBantuan.objects.order_by("-tahun_anggaran", "nama")
        if self.instance.pk:
            lain = lain.exclude(pk=self.instance.pk)
        self.fields["tidak_boleh_bersamaan"].queryset = lain
        self.kecamatan = list(kecamatan_untuk(user).order_by("kode"))
        kuota_ada = {}
        if self.instance.pk:
            kuota_ada = {k.kecamatan_id: k.kuota for k in self.instance.kuota_kecamatan.all()}
        for kec in self.kecamatan:
            self.fields[f"kuota_{kec.pk}"] = batas.field_angka(
                batas.KUOTA, label=f"Kuota {kec.nama}", required=False, initial=kuota_ada.get(kec.pk)
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("Identitas", "nama", "kode", "jenis", "sumber_dana", "tahun_anggaran",
                     Div(Div("periode_mulai", css_class="col-sm-6"), Div("periode_selesai", css_class="col-sm-6"),
                         css_class="row")),
            Fieldset("Bentuk dan nilai", "bentuk", "nilai_per_penerima", "uraian_barang",
                     Div(Div("jumlah_barang", css_class="col-6"), Div("satuan", css_class="col-6"), css_class="row"),
                     "frekuensi"),
            Fieldset("Kuota", "kuota_total", *[f"kuota_{k.pk}" for k in self.kecamatan]),
            Fieldset("Sasaran dan aturan", "jenis_pmks", "desil_maksimum", "dikelola_dinas",
                     "tidak_boleh_bersamaan", "batas_ulang_tahun"),
            Fieldset("Lainnya", "uraian", "aktif"),
            Submit("simpan", "Simpan program"),
        )

    def kuota_kecamatan(self) -> dict[Wilayah, int | None]:
        return {kec: self.cleaned_data.get(f"kuota_{kec.pk}") for kec in self.kecamatan}


# --- Proposals --------------------------------------------------------------------------------
PILIHAN_TANAH = [
    ("", "—"),
    ("milik_sendiri", "Milik sendiri, tanpa sengketa"),
    ("milik_sengketa", "Milik sendiri, ada sengketa"),
    ("bukan_milik", "Bukan milik sendiri"),
]
PILIHAN_YA_TIDAK = [("", "—"), ("ya", "Ya"), ("tidak", "Tidak")]

# Assessment fields per program jenis: (field name, label). Stored in ``Usulan.asesmen``.
ASESMEN = {
    c.JenisProgram.RTLH: [
        ("kondisi_atap", "Kondisi atap"),
        ("kondisi_dinding", "Kondisi dinding"),
        ("kondisi_lantai", "Kondisi lantai"),
        ("luas_lantai", "Luas lantai rumah (m²)"),
        ("jumlah_penghuni", "Jumlah penghuni"),
        ("luas_per_orang", "Luas lantai per orang (m²)"),
        ("ada_jamban", "Memiliki jamban sendiri"),
        ("status_tanah", "Status tanah"),
    ],
    c.JenisProgram.MODAL_USAHA: [
        ("jenis_usaha", "Jenis usaha"),
        ("rencana_usaha", "Rencana usaha"),
        ("daftar_kebutuhan", "Daftar kebutuhan alat/bahan"),
        ("perkiraan_biaya", "Perkiraan biaya (Rp)"),
    ],
    c.JenisProgram.TERNAK: [
        ("pengalaman_beternak", "Berpengalaman beternak"),
        ("kandang_tersedia", "Kandang tersedia"),
        ("lahan_kandang", "Lahan/kandang (uraian)"),
        ("sumber_pakan", "Sumber pakan"),
    ],
}
WAJIB_ASESMEN = {
    c.JenisProgram.RTLH: ["kondisi_atap", "kondisi_dinding", "kondisi_lantai", "status_tanah"],
    c.JenisProgram.MODAL_USAHA: ["jenis_usaha", "rencana_usaha", "daftar_kebutuhan"],
    c.JenisProgram.TERNAK: ["kandang_tersedia", "sumber_pakan"],
}
LABEL_ASESMEN = {nama: label for daftar in ASESMEN.values() for nama, label in daftar}


class KeluargaField(forms.ModelChoiceField):
    """Households by head of family and address (the No. KK alone means nothing to a person choosing)."""

    def label_from_instance(self, obj: Keluarga) -> str:
        return f"{obj.nama_kepala or 'Tanpa kepala keluarga'} — {obj.alamat}, {obj.kelurahan.nama}"


def _pilihan_keluarga(keluarga_qs):
    return keluarga_qs.select_related("kelurahan").annotate(nama_kepala=kepala_subquery("pk"))


class UsulanForm(FormSimpanAman, BatasFormMixin, forms.Form):
    keluarga = KeluargaField(queryset=Keluarga.objects.none(), label="Keluarga")
    program = forms.ModelChoiceField(queryset=ProgramBantuan.objects.none(), label="Program bantuan")
    anggota = forms.ModelChoiceField(
        queryset=Anggota.objects.none(), required=False, label="Anggota yang diusulkan",
        help_text="Kosongkan bila yang diusulkan adalah keluarga.",
    )
    justifikasi = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Justifikasi", max_length=batas.TEKS_PANJANG
    )

    # RTLH
    kondisi_atap = forms.CharField(required=False, label="Kondisi atap", help_text="Mis. genteng bocor, rangka lapuk.",
                                   max_length=batas.TEKS_PENDEK)
    kondisi_dinding = forms.CharField(required=False, label="Kondisi dinding", help_text="Mis. anyaman bambu.",
                                      max_length=batas.TEKS_PENDEK)
    kondisi_lantai = forms.CharField(required=False, label="Kondisi lantai", help_text="Mis. tanah.",
                                     max_length=batas.TEKS_PENDEK)
    luas_lantai = forms.DecimalField(required=False, min_value=batas.LUAS_LANTAI.minimum,
                                     max_value=batas.LUAS_LANTAI.maksimum, max_digits=7, decimal_places=2,
                                     label="Luas lantai rumah (m²)", widget=forms.NumberInput(
                                         attrs={"inputmode": "decimal", "step": "0.01", "data-luas-lantai": ""}))
    jumlah_penghuni = batas.field_angka(batas.PENGHUNI, required=False, label="Jumlah penghuni",
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric",
                                                                        "data-jumlah-penghuni": ""}))
    # Computed (pmks.registri.rules.luas_lantai_per_orang), never typed: shown as the two figures above change.
    luas_per_orang = forms.DecimalField(required=False, disabled=True, max_digits=9, decimal_places=2,
                                        min_value=batas.LUAS_LANTAI.minimum, max_value=batas.LUAS_LANTAI.maksimum,
                                        label="Luas lantai per orang (m²)", widget=forms.NumberInput(
                                            attrs={"data-luas-per-orang": "",
                                                   "data-batas-rtlh": str(BATAS_RTLH_LUAS_PER_ORANG)}),
                                        help_text=f"Dihitung: luas lantai ÷ jumlah penghuni. Kriteria RTLH: kurang "
                                                  f"dari {str(BATAS_RTLH_LUAS_PER_ORANG).replace('.', ',')} m²/orang.")
    ada_jamban = forms.ChoiceField(required=False, choices=PILIHAN_YA_TIDAK, label="Memiliki jamban sendiri")
    status_tanah = forms.ChoiceField(required=False, choices=PILIHAN_TANAH, label="Status tanah")
    # Modal usaha
    jenis_usaha = forms.CharField(required=False, label="Jenis usaha", max_length=batas.TEKS_PENDEK)
    rencana_usaha = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Rencana usaha",
                                    max_length=batas.TEKS_PANJANG)
    daftar_kebutuhan = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                       label="Daftar kebutuhan alat/bahan", max_length=batas.TEKS_PANJANG)
    perkiraan_biaya = batas.field_angka(batas.RUPIAH_PER_PENERIMA, required=False, label="Perkiraan biaya (Rp)")
    # Ternak
    pengalaman_beternak = forms.ChoiceField(required=False, choices=PILIHAN_YA_TIDAK, label="Berpengalaman beternak")
    kandang_tersedia = forms.ChoiceField(required=False, choices=PILIHAN_YA_TIDAK, label="Kandang tersedia")
    lahan_kandang = forms.CharField(required=False, label="Lahan/kandang (uraian)", max_length=batas.TEKS_PENDEK)
    sumber_pakan = forms.CharField(required=False, label="Sumber pakan", max_length=batas.TEKS_PENDEK)

    # First attachment right away (more on the proposal page).
    lampiran = forms.FileField(required=False, label="Lampiran (foto/pindaian PDF, maks. 5 MB)",
                               widget=forms.ClearableFileInput(attrs={"accept": TERIMA_LAMPIRAN, **FOTO_KECIL}))
    jenis_lampiran = forms.ChoiceField(choices=c.JenisLampiran.choices, required=False, label="Jenis lampiran")

    def __init__(self, *args, keluarga_qs, usulan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.usulan = usulan
        self.fields["keluarga"].queryset = _pilihan_keluarga(keluarga_qs)
        self.fields["program"].queryset = ProgramBantuan.objects.menerima_usulan().filter(
            periode_selesai__gte=timezone.localdate()
        )
        # Members come only from households in the user's writable scope: a posted id of another
        # kecamatan's household must narrow the choice to nothing, never list that household's names.
        anggota_qs = Anggota.objects.filter(keluarga__in=keluarga_qs.values("pk"), status="aktif")
        if usulan is not None:
            keluarga_id = usulan.keluarga_id  # the household of a proposal never changes
        else:
            keluarga_id = self.data.get("keluarga") or self.initial.get("keluarga")
            keluarga_id = batas.id_dari_teks(getattr(keluarga_id, "pk", keluarga_id))
        if keluarga_id is not None:
            anggota_qs = anggota_qs.filter(keluarga_id=keluarga_id)
        self.fields["anggota"].queryset = anggota_qs
        self._keluarga_id = keluarga_id
        self._isi_dari_rumah()
        self.fields["program"].widget.attrs.update({"data-testid": "pilih-program"})
        if usulan is not None:
            for nama in ("keluarga", "program"):
                self.fields[nama].disabled = True
            del self.fields["lampiran"]
            del self.fields["jenis_lampiran"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "keluarga", "program",
            HTML('<div id="peringatan-usulan">{% include "bantuan/includes/_peringatan.html" %}</div>'),
            "anggota", "justifikasi",
            # data-asesmen: the form's script shows only the assessment of the chosen program's type.
            Fieldset("Asesmen RTLH (wajib untuk program RTLH)", *[n for n, _ in ASESMEN[c.JenisProgram.RTLH]],
                     css_class="border rounded p-2 mb-3 asesmen-rtlh", data_asesmen=c.JenisProgram.RTLH),
            Fieldset("Asesmen Modal Usaha (wajib untuk program Modal Usaha)",
                     *[n for n, _ in ASESMEN[c.JenisProgram.MODAL_USAHA]], css_class="border rounded p-2 mb-3",
                     data_asesmen=c.JenisProgram.MODAL_USAHA),
            Fieldset("Asesmen Ternak (wajib untuk program Ternak)", *[n for n, _ in ASESMEN[c.JenisProgram.TERNAK]],
                     css_class="border rounded p-2 mb-3", data_asesmen=c.JenisProgram.TERNAK),
            *([] if usulan is not None else [Fieldset("Lampiran", "jenis_lampiran", "lampiran")]),
        )

    def _rumah(self) -> dict:
        """The RTLH assessment's figures already on the household record (roof, wall, floor, floor area,
        people living there): carried over instead of asked again."""
        if getattr(self, "_rumah_cache", None) is None:
            self._rumah_cache = {}
            k = Keluarga.objects.filter(pk=self._keluarga_id).first() if self._keluarga_id else None
            if k is not None:
                self._rumah_cache = {
                    "kondisi_atap": k.get_atap_display() if k.atap else "",
                    "kondisi_dinding": k.get_dinding_display() if k.dinding else "",
                    "kondisi_lantai": k.get_lantai_display() if k.lantai else "",
                    "luas_lantai": k.luas_lantai,
                    "jumlah_penghuni": k.anggota.aktif().count() or None,
                }
        return self._rumah_cache

    def _isi_dari_rumah(self) -> None:
        rumah = self._rumah()
        for nama, nilai in rumah.items():
            if nilai in (None, ""):
                continue
            self.fields[nama].help_text = f"Dari data rumah keluarga: {nilai}. Ubah atau tambahkan keadaannya."
            if self.initial.get(nama) in (None, ""):
                self.initial[nama] = nilai
        dihitung = luas_lantai_per_orang(self.initial.get("luas_lantai"), self.initial.get("jumlah_penghuni"))
        if dihitung is not None:
            self.initial["luas_per_orang"] = dihitung

    def clean(self):
        data = super().clean()
        program = data.get("program") or (self.usulan.program if self.usulan else None)
        if program is not None and program.jenis == c.JenisProgram.RTLH:
            # Left empty (e.g. household chosen from the list): the household record's values.
            for nama, nilai in self._rumah().items():
                if data.get(nama) in (None, "") and nama not in self.errors:
                    data[nama] = nilai
            dihitung = luas_lantai_per_orang(data.get("luas_lantai"), data.get("jumlah_penghuni"))
            if dihitung is not None or data.get("luas_lantai") not in (None, ""):
                data["luas_per_orang"] = dihitung
        if program is not None:
            for nama in WAJIB_ASESMEN.get(program.jenis, []):
                if data.get(nama) in (None, ""):
                    self.add_error(nama, f"Wajib diisi untuk program {program.get_jenis_display()}.")
        anggota = data.get("anggota")
        keluarga = data.get("keluarga") or (self.usulan.keluarga if self.usulan else None)
        if anggota is not None and keluarga is not None and anggota.keluarga_id != keluarga.pk:
            self.add_error("anggota", "Anggota harus dari keluarga yang diusulkan.")
        if data.get("lampiran") and not data.get("jenis_lampiran"):
            self.add_error("jenis_lampiran", "Pilih jenis lampiran.")
        return data

    def clean_lampiran(self):
        return _berkas_sah(self.cleaned_data.get("lampiran"), periksa_lampiran)

    def jenis_program(self) -> dict[str, str]:
        """Program id → type, for the script that shows the matching assessment."""
        return {str(pk): jenis for pk, jenis in self.fields["program"].queryset.values_list("pk", "jenis")}

    def asesmen(self) -> dict:
        program = self.cleaned_data.get("program") or (self.usulan.program if self.usulan else None)
        hasil = {}
        for nama, _label in ASESMEN.get(program.jenis, []) if program else []:
            nilai = self.cleaned_data.get(nama)
            if nilai in (None, ""):
                continue
            hasil[nama] = str(nilai) if not isinstance(nilai, (int, str)) else nilai
        return hasil


class CatatanForm(BatasFormMixin, forms.Form):
    catatan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Catatan", max_length=batas.TEKS_PANJANG
    )


class LampiranForm(FormSimpanAman, BatasFormMixin, forms.Form):
    jenis = forms.ChoiceField(choices=c.JenisLampiran.choices, label="Jenis lampiran")
    berkas = forms.FileField(label="Berkas (JPG/PNG/WebP/PDF, maks. 5 MB)",
                             widget=forms.ClearableFileInput(attrs={"accept": TERIMA_LAMPIRAN, **FOTO_KECIL}))
    keterangan = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_berkas(self):
        return _berkas_sah(self.cleaned_data.get("berkas"), periksa_lampiran)

class PenyaluranForm(FormSimpanAman, BatasFormMixin, forms.Form):
    tanggal = forms.DateField(
        widget=TanggalInput(), initial=timezone.localdate,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal penyaluran")],
    )
    nilai = batas.field_angka(batas.RUPIAH_PER_PENERIMA, required=False, label="Nilai (Rp)")
    jumlah_barang = forms.DecimalField(required=False, min_value=batas.JUMLAH_BARANG.minimum,
                                       max_value=batas.JUMLAH_BARANG.maksimum, max_digits=10, decimal_places=2)
    uraian = forms.CharField(required=False, max_length=200, label="Uraian barang")
    diterima_oleh = forms.CharField(max_length=150, label="Diterima/ditandatangani oleh")
    foto_bukti = forms.FileField(required=False, label="Foto bukti (JPG/PNG/WebP, maks. 5 MB)",
                                 widget=forms.ClearableFileInput(attrs={"accept": TERIMA_FOTO, **FOTO_KECIL}))
    catatan = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=batas.TEKS_PANJANG)

    def __init__(self, *args, usulan, **kwargs):
        super().__init__(*args, **kwargs)
        program = usulan.program
        if not self.is_bound:
            self.initial.setdefault("nilai", program.nilai_per_penerima if program.bentuk == "tunai" else None)
            self.initial.setdefault("jumlah_barang", program.jumlah_barang)
            self.initial.setdefault("uraian", program.uraian_barang)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "tanggal", "nilai", "jumlah_barang", "uraian", "diterima_oleh", "foto_bukti", "catatan",
            Submit("simpan", "Catat penyaluran"),
        )

    def clean_foto_bukti(self):
        return _berkas_sah(self.cleaned_data.get("foto_bukti"), periksa_gambar)


PILIHAN_USAHA = [("", "—"), ("1", "Masih berjalan"), ("0", "Tidak berjalan")]


class MonitoringForm(FormSimpanAman, BatasFormMixin, forms.Form):
    tanggal = forms.DateField(
        widget=TanggalInput(), initial=timezone.localdate,
        validators=[batas.TANGGAL_KEGIATAN.dengan_label("Tanggal monitoring")],
    )
    ternak_hidup = batas.field_angka(batas.TERNAK, required=False)
    ternak_lahir = batas.field_angka(batas.TERNAK, required=False)
    ternak_dijual = batas.field_angka(batas.TERNAK, required=False)
    ternak_mati = batas.field_angka(batas.TERNAK, required=False)
    usaha_berjalan = forms.TypedChoiceField(
        choices=PILIHAN_USAHA, required=False, coerce=lambda v: v == "1", empty_value=None, label="Usaha"
    )
    catatan = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=batas.TEKS_PANJANG)

    def __init__(self, *args, usulan, **kwargs):
        super().__init__(*args, **kwargs)
        if usulan.program.jenis == c.JenisProgram.TERNAK:
            del self.fields["usaha_berjalan"]
        else:
            for nama in ("ternak_hidup", "ternak_lahir", "ternak_dijual", "ternak_mati"):
                del self.fields[nama]
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan monitoring"))


class NonaktifForm(FormSimpanAman, BatasFormMixin, forms.Form):
    alasan = forms.ChoiceField(choices=[("", "—"), *c.AlasanNonaktif.choices])
    keterangan = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=batas.TEKS_PANJANG)
    keluarga_baru = KeluargaField(
        queryset=Keluarga.objects.none(), required=False, label="Keluarga pengganti",
        help_text="Isi untuk mengganti penerima; kosongkan untuk menonaktifkan saja.",
    )

    def __init__(self, *args, keluarga_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keluarga_baru"].queryset = _pilihan_keluarga(keluarga_qs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan perubahan penerima", css_class="btn-warning"))


class FilterUsulanForm(BatasFormMixin, forms.Form):
    program = forms.ModelChoiceField(queryset=ProgramBantuan.objects.all(), required=False, empty_label="Semua program")
    kecamatan = forms.ModelChoiceField(queryset=Wilayah.objects.none(), required=False, empty_label="Semua kecamatan")
    status = forms.ChoiceField(
        choices=[("", "Semua status"), (c.FILTER_MENUNGGU_KEPUTUSAN, "Menunggu keputusan"), *c.StatusUsulan.choices],
        required=False,
    )
    q = forms.CharField(required=False, label="Cari", max_length=batas.TEKS_CARI,
                        widget=forms.TextInput(attrs={"placeholder": "Nama / NIK / KK"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan_untuk(user).order_by("kode")
        if len(self.fields["kecamatan"].queryset) <= 1:
            del self.fields["kecamatan"]  # a TKSK's own kecamatan: nothing to choose
        for bidang in self.fields.values():  # Bootstrap classes here: the page may not run inline script
            bidang.widget.attrs["class"] = "form-select" if isinstance(bidang.widget, forms.Select) else "form-control"


class FilterWilayahForm(BatasFormMixin, forms.Form):
    kelurahan = forms.ModelChoiceField(queryset=Wilayah.objects.none(), required=False, empty_label="Semua kelurahan")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from tksk.scoping import kelurahan_untuk

        self.fields["kelurahan"].queryset = kelurahan_untuk(user).order_by("kode")


class FilterPeriodeForm(FilterWilayahForm):
    mulai = forms.DateField(widget=TanggalInput(), required=False, validators=[batas.TANGGAL_PERIODE])
    selesai = forms.DateField(widget=TanggalInput(), required=False, validators=[batas.TANGGAL_PERIODE])


class KeputusanTandaDesilForm(BatasFormMixin, forms.Form):
    """Dinas Sosial's decision on a recipient no longer within the programme's desil range."""

    keputusan = forms.ChoiceField(
        choices=[("lanjutkan", "Lanjutkan bantuan"), ("nonaktifkan", "Nonaktifkan penerima")],
        widget=forms.RadioSelect, label="Keputusan",
    )
    alasan = forms.CharField(label="Alasan", max_length=batas.TEKS_PANJANG, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class FilterTandaDesilForm(BatasFormMixin, forms.Form):
    status = forms.ChoiceField(choices=[("", "Semua status"), *c.StatusTandaDesil.choices], required=False,
                               label="Status")
