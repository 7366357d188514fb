"""Browser (360 × 800, touch, live server): offline capture with the outbox (issue #12 item 6).

``context.set_offline(True)`` cuts the phone off: the service worker serves the offline pages from
its cache, visits and registrations wait in the outbox (IndexedDB), and when the connection comes
back they are synced exactly once. An edit of a household changed meanwhile on the server shows
the conflict screen and is sent only after the TKSK chose. Logging out removes the downloaded data.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from pmks.models import Keluarga
from pmks.pendampingan.models import FotoKunjungan, Kunjungan
from tests.browser.test_csp import _pengumpul
from tests.conftest import login_browser
from tests.factories import AnggotaFactory, KeluargaFactory, PenggunaFactory, nik_valid, wilayah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hp(phone_page):
    phone_page.set_default_timeout(20_000)
    return phone_page


def _foto(path) -> None:
    gambar = Image.new("RGB", (2400, 1800), (40, 140, 60))
    buf = BytesIO()
    gambar.save(buf, "JPEG", quality=95)
    path.write_bytes(buf.getvalue())


def _siap_luring(hp) -> None:
    """Open the hub, wait for the service worker to control the page, download the kecamatan."""
    hp.goto("/luring/")
    hp.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not hp.evaluate("!!navigator.serviceWorker.controller"):
        hp.reload()
    hp.wait_for_function("() => !!navigator.serviceWorker.controller")
    hp.get_by_test_id("unduh-luring").click()
    hp.get_by_test_id("pesan-unduh").filter(has_text="tersimpan di perangkat").wait_for()


def _jumlah_idb(hp, store: str) -> int:
    return hp.evaluate(
        """store => new Promise(ok => {
            const r = indexedDB.open("sidamping-luring");
            r.onupgradeneeded = () => { r.transaction.abort(); ok(-1); };
            r.onsuccess = () => { const d = r.result;
              if (!d.objectStoreNames.contains(store)) { d.close(); ok(-1); return; }
              const q = d.transaction(store).objectStore(store).count();
              q.onsuccess = () => { d.close(); ok(q.result); }; };
            r.onerror = () => ok(-1);
        })""",
        store,
    )


def test_offline_visit_with_photo_and_new_household_sync_once_when_back_online(hp, tksk_kanigaran, tmp_path):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Suroyo No. 7")
    foto = tmp_path / "rumah.jpg"
    _foto(foto)
    pelanggaran = _pengumpul(hp)
    login_browser(hp, "tksk.kanigaran")
    _siap_luring(hp)
    expect(hp.get_by_test_id("keluarga-luring-baris")).to_have_count(1)
    jumlah_keluarga = Keluarga.objects.count()

    hp.context.set_offline(True)
    # really offline: a page that needs the server gets the offline hub from the cache
    hp.goto("/pmks/")
    assert hp.get_by_test_id("luring-cadangan").is_visible()
    assert hp.evaluate("() => fetch('/luring/unduh/').then(() => 'daring', () => 'luring')") == "luring"
    # a visit, opened from the hub without a connection
    hp.goto("/luring/")
    hp.get_by_test_id("keluarga-luring-baris").get_by_role("link", name="Catat kunjungan").click()
    hp.wait_for_url("**/luring/kunjungan/?keluarga=*")
    assert "Jl. Suroyo No. 7" in hp.get_by_test_id("keluarga-luring").inner_text()
    hp.locator("#id_jenis").select_option("asesmen")
    hp.locator("#id_catatan").fill("Atap bocor di dapur")
    hp.locator("#id_foto").set_input_files(str(foto))
    hp.get_by_test_id("ukuran-foto").filter(has_text="diperkecil").wait_for()
    hp.get_by_test_id("simpan-luring").click()
    hp.wait_for_url("**/luring/kotak-keluar/")
    expect(hp.get_by_test_id("status-item")).to_have_text(["Menunggu"])  # the outbox draws from IndexedDB

    # a new household of two
    hp.goto("/luring/keluarga/baru/")
    hp.locator("#id_kelurahan").select_option(label="Kanigaran (Kec. Kanigaran)")
    hp.locator("#id_no_kk").fill("3574041403190001")
    hp.locator("#id_alamat").fill("Jl. Luring No. 3")
    hp.locator("#id_anggota-0-nik").fill(nik_valid(tanggal_lahir=date(1980, 5, 17)))  # birth date, sex from it
    hp.locator("#id_anggota-0-nama").fill("Sutrisno Luring")
    hp.locator("#id_anggota-0-hubungan").select_option("kepala")
    hp.get_by_test_id("simpan-luring").click()
    hp.wait_for_url("**/luring/kotak-keluar/")
    expect(hp.get_by_test_id("status-item")).to_have_text(["Menunggu", "Menunggu"])
    assert Kunjungan.objects.count() == 0 and Keluarga.objects.count() == jumlah_keluarga

    # Back online. Headless Chromium fires no `online` event here (navigator.onLine never turned
    # false), as a phone on a Wi-Fi without internet does not: the outbox retries by itself.
    hp.context.set_offline(False)
    hp.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-testid=status-item]'))"
        ".filter(e => e.textContent === 'Terkirim').length === 2", timeout=30_000,
    )
    assert Kunjungan.objects.count() == 1 and FotoKunjungan.objects.count() == 1
    assert Keluarga.objects.count() == jumlah_keluarga + 1
    # a resend of both (the answer lost on the way) saves nothing twice
    hp.evaluate("""async () => {
        const L = window.SidampingLuring;
        for (const i of await L.semuaItem()) { i.status = "menunggu"; await L.simpanItem(i); }
        await L.kirimSemua();
    }""")
    # the outbox list redraws after the send settles: wait for it rather than read it once
    expect(hp.get_by_test_id("status-item")).to_have_text(["Terkirim", "Terkirim"])
    assert Kunjungan.objects.count() == 1 and Keluarga.objects.count() == jumlah_keluarga + 1

    baru = Keluarga.objects.get(alamat="Jl. Luring No. 3")
    assert baru.anggota.get().nama == "Sutrisno Luring"
    with FotoKunjungan.objects.get().berkas.open("rb") as f, Image.open(f) as gambar:
        assert max(gambar.size) <= 1600  # downscaled on the phone before it waited in the outbox
    hp.goto(f"/pmks/keluarga/{keluarga.pk}/")
    assert "Atap bocor di dapur" in hp.content()
    hp.goto(f"/pmks/keluarga/{baru.pk}/")
    assert "Sutrisno Luring" in hp.content()
    assert pelanggaran == []


def test_offline_edit_of_a_household_changed_on_the_server_waits_for_the_tksk_choice(hp, tksk_kanigaran):
    keluarga = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"), alamat="Jl. Lama No. 1", rt="001")
    AnggotaFactory(keluarga=keluarga, nama="Rina")
    login_browser(hp, "tksk.kanigaran")
    _siap_luring(hp)

    hp.context.set_offline(True)
    hp.goto(f"/luring/keluarga/ubah/?keluarga={keluarga.pk}")
    assert hp.locator("#id_alamat").input_value() == "Jl. Lama No. 1"
    assert hp.locator("#id_anggota-1-nama").input_value() == "Rina"
    hp.locator("#id_alamat").fill("Jl. Pilihan TKSK No. 2")
    hp.get_by_test_id("simpan-luring").click()
    hp.wait_for_url("**/luring/kotak-keluar/")

    # meanwhile someone changes the household on the server
    Keluarga.objects.filter(pk=keluarga.pk).update(alamat="Jl. Dari Server No. 9", rt="007", versi=1)
    hp.context.set_offline(False)
    hp.get_by_test_id("buka-konflik").wait_for(timeout=30_000)
    expect(hp.get_by_test_id("status-item")).to_have_text(["Gagal"])
    assert "diubah di server" in hp.get_by_test_id("alasan-item").inner_text()
    keluarga.refresh_from_db()
    assert (keluarga.alamat, keluarga.rt, keluarga.versi) == ("Jl. Dari Server No. 9", "007", 1)

    hp.get_by_test_id("buka-konflik").click()
    hp.wait_for_url("**/luring/konflik/?item=*")
    baris = hp.get_by_test_id("baris-konflik")
    expect(baris).to_have_count(2)  # the rows are built by script from IndexedDB after the page loads
    assert {baris.nth(i).get_attribute("data-kunci") for i in range(baris.count())} == {"alamat", "rt"}
    alamat = hp.locator("[data-testid=baris-konflik][data-kunci=alamat]")
    assert "Data server: Jl. Dari Server No. 9" in alamat.inner_text()
    assert "Isian saya: Jl. Pilihan TKSK No. 2" in alamat.inner_text()
    assert not alamat.locator("input:checked").count()  # the TKSK changed it: no choice made for them
    assert hp.locator("[data-kunci=rt] [data-testid=pilih-server]").is_checked()  # untouched: server's

    hp.get_by_test_id("kirim-pilihan").click()
    assert "belum dipilih" in hp.get_by_test_id("galat-luring").inner_text()
    keluarga.refresh_from_db()
    assert keluarga.alamat == "Jl. Dari Server No. 9" and keluarga.versi == 1  # nothing sent yet

    alamat.get_by_test_id("pilih-saya").check()
    hp.get_by_test_id("kirim-pilihan").click()
    hp.wait_for_url("**/luring/kotak-keluar/")
    hp.wait_for_function("() => document.querySelector('[data-testid=status-item]')?.textContent === 'Terkirim'")
    keluarga.refresh_from_db()
    assert (keluarga.alamat, keluarga.rt, keluarga.versi) == ("Jl. Pilihan TKSK No. 2", "007", 2)


def test_logout_removes_the_downloaded_data_and_cached_pages(hp, tksk_kanigaran):
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    login_browser(hp, "tksk.kanigaran")
    _siap_luring(hp)
    assert _jumlah_idb(hp, "keluarga") == 1
    assert "sidamping-halaman" in hp.evaluate("caches.keys()")
    hp.locator(".navbar-toggler").click()  # 360 px: the menu is collapsed
    expect(hp.locator("#nav-utama")).to_have_class(re.compile(r"\bshow\b"))  # opened, not still sliding
    hp.get_by_test_id("menu-pengguna").click()
    hp.get_by_role("button", name="Keluar").click()
    hp.wait_for_url("**/accounts/login/")  # LOGOUT_REDIRECT_URL: the logout form cleared before it was sent
    assert _jumlah_idb(hp, "keluarga") <= 0  # the database is gone (or empty)
    assert "sidamping-halaman" not in hp.evaluate("caches.keys()")


def test_login_of_another_user_on_the_device_removes_the_first_users_data(hp, tksk_kanigaran):
    KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    PenggunaFactory(username="tksk.kanigaran2", peran="tksk", wilayah=wilayah("35.74.04"))
    login_browser(hp, "tksk.kanigaran")
    _siap_luring(hp)
    hp.context.clear_cookies()  # the session ended without a logout (expired)
    login_browser(hp, "tksk.kanigaran2")
    hp.wait_for_function("() => caches.keys().then(k => !k.includes('sidamping-halaman'))")
    assert _jumlah_idb(hp, "keluarga") <= 0
    assert hp.evaluate("() => window.SidampingLuring.meta('unduhan')") is None


def test_download_comes_in_pages_and_resumes_at_its_page_after_the_signal_drops(hp, tksk_kanigaran, settings):
    settings.SIDAMPING_LURING_PER_HALAMAN = 2
    ids = {KeluargaFactory(kelurahan=wilayah("35.74.04.1003")).pk for _ in range(5)}
    diminta: list[str] = []
    putus = {"sekali": True}

    def lewat(route):
        diminta.append(route.request.url.split("/luring/unduh/", 1)[1])
        if "setelah=" in route.request.url and putus.pop("sekali", False):
            route.abort("internetdisconnected")  # the signal drops on the second page
        else:
            route.continue_()

    hp.route("**/luring/unduh/**", lewat)
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/luring/")
    hp.get_by_test_id("unduh-luring").click()
    hp.get_by_test_id("pesan-unduh").filter(has_text="Sinyal terputus").wait_for()
    assert "2 dari 5 keluarga sudah tersimpan" in hp.get_by_test_id("pesan-unduh").inner_text()
    assert _jumlah_idb(hp, "keluarga") == 2
    proses = hp.evaluate("() => window.SidampingLuring.meta('unduhan_proses')")
    assert proses["diterima"] == 2 and proses["kursor"] is not None

    # the signal returns: the download goes on by itself from the page it stopped at
    hp.context.set_offline(True)
    hp.context.set_offline(False)
    hp.get_by_test_id("pesan-unduh").filter(has_text="5 keluarga tersimpan di perangkat").wait_for()
    assert diminta[0] == "" and diminta.count("") == 1  # the first page was fetched once
    kedua = diminta[1]
    assert diminta.count(kedua) == 2 and len(diminta) == 4  # page 2 retried once, then page 3
    simpan = hp.evaluate("() => window.SidampingLuring.db().then(d => d.getAll('keluarga'))")
    assert sorted(k["id"] for k in simpan) == sorted(ids)
    assert hp.evaluate("() => window.SidampingLuring.meta('unduhan_proses')") is None
    assert hp.evaluate("() => window.SidampingLuring.meta('unduhan')")["jumlah"] == 5
    expect(hp.get_by_test_id("keluarga-luring-baris")).to_have_count(5)


def test_a_new_download_removes_households_no_longer_in_the_kecamatan(hp, tksk_kanigaran, settings):
    settings.SIDAMPING_LURING_PER_HALAMAN = 2
    tetap = [KeluargaFactory(kelurahan=wilayah("35.74.04.1003")) for _ in range(3)]
    pindah = KeluargaFactory(kelurahan=wilayah("35.74.04.1003"))
    login_browser(hp, "tksk.kanigaran")
    hp.goto("/luring/")
    hp.get_by_test_id("unduh-luring").click()
    hp.get_by_test_id("pesan-unduh").filter(has_text="4 keluarga tersimpan").wait_for()
    Keluarga.objects.filter(pk=pindah.pk).update(status="pindah")
    hp.get_by_test_id("pesan-unduh").evaluate("e => e.textContent = ''")
    hp.get_by_test_id("unduh-luring").click()
    hp.get_by_test_id("pesan-unduh").filter(has_text="3 keluarga tersimpan").wait_for()
    simpan = hp.evaluate("() => window.SidampingLuring.db().then(d => d.getAll('keluarga'))")
    assert sorted(k["id"] for k in simpan) == sorted(k.pk for k in tetap)
