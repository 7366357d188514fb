// Error summary (templates/includes/_ringkasan_galat.html): on a page that comes back with errors the
// summary is scrolled to and focused (a screen reader reads it); each link opens the folded section the
// field sits in (<details>), scrolls the field to the middle of the screen and focuses it.
(function () {
  "use strict";
  var kotak = document.querySelector("[data-ringkasan-galat]");
  if (!kotak) return;

  function kolom(tautan) {
    var nama = tautan.getAttribute("data-ke-kolom");
    var semua = document.getElementsByName(nama);
    for (var i = 0; i < semua.length; i++) {
      if (semua[i].type !== "hidden") return semua[i];
    }
    return document.getElementById((tautan.getAttribute("href") || "").slice(1));
  }

  function buka(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
      if (p.classList && p.classList.contains("d-none") && p.querySelector(".is-invalid")) p.classList.remove("d-none");
    }
  }

  kotak.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-ke-kolom]");
    if (!a) return;
    var el = kolom(a);
    if (!el) return;
    ev.preventDefault();
    buka(el);
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  });

  kotak.scrollIntoView({ block: "start" });
  kotak.focus({ preventScroll: true });
})();
