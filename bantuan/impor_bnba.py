"""Import of recipient lists of central programs (BNBA PKH / BPNT Sembako) for a program and period.

Each row is matched to a registry member by NIK; matched rows are recorded with
``bantuan.services.penyaluran.penerimaan_eksternal_catat`` (what the overlap checks read). Rows whose NIK is
not registered, lies outside the user's area, or whose name is clearly different from the
registered name are *not* recorded and are listed (with a downloadable report) so the TKSK can
register or correct them. Invalid input (NIK as a number / not 16 digits, the same NIK twice)
is an error: then nothing is written. The upload, preview, progress, confirmation, history and
error report are the registry import's (``pmks.impor``), which discovers this module by its
name ``impor_bnba``; the commit runs in one transaction.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from pmks.impor import services as impor_services
from pmks.impor import tasks as impor_tasks
from pmks.impor.baca import baca_tabel
from pmks.impor.models import JenisImpor
from pmks.impor.nilai import teks
from pmks.impor.periksa import PESAN_NUL, POTONGAN, Galat, sel_nul
from pmks.models import Anggota, Keluarga
from pmks.registri.nik import normalisasi_nomor, periksa_nik
from tksk import batas
from tksk.batas_laju import batasi
from tksk.berkas import tandai_berkas_dipilih_ulang
from tksk.konkurensi import FormSimpanAman, SudahTersimpan
from tksk.permissions import WILAYAH_TUGAS, Aksi, wajib
from tksk.scoping import kelurahan_untuk

from .models import ProgramBantuan
from .services.penyaluran import penerimaan_eksternal_catat

# The one sane range for a BNBA period (the fiscal years a program may have, see
# ``ProgramBantuan.tahun_anggaran``); the period must also lie inside the chosen program's period.
# The sane window of a BNBA period is the one of every period (tksk.batas.TANGGAL_PERIODE).
PERIODE_PALING_AWAL = batas.TANGGAL_PERIODE.awal
PERIODE_PALING_AKHIR = batas.TANGGAL_PERIODE.akhir

LABEL = {
    "baris_cocok": "Baris cocok (akan dicatat)",
    "keluarga_cocok": "Keluarga penerima dicatat",
    "tidak_cocok": "Baris tidak cocok (tidak dicatat)",
}


@dataclass
class BarisBnba:
    baris: int
    nik: str
    nama: str


def _kunci_nama(nama: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", nama.lower()).split())


def nama_jelas_berbeda(di_berkas: str, terdaftar: str) -> bool:
    """Clearly different: no shared word of 3+ letters and a low overall similarity.

    Spelling variants (Siti Aminah / Siti Aminatun, Moh. / Mohammad) are not "clearly different".
    """
    a, b = _kunci_nama(di_berkas), _kunci_nama(terdaftar)
    if not a or not b:
        return False
    if {w for w in a.split() if len(w) >= 3} & {w for w in b.split() if len(w) >= 3}:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() < 0.6


def _urai(tabel) -> tuple[list[BarisBnba], list[Galat]]:
    i_nik, i_nama = tabel.indeks("nik"), tabel.indeks("nama")
    hasil, galat, pertama = [], [], {}
    for baris, isi in tabel.baris:
        nul = sel_nul(tabel, isi)
        if nul:  # the preview must refuse what the save (or the error report) cannot store
            galat.extend(Galat(baris, judul, PESAN_NUL.format(judul=judul)) for _, judul in nul)
            continue
        sel = isi[i_nik]
        if isinstance(sel, (int, float)) and not isinstance(sel, bool):
            sel = float(sel)  # a numeric cell lost its last digit already: pmks.registri.nik rejects it
        e = periksa_nik(sel)
        if e:
            galat.append(Galat(baris, "NIK", e[0]))
            continue
        nik = normalisasi_nomor(sel)
        if nik in pertama:
            galat.append(Galat(baris, "NIK", f"NIK sama dengan baris {pertama[nik]}."))
            continue
        pertama[nik] = baris
        hasil.append(BarisBnba(baris, nik, teks(isi[i_nama]) if i_nama is not None else ""))
    return hasil, galat


def _cocokkan(rows: list[BarisBnba], user) -> tuple[list[tuple[BarisBnba, dict]], list[Galat]]:
    """Rows matched to a member the user may write, and the unmatched ones (as warnings)."""
    ada: dict[str, dict] = {}
    semua = [r.nik for r in rows]
    for i in range(0, len(semua), POTONGAN):
        for a in Anggota.objects.filter(nik__salah_satu=semua[i : i + POTONGAN]).values(
            "id", "nik", "nama", "keluarga_id", "keluarga__kelurahan_id"
        ):
            ada[a["nik"]] = a
    boleh = set(kelurahan_untuk(user, write=True).values_list("id", flat=True))
    cocok, tidak = [], []
    for r in rows:
        a = ada.get(r.nik)
        if a is None:
            tidak.append(Galat(r.baris, "NIK", "NIK belum terdaftar di registri; daftarkan keluarganya.", "tidak_ada"))
        elif a["keluarga__kelurahan_id"] not in boleh:
            tidak.append(Galat(r.baris, "NIK", "NIK terdaftar di luar wilayah kerja Anda.", "luar_wilayah"))
        elif nama_jelas_berbeda(r.nama, a["nama"]):
            tidak.append(Galat(r.baris, "Nama", f"Nama berbeda dengan nama terdaftar ({a['nama']}); periksa NIK.",
                               "nama_berbeda"))
        else:
            cocok.append((r, a))
    return cocok, tidak


def _ringkasan(cocok, tidak, jumlah_baris: int) -> dict:
    return {"baris_cocok": len(cocok), "keluarga_cocok": len({a["keluarga_id"] for _, a in cocok}),
            "tidak_cocok": len(tidak), "jumlah_baris": jumlah_baris}


def _periksa(impor, data: bytes, progres):
    progres(5, "Membaca berkas")
    tabel = baca_tabel(data, impor.nama_berkas, kolom_wajib=("nik",))
    progres(30, f"Memeriksa {len(tabel.baris)} baris")
    rows, galat = _urai(tabel)
    if len(galat) > impor_services.maks_galat():  # refused anyway: no need to match against the registry
        return None, {"jumlah_baris": len(tabel.baris), "jumlah_galat": len(galat)}, galat, []
    progres(60, "Mencocokkan NIK dengan registri")
    cocok, tidak = _cocokkan(rows, impor.oleh)
    return rows, _ringkasan(cocok, tidak, len(tabel.baris)), galat, tidak


def periksa_program_periode(program: ProgramBantuan, mulai: date, selesai: date) -> dict[str, str]:
    """Errors (field → message) for a BNBA list's program and period; empty when acceptable.

    Only central programs (``dikelola_dinas=False``: PKH, BPNT) take BNBA lists: the recipients of
    Dinas Sosial's own programs (RTLH, Sembako daerah, ...) come from approved proposals.
    """
    errors: dict[str, str] = {}
    if program.dikelola_dinas:
        errors["program"] = (f"{program.nama} dikelola Dinas Sosial; penerimanya dicatat lewat usulan, bukan impor "
                             "BNBA. Pilih program pusat (mis. PKH atau BPNT).")
    for nama, nilai in (("periode_mulai", mulai), ("periode_selesai", selesai)):
        if not PERIODE_PALING_AWAL <= nilai <= PERIODE_PALING_AKHIR:
            errors[nama] = (f"Tanggal harus antara {PERIODE_PALING_AWAL:%d-%m-%Y} dan "
                            f"{PERIODE_PALING_AKHIR:%d-%m-%Y}.")
    if mulai > selesai:
        errors["periode_selesai"] = "Periode selesai tidak boleh sebelum periode mulai."
    elif not errors and not (program.periode_mulai <= mulai and selesai <= program.periode_selesai):
        errors["periode_mulai"] = (f"Periode BNBA harus di dalam periode program {program.nama} "
                                   f"({program.periode_mulai:%d-%m-%Y} s.d. {program.periode_selesai:%d-%m-%Y}).")
    return errors


def _simpan(impor, rows: list[BarisBnba]):
    p = impor.parameter
    program = ProgramBantuan.objects.get(pk=p["program"])
    mulai, selesai = date.fromisoformat(p["periode_mulai"]), date.fromisoformat(p["periode_selesai"])
    errors = periksa_program_periode(program, mulai, selesai)
    if errors:  # the form checked it at upload; the program may have been changed since
        raise ValidationError(errors)
    cocok, tidak = _cocokkan(rows, impor.oleh)
    keluarga = Keluarga.objects.select_related("kelurahan").in_bulk({a["keluarga_id"] for _, a in cocok})
    anggota = Anggota.objects.in_bulk([a["id"] for _, a in cocok])
    for _, a in cocok:
        penerimaan_eksternal_catat(
            program=program, keluarga=keluarga[a["keluarga_id"]], anggota=anggota[a["id"]], periode_mulai=mulai,
            periode_selesai=selesai, sumber=p["sumber"], impor_ref=f"impor:{impor.pk}", oleh=impor.oleh,
        )
    return _ringkasan(cocok, tidak, impor.jumlah_baris), []


impor_services.daftarkan_pemroses(
    JenisImpor.BNBA,
    impor_services.Pemroses(
        _periksa, _simpan, LABEL, judul_peringatan="baris tidak cocok (tidak dicatat; daftarkan atau perbaiki)",
        peringatan_perlu_alasan=False, kolom_wajib=("nik",),
    ),
)


# --- Page --------------------------------------------------------------------------------------


class BnbaForm(FormSimpanAman, forms.Form):
    program = forms.ModelChoiceField(
        queryset=ProgramBantuan.objects.filter(dikelola_dinas=False).order_by("-tahun_anggaran", "nama"),
        help_text="Hanya program pusat (PKH, BPNT) yang penerimanya diimpor dari BNBA.",
        error_messages={"invalid_choice": "Pilih program pusat (mis. PKH atau BPNT); program yang dikelola "
                                          "Dinas Sosial tidak diimpor dari BNBA."},
    )
    periode_mulai = batas.field_tanggal(batas.TANGGAL_PERIODE.dengan_label("Periode mulai"))
    periode_selesai = batas.field_tanggal(batas.TANGGAL_PERIODE.dengan_label("Periode selesai"))
    sumber = forms.CharField(max_length=150, help_text="Mis. BNBA PKH Tahap 1 2026.")
    berkas = forms.FileField(label="Berkas BNBA (XLSX/CSV)", help_text="Kolom wajib: NIK. Kolom Nama dianjurkan.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "program",
            Row(Column("periode_mulai", css_class="col-6"), Column("periode_selesai", css_class="col-6")),
            "sumber", "berkas",
        )
        self.helper.add_input(Submit("unggah", "Unggah dan periksa"))

    def clean(self):
        data = super().clean()
        program, mulai, selesai = data.get("program"), data.get("periode_mulai"), data.get("periode_selesai")
        if mulai and selesai:
            if program is None:  # still check the dates (the program has its own error)
                program = ProgramBantuan(nama="", dikelola_dinas=False, periode_mulai=PERIODE_PALING_AWAL,
                                         periode_selesai=PERIODE_PALING_AKHIR)
            for field, pesan in periksa_program_periode(program, mulai, selesai).items():
                self.add_error(field, pesan)
        return data


PESAN_PERAN = "Peran Anda tidak berwenang mengimpor data penerima."


def impor_bnba(request):
    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=PESAN_PERAN)
    form = BnbaForm(permintaan=request, tujuan=reverse("bnba:unggah"))
    return render(request, "bantuan/impor_bnba.html", {"form": form})


@require_POST
@batasi("unggah")
def impor_bnba_unggah(request):
    wajib(request.user, Aksi.IMPOR_DATA, wilayah=WILAYAH_TUGAS, pesan=PESAN_PERAN)
    form = BnbaForm(request.POST, request.FILES, permintaan=request)
    if form.is_valid():
        d = form.cleaned_data
        try:
            with form.sekali() as hasil:  # a double tap uploads once (cleaned_data is read inside)
                parameter = {
                    "program": d["program"].pk, "periode_mulai": d["periode_mulai"].isoformat(),
                    "periode_selesai": d["periode_selesai"].isoformat(), "sumber": d["sumber"],
                    "label": f"{d['program'].nama}, {d['periode_mulai']:%d-%m-%Y} s.d. {d['periode_selesai']:%d-%m-%Y}",
                }
                impor = impor_services.impor_buat(user=request.user, berkas=d["berkas"], jenis=JenisImpor.BNBA,
                                                  parameter=parameter)
                hasil.url = reverse("pmks:impor_detail", kwargs={"pk": impor.pk})
        except SudahTersimpan as exc:
            return exc.tanggapi(request)
        except ValidationError as exc:
            form.add_error("berkas", exc.messages[0])
        else:
            impor_services.jalankan(impor_tasks.periksa_impor, impor)
            return redirect("pmks:impor_detail", pk=impor.pk)
    tandai_berkas_dipilih_ulang(request, form)
    return render(request, "bantuan/impor_bnba.html", {"form": form}, status=400)


app_name = "bnba"
urlpatterns = [
    path("", impor_bnba, name="impor"),
    path("unggah/", impor_bnba_unggah, name="unggah"),
]
