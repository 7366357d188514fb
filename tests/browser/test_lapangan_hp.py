"""Phone, 360 × 800 touch (#12): every page of a TKSK's journeys fits the screen (no sideways page
scroll, no button or action link outside the viewport), and a household of 4 is registered with the
NIK-derived fields, the No. KK/NIK prefixes and the typed birth-date mask; a failed save shows one
summary whose links bring the bad field into view."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bantuan import choices as bc
from bantuan.services import penyaluran as bsvc
from laporan.periode import Periode
from pmks.impor import contoh
from pmks.models import Anggota, Keluarga
from pmks.pendampingan.selectors import hari_ini_jakarta
from tests.bantuan.conftest import TAHUN, buat_program, keluarga_pmks, usulan_status
from tests.conftest import login_browser
from tests.factories import AnggotaFactory
from tests.pmks.impor.test_impor import keluarga as baris_impor
from tests.pmks.pendampingan.test_pendampingan_bantu import kunjungan, tindak_lanjut

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LEBAR = 360

# Everything a user acts on: buttons, button-styled links, nav links, the segmented choices' labels.
PERIKSA_KOTAK = """() => {
  const vw = document.documentElement.clientWidth;
  const keluar = [];
  for (const el of document.querySelectorAll('.btn, button, a.nav-link, [role=button], .segmen .form-check-label')) {
    if (el.closest('template')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not displayed (collapsed menu, other program's fieldset)
    if (getComputedStyle(el).visibility === 'hidden') continue;
    if (r.left < -0.5 || r.right > vw + 0.5) {
      keluar.push(`${el.tagName} "${el.innerText.trim().slice(0, 40)}" ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {lebar: document.documentElement.scrollWidth, vw, keluar};
}"""


def _dunia(tksk):
    hari_ini = hari_ini_jakarta()
    sembako = buat_program("sembako-hp", bc.JenisProgram.SEMBAKO, frekuensi=bc.Frekuensi.BULANAN,
                           nilai_per_penerima=200_000)
    rtlh = buat_program("rtlh-hp-jalan", bc.JenisProgram.RTLH)
    k = keluarga_pmks(alamat="Jl. Panglima Sudirman Gang Kenanga Nomor 117 Belakang Masjid", rt="004", rw="012",
                      atap="seng", dinding="anyaman_bambu", lantai="tanah")
    for nama in ("Siti Nurhalizah Kusumawardhani Prameswari", "Ahmad"):
        AnggotaFactory(keluarga=k, nama=nama)
    kj = kunjungan(k, tanggal=hari_ini - timedelta(days=2), oleh=tksk)
    tindak_lanjut(k, batas=hari_ini - timedelta(days=1), oleh=tksk, uraian="Antar ke Puskesmas untuk BPJS PBI")
    keluarga_pmks(alamat="Jl. Belum Dikunjungi 1")  # never visited, not reached by aid
    u = usulan_status(rtlh, k, bc.StatusUsulan.DIKEMBALIKAN, oleh=tksk)
    usulan_status(sembako, keluarga_pmks(alamat="Jl. Sembako 2"), bc.StatusUsulan.DIAJUKAN, oleh=tksk)
    ganda = keluarga_pmks(alamat="Jl. Dua Program 3")
    for kode, jenis in (("pkh-hp", bc.JenisProgram.PKH), ("bpnt-hp", bc.JenisProgram.BPNT)):
        bsvc.penerimaan_eksternal_catat(
            program=buat_program(kode, jenis, dikelola_dinas=False), keluarga=ganda,
            periode_mulai=date(TAHUN, 1, 1), periode_selesai=date(TAHUN, 12, 31), sumber="BNBA",
        )
    return {"keluarga": k, "kunjungan": kj, "usulan": u, "rtlh": rtlh}


def _periksa(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() >= 1, f"{url}: halaman tidak termuat"
    hasil = page.evaluate(PERIKSA_KOTAK)
    assert hasil["lebar"] <= LEBAR, f"{url}: halaman bergeser horizontal ({hasil['lebar']} px)"
    assert hasil["keluar"] == [], f"{url}: tombol di luar layar: {hasil['keluar']}"


def test_every_page_of_the_tksk_journeys_fits_a_360px_phone(phone_page, tksk_kanigaran, settings, tmp_path):
    settings.SIDAMPING_BERKAS_PRIVAT = str(tmp_path)
    d = _dunia(tksk_kanigaran)
    k, u = d["keluarga"], d["usulan"]
    login_browser(phone_page, "tksk.kanigaran")
    assert phone_page.url.endswith("/pmks/pendampingan/hari-ini/")
    halaman = [
        "/", reverse("pmks:hari_ini"),
        reverse("pmks:keluarga_list"), reverse("pmks:keluarga_detail", args=[k.pk]),
        reverse("pmks:keluarga_tambah"), reverse("pmks:keluarga_ubah", args=[k.pk]),
        reverse("pmks:kunjungan_tambah", kwargs={"keluarga_pk": k.pk}),
        reverse("pmks:kunjungan_detail", args=[d["kunjungan"].pk]), reverse("pmks:kunjungan_list"),
        reverse("pmks:tindak_lanjut_list"),
        reverse("bantuan:usulan_list"), f"{reverse('bantuan:usulan_buat')}?keluarga={k.pk}&program={d['rtlh'].pk}",
        reverse("bantuan:usulan_detail", args=[u.pk]), reverse("bantuan:usulan_ubah", args=[u.pk]),
        reverse("bantuan:belum_terjangkau"), reverse("bantuan:tumpang_tindih"),
        reverse("laporan:list"), f"/laporan/35.74.04/{Periode.bulan_ini().teks}/",
        reverse("pmks:impor_list"), reverse("pmks:ekspor_list"),
    ]
    for url in halaman:
        _periksa(phone_page, url)

    # The import's preview page (after an upload)
    berkas = tmp_path / "keluarga.xlsx"
    berkas.write_bytes(contoh.tulis_xlsx(baris_impor(1)))
    phone_page.goto(reverse("pmks:impor_list"))
    phone_page.locator("input[type=file]").set_input_files(str(berkas))
    phone_page.get_by_role("button", name="Unggah dan periksa").click()
    phone_page.wait_for_load_state("networkidle")
    _periksa(phone_page, phone_page.url)


def test_action_lists_show_their_action_and_status_on_a_phone(phone_page, tksk_kanigaran):
    d = _dunia(tksk_kanigaran)
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto(reverse("bantuan:belum_terjangkau"))
    tombol = phone_page.locator("[data-testid^=usulkan-]").first
    kotak = tombol.bounding_box()
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= LEBAR
    phone_page.goto(reverse("bantuan:usulan_list"))
    baris = phone_page.get_by_test_id(f"baris-usulan-{d['usulan'].pk}")
    assert baris.get_by_test_id("status-usulan").first.is_visible() if baris.get_by_test_id(
        "status-usulan").count() else "Dikembalikan" in baris.inner_text()
    assert phone_page.get_by_test_id(f"buka-usulan-{d['usulan'].pk}").is_visible()
    phone_page.goto("/")
    tabel = phone_page.get_by_test_id("tabel-wilayah")
    for judul in ("Terlambat", "Belum dikunjungi"):
        sel = tabel.locator(f"td[data-label='{judul}']").first
        kotak = sel.bounding_box()
        assert sel.is_visible() and kotak["x"] + kotak["width"] <= LEBAR, judul
    # Hari ini: one tap from the card to the visit form
    phone_page.goto(reverse("pmks:hari_ini"))
    kartu = phone_page.get_by_test_id("tugas").filter(has_text="Terlambat 1 hari")
    kartu.get_by_test_id("aksi-tugas").tap()
    phone_page.wait_for_url(f"**/keluarga/{d['keluarga'].pk}/kunjungan/tambah/")


def test_household_page_keeps_catat_kunjungan_on_screen_while_scrolling(phone_page, tksk_kanigaran):
    d = _dunia(tksk_kanigaran)
    login_browser(phone_page, "tksk.kanigaran")
    phone_page.goto(reverse("pmks:keluarga_detail", args=[d["keluarga"].pk]))
    tombol = phone_page.get_by_test_id("catat-kunjungan-lengket")
    for y in (0, 1500, 100_000):
        phone_page.evaluate(f"window.scrollTo(0, {y})")
        kotak = tombol.bounding_box()
        assert 0 <= kotak["y"] and kotak["y"] + kotak["height"] <= 800, f"tombol tidak terlihat pada scroll {y}"


def test_registering_a_household_of_four_on_a_phone_with_nik_derived_fields(phone_page, tksk_kanigaran):
    hp = phone_page
    login_browser(hp, "tksk.kanigaran")
    hp.goto(reverse("pmks:keluarga_tambah"))
    hp.locator("#id_kelurahan").select_option(label="Kanigaran (Kec. Kanigaran)")
    kk = hp.locator("#id_no_kk")
    assert kk.input_value() == "357404"  # region part from the kelurahan
    kk.tap()
    kk.press("End")
    kk.press_sequentially("0101200001")
    hp.locator("#id_alamat").fill("Jl. Mastrip Gg. II No. 5")
    hp.locator("#id_rt").press_sequentially("3")
    for _ in range(3):
        hp.get_by_test_id("tambah-anggota").tap()
    orang = [("0203750011", "Slamet Riyadi", "02-03-1975", "L", "kepala"),
             ("6108790012", "Sumiati", "21-08-1979", "P", "istri_suami"),
             ("3011050013", "Dimas Riyadi", "30-11-2005", "L", "anak"),
             ("5204120014", "Putri Ayu Lestari", "12-04-2012", "P", "anak")]
    for i, (sisa_nik, nama, tanggal, jk, hubungan) in enumerate(orang):
        nik = hp.locator(f"[name='anggota-{i}-nik']")
        assert nik.input_value() == "357404"  # region part of the No. KK
        nik.tap()
        # The finger puts the caret after the digits; on a busy machine a tap can land while the page
        # still moves, and a programmatic focus puts the caret first: put it at the end explicitly.
        nik.evaluate("el => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); }")
        nik.press_sequentially(sisa_nik)
        expect(nik).to_have_value("357404" + sisa_nik)
        expect(hp.locator(f"[name='anggota-{i}-tanggal_lahir']")).to_have_value(tanggal)  # from the NIK
        expect(hp.locator(f"[name='anggota-{i}-jenis_kelamin'][value='{jk}']")).to_be_checked()
        assert hp.locator(f"[name='anggota-{i}-hubungan']").input_value() == hubungan  # row default
        hp.locator(f"[name='anggota-{i}-nama']").fill(nama)
    # The date typed by hand: digits only, the mask puts the dashes in.
    tgl = hp.locator("[name='anggota-3-tanggal_lahir']")
    tgl.fill("")
    tgl.tap()
    tgl.press_sequentially("12042012")
    assert tgl.input_value() == "12-04-2012"
    hp.get_by_test_id("simpan-keluarga").click()
    hp.wait_for_load_state("networkidle")
    k = Keluarga.objects.get(no_kk="3574040101200001")
    assert hp.url.endswith(reverse("pmks:keluarga_detail", args=[k.pk]))
    assert k.rt == "003"
    disimpan = {a.nama: (a.tanggal_lahir, a.jenis_kelamin, a.hubungan) for a in Anggota.objects.filter(keluarga=k)}
    assert disimpan == {
        "Slamet Riyadi": (date(1975, 3, 2), "L", "kepala"), "Sumiati": (date(1979, 8, 21), "P", "istri_suami"),
        "Dimas Riyadi": (date(2005, 11, 30), "L", "anak"), "Putri Ayu Lestari": (date(2012, 4, 12), "P", "anak"),
    }


def test_a_failed_save_shows_one_summary_whose_links_focus_the_bad_field(phone_page, tksk_kanigaran):
    hp = phone_page
    login_browser(hp, "tksk.kanigaran")
    hp.goto(reverse("pmks:keluarga_tambah"))
    hp.locator("#id_kelurahan").select_option(label="Kanigaran (Kec. Kanigaran)")
    hp.locator("[name='anggota-0-nama']").fill("Tanpa NIK")
    hp.get_by_test_id("simpan-keluarga").click()
    hp.wait_for_load_state("networkidle")
    ringkasan = hp.get_by_test_id("ringkasan-galat")
    assert ringkasan.evaluate("e => document.activeElement === e")
    kotak = ringkasan.bounding_box()
    assert -1 <= kotak["y"] < 800  # in view, not 2,200 px up
    assert ringkasan.evaluate("e => { const r = e.getBoundingClientRect();"
                              " return e.contains(document.elementFromPoint(r.left + 10, r.top + 10)); }")
    teks = ringkasan.inner_text()
    assert "No. KK" in teks and "Alamat" in teks and "Anggota 1: NIK" in teks
    ringkasan.get_by_role("link", name="Anggota 1: NIK").tap()
    fokus = hp.evaluate("document.activeElement.name")
    assert fokus == "anggota-0-nik"
    # (Bootstrap scrolls smoothly: wait until the field has arrived in view)
    hp.wait_for_function("""() => { const r = document.getElementsByName('anggota-0-nik')[0].getBoundingClientRect();
                                    return r.top >= 0 && r.bottom <= window.innerHeight; }""", timeout=5000)
