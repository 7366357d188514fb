// Offline work (issue #12 item 6), loaded on every page: service worker registration, the
// IndexedDB store (vendored idb 8.0.4), the outbox sync, and removing everything on logout.
//
// IndexedDB "sidamping-luring" holds, for ONE user (meta "pemilik"):
//   keluarga  the households of the TKSK's own kecamatan from "Unduh untuk luring" (pmks/luring/selectors.py)
//   kotak     the outbox: one item per visit / new household / household edit, with a UUID made here
//   meta      "pemilik" {id, username}, "unduhan" {kecamatan, diunduh_pada, isi, label, pilihan, jumlah}
// Removed (database and the cached pages) when the user logs out (the logout form, and again on
// the "Anda sudah keluar" page), when another user logs in on this device (login form), and when
// a page of another user is shown. localStorage "sidamping:luring:pemilik" names the owner (username)
// so the login form can tell at once whether another user is logging in.
//
// Sync: when the browser is online (page load, the "online" event, "Kirim sekarang"), each item
// that is "menunggu" is posted as multipart (the online form's field names, photos as files,
// "uuid", and "versi" for an edit) to its endpoint with the CSRF token of /luring/sesi/. Answers:
// 200 terkirim; 422 gagal with errors per field; 409 konflik (the server's values are kept on
// the item: the TKSK chooses per field on /luring/konflik/); other 4xx gagal with the message;
// no connection, 5xx or an expired session: the item stays "menunggu". A retried item carries
// the same UUID, so the server never saves it twice.
(function () {
  "use strict";

  var skrip = document.currentScript;
  var URL_SW = skrip && skrip.dataset.sw;
  var URL_SESI = skrip && skrip.dataset.sesi;
  var NAMA_DB = "sidamping-luring";
  var body = document.body;
  var pengguna = (body && body.dataset.pengguna) || "";
  var adaIdb = typeof window.idb === "object" && typeof window.indexedDB === "object";

  var janjiDb = null;
  function db() {
    if (!adaIdb) return Promise.reject(new Error("IndexedDB tidak tersedia di peramban ini."));
    if (!janjiDb) {
      janjiDb = window.idb.openDB(NAMA_DB, 1, {
        upgrade: function (d) {
          d.createObjectStore("keluarga", { keyPath: "id" });
          d.createObjectStore("kotak", { keyPath: "uuid" });
          d.createObjectStore("meta");
        },
        blocking: function () { tutup(); },
      });
    }
    return janjiDb;
  }
  function tutup() {
    if (!janjiDb) return Promise.resolve();
    var j = janjiDb;
    janjiDb = null;
    return j.then(function (d) { d.close(); }, function () {});
  }

  function beritahu() {
    document.dispatchEvent(new CustomEvent("luring:berubah"));
    hitung();
  }

  // --- removing everything ---------------------------------------------------------------------
  function hapusCache() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (nama) {
      // The precache holds only the app's static files (no personal data of anyone).
      return Promise.all(nama.filter(function (n) { return n.indexOf("precache") < 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }
  // Whose data is on the device, readable at once (the login form cannot wait for IndexedDB).
  var KUNCI_PEMILIK = "sidamping:luring:pemilik";
  function bacaPemilik() {
    try { return window.localStorage.getItem(KUNCI_PEMILIK); } catch (e) { return null; }
  }
  function tulisPemilik(nama) {
    try {
      if (nama) window.localStorage.setItem(KUNCI_PEMILIK, nama); else window.localStorage.removeItem(KUNCI_PEMILIK);
    } catch (e) { /* private mode: the page-of-another-user check still applies */ }
  }
  function bersihkan() {
    tulisPemilik(null);
    var hapusDb = tutup().then(function () {
      if (!adaIdb) return null;
      return window.idb.deleteDB(NAMA_DB);
    });
    return Promise.all([hapusDb, hapusCache()]).then(beritahu, beritahu);
  }

  function meta(kunci) { return db().then(function (d) { return d.get("meta", kunci); }); }

  function belumTerkirim() {
    return db().then(function (d) { return d.getAll("kotak"); }).then(function (semua) {
      return semua.filter(function (i) { return i.status !== "terkirim"; });
    }, function () { return []; });
  }

  // Logout: a confirmation when the outbox still has unsent items, then clear, then log out.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || ev.defaultPrevented) return;
    if (form.dataset.drafKeluar !== undefined) {
      if (form.dataset.luringSiap) return;
      ev.preventDefault();
      belumTerkirim().then(function (sisa) {
        if (sisa.length && !window.confirm(sisa.length + " data di kotak keluar belum terkirim ke server dan akan " +
            "dihapus dari perangkat ini bila Anda keluar. Tetap keluar?")) return;
        return bersihkan().then(function () {
          form.dataset.luringSiap = "1";
          form.submit();
        });
      });
    } else if (form.dataset.drafLogin !== undefined && adaIdb) {
      // Another user logs in on this device: the first user's data goes before the login is sent.
      var nama = ((form.elements.username || {}).value || "").trim().toLowerCase();
      var pemilik = bacaPemilik();
      if (form.dataset.luringSiap || !pemilik || pemilik.toLowerCase() === nama) return;
      ev.preventDefault();
      bersihkan().then(function () {
        form.dataset.luringSiap = "1";
        form.submit();
      });
    }
  }, false);

  // --- outbox ------------------------------------------------------------------------------------
  function uuidBaru() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function simpanItem(item) {
    item.diubah_pada = new Date().toISOString();
    if (!item.dibuat_pada) item.dibuat_pada = item.diubah_pada;
    return db().then(function (d) { return d.put("kotak", item); }).then(function () {
      beritahu();
      return item;
    });
  }
  function ambilItem(uuid) { return db().then(function (d) { return d.get("kotak", uuid); }); }
  function hapusItem(uuid) {
    return db().then(function (d) { return d.delete("kotak", uuid); }).then(beritahu);
  }
  function semuaItem() {
    return db().then(function (d) { return d.getAll("kotak"); }).then(function (s) {
      return s.sort(function (a, b) { return (b.dibuat_pada || "").localeCompare(a.dibuat_pada || ""); });
    });
  }

  function isiFormData(item) {
    var fd = new FormData();
    (item.isian || []).forEach(function (p) { fd.append(p[0], p[1]); });
    (item.berkas || []).forEach(function (b) { fd.append(b.kolom, b.blob, b.nama); });
    fd.append("uuid", item.uuid);
    if (item.versi !== undefined && item.versi !== null) fd.append("versi", String(item.versi));
    return fd;
  }

  var sedangKirim = false;
  var ulangiKirim = false;    // a reason to send came while a run was under way: run once more after it
  var probeSesi = null;       // AbortController of the session probe under way
  var keteranganKirim = "";
  var BATAS_SESI_MS = 15000;  // a fetch the browser never settles (lost signal, a captive portal) …
  var BATAS_KIRIM_MS = 90000; // … is given up, so the outbox is never stuck "sending" for good
  // Why the last run stopped, and when it is tried again by itself. Browsers do not reliably say
  // when the signal comes back (`online` never fires on a Wi-Fi without internet, nor in every
  // emulator), so a waiting outbox keeps trying: soon after a network failure, later after the
  // server refused (busy, 5xx), never after the session expired (the TKSK logs in first).
  var ULANG_MS = { jaringan: 10000, server: 60000 };
  var alasanBerhenti = null;
  var jamUlang = null;

  // fetch with a time limit: rejects when the limit passes or `pengendali` is aborted.
  function ambil(url, opsi, batasMs, pengendali) {
    var kendali = pengendali || (typeof AbortController !== "undefined" ? new AbortController() : null);
    if (!kendali) return fetch(url, opsi);
    var jam = setTimeout(function () { kendali.abort(); }, batasMs);
    opsi.signal = kendali.signal;
    return fetch(url, opsi).then(function (r) { clearTimeout(jam); return r; },
      function (e) { clearTimeout(jam); throw e; });
  }
  function tandai(item, ubah) {
    Object.keys(ubah).forEach(function (k) { item[k] = ubah[k]; });
    return simpanItem(item);
  }

  function kirimSatu(item, csrf) {
    return ambil(item.url, {
      method: "POST", body: isiFormData(item), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
    }, BATAS_KIRIM_MS).then(function (r) {
      if (r.redirected) {  // the session expired on the way: stays waiting
        alasanBerhenti = "sesi";
        keteranganKirim = "Sesi Anda berakhir. Masuk lagi; kotak keluar terkirim sesudahnya.";
        return tandai(item, { status: "menunggu", pesan: keteranganKirim }).then(function () { return "berhenti"; });
      }
      var jenis = r.headers.get("Content-Type") || "";
      if (r.status >= 500 || jenis.indexOf("application/json") < 0) {
        var alasan = r.status === 429 ? "Terlalu banyak kiriman dalam waktu singkat; dicoba lagi nanti." :
          r.status === 403 ? "Server menolak kiriman (sesi atau token keamanan kedaluwarsa); dicoba lagi." :
            "Server belum dapat menerima kiriman (HTTP " + r.status + "); dicoba lagi nanti.";
        alasanBerhenti = "server";
        return tandai(item, { status: "menunggu", pesan: alasan }).then(function () { return "berhenti"; });
      }
      return r.json().then(function (j) {
        if (j.status === "terkirim") {
          return tandai(item, { status: "terkirim", pesan: j.pesan, url_hasil: j.url, galat: null, konflik: null,
            terkirim_pada: new Date().toISOString() });
        }
        if (j.status === "konflik") {
          return tandai(item, { status: "gagal", pesan: j.pesan, konflik: { server: j.server, versi: j.versi }, galat: null });
        }
        return tandai(item, { status: "gagal", pesan: j.pesan || "Ditolak server.", galat: j.galat || null });
      });
    }, function () {
      alasanBerhenti = "jaringan";
      keteranganKirim = "Belum tersambung ke server; dicoba lagi saat sinyal ada.";
      return tandai(item, { status: "menunggu", pesan: keteranganKirim }).then(function () { return "berhenti"; });
    });
  }

  function kirimSemua() {
    if (!adaIdb || !pengguna || !URL_SESI) return Promise.resolve();
    if (sedangKirim) { ulangiKirim = true; return Promise.resolve(); }
    if (navigator.onLine === false) return Promise.resolve();
    sedangKirim = true;
    ulangiKirim = false;
    alasanBerhenti = null;
    clearTimeout(jamUlang);
    keteranganKirim = "";
    return semuaItem().then(function (semua) {
      var antre = semua.filter(function (i) { return i.status === "menunggu" && String(i.pengguna) === pengguna; })
        .reverse();  // oldest first
      if (!antre.length) return null;
      probeSesi = typeof AbortController !== "undefined" ? new AbortController() : null;
      return ambil(URL_SESI, { credentials: "same-origin", headers: { "Accept": "application/json" } },
        BATAS_SESI_MS, probeSesi)
        .then(function (r) {
          probeSesi = null;
          if (r.redirected) { alasanBerhenti = "sesi"; throw new Error("sesi"); }
          if (!r.ok) { alasanBerhenti = "server"; throw new Error("server"); }
          return r.json();
        })
        .then(function (sesi) {
          if (String(sesi.pengguna) !== pengguna) return null;
          return antre.reduce(function (rantai, item) {
            return rantai.then(function (hasil) { return hasil === "berhenti" ? hasil : kirimSatu(item, sesi.csrf); });
          }, Promise.resolve(null));
        }, function () {
          if (alasanBerhenti === "sesi") {
            keteranganKirim = "Sesi Anda berakhir. Masuk lagi; kotak keluar terkirim sesudahnya.";
          } else if (alasanBerhenti === "server") {
            keteranganKirim = "Server belum dapat menerima kiriman; dicoba lagi nanti.";
          } else {
            alasanBerhenti = "jaringan";
            keteranganKirim = "Belum tersambung ke server; dicoba lagi saat sinyal ada.";
          }
        });
    }).catch(function () {}).then(function () {
      probeSesi = null;
      sedangKirim = false;
      beritahu();
      if (ulangiKirim) return kirimSemua();
      if (ULANG_MS[alasanBerhenti]) jamUlang = setTimeout(kirimSemua, ULANG_MS[alasanBerhenti]);
    });
  }

  function hitung() {
    var lencana = document.querySelectorAll("[data-luring-jumlah]");
    if (!lencana.length || !adaIdb || !pengguna) return;
    belumTerkirim().then(function (sisa) {
      lencana.forEach(function (el) {
        el.textContent = sisa.length ? String(sisa.length) : "";
        el.classList.toggle("d-none", !sisa.length);
      });
    });
  }

  // --- start -------------------------------------------------------------------------------------
  function mulai() {
    if (document.querySelector("[data-luring-bersihkan]")) {
      bersihkan();
      return;
    }
    if (!adaIdb) return;
    if (pengguna) {
      meta("pemilik").then(function (p) {
        if (p && String(p.id) !== pengguna) return bersihkan();  // another user's data: never shown
        hitung();
        return kirimSemua();
      }).catch(function () {});
    }
  }
  // Back online: a session probe started while offline may never settle (it was sent into the
  // void), so it is abandoned and the run starts again at once.
  window.addEventListener("online", function () {
    if (probeSesi) probeSesi.abort();
    kirimSemua();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && alasanBerhenti !== "sesi") kirimSemua();
  });

  if ("serviceWorker" in navigator && URL_SW) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(URL_SW, { scope: "/" }).catch(function () {});
    });
  }

  window.SidampingLuring = {
    db: db, meta: meta, bersihkan: bersihkan, tulisPemilik: tulisPemilik, uuidBaru: uuidBaru, simpanItem: simpanItem, ambilItem: ambilItem,
    hapusItem: hapusItem, semuaItem: semuaItem, kirimSemua: kirimSemua, pengguna: pengguna,
    keterangan: function () { return keteranganKirim; }, sedangKirim: function () { return sedangKirim; },
  };
  mulai();
})();
