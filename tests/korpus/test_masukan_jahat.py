"""The bad-input corpus: every POST form × every field × every hostile value of the field's kind.

Each case posts a valid payload with ONE field replaced by a hostile value and asserts: no 5xx;
an error in Indonesian (re-rendered form with an error, a flash message after a redirect, or a
4xx with an Indonesian text; an upload may instead become an import marked "galat" with an
Indonesian message); and an unchanged database (row count + checksum of every project table).
NIK / No. KK in non-ASCII digits may also be accepted if what is stored is ASCII.
The registry is ``daftar.py``; known defects are strict xfails there.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve

from pmks.impor import contoh
from pmks.impor.models import Impor, StatusImpor
from tests import masukan_jahat as mj
from tksk.konkurensi import KODE_TOKEN, token_terbitkan

from .cacat import CACAT, alasan
from .daftar import BERKAS, FORMULIR, LEWATI_TABEL, SARINGAN, Formulir
from .dunia import bangun, baris_impor
from .periksa import berubah, bukan_indonesia, galat_html, galat_pesan, isi_tabel, potret, teks_halaman

pytestmark = pytest.mark.django_db
DIGIT_ASING = re.compile(r"[\uff10-\uff19\u0660-\u0669]")


@pytest.fixture(autouse=True)
def _impor_di_permintaan(settings):
    """Every upload is checked in the request, as the worker would (the queue: tests/tksk/test_antrian.py)."""
    settings.SIDAMPING_IMPOR_BATAS_LANGSUNG = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def dunia(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the end; each test
    runs in its own savepoint on top (pytest-django), so accepted payloads never leak."""
    akar = tmp_path_factory.mktemp("korpus")
    with override_settings(MEDIA_ROOT=akar / "media", SIDAMPING_BERKAS_PRIVAT=str(akar / "privat")):
        with django_db_blocker.unblock():
            with transaction.atomic():
                yield bangun()
                transaction.set_rollback(True)


def _klien(formulir: Formulir, dunia) -> Client:
    klien = Client(raise_request_exception=False)
    if formulir.persona != "anonim":
        klien.force_login(dunia.persona[formulir.persona])
    return klien


_VERSI: dict[str, str | None] = {}  # formulir → the version its edit form shows (the world is rolled back)
_TERSEMBUNYI = re.compile(r'<input[^>]*name="versi"[^>]*value="(?P<nilai>[^"]*)"')


def _isian(klien: Client, formulir: Formulir, dunia) -> dict:
    """The valid payload plus what the browser's form carries: a fresh one-time token (create
    forms) and the record's version (edit forms), as after opening the form."""
    data = formulir.data(dunia)
    url = formulir.url(dunia)
    if formulir.persona != "anonim":
        pengguna = dunia.persona[formulir.persona]
        data.setdefault(KODE_TOKEN, token_terbitkan(pengguna=pengguna, tujuan=urlsplit(url).path))
        if formulir.nama not in _VERSI:  # the form's own page, or the detail page it sits on
            path = urlsplit(url).path
            m = None
            for halaman in (path, path.rstrip("/").rsplit("/", 1)[0] + "/"):
                m = m or _TERSEMBUNYI.search(klien.get(halaman).content.decode(errors="replace"))
            _VERSI[formulir.nama] = m.group("nilai") if m else None
        if _VERSI[formulir.nama] is not None:
            data["versi"] = _VERSI[formulir.nama]
    return data


def _kolom(kolom: str, dunia) -> str:
    return kolom.replace("{kecamatan}", str(dunia["kecamatan"].pk))


def _tabel_jahat(formulir: Formulir, nilai: str, dunia) -> SimpleUploadedFile:
    if nilai in BERKAS:
        return BERKAS[nilai]()
    bnba = formulir.url_name.startswith("bnba:")
    if bnba:
        nik, nama = dunia["keluarga"].kepala_uji.nik, "Budi"
        if nilai == "csv_nama_null":
            return mj.csv_dari([["NIK", "Nama"], [nik, "Bu\x00di"]], "bnba.csv")
        return mj.csv_dari([["NIK", "Nama"], [mj.angka_asing(nik), nama]], "bnba.csv")
    if formulir.url_name == "pmks:impor_desil_unggah":
        kk, nama = dunia["keluarga"].no_kk, "Budi"
        if nilai == "csv_nama_null":
            return mj.csv_dari([["No. KK", "Nama", "Desil"], [kk, "Bu\x00di", "3"]], "desil.csv")
        return mj.csv_dari([["No. KK", "Nama", "Desil"], [mj.angka_asing(kk), nama, "3"]], "desil.csv")
    baris = baris_impor()
    if nilai == "csv_nama_null":
        baris[0]["Nama"] = "Budi\x00Santoso"
    else:
        baris[0]["NIK"] = mj.angka_asing(baris[0]["NIK"])
    return SimpleUploadedFile("data.csv", contoh.tulis_csv(baris, pemisah=";"), content_type="text/csv")


def nilai_jahat(formulir: Formulir, kolom: str, nilai: str, data: dict, dunia):
    """The hostile value ``nilai`` for ``kolom`` (files built fresh; lists stay lists)."""
    asli = data.get(kolom, "")
    if kolom in formulir.tabel:
        return _tabel_jahat(formulir, nilai, dunia)
    if kolom in formulir.gambar or kolom in formulir.dokumen:
        berkas = BERKAS[nilai]()
        return [berkas] if isinstance(asli, list) else berkas
    if kolom in formulir.nomor:
        teks = str(asli)
        return teks[:8] + "\x00" + teks[8:] if nilai == "null" else mj.angka_asing(teks, nilai)
    if kolom in formulir.pilihan:
        contoh_nilai = (asli[0] if asli else 1) if isinstance(asli, list) else (asli or 1)
        jahat = {"angka_raksasa": mj.NILAI_JAHAT["angka_raksasa"], "null": f"{contoh_nilai}\x00"}[nilai]
        return [jahat] if isinstance(asli, list) else jahat
    return mj.NILAI_JAHAT[nilai]


def _json(resp) -> dict | None:
    return resp.json() if resp.get("Content-Type", "").startswith("application/json") else None


def _diterima(resp) -> bool:
    """A redirect (HTML forms) or a JSON "terkirim" (offline sync endpoints)."""
    j = _json(resp)
    return resp.status_code == 302 if j is None else (resp.status_code == 200 and j.get("status") == "terkirim")


def _teks_galat(resp) -> list[str]:
    j = _json(resp)
    if j is not None:  # offline sync: the message and every field's errors
        return [t for t in [j.get("pesan", ""), *(m for d in (j.get("galat") or {}).values() for m in d)] if t]
    if resp.status_code == 302:
        return galat_pesan(resp)
    html = resp.content.decode(errors="replace")
    if resp.status_code in (200, 400, 422):
        return galat_html(html) + galat_pesan(resp)
    return [teks_halaman(html)[:500]]  # another 4xx: its page must speak Indonesian


def periksa_ditolak(resp, ubah: dict, *, nilai: str) -> None:
    if nilai in ("lebar_penuh", "arab_india") and ubah and _diterima(resp) and not galat_pesan(resp):
        for tabel in ubah:  # normalised and accepted: only ASCII digits may be stored
            assert not DIGIT_ASING.search(isi_tabel(tabel)), f"angka non-ASCII tersimpan di {tabel}"
        return
    assert not ubah, f"database berubah: {ubah}"
    teks = _teks_galat(resp)
    assert teks, f"HTTP {resp.status_code} tanpa pesan galat"
    masalah = [m for m in map(bukan_indonesia, teks) if m]
    assert not masalah, masalah


def periksa_impor(resp, ubah: dict, *, nilai: str, klien: Client, jumlah_impor: int) -> None:
    """A refused spreadsheet: a form error (400), or an import recorded as 'galat' with a message."""
    if resp.status_code != 302:
        periksa_ditolak(resp, ubah, nilai=nilai)
        return
    lain = set(ubah) - {Impor._meta.db_table}
    assert not lain, f"tabel selain impor berubah: { {t: ubah[t] for t in lain} }"
    assert Impor.objects.count() == jumlah_impor + 1
    impor = Impor.objects.order_by("-pk").first()
    if nilai == "csv_nik_lebar_penuh" and impor.status == StatusImpor.SIAP:
        klien.post(f"/pmks/impor/{impor.pk}/konfirmasi/", {"alasan_peringatan": "Sesuai KK asli"})
        impor.refresh_from_db()
        assert impor.status == StatusImpor.SELESAI, impor.pesan
        for tabel in berubah({}, potret()):
            assert not DIGIT_ASING.search(isi_tabel(tabel)), f"angka non-ASCII tersimpan di {tabel}"
        return
    assert impor.status == StatusImpor.GALAT, f"status {impor.status}: {impor.pesan!r} {impor.galat[:3]}"
    teks = [t for t in [impor.pesan, *(g[2] for g in impor.galat[:20])] if t]
    assert teks, "impor galat tanpa pesan"
    masalah = [m for m in map(bukan_indonesia, teks) if m]
    assert not masalah, masalah


# --- Parametrisation ------------------------------------------------------------------------------
def _param_kasus():
    for f in FORMULIR:
        for kid, kolom, nilai in f.kasus():
            tanda = []
            if kolom in f.tabel and nilai in LEWATI_TABEL:
                tanda.append(pytest.mark.xfail(run=False, strict=True, reason=LEWATI_TABEL[nilai]))
            elif kid in f.lewati:
                tanda.append(pytest.mark.xfail(run=False, strict=True, reason=f.lewati[kid]))
            elif alasan(f"{f.nama}-{kid}"):
                tanda.append(pytest.mark.xfail(strict=True, reason=alasan(f"{f.nama}-{kid}")))
            yield pytest.param(f, kolom, nilai, id=f"{f.nama}-{kid}", marks=tanda)


@pytest.mark.parametrize("formulir", FORMULIR, ids=lambda f: f.nama)
def test_valid_base_payload_is_accepted(dunia, formulir):
    """Guards the corpus itself: a case only proves something if the payload without the hostile
    value is accepted (redirect, no error message, database changed)."""
    klien = _klien(formulir, dunia)
    sebelum = potret()
    resp = klien.post(formulir.url(dunia), _isian(klien, formulir, dunia))
    assert _diterima(resp), (resp.status_code, galat_html(resp.content.decode(errors="replace"))[:5], _json(resp))
    assert not [m for m in galat_pesan(resp)], galat_pesan(resp)
    assert berubah(sebelum, potret()), "payload dasar diterima tetapi tidak mengubah apa pun"


@pytest.mark.parametrize(("formulir", "kolom", "nilai"), list(_param_kasus()))
def test_hostile_input_is_refused_in_indonesian_and_writes_nothing(dunia, formulir, kolom, nilai):
    klien = _klien(formulir, dunia)
    data = _isian(klien, formulir, dunia)
    if kolom:
        kolom = _kolom(kolom, dunia)
        data[kolom] = nilai_jahat(formulir, kolom, nilai, data, dunia)
    else:
        formulir.aturan[nilai](dunia, data)  # a domain rule broken on purpose
    jumlah_impor = Impor.objects.count()
    sebelum = potret()
    resp = klien.post(formulir.url(dunia), data)
    assert resp.status_code < 500, f"HTTP {resp.status_code}"
    ubah = berubah(sebelum, potret())
    if kolom in formulir.tabel:
        periksa_impor(resp, ubah, nilai=nilai, klien=klien, jumlah_impor=jumlah_impor)
    else:
        periksa_ditolak(resp, ubah, nilai=nilai)


@pytest.mark.parametrize("formulir", FORMULIR, ids=lambda f: f.nama)
def test_each_entry_posts_to_the_view_it_names(dunia, formulir):
    """The completeness test trusts ``url_name``; make sure the URL builder really goes there."""
    assert resolve(urlsplit(formulir.url(dunia)).path).view_name == formulir.url_name


def test_every_known_defect_names_a_real_case():
    """A typo in ``cacat.CACAT`` / ``lewati`` would silently un-mark a case; refuse unknown ids."""
    ada = {f"{f.nama}-{kid}" for f in [*FORMULIR, *SARINGAN] for kid, _, _ in f.kasus()}
    tercatat = [i for daftar in CACAT.values() for i in daftar]
    assert set(tercatat) <= ada, set(tercatat) - ada
    assert len(tercatat) == len(set(tercatat))
    for f in FORMULIR:
        assert set(f.lewati) <= {kid for kid, _, _ in f.kasus()}, f.nama
    assert len({f.nama for f in [*FORMULIR, *SARINGAN]}) == len(FORMULIR) + len(SARINGAN)


# --- Query parameters of GET pages --------------------------------------------------------------
def nilai_param(nilai: str) -> str:
    if nilai == "teks_2kb":
        return "A" * 2048  # what a proxy lets through; 100 kB belongs in a POST body
    if nilai == "lebar_penuh":
        return mj.angka_asing("3574041705800001")
    return mj.NILAI_JAHAT[nilai]


def _param_saringan():
    for s in SARINGAN:
        for kid, param, nilai in s.kasus():
            sebab = alasan(f"{s.nama}-{kid}")
            tanda = [pytest.mark.xfail(strict=True, reason=sebab)] if sebab else []
            yield pytest.param(s, param, nilai, id=f"{s.nama}-{kid}", marks=tanda)


@pytest.mark.parametrize(("saringan", "param", "nilai"), list(_param_saringan()))
def test_hostile_query_parameter_never_answers_5xx_nor_writes(dunia, saringan, param, nilai):
    klien = Client(raise_request_exception=False)
    klien.force_login(dunia.persona[saringan.persona])
    sebelum = potret()
    resp = klien.get(saringan.url, {param: nilai_param(nilai)})
    if hasattr(resp, "streaming_content"):
        b"".join(resp.streaming_content)  # exports fail while streaming, not before
    assert resp.status_code < 500, f"HTTP {resp.status_code}"
    ubah = {t: v for t, v in berubah(sebelum, potret()).items() if t not in saringan.boleh_berubah}
    assert not ubah, f"database berubah: {ubah}"


@pytest.mark.parametrize("saringan", SARINGAN, ids=lambda s: s.nama)
def test_each_query_entry_reads_the_view_it_names(saringan):
    assert resolve(urlsplit(saringan.url).path).view_name == saringan.url_name
