// Add / remove member rows of the household formset without losing typed data.
// New rows are clones of the formset's empty form; removing a new row ticks its hidden DELETE
// box and hides it, so the row indexes the server sees never shift.
(function () {
  "use strict";
  var daftar = document.getElementById("daftar-anggota");
  var templat = document.getElementById("anggota-kosong");
  var tombol = document.getElementById("tambah-anggota");
  var total = document.getElementById("id_anggota-TOTAL_FORMS");
  if (!daftar || !templat || !tombol || !total) return;

  function nomori() {
    var n = 0;
    daftar.querySelectorAll(".baris-anggota").forEach(function (baris) {
      if (baris.classList.contains("d-none")) return;
      n += 1;
      var label = baris.querySelector(".nomor-baris");
      if (label) label.textContent = n;
    });
  }

  tombol.addEventListener("click", function () {
    var indeks = parseInt(total.value, 10);
    var html = templat.innerHTML.replace(/__prefix__/g, String(indeks));
    var wadah = document.createElement("div");
    wadah.innerHTML = html.trim();
    var baris = wadah.firstElementChild;
    daftar.appendChild(baris);
    total.value = String(indeks + 1);
    nomori();
    // Defaults of a new row (relation, NIK prefix: static/pmks/ketik_cepat.js).
    baris.dispatchEvent(new CustomEvent("anggota:ditambah", { bubbles: true }));
    var pertama = baris.querySelector("input:not([type=hidden]), select");
    if (pertama) pertama.focus();
  });

  daftar.addEventListener("click", function (ev) {
    var hapus = ev.target.closest(".hapus-baris");
    if (!hapus) return;
    var baris = hapus.closest(".baris-anggota");
    var centang = baris.querySelector("input[name$='-DELETE']");
    if (centang) centang.checked = true;
    baris.classList.add("d-none");
    nomori();
  });

  // Rows removed before a validation error (or in a restored draft, static/js/draf.js) stay removed.
  function sembunyikanTerhapus() {
    daftar.querySelectorAll("input[name$='-DELETE']").forEach(function (c) {
      if (c.checked) c.closest(".baris-anggota").classList.add("d-none");
    });
    nomori();
  }
  daftar.closest("form").addEventListener("draf:dipulihkan", sembunyikanTerhapus);
  sembunyikanTerhapus();
})();
