// The offline pages under /luring/ (templates/pmks/luring/): the hub (download, what is stored,
// households to pick), the visit and household forms (filled from IndexedDB, saved to the outbox),
// the outbox with each item's state, and the conflict screen. The storage and the sync are
// static/js/luring.js (window.SidampingLuring). No field rule lives here: the forms are the
// server's own form classes rendered as they are, and the server validates every item on sync.
(function () {
  "use strict";

  var skrip = document.currentScript;
  var U = skrip ? skrip.dataset : {};
  var L = null;
  var qs = new URLSearchParams(window.location.search);

  function el(tag, kelas, teks) {
    var e = document.createElement(tag);
    if (kelas) e.className = kelas;
    if (teks !== undefined && teks !== null) e.textContent = teks;
    return e;
  }
  function $(sel, akar) { return (akar || document).querySelector(sel); }
  function tanggalTeks(iso) {
    if (!iso) return "";
    try {
      return new Date(iso).toLocaleString("id-ID", { dateStyle: "medium", timeStyle: "short" });
    } catch (e) { return iso; }
  }
  function galatUmum(teks) {
    var kotak = $("[data-galat-umum]");
    if (!kotak) return;
    kotak.textContent = teks || "";
    kotak.classList.toggle("d-none", !teks);
  }
  function statusSambungan() {
    var s = $("[data-status-sambungan]");
    if (!s) return;
    var daring = navigator.onLine !== false;
    s.textContent = daring ? "Tersambung: kotak keluar terkirim otomatis." :
      "Tidak tersambung: isian disimpan di perangkat ini dan terkirim saat ada sinyal.";
    s.className = "small mb-2 " + (daring ? "text-success" : "text-warning-emphasis fw-semibold");
  }
  function judulKeluarga(k) {
    return k.kepala + " \u2014 " + k.alamat + (k.rt ? ", RT " + k.rt : "") + (k.rw ? "/RW " + k.rw : "") +
      ", Kel. " + k.kelurahan + " (KK " + k.kk + ")";
  }
  function ambilKeluarga(id) {
    return L.db().then(function (d) { return d.get("keluarga", Number(id)); });
  }

  // --- forms: fill from pairs, read to pairs, show errors ----------------------------------------
  function isiForm(form, pasangan) {
    var nilai = {};
    pasangan.forEach(function (p) { (nilai[p[0]] = nilai[p[0]] || []).push(p[1]); });
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || !(e.name in nilai) || e.type === "file") return;
      var v = nilai[e.name];
      if (e.type === "checkbox" || e.type === "radio") e.checked = v.indexOf(e.value) >= 0;
      else if (e.tagName === "SELECT" && e.multiple) {
        Array.prototype.forEach.call(e.options, function (o) { o.selected = v.indexOf(o.value) >= 0; });
      } else e.value = v[0];
    });
  }
  function bacaForm(form) {
    var pasangan = [];
    var berkas = [];
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || e.disabled || e.name === "csrfmiddlewaretoken") return;
      var jenis = (e.type || "").toLowerCase();
      if (["submit", "button", "reset"].indexOf(jenis) >= 0) return;
      if (jenis === "file") {
        Array.prototype.forEach.call(e.files || [], function (f) {
          berkas.push({ kolom: e.name, blob: f, nama: f.name || "foto.jpg", ukuran: f.size });
        });
      } else if (jenis === "checkbox" || jenis === "radio") {
        if (e.checked) pasangan.push([e.name, e.value]);
      } else if (e.tagName === "SELECT" && e.multiple) {
        Array.prototype.forEach.call(e.selectedOptions, function (o) { pasangan.push([e.name, o.value]); });
      } else pasangan.push([e.name, e.value]);
    });
    return { isian: pasangan, berkas: berkas };
  }
  function tampilkanGalat(form, galat) {
    if (!galat) return;
    var umum = [];
    Object.keys(galat).forEach(function (nama) {
      var pesan = galat[nama].join(" ");
      var sasaran = nama === "__all__" ? null : form.querySelector("[name='" + nama + "']");
      if (!sasaran) {
        umum.push(pesan);
        return;
      }
      sasaran.classList.add("is-invalid");
      var d = el("div", "invalid-feedback d-block", pesan);
      d.dataset.testid = "galat-kolom";
      var wadah = sasaran.closest(".mb-3") || sasaran.parentElement;
      wadah.appendChild(d);
      for (var n = sasaran.parentElement; n && n !== form; n = n.parentElement) n.classList.remove("d-none");
    });
    if (umum.length) galatUmum(umum.join(" "));
    else galatUmum("Server menolak isian ini. Perbaiki kolom yang ditandai merah, lalu simpan lagi.");
  }
  function pasangBerkas(form, berkas) {
    if (!berkas || !berkas.length || typeof DataTransfer !== "function") return;
    var perKolom = {};
    berkas.forEach(function (b) { (perKolom[b.kolom] = perKolom[b.kolom] || []).push(b); });
    Object.keys(perKolom).forEach(function (kolom) {
      var input = form.querySelector("input[type=file][name='" + kolom + "']");
      if (!input) return;
      var dt = new DataTransfer();
      perKolom[kolom].forEach(function (b) { dt.items.add(new File([b.blob], b.nama, { type: b.blob.type })); });
      input.files = dt.files;
    });
  }
  function barisAnggota(form, jumlah) {
    var daftar = $("#daftar-anggota");
    var total = form.querySelector("[name='anggota-TOTAL_FORMS']");
    var tombol = $("#tambah-anggota");
    if (!daftar || !total || !tombol) return;
    daftar.textContent = "";
    total.value = "0";
    for (var i = 0; i < jumlah; i++) tombol.click();
  }

  function simpanDariForm(form, item, ke) {
    var isi = bacaForm(form);
    item.isian = isi.isian;
    item.berkas = isi.berkas;
    item.status = "menunggu";
    item.pesan = "Menunggu sinyal untuk dikirim.";
    item.galat = null;
    item.pengguna = L.pengguna;
    return L.simpanItem(item).then(function () {
      if (navigator.onLine !== false) return L.kirimSemua();
    }).then(function () { window.location.href = ke || U.kotakKeluar; });
  }

  // --- hub -------------------------------------------------------------------------------------------
  function halamanBeranda() {
    var cadangan = $("[data-luring-cadangan]");
    if (cadangan && window.location.pathname !== U.beranda) cadangan.classList.remove("d-none");
    var ringkas = $("[data-ringkas-unduhan]");
    var daftar = $("[data-daftar-keluarga]");
    var cari = $("[data-cari-keluarga]");
    var semua = [];

    function tulisDaftar() {
      var kata = (cari.value || "").trim().toLowerCase();
      var cocok = semua.filter(function (k) {
        return !kata || (k.kepala + " " + k.alamat + " rt " + k.rt + " " + k.kelurahan).toLowerCase().indexOf(kata) >= 0;
      }).slice(0, 50);
      daftar.textContent = "";
      if (!semua.length) {
        daftar.appendChild(el("p", "text-muted small", "Unduh dulu saat ada sinyal untuk memilih keluarga tanpa sinyal."));
        return;
      }
      cocok.forEach(function (k) {
        var kartu = el("div", "card mb-2");
        kartu.dataset.testid = "keluarga-luring-baris";
        var isi = el("div", "card-body py-2");
        isi.appendChild(el("div", "fw-semibold", k.kepala));
        isi.appendChild(el("div", "small text-muted", judulKeluarga(k).split(" \u2014 ")[1]));
        var aksi = el("div", "d-flex gap-2 mt-2");
        var a1 = el("a", "btn btn-sm btn-success", "Catat kunjungan");
        a1.href = U.kunjungan + "?keluarga=" + k.id;
        var a2 = el("a", "btn btn-sm btn-outline-primary", "Ubah data");
        a2.href = U.keluargaUbah + "?keluarga=" + k.id;
        aksi.appendChild(a1);
        aksi.appendChild(a2);
        isi.appendChild(aksi);
        kartu.appendChild(isi);
        daftar.appendChild(kartu);
      });
    }
    function muat() {
      return Promise.all([L.meta("unduhan"), L.db().then(function (d) { return d.getAll("keluarga"); })])
        .then(function (h) {
          var m = h[0];
          semua = h[1] || [];
          ringkas.textContent = m ? semua.length + " keluarga dari " + m.kecamatan + ", diunduh " +
            tanggalTeks(m.diunduh_pada) + "." : "Belum ada data keluarga yang diunduh ke perangkat ini.";
          tulisDaftar();
        }).catch(function () { ringkas.textContent = "Peramban ini tidak dapat menyimpan data luring."; });
    }
    cari.addEventListener("input", tulisDaftar);
    // The download comes in pages (keyset on the household id, pmks/luring/selectors.py). Each page
    // is written with the progress ("unduhan_proses": token, cursor, counts) in ONE transaction, so a
    // lost signal resumes at the next page: by the button, or by itself when the signal returns.
    // Households already on the device stay usable meanwhile; when the last page is in, those this
    // download did not bring (moved, inactive) are removed and the download's summary is written.
    var pesanUnduh = $("[data-pesan-unduh]");
    var mengunduh = false;
    function ambilHalaman(kursor) {
      var url = U.unduh + (kursor !== null && kursor !== undefined ? "?setelah=" + encodeURIComponent(kursor) : "");
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
        if (r.redirected) throw new Error("Sesi Anda berakhir. Masuk lagi, lalu tekan Unduh untuk melanjutkan.");
        return r.json().then(function (j) {
          if (!r.ok) { var e = new Error(j.pesan || "Gagal mengunduh."); e.ditolak = true; throw e; }
          return j;
        });
      });
    }
    function tulisHalaman(proses, j) {
      return L.db().then(function (d) {
        var tx = d.transaction(["keluarga", "meta"], "readwrite");
        var toko = tx.objectStore("keluarga");
        j.keluarga.forEach(function (k) { k.unduhan = proses.token; toko.put(k); });
        proses.kursor = j.berikutnya;
        proses.diterima += j.keluarga.length;
        proses.halaman += 1;
        var m = tx.objectStore("meta");
        m.put({ id: j.pengguna, username: j.username || "" }, "pemilik");
        if (j.berikutnya === null || j.berikutnya === undefined) {
          var sapu = function (c) {
            if (!c) return null;
            if (c.value.unduhan !== proses.token) c.delete();
            return c.continue().then(sapu);
          };
          toko.openCursor().then(sapu);
          m.put({ kecamatan: proses.meta.kecamatan, diunduh_pada: proses.meta.diunduh_pada, isi: proses.meta.isi,
            label: proses.meta.label, pilihan: proses.meta.pilihan, jumlah: proses.diterima }, "unduhan");
          m.delete("unduhan_proses");
        } else {
          m.put(proses, "unduhan_proses");
        }
        return tx.done;
      });
    }
    function unduh() {
      if (mengunduh) return Promise.resolve();
      mengunduh = true;
      var proses = null;
      return L.meta("unduhan_proses").then(function (p) {
        proses = p && String(p.pengguna) === L.pengguna ? p : null;
        function langkah() {
          pesanUnduh.textContent = "Mengunduh\u2026 " + (proses ? proses.diterima + " dari " + proses.meta.jumlah +
            " keluarga" : "");
          return ambilHalaman(proses ? proses.kursor : null).then(function (j) {
            if (!proses) {  // the first page: labels, choices and the total come with it
              proses = { token: j.diunduh_pada, pengguna: String(j.pengguna), kursor: null, diterima: 0, halaman: 0,
                meta: { kecamatan: j.kecamatan, diunduh_pada: j.diunduh_pada, isi: j.isi, label: j.label,
                  pilihan: j.pilihan, jumlah: j.jumlah } };
            }
            return tulisHalaman(proses, j).then(function () {
              if (proses.kursor === null || proses.kursor === undefined) return proses;
              return langkah();
            });
          });
        }
        return langkah();
      }).then(function (selesai) {
        return L.meta("pemilik").then(function (p) { L.tulisPemilik((p && p.username) || ""); }).then(function () {
          // Put the offline pages in the service worker's cache now, while there is a connection.
          var halaman = [U.beranda, U.kotakKeluar, U.kunjungan, U.keluargaBaru, U.keluargaUbah, U.konflik];
          return Promise.all(halaman.map(function (h) {
            return fetch(h, { credentials: "same-origin" }).catch(function () {});
          }));
        }).then(function () {
          pesanUnduh.textContent = selesai.diterima + " keluarga tersimpan di perangkat ini. Halaman luring siap " +
            "dipakai tanpa sinyal.";
          return muat();
        });
      }).catch(function (e) {
        if (e && e.ditolak) {
          pesanUnduh.textContent = e.message;
          return L.db().then(function (d) { return d.delete("meta", "unduhan_proses"); }).catch(function () {});
        }
        var sudah = proses ? proses.diterima + " dari " + proses.meta.jumlah + " keluarga sudah tersimpan; " : "";
        pesanUnduh.textContent = (e && e.message && e.message.indexOf("Sesi") === 0) ? e.message :
          "Sinyal terputus. " + sudah + "unduhan dilanjutkan sendiri saat sinyal kembali (atau tekan Unduh).";
        window.addEventListener("online", function () { unduh(); }, { once: true });
        return muat();
      }).then(function () { mengunduh = false; }, function () { mengunduh = false; });
    }
    $("[data-tombol-unduh]").addEventListener("click", function () { unduh(); });
    L.meta("unduhan_proses").then(function (p) {
      if (!p || String(p.pengguna) !== L.pengguna) return;
      pesanUnduh.textContent = "Unduhan belum selesai: " + p.diterima + " dari " + p.meta.jumlah +
        " keluarga. Tekan Unduh untuk melanjutkan.";
      if (navigator.onLine !== false) unduh();
    }).catch(function () {});
    muat();
  }

  // --- visit -------------------------------------------------------------------------------------------
  function halamanKunjungan() {
    var form = $("[data-luring-form=kunjungan]");
    var judul = $("[data-keluarga-judul]");
    var uuid = qs.get("item");
    var awal = uuid ? L.ambilItem(uuid) : Promise.resolve(null);
    awal.then(function (item) {
      var id = item ? item.keluarga_id : qs.get("keluarga");
      return ambilKeluarga(id).then(function (k) {
        if (!k && !item) {
          galatUmum("Keluarga ini belum diunduh ke perangkat. Buka Kerja luring lalu unduh saat ada sinyal.");
          form.querySelector("[type=submit]").disabled = true;
          return;
        }
        var teks = k ? judulKeluarga(k) : item.judul_keluarga;
        judul.textContent = "Untuk: " + teks;
        if (item) {
          isiForm(form, item.isian || []);
          pasangBerkas(form, item.berkas);
          tampilkanGalat(form, item.galat);
        }
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          var baru = item || { uuid: L.uuidBaru(), jenis: "kunjungan", keluarga_id: k.id,
            url: U.kirimKunjungan.replace("/0/", "/" + k.id + "/") };
          baru.judul = "Kunjungan: " + (k ? k.kepala : item.judul_keluarga);
          baru.judul_keluarga = teks;
          simpanDariForm(form, baru);
        });
      });
    });
  }

  // --- household: new / edit -----------------------------------------------------------------------
  function halamanKeluarga(baru) {
    var form = $("[data-luring-form]");
    var judul = $("[data-keluarga-judul]");
    var uuid = qs.get("item");
    (uuid ? L.ambilItem(uuid) : Promise.resolve(null)).then(function (item) {
      var id = item ? item.keluarga_id : qs.get("keluarga");
      return (baru ? Promise.resolve(null) : ambilKeluarga(id)).then(function (k) {
        if (!baru && !k && !item) {
          galatUmum("Keluarga ini belum diunduh ke perangkat. Buka Kerja luring lalu unduh saat ada sinyal.");
          form.querySelector("[type=submit]").disabled = true;
          return;
        }
        var pasangan = item ? item.isian : (k ? Object.keys(k.isian).map(function (n) { return [n, k.isian[n]]; }) : null);
        if (pasangan) {
          var total = pasangan.filter(function (p) { return p[0] === "anggota-TOTAL_FORMS"; })[0];
          barisAnggota(form, total ? parseInt(total[1], 10) || 0 : 0);
          isiForm(form, pasangan);
          // existing members are never removed (their status changes online): no "Hapus baris"
          form.querySelectorAll(".baris-anggota").forEach(function (b) {
            var id = b.querySelector("[name$='-id']");
            var tombolHapus = b.querySelector(".hapus-baris");
            if (id && id.value && tombolHapus) tombolHapus.remove();
          });
          tampilkanGalat(form, item && item.galat);
        }
        if (!baru) judul.textContent = "Keluarga: " + (k ? judulKeluarga(k) : item.judul_keluarga);
        form.addEventListener("submit", function (ev) {
          ev.preventDefault();
          var namaPertama = form.querySelector("[name$='-nama']");
          var nama = namaPertama && namaPertama.value ? namaPertama.value : "(tanpa nama)";
          var it = item || (baru ? { uuid: L.uuidBaru(), jenis: "keluarga_baru", url: U.kirimKeluargaBaru } : {
            uuid: L.uuidBaru(), jenis: "keluarga_ubah", keluarga_id: k.id, versi: k.versi, dasar: k.isian,
            url: U.kirimKeluargaUbah.replace("/0/", "/" + k.id + "/"),
          });
          it.judul = baru ? "Keluarga baru: " + nama + " (" + (form.elements.alamat || {}).value + ")" :
            "Ubah keluarga: " + (k ? k.kepala : item.judul_keluarga);
          it.judul_keluarga = k ? judulKeluarga(k) : (it.judul_keluarga || "");
          simpanDariForm(form, it);
        });
      });
    });
  }

  // --- outbox --------------------------------------------------------------------------------------------
  var LABEL_STATUS = { menunggu: "Menunggu", terkirim: "Terkirim", gagal: "Gagal" };
  var WARNA_STATUS = { menunggu: "text-bg-warning", terkirim: "text-bg-success", gagal: "text-bg-danger" };
  function halamanKotak() {
    var daftar = $("[data-daftar-kotak]");
    function halamanUbah(item) {
      if (item.konflik) return U.konflik + "?item=" + item.uuid;
      var ke = { kunjungan: U.kunjungan, keluarga_baru: U.keluargaBaru, keluarga_ubah: U.keluargaUbah }[item.jenis];
      return ke + "?item=" + item.uuid;
    }
    function tulis() {
      Promise.all([L.semuaItem(), L.meta("unduhan")]).then(function (h) {
        var semua = h[0];
        var label = (h[1] && h[1].label) || {};
        daftar.textContent = "";
        if (!semua.length) daftar.appendChild(el("p", "text-muted", "Kotak keluar kosong."));
        semua.forEach(function (item) {
          var kartu = el("div", "card mb-2");
          kartu.dataset.testid = "item-kotak";
          kartu.dataset.status = item.status;
          kartu.dataset.jenis = item.jenis;
          var isi = el("div", "card-body py-2");
          var atas = el("div", "d-flex justify-content-between gap-2");
          atas.appendChild(el("span", "fw-semibold", item.judul || item.jenis));
          var lencana = el("span", "badge " + (WARNA_STATUS[item.status] || "text-bg-secondary"),
            LABEL_STATUS[item.status] || item.status);
          lencana.dataset.testid = "status-item";
          atas.appendChild(lencana);
          isi.appendChild(atas);
          isi.appendChild(el("div", "small text-muted", "Dicatat " + tanggalTeks(item.dibuat_pada) +
            (item.berkas && item.berkas.length ? " \u00b7 " + item.berkas.length + " foto" : "")));
          if (item.pesan) {
            var p = el("div", "small mt-1" + (item.status === "gagal" ? " text-danger" : ""), item.pesan);
            p.dataset.testid = "alasan-item";
            isi.appendChild(p);
          }
          if (item.galat) {
            var ul = el("ul", "small text-danger mb-1");
            Object.keys(item.galat).forEach(function (k) {
              var dasar = k.replace(/^anggota-(\d+)-/, function (_, i) { return "anggota."; });
              var m = k.match(/^anggota-(\d+)-/);
              var nama = k === "__all__" ? "" : (label[dasar] || label[k] || k) + (m ? " (anggota " + (Number(m[1]) + 1) + ")" : "") + ": ";
              ul.appendChild(el("li", "", nama + item.galat[k].join(" ")));
            });
            isi.appendChild(ul);
          }
          var aksi = el("div", "d-flex flex-wrap gap-2 mt-2");
          if (item.status === "terkirim" && item.url_hasil) {
            var lihat = el("a", "btn btn-sm btn-outline-success", "Lihat di server");
            lihat.href = item.url_hasil;
            aksi.appendChild(lihat);
          }
          if (item.status === "gagal") {
            var perbaiki = el("a", "btn btn-sm btn-primary", item.konflik ? "Bandingkan dan pilih" : "Perbaiki");
            perbaiki.href = halamanUbah(item);
            perbaiki.dataset.testid = item.konflik ? "buka-konflik" : "perbaiki-item";
            aksi.appendChild(perbaiki);
          }
          if (item.status !== "terkirim") {
            var hapus = el("button", "btn btn-sm btn-outline-danger", "Hapus");
            hapus.type = "button";
            hapus.addEventListener("click", function () {
              if (window.confirm("Hapus isian ini dari kotak keluar? Isian yang belum terkirim akan hilang.")) {
                L.hapusItem(item.uuid);
              }
            });
            aksi.appendChild(hapus);
          }
          isi.appendChild(aksi);
          kartu.appendChild(isi);
          daftar.appendChild(kartu);
        });
      });
    }
    $("[data-tombol-kirim]").addEventListener("click", function () {
      L.kirimSemua().then(function () {
        var k = L.keterangan();
        if (k) $("[data-status-sambungan]").textContent = k;
      });
    });
    $("[data-tombol-bersih-terkirim]").addEventListener("click", function () {
      L.semuaItem().then(function (s) {
        return Promise.all(s.filter(function (i) { return i.status === "terkirim"; })
          .map(function (i) { return L.hapusItem(i.uuid); }));
      });
    });
    document.addEventListener("luring:berubah", tulis);
    tulis();
  }

  // --- conflict --------------------------------------------------------------------------------------------
  var KOLOM_ANGGOTA = ["nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "hubungan",
    "status_perkawinan", "pendidikan", "pekerjaan", "disabilitas", "alasan_konfirmasi_nik"];
  function keObjek(pasangan) {
    var o = {};
    (pasangan || []).forEach(function (p) { o[p[0]] = p[1]; });
    return o;
  }
  function anggotaMenurutId(o) {
    var hasil = {};
    var baruList = [];
    var n = parseInt(o["anggota-TOTAL_FORMS"] || "0", 10);
    for (var i = 0; i < n; i++) {
      if (o["anggota-" + i + "-DELETE"]) continue;
      var id = o["anggota-" + i + "-id"];
      var baris = {};
      KOLOM_ANGGOTA.forEach(function (k) { baris[k] = o["anggota-" + i + "-" + k] || ""; });
      if (id) hasil[id] = { indeks: i, nilai: baris };
      else if (baris.nik || baris.nama) baruList.push(baris);
    }
    return { ada: hasil, baru: baruList };
  }

  function halamanKonflik() {
    var form = $("[data-luring-form=konflik]");
    var wadah = $("[data-daftar-konflik]");
    var uuid = qs.get("item");
    Promise.all([L.ambilItem(uuid), L.meta("unduhan")]).then(function (h) {
      var item = h[0];
      var m = h[1] || {};
      var label = m.label || {};
      var pilihan = m.pilihan || {};
      if (!item || !item.konflik) {
        galatUmum("Tidak ada perbedaan yang perlu dipilih untuk isian ini.");
        form.querySelector("[type=submit]").disabled = true;
        return;
      }
      $("[data-keluarga-judul]").textContent = item.judul_keluarga || "";
      var server = item.konflik.server.isian;
      var saya = keObjek(item.isian);
      var dasar = item.dasar || {};
      var baris = [];  // {kunci, label, server, saya, diubahSaya}

      function tampil(kolom, nilai) {
        var p = pilihan[kolom] || {};
        return nilai === "" || nilai === undefined ? "(kosong)" : (p[nilai] || nilai);
      }
      Object.keys(label).forEach(function (k) {
        if (k.indexOf("anggota.") === 0 || !(k in saya)) return;
        if ((saya[k] || "") !== (server[k] || "")) {
          baris.push({ kunci: k, label: label[k], kolom: k, server: server[k] || "", saya: saya[k] || "",
            diubahSaya: (saya[k] || "") !== (dasar[k] || "") });
        }
      });
      var sayaA = anggotaMenurutId(saya);
      var serverA = anggotaMenurutId(server);
      var dasarA = anggotaMenurutId(dasar);
      var hilang = [];
      Object.keys(sayaA.ada).forEach(function (id) {
        var s = serverA.ada[id];
        var a = sayaA.ada[id];
        if (!s) {
          hilang.push(a.nilai.nama);
          return;
        }
        var d = (dasarA.ada[id] || {}).nilai || {};
        KOLOM_ANGGOTA.forEach(function (k) {
          if (a.nilai[k] !== s.nilai[k]) {
            baris.push({ kunci: "anggota-" + s.indeks + "-" + k, label: (label["anggota." + k] || k) + " \u2014 " + s.nilai.nama,
              kolom: "anggota." + k, server: s.nilai[k], saya: a.nilai[k], diubahSaya: a.nilai[k] !== (d[k] || "") });
          }
        });
      });
      wadah.textContent = "";
      if (hilang.length) {
        wadah.appendChild(el("div", "alert alert-warning small", "Anggota ini sudah tidak tinggal bersama menurut data server, " +
          "jadi perubahan Anda untuk mereka tidak dikirim: " + hilang.join(", ") + "."));
      }
      if (sayaA.baru.length) {
        wadah.appendChild(el("div", "alert alert-info small", sayaA.baru.length + " anggota baru dari isian Anda ikut dikirim."));
      }
      if (!baris.length) {
        wadah.appendChild(el("p", "small", "Isian Anda sama dengan data server untuk semua kolom; kirim untuk memakai versi terbaru."));
      }
      baris.forEach(function (b, i) {
        var kartu = el("fieldset", "card mb-2");
        kartu.dataset.testid = "baris-konflik";
        kartu.dataset.kunci = b.kunci;
        var isi = el("div", "card-body py-2");
        var lg = el("legend", "h6 mb-1", b.label);
        isi.appendChild(lg);
        isi.appendChild(el("div", "small text-muted mb-1", b.diubahSaya ? "Anda mengubah kolom ini; di server juga berbeda." :
          "Diubah di server; Anda tidak mengubahnya."));
        [["server", "Data server: ", b.server], ["saya", "Isian saya: ", b.saya]].forEach(function (x) {
          var d = el("div", "form-check");
          var r = el("input", "form-check-input");
          r.type = "radio";
          r.name = "pilih-" + i;
          r.value = x[0];
          r.id = "pilih-" + i + "-" + x[0];
          r.dataset.testid = "pilih-" + x[0];
          if (!b.diubahSaya && x[0] === "server") r.checked = true;
          var l = el("label", "form-check-label", x[1] + tampil(b.kolom, x[2]));
          l.htmlFor = r.id;
          d.appendChild(r);
          d.appendChild(l);
          isi.appendChild(d);
        });
        kartu.appendChild(isi);
        wadah.appendChild(kartu);
      });

      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var belum = baris.filter(function (b, i) { return !form.querySelector("[name='pilih-" + i + "']:checked"); });
        if (belum.length) {
          galatUmum("Pilih nilai untuk setiap kolom dulu (" + belum.length + " belum dipilih).");
          return;
        }
        galatUmum("");
        var hasil = Object.assign({}, server);
        baris.forEach(function (b, i) {
          if (form.querySelector("[name='pilih-" + i + "']:checked").value === "saya") hasil[b.kunci] = b.saya;
        });
        var n = parseInt(hasil["anggota-TOTAL_FORMS"] || "0", 10);
        sayaA.baru.forEach(function (a) {
          KOLOM_ANGGOTA.forEach(function (k) { hasil["anggota-" + n + "-" + k] = a[k]; });
          hasil["anggota-" + n + "-id"] = "";
          n += 1;
        });
        hasil["anggota-TOTAL_FORMS"] = String(n);
        // the duplicate confirmation is the TKSK's own answer, never part of the server's record
        var pasangan = Object.keys(hasil).map(function (k) { return [k, hasil[k]]; });
        if (saya.konfirmasi_duplikat) pasangan.push(["konfirmasi_duplikat", saya.konfirmasi_duplikat]);
        item.isian = pasangan;
        item.versi = item.konflik.versi;
        item.dasar = server;
        item.konflik = null;
        item.status = "menunggu";
        item.pesan = "Pilihan Anda disimpan; menunggu dikirim dengan versi terbaru.";
        L.simpanItem(item).then(function () { return L.kirimSemua(); }).then(function () {
          window.location.href = U.kotakKeluar;
        });
      });
      $("[data-tombol-buang]").addEventListener("click", function () {
        if (!window.confirm("Buang perubahan Anda untuk keluarga ini? Data di server tetap seperti sekarang.")) return;
        L.hapusItem(item.uuid).then(function () { window.location.href = U.kotakKeluar; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    L = window.SidampingLuring;
    var wadah = $("[data-luring-halaman]");
    if (!L || !wadah) return;
    statusSambungan();
    window.addEventListener("online", statusSambungan);
    window.addEventListener("offline", statusSambungan);
    var jenis = wadah.dataset.luringHalaman;
    ({
      beranda: halamanBeranda,
      kotak: halamanKotak,
      kunjungan: halamanKunjungan,
      keluarga_baru: function () { halamanKeluarga(true); },
      keluarga_ubah: function () { halamanKeluarga(false); },
      konflik: halamanKonflik,
    }[jenis] || function () {})();
  });
})();
