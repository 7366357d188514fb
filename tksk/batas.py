"""Domain bounds of every number, date and text a user can type — declared once.

Models attach these as validators (every service's ``full_clean`` applies them, whatever the
entry path), forms take their min/max from the same objects (``BatasFormMixin``: the error shows on
the field and the browser knows the range), and ``tests/test_batas_form.py`` walks every form to
check that no numeric, date or text input is unbounded. Each numeric range lies inside its
database column (smallint/integer/bigint), so no input can overflow into a 500.

The values are plausible for social-welfare work in one kota, not technical maxima: a value per
recipient beyond Rp1 miliar or a flock beyond 500 head is a typing error, not data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from tksk.format import tanggal_id

# --- Numbers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rentang:
    """A closed numeric range ``[minimum, maksimum]``."""

    minimum: int | Decimal
    maksimum: int | Decimal

    def validators(self) -> list:
        return [MinValueValidator(self.minimum), MaxValueValidator(self.maksimum)]

    def periksa(self, nilai, label: str) -> None:
        """Raise a user-facing ``ValidationError`` when ``nilai`` (not None) lies outside the range."""
        if nilai is not None and not (self.minimum <= nilai <= self.maksimum):
            raise ValidationError(f"{label} harus antara {_angka(self.minimum)} dan {_angka(self.maksimum)}.")


def _angka(n) -> str:
    return f"{n:,}".replace(",", ".") if isinstance(n, int) else str(n).replace(".", ",")


RUPIAH_PER_PENERIMA = Rentang(0, 1_000_000_000)  # program value, one distribution, planned cost
PENGHASILAN_BULANAN = Rentang(0, 100_000_000)  # estimated household income per month (Rp)
JUMLAH_BARANG = Rentang(Decimal("0"), Decimal("10000"))  # units of goods per recipient
TERNAK = Rentang(0, 500)  # livestock head counted at a monitoring visit
KUOTA = Rentang(0, 1_000_000)  # recipients of one program (total or per kecamatan)
LUAS_LANTAI = Rentang(Decimal("0"), Decimal("5000"))  # m² of a house
LUAS_PER_ORANG = Rentang(Decimal("0"), Decimal("1000"))  # m² per person (RTLH assessment)
PENGHUNI = Rentang(1, 100)  # people living in one house (RTLH assessment)
BATAS_ULANG_TAHUN = Rentang(1, 100)  # "once per N years"
# Coordinates of a house in Indonesia (a house at latitude 999 is a typo).
LINTANG = Rentang(Decimal("-11"), Decimal("6"))
BUJUR = Rentang(Decimal("94"), Decimal("142"))


# --- Dates ------------------------------------------------------------------------------------

AWAL_LAHIR = date(1900, 1, 1)
AWAL_KEGIATAN = date(2000, 1, 1)  # no record of this programme predates 2000
AKHIR_PERIODE = date(2100, 12, 31)
HARI_RENCANA_KE_DEPAN = 366  # a follow-up is planned at most about a year ahead


@deconstructible
class RentangTanggal:
    """A plausible date window: from ``awal`` to ``akhir`` or to today + ``hari_ke_depan``.

    ``hari_ke_depan=0`` means "not in the future"; it is evaluated when validating (today in
    Asia/Jakarta), not when the module is imported.
    """

    def __init__(self, *, awal: date, akhir: date | None = None, hari_ke_depan: int | None = None, label: str = ""):
        self.awal = awal
        self.akhir = akhir
        self.hari_ke_depan = hari_ke_depan
        self.label = label

    def dengan_label(self, label: str) -> RentangTanggal:
        """The same window, named in the message ("Tanggal lahir tidak boleh …")."""
        return RentangTanggal(awal=self.awal, akhir=self.akhir, hari_ke_depan=self.hari_ke_depan, label=label)

    def batas_akhir(self) -> date:
        if self.hari_ke_depan is not None:
            return timezone.localdate() + timedelta(days=self.hari_ke_depan)
        return self.akhir or AKHIR_PERIODE

    def __call__(self, nilai) -> None:
        if nilai is None:
            return
        label = self.label or "Tanggal"
        if nilai < self.awal:
            raise ValidationError(f"{label} tidak boleh sebelum {tanggal_id(self.awal)}.", code="tanggal_terlalu_awal")
        if nilai > self.batas_akhir():
            if self.hari_ke_depan == 0:
                raise ValidationError(f"{label} tidak boleh di masa depan.", code="tanggal_masa_depan")
            raise ValidationError(
                f"{label} paling lambat {tanggal_id(self.batas_akhir())}.", code="tanggal_terlalu_jauh"
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, RentangTanggal) and (self.awal, self.akhir, self.hari_ke_depan, self.label) == (
            other.awal, other.akhir, other.hari_ke_depan, other.label
        )

    def __hash__(self) -> int:
        return hash((self.awal, self.akhir, self.hari_ke_depan, self.label))


TANGGAL_LAHIR = RentangTanggal(awal=AWAL_LAHIR, hari_ke_depan=0, label="Tanggal lahir")
TANGGAL_KEGIATAN = RentangTanggal(awal=AWAL_KEGIATAN, hari_ke_depan=0, label="Tanggal")  # done: visit, referral…
TANGGAL_RENCANA = RentangTanggal(awal=AWAL_KEGIATAN, hari_ke_depan=HARI_RENCANA_KE_DEPAN, label="Tanggal rencana")
TANGGAL_PERIODE = RentangTanggal(awal=AWAL_KEGIATAN, akhir=AKHIR_PERIODE, label="Tanggal periode")


def periksa_field(field: str, nilai, *validators) -> None:
    """Run domain validators in a service; the error is keyed by ``field`` for the form."""
    for v in validators:
        try:
            v(nilai)
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from exc


# --- Text -------------------------------------------------------------------------------------

TEKS_PANJANG = 5_000  # every free-text note (catatan, hasil, justifikasi, alasan…)
TEKS_PENDEK = 255
TEKS_CARI = 100  # a search box: a name or a number, never a page of text


def validator_teks(maks: int = TEKS_PANJANG) -> list:
    return [MaxLengthValidator(maks)]


# --- Ids in query strings -----------------------------------------------------------------------

_ID = re.compile(r"^[0-9]{1,18}$")  # ASCII digits only (``str.isdigit`` accepts "²" and "٣")


def id_dari_teks(nilai: object) -> int | None:
    """A primary key typed in a query string, or ``None`` (never raises, never overflows bigint)."""
    teks = str(nilai) if nilai is not None else ""
    return int(teks) if _ID.match(teks) else None


# --- Forms ------------------------------------------------------------------------------------


def _pasang_rentang_angka(field: forms.Field, minimum, maksimum) -> None:
    if minimum is not None and (field.min_value is None or field.min_value < minimum):
        field.min_value = minimum
        field.validators.append(MinValueValidator(minimum))
    if maksimum is not None and (field.max_value is None or field.max_value > maksimum):
        field.max_value = maksimum
        field.validators.append(MaxValueValidator(maksimum))
    if field.min_value is not None:
        field.widget.attrs["min"] = str(field.min_value)
    if field.max_value is not None:
        field.widget.attrs["max"] = str(field.max_value)


def rentang_tanggal(field: forms.Field) -> RentangTanggal | None:
    return next((v for v in field.validators if isinstance(v, RentangTanggal)), None)


def batasi_field(field: forms.Field, model_field=None) -> None:
    """Carry the model field's domain validators onto a form field and show them in the widget."""
    if model_field is not None:
        # the strictest of the domain and column validators (an IntegerField adds its column's range)
        mins = [v.limit_value for v in model_field.validators if isinstance(v, MinValueValidator)]
        maks = [v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator)]
        if isinstance(field, (forms.IntegerField, forms.DecimalField)) and (mins or maks):
            _pasang_rentang_angka(field, max(mins) if mins else None, min(maks) if maks else None)
        for v in model_field.validators:
            if isinstance(v, RentangTanggal) and rentang_tanggal(field) is None:
                field.validators.append(v)
            if isinstance(v, MaxLengthValidator) and isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = v.limit_value
                field.validators.append(MaxLengthValidator(v.limit_value))
    rentang = rentang_tanggal(field) if isinstance(field, forms.DateField) else None
    if rentang is not None:
        field.widget.attrs["min"] = rentang.awal.isoformat()
        field.widget.attrs["max"] = rentang.batas_akhir().isoformat()
    if isinstance(field, forms.CharField) and field.max_length is not None and not isinstance(
        field.widget, forms.HiddenInput
    ):
        field.widget.attrs.setdefault("maxlength", str(field.max_length))


class BatasFormMixin:
    """Apply the domain bounds to every field of the form (ModelForm fields take them from the model)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        nama_model = {f.name: f for f in model._meta.get_fields() if hasattr(f, "validators")} if model else {}
        for nama, field in self.fields.items():
            batasi_field(field, nama_model.get(nama))


# A date typed as ``dd-mm-yyyy`` (no calendar picker: a birth date decades back is 8 digits, not 40
# taps); static/js/tanggal_ketik.js puts the dashes in. ``/`` and ISO are accepted as well.
FORMAT_TANGGAL_KETIK = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]


class InputTanggalKetik(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "numeric", "placeholder": "hh-bb-tttt", "autocomplete": "off", "maxlength": "10",
             "data-tanggal-ketik": "", **(attrs or {})},
            format="%d-%m-%Y",
        )


def field_tanggal(rentang: RentangTanggal, *, ketik: bool = False, **kwargs) -> forms.DateField:
    """A date input bounded by ``rentang`` (``widget`` defaults to a native date picker; ``ketik=True``:
    typed ``dd-mm-yyyy`` text)."""
    if ketik:
        kwargs.setdefault("widget", InputTanggalKetik())
        kwargs.setdefault("input_formats", FORMAT_TANGGAL_KETIK)
        kwargs.setdefault("help_text", "Ketik hari-bulan-tahun, mis. 02-03-1975.")
    kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    return forms.DateField(validators=[rentang], **kwargs)


def field_angka(rentang: Rentang, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(min_value=rentang.minimum, max_value=rentang.maksimum, **kwargs)
