// Date typed as dd-mm-yyyy (input[data-tanggal-ketik], tksk/batas.py InputTanggalKetik): the numeric
// keyboard gives digits only, so the dashes are put in as the digits come: 02031975 → 02-03-1975.
// No calendar picker; the server parses the text (tksk.batas.FORMAT_TANGGAL_KETIK) and checks the range.
(function () {
  "use strict";

  function topeng(nilai) {
    var t = String(nilai || "");
    if (/[^0-9\s./-]/.test(t)) return t; // letters: leave it for the server's message
    if (/^[0-9]{4}[./-]/.test(t)) return t; // ISO yyyy-mm-dd (pasted, autofilled): the server reads it too
    var d = t.replace(/[^0-9]/g, "").slice(0, 8);
    if (d.length <= 2) return d + (/^[0-9]{2}[./-]$/.test(t) ? "-" : "");
    if (d.length <= 4) return d.slice(0, 2) + "-" + d.slice(2);
    return d.slice(0, 2) + "-" + d.slice(2, 4) + "-" + d.slice(4);
  }

  window.SidampingTanggal = { topeng: topeng };

  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!el || !el.matches || !el.matches("input[data-tanggal-ketik]")) return;
    if (ev.inputType && ev.inputType.indexOf("delete") === 0) return; // let backspace remove a dash
    var baru = topeng(el.value);
    if (baru !== el.value) el.value = baru;
  });
})();
