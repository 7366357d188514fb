// Small behaviours every page may use. The Content-Security-Policy allows no inline script or
// style, so pages describe what they want with data attributes and this file does it:
// - data-konfirmasi="Pertanyaan?" on a <form> or on its submit button: ask before submitting;
// - data-lebar-persen="42" on an element: set its width to 42 % (progress bars), also in
//   content htmx swaps in later.
(function () {
  "use strict";

  document.addEventListener("submit", function (ev) {
    var tombol = ev.submitter;
    var pesan = (tombol && tombol.dataset.konfirmasi) || ev.target.dataset.konfirmasi;
    if (pesan && !window.confirm(pesan)) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
  }, true);

  function pasangLebar(akar) {
    var daftar = Array.prototype.slice.call(akar.querySelectorAll("[data-lebar-persen]"));
    if (akar.matches && akar.matches("[data-lebar-persen]")) daftar.push(akar);
    daftar.forEach(function (el) {
      var n = parseFloat(el.dataset.lebarPersen);
      if (!isNaN(n)) el.style.width = Math.max(0, Math.min(100, n)) + "%";
    });
  }

  if (window.htmx) {
    window.htmx.onLoad(pasangLebar);
  } else {
    document.addEventListener("DOMContentLoaded", function () { pasangLebar(document.body); });
  }
})();
