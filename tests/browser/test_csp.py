"""Browser: the main pages work under the Content-Security-Policy without a single violation.

Chromium reports every blocked inline script, inline style, eval or foreign resource on the
console and as a ``securitypolicyviolation`` event; both are collected while a TKSK, Dinas Sosial
and the administrator walk through the main pages (including htmx swaps and the scripts that
replaced inline handlers), and the test fails on any.
"""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bantuan import choices as c
from laporan.periode import Periode
from pmks.impor.models import Impor
from pmks.pendampingan.models import FotoKunjungan
from tests.bantuan.conftest import buat_program, keluarga_pmks, usulan_status
from tests.conftest import login_browser
from tests.pmks.pendampingan.test_pendampingan_bantu import foto_uji, kunjungan, psks, rujukan, tindak_lanjut

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPOR = (
    "document.addEventListener('securitypolicyviolation', function (e) {"
    " console.error('CSP-violation ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile"
    " + ':' + e.lineNumber); });"
)


def _pengumpul(page) -> list[str]:
    pelanggaran: list[str] = []

    def konsol(pesan):
        teks = pesan.text
        if pesan.type == "error" and ("Content Security Policy" in teks or "CSP-violation" in teks
                                      or "Refused to" in teks):
            pelanggaran.append(f"{page.url}: {teks}")

    page.on("console", konsol)
    page.on("pageerror", lambda exc: pelanggaran.append(f"{page.url}: pageerror {exc}"))
    page.add_init_script(LAPOR)
    return pelanggaran


def _kunjungi(page, url: str) -> None:
    resp = page.goto(url)
    assert resp.status < 500, url
    assert "script-src 'self'" in resp.headers["content-security-policy"], url
    try:  # let late loads (htmx, fonts) report too; a busy machine or a polling page may never go idle
        page.wait_for_load_state("networkidle", timeout=15_000)
    except PlaywrightTimeout:
        pass


@pytest.fixture
def dunia(tksk_kanigaran, dinsos, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path / "privat")
    sembako = buat_program("sembako-csp", c.JenisProgram.SEMBAKO)
    rtlh = buat_program("rtlh-csp", c.JenisProgram.RTLH)
    keluarga = keluarga_pmks()
    kj = kunjungan(keluarga, tanggal=date(2026, 3, 1), oleh=tksk_kanigaran)
    FotoKunjungan.objects.create(kunjungan=kj, berkas=foto_uji(), diunggah_oleh=tksk_kanigaran)
    tindak_lanjut(keluarga, batas=date(2026, 3, 9), oleh=tksk_kanigaran)
    psks(keluarga.kelurahan, oleh=tksk_kanigaran)
    rj = rujukan(keluarga, oleh=tksk_kanigaran)
    usulan = usulan_status(sembako, keluarga, c.StatusUsulan.DIAJUKAN, oleh=tksk_kanigaran)
    impor = Impor.objects.create(
        berkas="impor/uji.csv", nama_berkas="uji.csv", oleh=tksk_kanigaran, wilayah=keluarga.kelurahan.induk,
        progres=40, tahap="Memeriksa baris",
    )
    return {"keluarga": keluarga, "kunjungan": kj, "rujukan": rj, "usulan": usulan, "rtlh": rtlh, "impor": impor,
            "periode": Periode.bulan_ini().teks, "hari_ini": timezone.localdate()}


def test_tksk_pages_raise_no_csp_violation(page, dunia):
    pelanggaran = _pengumpul(page)
    k = dunia["keluarga"]
    login_browser(page, "tksk.kanigaran")
    for url in [
        "/", "/pmks/", "/pmks/?q=Jalan", f"/pmks/keluarga/{k.pk}/", f"/pmks/keluarga/{k.pk}/status/",
        "/pmks/pendampingan/kunjungan/", f"/pmks/pendampingan/kunjungan/{dunia['kunjungan'].pk}/",
        f"/pmks/pendampingan/keluarga/{k.pk}/kunjungan/tambah/", "/pmks/pendampingan/tindak-lanjut/",
        "/pmks/pendampingan/psks/", "/pmks/pendampingan/rujukan/", f"/pmks/pendampingan/rujukan/{dunia['rujukan'].pk}/",
        "/pmks/impor/", "/pmks/ekspor/", "/bantuan/", f"/bantuan/usulan/{dunia['usulan'].pk}/",
        "/bantuan/program/", "/bantuan/belum-terjangkau/", "/bantuan/impor-bnba/", "/laporan/", "/wilayah/",
        "/accounts/password_change/", "/tidak-ada/",
    ]:
        _kunjungi(page, url)

    # Registry form: adding a member row is done by static/pmks/formset_anggota.js.
    _kunjungi(page, "/pmks/keluarga/tambah/")
    sebelum = page.locator(".baris-anggota:visible").count()
    page.locator("#tambah-anggota").click()
    assert page.locator(".baris-anggota:visible").count() == sebelum + 1

    # Proposal form: the assessment of the chosen type is shown (static/bantuan/usulan_form.js) and the
    # htmx warning partial loads (htmx validates the form first, so the required text is filled in).
    _kunjungi(page, f"/bantuan/usulan/baru/?keluarga={k.pk}")
    assert page.locator("[data-asesmen=rtlh]").is_hidden()
    page.locator("#id_justifikasi").fill("Rumah tidak layak huni.")
    with page.expect_response(lambda r: "/bantuan/usulan/peringatan/" in r.url):
        page.get_by_test_id("pilih-program").select_option(str(dunia["rtlh"].pk))
    assert page.locator("[data-asesmen=rtlh]").is_visible()

    # Import in progress: htmx polls and swaps the progress card; its bar width comes from data-lebar-persen.
    _kunjungi(page, f"/pmks/impor/{dunia['impor'].pk}/")
    with page.expect_response(lambda r: f"/pmks/impor/{dunia['impor'].pk}/status/" in r.url):
        pass
    page.wait_for_timeout(300)
    assert page.locator("#progres-impor .progress-bar").evaluate("e => e.style.width") == "40%"

    # Monthly report: "Ajukan" asks first (data-konfirmasi); cancelling submits nothing.
    _kunjungi(page, f"/laporan/35.74.04/{dunia['periode']}/")
    dialog = []
    page.once("dialog", lambda d: (dialog.append(d.message), d.dismiss()))
    page.get_by_test_id("tombol-ajukan").click()
    page.wait_for_load_state("networkidle")
    assert dialog == ["Ajukan laporan? Angka dan narasi akan dibekukan."]
    assert "Draf" in page.get_by_test_id("status-laporan").inner_text()

    assert pelanggaran == [], "\n".join(pelanggaran)


def test_dinsos_pages_raise_no_csp_violation(page, dunia):
    pelanggaran = _pengumpul(page)
    login_browser(page, "dinsos")
    for url in ["/", "/bantuan/?status=diajukan", f"/bantuan/usulan/{dunia['usulan'].pk}/", "/bantuan/program/baru/",
                "/bantuan/tumpang-tindih/", f"/laporan/rekap/35.74/{dunia['periode']}/", "/pmks/impor/"]:
        _kunjungi(page, url)
    _kunjungi(page, "/bantuan/")
    assert "form-select" in page.locator("[data-testid=filter-usulan] select").first.get_attribute("class")
    assert pelanggaran == [], "\n".join(pelanggaran)


def test_admin_works_under_the_policy(page, dunia, admin_user):
    pelanggaran = _pengumpul(page)
    login_browser(page, "admin")
    for url in ["/admin/", "/admin/tksk/pengguna/", f"/admin/tksk/pengguna/{admin_user.pk}/change/",
                "/admin/tksk/pengguna/add/", "/admin/pmks/jenispmks/", "/admin/tksk/wilayah/",
                "/admin/tksk/wilayah/import/", "/admin/tksk/wilayah/export/", "/admin/axes/accessattempt/"]:
        _kunjungi(page, url)
    # The admin's own scripts run: the change list's "select all" checkbox ticks every row.
    _kunjungi(page, "/admin/tksk/wilayah/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select:checked").count() > 0
    assert pelanggaran == [], "\n".join(pelanggaran)


def test_login_and_error_pages_raise_no_csp_violation(page, dunia):
    pelanggaran = _pengumpul(page)
    _kunjungi(page, "/accounts/login/")
    login_browser(page, "tksk.kanigaran", "salah")
    assert pelanggaran == [], "\n".join(pelanggaran)
