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
