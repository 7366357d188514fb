// Photos that fit (issue #12 item 4): a photo chosen in an <input type="file" data-foto-kecil> is
// downscaled in the browser to at most 1600 px on its long side and re-encoded as JPEG (quality
// 0.8) with the vendored browser-image-compression (static/vendor/browser-image-compression/),
// before the form is sent. The server's limits (tksk/berkas.py: 5 MB, 40 MP, type by content)
// stay the backstop.
//
// - Runs on the main thread (useWebWorker: false): the library's worker is a blob: URL that loads
//   the library from a CDN, which the Content-Security-Policy rightly refuses.
// - The input's FileList is replaced (DataTransfer) as soon as the photo is compressed; a submit
//   while a photo is still being compressed waits for it and then goes on by itself.
// - Before/after sizes are shown under the input. When compression fails or would not make the
//   file smaller, the original file is sent as it is. PDFs and other non-photos are never touched.
// - window.SidampingFoto exposes the pure helpers for tests.
(function () {
  "use strict";

  var OPSI = {
    maxWidthOrHeight: 1600,
    initialQuality: 0.8,
    fileType: "image/jpeg",
    maxSizeMB: 4, // below the server's 5 MB even for an odd photo that stays large at 1600 px
    useWebWorker: false,
    maxIteration: 10,
  };
  var BATAS_SERVER = 5 * 1024 * 1024;
  // Types a phone gallery/camera gives that a browser can decode; PDFs, GIFs, SVGs stay as they are.
  var JENIS_FOTO = /^image\/(jpeg|jpg|pjpeg|png|webp|avif|heic|heif|bmp)$/i;

  function ukuranTeks(n) {
    if (n >= 1024 * 1024) return (n / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
    return Math.max(1, Math.round(n / 1024)) + " KB";
  }

  function perluDiperkecil(berkas) {
    return !!berkas && JENIS_FOTO.test(berkas.type || "");
  }

  function namaJpeg(nama) {
    var dasar = String(nama || "foto").replace(/\.[^./\\]{1,5}$/, "");
    return (dasar || "foto") + ".jpg";
  }

  var sudahKecil = typeof WeakSet === "function" ? new WeakSet() : null;

  function perkecil(berkas) {
    if (!perluDiperkecil(berkas) || (sudahKecil && sudahKecil.has(berkas)) || typeof window.imageCompression !== "function") {
      return Promise.resolve({ berkas: berkas, asli: berkas, diubah: false });
    }
    return window.imageCompression(berkas, OPSI).then(function (hasil) {
      if (!hasil || !hasil.size || hasil.size >= berkas.size) {
        return { berkas: berkas, asli: berkas, diubah: false };
      }
      var baru = new File([hasil], namaJpeg(berkas.name), { type: "image/jpeg", lastModified: berkas.lastModified });
      if (sudahKecil) sudahKecil.add(baru);
      return { berkas: baru, asli: berkas, diubah: true };
    }, function (galat) {
      return { berkas: berkas, asli: berkas, diubah: false, galat: galat };
    });
  }

  function keterangan(input) {
    var id = (input.id || input.name) + "-ukuran-foto";
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = "form-text foto-kecil-info";
      el.setAttribute("aria-live", "polite");
      el.setAttribute("data-testid", "ukuran-foto");
      input.insertAdjacentElement("afterend", el);
    }
    return el;
  }

  function tulisHasil(el, hasil) {
    el.textContent = "";
    hasil.forEach(function (h) {
      var baris = document.createElement("div");
      var nama = h.asli.name || "foto";
      if (h.diubah) {
        baris.textContent = nama + ": " + ukuranTeks(h.asli.size) + " \u2192 " + ukuranTeks(h.berkas.size) + " (diperkecil)";
      } else if (h.galat && perluDiperkecil(h.asli)) {
        baris.textContent = nama + ": " + ukuranTeks(h.asli.size) + " \u2014 tidak bisa diperkecil di perangkat ini, dikirim apa adanya.";
      } else {
        baris.textContent = nama + ": " + ukuranTeks(h.asli.size);
      }
      if (h.berkas.size > BATAS_SERVER) {
        baris.className = "text-danger";
        baris.textContent += " Lebih dari 5 MB: server akan menolaknya, pilih foto lain.";
      }
      el.appendChild(baris);
    });
  }

  var menunggu = new Map(); // input → Promise of the running compression

  function proses(input) {
    var daftar = Array.prototype.slice.call(input.files || []);
    var el = keterangan(input);
    // Every new choice supersedes a compression still running for an earlier one.
    var giliran = (input._fotoKecilGiliran || 0) + 1;
    input._fotoKecilGiliran = giliran;
    menunggu.delete(input);
    if (!daftar.length) {
      el.textContent = "";
      return;
    }
    if (!daftar.some(perluDiperkecil) || typeof window.DataTransfer !== "function") {
      tulisHasil(el, daftar.map(function (b) { return { berkas: b, asli: b, diubah: false }; }));
      return;
    }
    el.textContent = "Memperkecil foto\u2026";
    // One photo after the other: a phone decoding several 12 MP photos at once may run out of memory.
    var janji = daftar.reduce(function (rantai, berkas) {
      return rantai.then(function (hasil) {
        return perkecil(berkas).then(function (h) { return hasil.concat([h]); });
      });
    }, Promise.resolve([])).then(function (hasil) {
      if (input._fotoKecilGiliran !== giliran) return; // another choice came meanwhile
      if (hasil.some(function (h) { return h.diubah; })) {
        try {
          var dt = new DataTransfer();
          hasil.forEach(function (h) { dt.items.add(h.berkas); });
          input.files = dt.files;
        } catch (e) {
          hasil = hasil.map(function (h) { return { berkas: h.asli, asli: h.asli, diubah: false, galat: e }; });
        }
      }
      tulisHasil(el, hasil);
    }).catch(function () {
      if (input._fotoKecilGiliran === giliran) el.textContent = "";
    }).finally(function () {
      if (menunggu.get(input) === janji) menunggu.delete(input);
    });
    menunggu.set(input, janji);
  }

  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t && t.matches && t.matches("input[type=file][data-foto-kecil]")) proses(t);
  });

  // Capture on window runs before every other submit listener (confirmations, drafts, button
  // disabling): a submit that would send a photo still being compressed is held and re-sent.
  window.addEventListener("submit", function (ev) {
    var form = ev.target;
    var tertunda = [];
    menunggu.forEach(function (janji, input) {
      if (input.form === form) tertunda.push(janji);
    });
    if (!tertunda.length) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    var tombol = ev.submitter && ev.submitter.form === form ? ev.submitter : null;
    Promise.all(tertunda).then(function () {
      if (typeof form.requestSubmit !== "function") form.submit();
      else if (tombol) form.requestSubmit(tombol);
      else form.requestSubmit();
    });
  }, true);

  window.SidampingFoto = { ukuranTeks: ukuranTeks, perluDiperkecil: perluDiperkecil, namaJpeg: namaJpeg, perkecil: perkecil, OPSI: OPSI };
})();
