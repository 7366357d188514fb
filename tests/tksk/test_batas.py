"""Every input of every form is bounded (issue #10, items 10 and 17; STYLE.md §17).

One table builds each form of the product as its page does; the test walks every field: numbers
have a minimum and a maximum inside their database column and the domain, dates carry a
``tksk.batas.RentangTanggal`` window, text inputs have a length cap. A completeness test fails for
any form class of our apps missing from the table, so a new form joins it in the same commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection

from bantuan import choices as bc
from bantuan import forms as bf
from bantuan.admin import LampiranUsulanAdminForm, PenyaluranAdminForm
from bantuan.aduan import forms as af
from bantuan.impor_bnba import BnbaForm
from bantuan.siksng import forms as sf
from laporan import forms as lf
from pmks.ganda import forms as gf
from pmks.impor import forms as impf
from pmks.kebocoran import forms as kbf
from pmks.luring.forms import KunjunganLuringForm
from pmks.pendampingan import forms as pdf
from pmks.registri import forms as pf
from pmks.registri import forms_pdp as pdpf
from pmks.registri.filters import KeluargaFilter
from tksk import batas
from tksk.forms import FormKanalNotifikasi, FormMasuk

pytestmark = pytest.mark.django_db


@pytest.fixture
def dunia(tksk_kanigaran, dinsos, kel_kanigaran, rf):
    from bantuan.models import Usulan
    from tests.bantuan.conftest import buat_program
    from tests.factories import KeluargaFactory

    keluarga = KeluargaFactory(kelurahan=kel_kanigaran)
    ternak = buat_program("batas-ternak", bc.JenisProgram.TERNAK)
    modal = buat_program("batas-modal", bc.JenisProgram.MODAL_USAHA)
    usulan = {
        p.jenis: Usulan.objects.create(program=p, keluarga=keluarga, justifikasi="x", diusulkan_oleh=tksk_kanigaran)
        for p in (ternak, modal)
    }
    permintaan = rf.get("/pmks/")
    permintaan.user = tksk_kanigaran
    return {"tksk": tksk_kanigaran, "dinsos": dinsos, "keluarga": keluarga, "usulan": usulan, "request": permintaan}


def _keluarga_qs(d):
    from pmks.models import Keluarga

    return Keluarga.objects.for_user(d["tksk"], write=True)


def _permintaan(d, jenis):
    from pmks.registri.permintaan import permintaan_catat

    return permintaan_catat(user=d["tksk"], keluarga=d["keluarga"], jenis=jenis, nama_pemohon="Budi")


def _pasangan(d):
    from pmks.ganda.models import PasanganDuplikat
    from tests.factories import AnggotaFactory

    x, y = (AnggotaFactory(keluarga=d["keluarga"], nama=n) for n in ("Nur Aini", "Nur Aeni"))
    return PasanganDuplikat.objects.create(anggota_a=x, anggota_b=y, kode_kabkota="35.74", skor=80)


def _aduan(d):
    from tests.bantuan.aduan.helpers import aduan_baru

    return aduan_baru(d["tksk"], keluarga=d["keluarga"])


# name → builds the form as its view does
FORMULIR: dict[str, Callable[[dict], forms.BaseForm]] = {
    "pmks.KeluargaForm": lambda d: pf.KeluargaForm(user=d["tksk"]),
    "pmks.KeluargaForm(ubah)": lambda d: pf.KeluargaForm(user=d["tksk"], baru=False, instance=d["keluarga"]),
    "pmks.AnggotaForm": lambda d: pf.AnggotaForm(),
    "pmks.StatusKeluargaForm": lambda d: pf.StatusKeluargaForm(keluarga=d["keluarga"]),
    "pmks.GantiNoKKForm": lambda d: pf.GantiNoKKForm(),
    "pmks.AksesFilterForm": lambda d: pf.AksesFilterForm(),
    "pmks.kebocoran.InsidenForm": lambda d: kbf.InsidenForm(),
    "pmks.kebocoran.InsidenForm(ubah)": lambda d: kbf.InsidenForm(baru=False),
    "pmks.kebocoran.RingkasanAksesForm": lambda d: kbf.RingkasanAksesForm(),
    "pmks.KlasifikasiForm": lambda d: pf.KlasifikasiForm(keluarga=d["keluarga"]),
    "pmks.AlasanForm": lambda d: pf.AlasanForm(),
    "pmks.PermintaanForm": lambda d: pdpf.PermintaanForm(keluarga=d["keluarga"], permintaan=d["request"]),
    "pmks.SelesaikanPermintaanForm": lambda d: pdpf.SelesaikanPermintaanForm(permintaan=_permintaan(d, "penghapusan"),
                                                                             user=d["dinsos"]),
    "pmks.StatusAnggotaForm": lambda d: pf.StatusAnggotaForm(anggota=d["keluarga"].kepala_uji),
    "pmks.PindahAnggotaForm": lambda d: pf.PindahAnggotaForm(anggota=d["keluarga"].kepala_uji),
    "pmks.KeluargaFilter": lambda d: KeluargaFilter({}, queryset=_keluarga_qs(d), request=d["request"]).form,
    "pmks.impor.UnggahForm": lambda d: impf.UnggahForm(),
    "ganda.BerbedaForm": lambda d: gf.BerbedaForm(),
    "ganda.GabungForm": lambda d: gf.GabungForm(pasangan=_pasangan(d)),
    "pmks.impor.KonfirmasiForm": lambda d: impf.KonfirmasiForm(perlu_alasan=True),
    "pmks.impor.DesilForm": lambda d: impf.DesilForm(),
    "pendampingan.KunjunganForm": lambda d: pdf.KunjunganForm(keluarga=d["keluarga"], user=d["tksk"]),
    "pendampingan.KunjunganForm(ubah)": lambda d: pdf.KunjunganForm(ubah=True),
    "luring.KunjunganLuringForm": lambda d: KunjunganLuringForm(user=d["tksk"]),
    "pendampingan.TindakLanjutForm": lambda d: pdf.TindakLanjutForm(),
    "pendampingan.SelesaiTindakLanjutForm": lambda d: pdf.SelesaiTindakLanjutForm(),
    "pendampingan.PSKSForm": lambda d: pdf.PSKSForm(user=d["tksk"]),
    "pendampingan.RujukanForm": lambda d: pdf.RujukanForm(keluarga=d["keluarga"], user=d["tksk"]),
    "pendampingan.StatusRujukanForm": lambda d: pdf.StatusRujukanForm(status_sekarang="dikirim"),
    "bantuan.ProgramForm": lambda d: bf.ProgramForm(user=d["dinsos"]),
    "bantuan.UsulanForm": lambda d: bf.UsulanForm(keluarga_qs=_keluarga_qs(d)),
    "bantuan.UsulanForm(ubah)": lambda d: bf.UsulanForm(keluarga_qs=_keluarga_qs(d), usulan=d["usulan"]["ternak"]),
    "bantuan.CatatanForm": lambda d: bf.CatatanForm(),
    "bantuan.LampiranForm": lambda d: bf.LampiranForm(),
    "bantuan.PenyaluranForm": lambda d: bf.PenyaluranForm(usulan=d["usulan"]["ternak"]),
    "bantuan.MonitoringForm(ternak)": lambda d: bf.MonitoringForm(usulan=d["usulan"]["ternak"]),
    "bantuan.MonitoringForm(modal)": lambda d: bf.MonitoringForm(usulan=d["usulan"]["modal_usaha"]),
    "bantuan.NonaktifForm": lambda d: bf.NonaktifForm(keluarga_qs=_keluarga_qs(d)),
    "bantuan.FilterUsulanForm": lambda d: bf.FilterUsulanForm(user=d["dinsos"]),
    "bantuan.FilterWilayahForm": lambda d: bf.FilterWilayahForm(user=d["dinsos"]),
    "bantuan.FilterPeriodeForm": lambda d: bf.FilterPeriodeForm(user=d["dinsos"]),
    "bantuan.BnbaForm": lambda d: BnbaForm(),
    "siksng.PaketForm": lambda d: sf.PaketForm(user=d["tksk"]),
    "siksng.BeritaAcaraForm": lambda d: sf.BeritaAcaraForm(user=d["tksk"]),
    "siksng.SptjmForm": lambda d: sf.SptjmForm(user=d["dinsos"]),
    "bantuan.KeputusanTandaDesilForm": lambda d: bf.KeputusanTandaDesilForm(),
    "bantuan.FilterTandaDesilForm": lambda d: bf.FilterTandaDesilForm(),
    "aduan.AduanForm": lambda d: af.AduanForm(user=d["tksk"]),
    "aduan.VerifikasiForm": lambda d: af.VerifikasiForm(),
    "aduan.KeputusanForm": lambda d: af.KeputusanForm(),
    "aduan.TindakLanjutAduanForm": lambda d: af.TindakLanjutAduanForm(aduan=_aduan(d), user=d["dinsos"]),
    "aduan.AlihkanForm": lambda d: af.AlihkanForm(aduan=_aduan(d)),
    "aduan.CatatanAduanForm": lambda d: af.CatatanAduanForm(),
    "aduan.LampiranAduanForm": lambda d: af.LampiranAduanForm(),
    "aduan.FilterAduanForm": lambda d: af.FilterAduanForm(),
    "aduan.CekStatusForm": lambda d: af.CekStatusForm(),
    "laporan.NarasiForm": lambda d: lf.NarasiForm(),
    "laporan.KembalikanForm": lambda d: lf.KembalikanForm(),
    "laporan.PilihLaporanForm": lambda d: lf.PilihLaporanForm(kecamatan_list=[]),
    "tksk.FormKanalNotifikasi": lambda d: FormKanalNotifikasi(),
}
# Forms whose dates are bounded elsewhere (none left: the BNBA period uses tksk.batas.TANGGAL_PERIODE).
TANPA_BATAS_TANGGAL: set[str] = set()
# The login form has no data columns; the admin's upload forms only add the upload checks to
# Django's ModelForm, whose full_clean applies the model's validators (the same bounds).
KELAS_DIKECUALIKAN = {FormMasuk, LampiranUsulanAdminForm, PenyaluranAdminForm}


def _kelas_formulir_kami() -> set[type]:
    hasil, antre = set(), [forms.BaseForm]
    while antre:
        kelas = antre.pop()
        for sub in kelas.__subclasses__():
            antre.append(sub)
            if sub.__module__.split(".")[0] in {"pmks", "bantuan", "laporan", "tksk"}:
                hasil.add(sub)
    return hasil


def test_every_form_of_the_product_is_in_the_bounds_table(dunia):
    dibangun = {type(buat(dunia)) for buat in FORMULIR.values()}
    dibangun |= {type(buat(dunia)).__mro__[1] for buat in FORMULIR.values()}  # dynamic filter / formset forms
    hilang = {k.__qualname__ for k in _kelas_formulir_kami() - dibangun - KELAS_DIKECUALIKAN}
    assert not hilang, f"Formulir tanpa baris di tabel FORMULIR: {sorted(hilang)}"


def _rentang_kolom(model_field) -> tuple[int, int] | None:
    tipe = model_field.get_internal_type()
    if tipe.endswith("IntegerField"):
        return connection.ops.integer_field_range(tipe)
    return None


@pytest.mark.parametrize("nama", sorted(FORMULIR))
def test_every_numeric_date_and_text_input_is_bounded(dunia, nama):
    form = FORMULIR[nama](dunia)
    model = getattr(getattr(form, "_meta", None), "model", None)
    masalah = []
    for kolom, field in form.fields.items():
        if isinstance(field, (forms.IntegerField, forms.DecimalField)):
            if field.min_value is None or field.max_value is None:
                masalah.append(f"{kolom}: angka tanpa min/max")
                continue
            kolom_model = {f.name: f for f in model._meta.fields} if model else {}
            model_field = kolom_model.get(kolom)
            rentang = _rentang_kolom(model_field) if model_field else None
            if rentang and not (rentang[0] <= field.min_value and field.max_value <= rentang[1]):
                masalah.append(f"{kolom}: {field.min_value}..{field.max_value} di luar kolom {rentang}")
            if isinstance(field, forms.DecimalField) and field.max_digits is not None:
                if field.max_value >= 10 ** (field.max_digits - (field.decimal_places or 0)):
                    masalah.append(f"{kolom}: maks {field.max_value} tidak muat di {field.max_digits} digit")
            if str(field.widget.attrs.get("max")) != str(field.max_value):
                masalah.append(f"{kolom}: widget tanpa atribut max")
        elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
            if nama not in TANPA_BATAS_TANGGAL and batas.rentang_tanggal(field) is None:
                masalah.append(f"{kolom}: tanggal tanpa RentangTanggal")
        elif isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput):
            if field.max_length is None:
                masalah.append(f"{kolom}: teks tanpa max_length")
    assert not masalah, f"{nama}: {masalah}"


def test_integer_columns_beyond_their_type_are_impossible_through_any_model_validator():
    """Every domain range in tksk.batas fits the columns it is attached to (smallint/int/bigint)."""
    from django.apps import apps

    masalah = []
    for model in apps.get_models():
        if model._meta.app_label not in {"pmks", "bantuan", "laporan", "tksk"}:
            continue
        for f in model._meta.fields:
            rentang = _rentang_kolom(f)
            if not rentang:
                continue
            for v in f._validators:
                batasnya = getattr(v, "limit_value", None)
                if isinstance(batasnya, int) and not (rentang[0] <= batasnya <= rentang[1]):
                    masalah.append(f"{model.__name__}.{f.name}: {batasnya} di luar {rentang}")
    assert not masalah


def test_date_windows_refuse_implausible_dates_with_indonesian_messages():
    hari_ini = date.today()
    with pytest.raises(ValidationError, match="sebelum 1 Januari 1900"):
        batas.TANGGAL_LAHIR(date(1, 1, 1))
    with pytest.raises(ValidationError, match="masa depan"):
        batas.TANGGAL_KEGIATAN(hari_ini + timedelta(days=2))
    with pytest.raises(ValidationError, match="paling lambat"):
        batas.TANGGAL_RENCANA(date(9999, 12, 31))
    batas.TANGGAL_RENCANA(hari_ini + timedelta(days=300))
    batas.TANGGAL_LAHIR(date(1930, 5, 1))


@pytest.mark.parametrize(("teks", "hasil"), [
    ("12", 12), ("²", None), ("٣", None), ("1\x00", None), ("-1", None), ("9" * 19, None), ("", None), (None, None),
])
def test_ids_from_query_strings_are_ascii_digits_within_bigint(teks, hasil):
    assert batas.id_dari_teks(teks) == hasil
