// Proposal form: only the assessment of the chosen program's type is shown (the others stay
// empty and are ignored). The program → type map comes from a json_script data block.
(function () {
  "use strict";
  var data = document.getElementById("jenis-program");
  var pilih = document.getElementById("id_program");
  if (!data || !pilih) return;
  var jenis = JSON.parse(data.textContent);
  function tampilkan() {
    document.querySelectorAll("[data-asesmen]").forEach(function (f) {
      f.hidden = f.dataset.asesmen !== jenis[pilih.value];
    });
  }
  pilih.addEventListener("change", tampilkan);
  tampilkan();
})();

// RTLH: floor area per person shown as the floor area and the number of people are typed. The server
// computes the stored figure (pmks.rules.luas_lantai_per_orang); this only mirrors it on screen.
(function () {
  "use strict";
  var luas = document.querySelector("input[data-luas-lantai]");
  var orang = document.querySelector("input[data-jumlah-penghuni]");
  var hasil = document.querySelector("input[data-luas-per-orang]");
  if (!luas || !orang || !hasil) return;
  var batas = parseFloat(hasil.dataset.batasRtlh);
  var info = document.createElement("div");
  info.className = "form-text fw-semibold";
  info.setAttribute("data-testid", "kriteria-luas");
  hasil.parentElement.appendChild(info);
  function hitung() {
    var l = parseFloat(String(luas.value).replace(",", "."));
    var n = parseInt(orang.value, 10);
    if (!(l >= 0) || !(n > 0)) {
      info.textContent = "";
      return;
    }
    var per = Math.round((l / n) * 100 + 1e-9) / 100;
    hasil.value = per.toFixed(2);
    info.textContent = per < batas ? "Memenuhi kriteria luas RTLH (< " + String(batas).replace(".", ",") + " m²/orang)."
      : "Belum memenuhi kriteria luas RTLH.";
    info.className = "form-text fw-semibold " + (per < batas ? "text-danger" : "text-muted");
  }
  luas.addEventListener("input", hitung);
  orang.addEventListener("input", hitung);
  hitung();
})();
