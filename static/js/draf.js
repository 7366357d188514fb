// Drafts and single submits for every data-entry form (issue #12 items 2 and 3).
//
// Which forms: every POST form that carries a one-time create token (``token_formulir``) or an
// edit version (``versi``) -- i.e. every form built on tksk/konkurensi.py -- plus forms marked
// ``data-draf``; ``data-draf="tidak"`` opts a form out. Without JavaScript nothing changes.
//
// Drafts: what is typed is kept in localStorage under "sidamping:draf:<user id>:<page>|<form>"
// (the user id comes from <body data-pengguna>), never file inputs, passwords, the CSRF token,
// the one-time token or the version (those always come fresh from the page). A draft is restored
// when the form is opened again (Back, reload, crash, login after an expired session), including
// member rows added with "Tambah anggota" (the add button carries data-tambah-baris="<id of the
// TOTAL_FORMS input>"). A draft of an edit form made on an older version is not applied by itself.
// Leaving with unsaved input asks first (links in the page and beforeunload).
//
// Success: a submit leaves a marker in sessionStorage; the next page tells what happened:
// the login page (session expired: the draft stays, the login brings the user back to the form),
// the same page without a redirect (refused: the draft stays), anything else (the server saved
// and redirected: the draft is removed). Logging out (form with data-draf-keluar) removes all
// drafts of the user.
//
// Single submit: once a form is submitting, further submits are cancelled and the button shows a
// spinner and "Menyimpan…"; it comes back when the page is shown again from the back/forward cache
// or after a while without an answer (a resend is safe: the server keeps creates idempotent).
// A form with chosen files shows an indeterminate progress bar with the total size.
(function () {
  "use strict";

  var AWALAN = "sidamping:draf:";
  var PENANDA = "sidamping:kirim";
  var UMUR_DRAF_MS = 7 * 24 * 3600 * 1000;
  var UMUR_PENANDA_MS = 15 * 60 * 1000;
  var TUNGGU_SIMPAN_MS = 300;
  var LEPAS_TOMBOL_MS = 20000;
  var LEPAS_TOMBOL_BERKAS_MS = 120000;
  var DILEWATI = /^(csrfmiddlewaretoken|(.+-)?token_formulir|(.+-)?versi)$/;
  var TOTAL = /-TOTAL_FORMS$/;
  var PESAN_TINGGALKAN = "Isian di formulir ini belum disimpan ke server. Isian tetap tersimpan sebagai draf di " +
    "perangkat ini dan dipulihkan saat Anda membuka formulir ini lagi. Tinggalkan halaman?";

  var body = document.body;
  var pengguna = (body && body.dataset.pengguna) || "";
  var penyimpan = null;
  try {
    penyimpan = window.localStorage;
    penyimpan.setItem(AWALAN + "uji", "1");
    penyimpan.removeItem(AWALAN + "uji");
  } catch (e) {
    penyimpan = null;
  }
  var sesi = null;
  try { sesi = window.sessionStorage; } catch (e) { sesi = null; }

  var formulir = [];  // {form, kunci, awal, versi, adaDraf, tahan}
  var sedangPergi = false;

  // --- storage helpers -----------------------------------------------------------------------
  function baca(kunci) {
    if (!penyimpan) return null;
    try { return JSON.parse(penyimpan.getItem(kunci) || "null"); } catch (e) { return null; }
  }
  function tulis(kunci, nilai) {
    if (!penyimpan) return;
    try { penyimpan.setItem(kunci, JSON.stringify(nilai)); } catch (e) { /* full: the form still works */ }
  }
  function hapus(kunci) {
    if (penyimpan) penyimpan.removeItem(kunci);
  }
  function semuaKunci(awalan) {
    var hasil = [];
    if (!penyimpan) return hasil;
    for (var i = 0; i < penyimpan.length; i++) {
      var k = penyimpan.key(i);
      if (k && k.indexOf(awalan) === 0) hasil.push(k);
    }
    return hasil;
  }
  function bacaPenanda() {
    if (!sesi) return null;
    try { return JSON.parse(sesi.getItem(PENANDA) || "null"); } catch (e) { return null; }
  }
  function tulisPenanda(p) {
    if (!sesi) return;
    try {
      if (p) sesi.setItem(PENANDA, JSON.stringify(p)); else sesi.removeItem(PENANDA);
    } catch (e) { /* ignore */ }
  }
  function buangDrafLama() {
    var batas = Date.now() - UMUR_DRAF_MS;
    semuaKunci(AWALAN).forEach(function (k) {
      var d = baca(k);
      if (!d || !d.t || d.t < batas) hapus(k);
    });
  }
  function hapusDrafPengguna() {
    if (!pengguna) return;
    semuaKunci(AWALAN + pengguna + ":").forEach(hapus);
  }

  // --- which forms, which fields -------------------------------------------------------------
  function jalur(url) {
    var a = document.createElement("a");
    a.href = url || window.location.href;
    return a.pathname;
  }
  function halamanIni() { return window.location.pathname + window.location.search; }

  function bolehDraf(form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return false;
    if (form.dataset.draf === "tidak") return false;
    if (form.dataset.draf !== undefined) return true;
    return Array.prototype.some.call(form.elements, function (el) {
      return el.name && /(^|-)(token_formulir|versi)$/.test(el.name);
    });
  }

  function ikut(el) {
    if (!el.name || el.disabled && !TOTAL.test(el.name)) return false;
    if (DILEWATI.test(el.name)) return false;
    var tag = el.tagName;
    var jenis = (el.type || "").toLowerCase();
    if (tag === "BUTTON" || tag === "FIELDSET" || tag === "OUTPUT" || tag === "OBJECT") return false;
    if (["file", "password", "submit", "reset", "button", "image"].indexOf(jenis) >= 0) return false;
    if (jenis === "hidden") return TOTAL.test(el.name);
    return true;
  }

  // The form's state as {name: [values]}; ``awal`` reads the values the server rendered.
  function keadaan(form, awal) {
    var hasil = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!ikut(el)) return;
      var daftar = hasil[el.name] || (hasil[el.name] = []);
      var jenis = (el.type || "").toLowerCase();
      if (jenis === "checkbox" || jenis === "radio") {
        if (awal ? el.defaultChecked : el.checked) daftar.push(el.value);
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) {
          if (awal ? o.defaultSelected : o.selected) daftar.push(o.value);
        });
        if (awal && !el.multiple && !daftar.length && el.options.length) daftar.push(el.options[0].value);
      } else {
        daftar.push(awal && jenis !== "hidden" ? el.defaultValue : el.value);
      }
    });
    return hasil;
  }
  function sama(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function versiDari(form) {
    var el = Array.prototype.find.call(form.elements, function (e) { return e.name && /(^|-)versi$/.test(e.name); });
    return el ? el.value : "";
  }

  // Browsers may bring back a stale TOTAL_FORMS on Back; make it match the rows actually rendered.
  function cocokkanTotal(form) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !TOTAL.test(el.name)) return;
      var awalan = el.name.replace(TOTAL, "");
      var pola = new RegExp("^" + awalan.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+)-");
      var n = 0;
      Array.prototype.forEach.call(form.elements, function (e) {
        var m = e.name && pola.exec(e.name);
        if (m) n = Math.max(n, parseInt(m[1], 10) + 1);
      });
      el.value = String(n);
    });
  }

  // --- restoring -----------------------------------------------------------------------------
  function tambahBaris(form, nilai) {
    Object.keys(nilai).forEach(function (nama) {
      if (!TOTAL.test(nama)) return;
      var total = form.elements.namedItem(nama);
      if (!total || !total.id) return;
      var tombol = document.querySelector('[data-tambah-baris="' + total.id + '"]');
      var ingin = parseInt(nilai[nama][0], 10);
      var aman = 0;
      while (tombol && parseInt(total.value, 10) < ingin && aman++ < 200) tombol.click();
    });
  }

  function pasang(form, nilai) {
    var fokus = document.activeElement;
    var gulir = window.scrollY;
    tambahBaris(form, nilai);
    var urutan = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!ikut(el) || TOTAL.test(el.name) || !Object.prototype.hasOwnProperty.call(nilai, el.name)) return;
      var daftar = nilai[el.name] || [];
      var jenis = (el.type || "").toLowerCase();
      var berubah = false;
      if (jenis === "checkbox" || jenis === "radio") {
        var c = daftar.indexOf(el.value) >= 0;
        berubah = c !== el.checked;
        el.checked = c;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) {
          var s = daftar.indexOf(o.value) >= 0;
          if (s !== o.selected) berubah = true;
          o.selected = s;
        });
      } else {
        var i = urutan[el.name] = (urutan[el.name] || 0);
        urutan[el.name] += 1;
        if (i < daftar.length && el.value !== daftar[i]) {
          el.value = daftar[i];
          berubah = true;
        }
      }
      if (berubah) {
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    form.dispatchEvent(new CustomEvent("draf:dipulihkan", { bubbles: true }));
    if (fokus && fokus !== document.activeElement && fokus.focus) fokus.focus();
    else if (document.activeElement && document.activeElement !== body) document.activeElement.blur();
    window.scrollTo(0, gulir);
  }

  function waktu(t) {
    try {
      return new Date(t).toLocaleString("id-ID", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      return "";
    }
  }

  function kotak(kelas, testid) {
    var el = document.createElement("div");
    el.className = "alert " + kelas + " small d-flex flex-wrap align-items-center gap-2";
    el.setAttribute("role", "status");
    el.dataset.testid = testid;
    return el;
  }
  function tombolKecil(teks, kelas, testid) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + kelas;
    b.textContent = teks;
    b.dataset.testid = testid;
    return b;
  }

  function buang(f) {
    formulir = formulir.filter(function (x) { return x !== f; });  // pagehide must not write it again
    hapus(f.kunci);
    f.adaDraf = false;
    f.tahan = false;
    sedangPergi = true;
    window.location.replace(window.location.href);
  }

  function beritahuPulih(f, draf, sesiHabis) {
    var k = kotak(sesiHabis ? "alert-warning" : "alert-info", "draf-dipulihkan");
    var teks = document.createElement("span");
    teks.className = "flex-grow-1";
    teks.textContent = sesiHabis
      ? "Sesi Anda tadi berakhir sebelum data tersimpan. Isian Anda sudah dipulihkan dari perangkat ini: " +
        "periksa, lalu tekan Simpan."
      : "Draf isian yang belum disimpan (" + waktu(draf.t) + ") dipulihkan dari perangkat ini.";
    k.appendChild(teks);
    var b = tombolKecil("Buang draf", "btn-outline-secondary", "buang-draf");
    b.addEventListener("click", function () { buang(f); });
    k.appendChild(b);
    f.form.parentNode.insertBefore(k, f.form);
  }

  function tawarkanDrafLama(f, draf) {
    var k = kotak("alert-warning", "draf-versi-lama");
    var teks = document.createElement("span");
    teks.className = "flex-grow-1";
    teks.textContent = "Ada draf isian Anda (" + waktu(draf.t) + "), tetapi data ini sudah diubah sejak draf itu " +
      "dibuat. Draf tidak dipasang otomatis agar perubahan terbaru tidak tertimpa.";
    k.appendChild(teks);
    var pakai = tombolKecil("Pasang draf saya", "btn-warning", "pasang-draf");
    pakai.addEventListener("click", function () {
      k.remove();
      pasang(f.form, draf.nilai);
      f.adaDraf = true;
      simpan(f);
    });
    var b = tombolKecil("Buang draf", "btn-outline-secondary", "buang-draf");
    b.addEventListener("click", function () { buang(f); });
    k.appendChild(pakai);
    k.appendChild(b);
    f.form.parentNode.insertBefore(k, f.form);
  }

  function catatanPerangkat(form) {
    var p = document.createElement("p");
    p.className = "small text-muted mt-2 mb-0";
    p.dataset.testid = "catatan-draf";
    p.textContent = "Isian disimpan sementara sebagai draf di perangkat ini saja sampai tersimpan ke server, " +
      "dan dihapus saat Anda keluar.";
    form.appendChild(p);
  }

  // --- saving drafts -------------------------------------------------------------------------
  function simpan(f) {
    if (!pengguna || !penyimpan) return;
    var nilai = keadaan(f.form, false);
    if (sama(nilai, f.awal) && !f.tahan) {
      hapus(f.kunci);
      f.adaDraf = false;
      return;
    }
    tulis(f.kunci, { v: 1, t: Date.now(), versi: f.versi, nilai: nilai });
    f.adaDraf = true;
  }
  function simpanSemua() { formulir.forEach(simpan); }
  function adaYangBelumDisimpan() { return formulir.some(function (f) { return f.adaDraf; }); }

  var jadwal = null;
  function simpanNanti() {
    if (jadwal) window.clearTimeout(jadwal);
    jadwal = window.setTimeout(function () { jadwal = null; simpanSemua(); }, TUNGGU_SIMPAN_MS);
  }

  // --- single submit and upload progress -----------------------------------------------------
  function ukuran(byte) {
    if (byte >= 1024 * 1024) return (byte / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
    return Math.max(1, Math.round(byte / 1024)) + " KB";
  }

  function tombolKirim(form, submitter) {
    if (submitter) return [submitter];
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.type || "").toLowerCase() === "submit";
    });
  }

  function kunciTombol(form, submitter) {
    var daftar = tombolKirim(form, submitter);
    daftar.forEach(function (b) {
      if (b.dataset.drafAsli === undefined) b.dataset.drafAsli = b.tagName === "INPUT" ? b.value : b.innerHTML;
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
      if (b.tagName === "INPUT") {
        b.value = "Menyimpan…";
      } else {
        b.textContent = "";
        var s = document.createElement("span");
        s.className = "spinner-border spinner-border-sm me-1";
        s.setAttribute("aria-hidden", "true");
        b.appendChild(s);
        b.appendChild(document.createTextNode("Menyimpan…"));
      }
    });
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
  }

  function lepasTombol(form) {
    delete form.dataset.drafMengirim;
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) {
      if (b.dataset.drafAsli !== undefined) {
        if (b.tagName === "INPUT") b.value = b.dataset.drafAsli; else b.innerHTML = b.dataset.drafAsli;
        delete b.dataset.drafAsli;
        b.removeAttribute("aria-busy");
      }
      if (b.type === "submit") b.disabled = false;
    });
    var bar = form.querySelector("[data-testid=progres-unggah]");
    if (bar) bar.remove();
  }

  function tampilkanUnggah(form) {
    var total = 0;
    var jumlah = 0;
    Array.prototype.forEach.call(form.elements, function (el) {
      if ((el.type || "").toLowerCase() !== "file" || !el.files || el.disabled) return;
      Array.prototype.forEach.call(el.files, function (berkas) { total += berkas.size; jumlah += 1; });
    });
    if (!jumlah) return false;
    var wadah = document.createElement("div");
    wadah.className = "mt-2";
    wadah.dataset.testid = "progres-unggah";
    wadah.setAttribute("role", "status");
    var teks = document.createElement("div");
    teks.className = "small mb-1";
    teks.textContent = "Mengunggah " + jumlah + " berkas (" + ukuran(total) + ")… Jangan tutup halaman ini.";
    var luar = document.createElement("div");
    luar.className = "progress";
    luar.setAttribute("aria-label", "Mengunggah berkas");
    var dalam = document.createElement("div");
    dalam.className = "progress-bar progress-bar-striped progress-bar-animated w-100";
    luar.appendChild(dalam);
    wadah.appendChild(teks);
    wadah.appendChild(luar);
    form.appendChild(wadah);
    return true;
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.drafKeluar !== undefined) {
      var jumlah = pengguna ? semuaKunci(AWALAN + pengguna + ":").length : 0;
      if (jumlah && adaYangBelumDisimpan() && !window.confirm(
        "Ada isian yang belum disimpan ke server. Saat keluar, semua draf Anda di perangkat ini dihapus. Tetap keluar?")) {
        ev.preventDefault();
        return;
      }
      formulir = [];  // pagehide must not write this page's draft again
      if (jadwal) window.clearTimeout(jadwal);
      hapusDrafPengguna();
      sedangPergi = true;
      return;
    }
    if (ev.defaultPrevented || (form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.dataset.drafMengirim) {  // a second tap, an Enter pressed again: one request only
      ev.preventDefault();
      return;
    }
    form.dataset.drafMengirim = "1";
    sedangPergi = true;
    var f = formulir.find(function (x) { return x.form === form; });
    if (f) {
      simpan(f);
      tulisPenanda({ kunci: f.kunci, halaman: window.location.pathname, asal: halamanIni(),
        aksi: jalur(form.action), t: Date.now() });
    }
    var berkas = tampilkanUnggah(form);
    var submitter = ev.submitter;
    // Disabled buttons are left out of the submitted data: disable once the browser has it.
    window.setTimeout(function () { kunciTombol(form, submitter); }, 0);
    window.setTimeout(function () {
      if (form.dataset.drafMengirim) { lepasTombol(form); sedangPergi = false; }
    }, berkas ? LEPAS_TOMBOL_BERKAS_MS : LEPAS_TOMBOL_MS);
  });

  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    sedangPergi = false;
    document.querySelectorAll("form[data-draf-mengirim]").forEach(lepasTombol);
  });

  // --- leaving with unsaved input ------------------------------------------------------------
  window.addEventListener("beforeunload", function (ev) {
    simpanSemua();
    if (sedangPergi || !adaYangBelumDisimpan()) return;
    ev.preventDefault();
    ev.returnValue = "";
  });
  window.addEventListener("pagehide", simpanSemua);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") simpanSemua();
  });

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    if (a.target && a.target !== "_self") return;
    if (a.hasAttribute("download") || a.dataset.bsToggle) return;
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#" || /^javascript:/i.test(href)) return;
    simpanSemua();
    if (!adaYangBelumDisimpan()) return;
    if (window.confirm(PESAN_TINGGALKAN)) {
      sedangPergi = true;
    } else {
      ev.preventDefault();
    }
  });

  // --- what the previous submit led to -------------------------------------------------------
  function halamanLogin() {
    return document.querySelector("form[data-draf-login]");
  }

  function periksaPenanda() {
    var p = bacaPenanda();
    if (!p) return null;
    if (!p.t || Date.now() - p.t > UMUR_PENANDA_MS) { tulisPenanda(null); return null; }
    var nav = (window.performance && performance.getEntriesByType) ? performance.getEntriesByType("navigation")[0] : null;
    if (nav && nav.type !== "navigate") return null;  // a reload or Back: not the answer to the submit
    var login = halamanLogin();
    if (login) {
      // The session had expired: the draft stays; after the login the user comes back to the form.
      p.sesiHabis = true;
      tulisPenanda(p);
      var next = login.querySelector("input[name=next]");
      if (next && p.asal && (jalur(next.value) === p.aksi || jalur(next.value) === p.halaman || !next.value)) {
        next.value = p.asal;
      }
      var k = kotak("alert-warning", "sesi-berakhir");
      k.textContent = "Sesi Anda sudah berakhir, jadi data belum tersimpan. Isian Anda tetap tersimpan di perangkat " +
        "ini: masuk lagi, lalu tekan Simpan di formulir yang akan terbuka.";
      login.parentNode.insertBefore(k, login);
      return null;
    }
    tulisPenanda(null);
    var dialihkan = nav ? nav.redirectCount > 0 : window.location.pathname !== p.halaman;
    var di = window.location.pathname;
    if (p.sesiHabis) return { kunci: p.kunci, sesiHabis: true };  // back on the form after logging in
    if (!dialihkan && (di === p.halaman || di === p.aksi)) return { kunci: p.kunci, ditolak: true };
    hapus(p.kunci);  // saved: the server answered with a redirect to the next page
    return null;
  }

  // --- start ---------------------------------------------------------------------------------
  function mulai() {
    buangDrafLama();
    var hasil = periksaPenanda();
    if (!pengguna) return;
    var dipakai = {};
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (!bolehDraf(form)) return;
      var id = form.id || form.dataset.testid || jalur(form.getAttribute("action") || window.location.href);
      dipakai[id] = (dipakai[id] || 0) + 1;
      var kunci = AWALAN + pengguna + ":" + halamanIni() + "|" + id + "#" + dipakai[id];
      cocokkanTotal(form);
      var f = { form: form, kunci: kunci, awal: keadaan(form, true), versi: versiDari(form), adaDraf: false, tahan: false };
      formulir.push(f);
      catatanPerangkat(form);
      var draf = baca(kunci);
      var lanjut = hasil && hasil.kunci === kunci ? hasil : null;
      if (lanjut && lanjut.ditolak) {
        // The server refused and shows the form with what was sent: that is still unsaved.
        f.tahan = true;
        simpan(f);
      } else if (draf && draf.nilai) {
        if (sama(draf.nilai, f.awal)) {
          hapus(kunci);
        } else if ((draf.versi || "") !== f.versi) {
          tawarkanDrafLama(f, draf);
        } else {
          pasang(form, draf.nilai);
          f.adaDraf = true;
          beritahuPulih(f, draf, !!(lanjut && lanjut.sesiHabis));
        }
      }
      form.addEventListener("input", simpanNanti);
      form.addEventListener("change", simpanNanti);
      form.addEventListener("click", simpanNanti);  // add / remove row buttons change no field
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
