// Fewer keystrokes on the household form (issue #12 item 1):
// - as a NIK is typed, the member's birth date and sex are filled from its digits 7-12 (DDMMYY;
//   a woman's day is + 40); the two-digit year is resolved like pmks/registri/nik.py tanggal_dari_nik:
//   20YY unless that date is still to come, then 19YY;
// - choosing a kelurahan puts its region code (first 6 digits, i.e. the kecamatan: 35.74.04 →
//   357404) into an empty No. KK.
// - the No. KK's region part goes into each member's empty NIK (most people of a household were
//   first registered in the same kecamatan); typing a whole NIK over it drops the prefilled part;
// - rows added later start as istri/suami (2nd) or anak (3rd on), the marital status follows the
//   relation (kepala, istri/suami: kawin; anak, cucu: belum kawin);
// - inputs with data-saran / data-saran-kolom / data-saran-kota get one-tap answers below them
//   (the KK's usual job names; the birth places typed in other rows and the kelurahan's town);
// - a member's name field offers the last name of the other members as a one-tap addition
//   ("Dimas" + tap "Riyadi" → "Dimas Riyadi": children often carry the father's name), only a
//   name of two or more words gives one, and a word already in the field is not offered.
// A filled value stays editable and is never overwritten once the user typed something else in
// the field: only an empty field, or one still holding what this script filled, is (re)filled.
// The server's soft warning (pmks/registri/nik.py peringatan_nik) handles a NIK that disagrees with them.
//
// Markup (pmks/registri/forms.py): input[data-nik-isi] (NIK), [data-dari-nik=tanggal|jenis_kelamin] in the
// same .baris-anggota, input[data-awalan-kk] (No. KK), select[data-pilih-kelurahan] whose options
// carry data-kode-kk. Rows added later (static/pmks/formset_anggota.js) work too (delegated events).
// The pure functions are on window.SidampingKetik for tests.
(function () {
  "use strict";

  function angka(nilai) {
    // Like pmks/registri/nik.py normalisasi_nomor: spaces, dots and dashes people type are ignored.
    return String(nilai == null ? "" : nilai).replace(/[\s.\-]/g, "");
  }

  function duaDigit(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function tanggalSah(tahun, bulan, hari) {
    var d = new Date(Date.UTC(tahun, bulan - 1, hari));
    return d.getUTCFullYear() === tahun && d.getUTCMonth() === bulan - 1 && d.getUTCDate() === hari;
  }

  // {tanggal: "YYYY-MM-DD", jenisKelamin: "L"|"P"} from a NIK's digits 7-12, or null while fewer than
  // 12 digits are typed or the date part is no date. ``hariIni`` ("YYYY-MM-DD") defaults to today.
  function dariNik(nik, hariIni) {
    var t = angka(nik);
    if (!/^[0-9]{12}/.test(t)) return null;
    var dd = parseInt(t.slice(6, 8), 10);
    var mm = parseInt(t.slice(8, 10), 10);
    var yy = parseInt(t.slice(10, 12), 10);
    var jk = dd > 40 ? "P" : "L";
    var hari = dd > 40 ? dd - 40 : dd;
    if (hari < 1 || hari > 31 || mm < 1 || mm > 12) return null;
    var kini = hariIni || isoLokal(new Date());
    var abad = [2000, 1900];
    for (var i = 0; i < abad.length; i++) {
      var tahun = abad[i] + yy;
      if (!tanggalSah(tahun, mm, hari)) continue;
      var iso = tahun + "-" + duaDigit(mm) + "-" + duaDigit(hari);
      if (iso > kini) continue; // not born yet: the century before
      return { tanggal: iso, jenisKelamin: jk };
    }
    return null;
  }

  function isoLokal(d) {
    return d.getFullYear() + "-" + duaDigit(d.getMonth() + 1) + "-" + duaDigit(d.getDate());
  }

  // "YYYY-MM-DD" as the field wants it: a native date input takes ISO, a text field dd-mm-yyyy.
  function untukIsian(iso, jenisInput) {
    if (jenisInput === "date") return iso;
    var b = iso.split("-");
    return b[2] + "-" + b[1] + "-" + b[0];
  }

  // The No. KK's region part for a kelurahan code ("35.74.04.1003" or "3574041003" → "357404").
  function awalanNoKk(kodeKelurahan) {
    var t = angka(kodeKelurahan);
    return /^[0-9]{6}/.test(t) ? t.slice(0, 6) : "";
  }

  // May the script put a value in a field? Only when it is empty or still holds what the script put there.
  function bolehIsi(nilaiSekarang, nilaiTerakhirDariSkrip) {
    return nilaiSekarang === "" || (nilaiTerakhirDariSkrip != null && nilaiSekarang === nilaiTerakhirDariSkrip);
  }

  window.SidampingKetik = {
    dariNik: dariNik, awalanNoKk: awalanNoKk, bolehIsi: bolehIsi, untukIsian: untukIsian, angka: angka,
  };

  // --- DOM -------------------------------------------------------------------------------------------

  function nilaiRadio(el) {
    var terpilih = el.form && el.form.querySelector("input[type=radio][name='" + el.name + "']:checked");
    return terpilih ? terpilih.value : "";
  }

  function isiRadio(el, nilai) {
    // The group's first input keeps what the script chose (dataset), like a text field does.
    var grup = el.form.querySelectorAll("input[type=radio][name='" + el.name + "']");
    var pertama = grup[0];
    if (!bolehIsi(nilaiRadio(el), pertama.dataset.nilaiSkrip)) return false;
    pertama.dataset.nilaiSkrip = nilai;
    var berubah = false;
    grup.forEach(function (r) {
      var mau = r.value === nilai;
      if (r.checked !== mau) {
        r.checked = mau;
        berubah = true;
      }
    });
    if (berubah) pertama.dispatchEvent(new Event("change", { bubbles: true }));
    return berubah;
  }

  function isi(el, nilai) {
    if (el && el.type === "radio") return isiRadio(el, nilai);
    if (!el || !bolehIsi(el.value, el.dataset.nilaiSkrip)) return false;
    if (el.value === nilai) {
      el.dataset.nilaiSkrip = nilai;
      return false;
    }
    el.value = nilai;
    el.dataset.nilaiSkrip = nilai;
    // Let other scripts (drafts) see the change like a typed one.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function catatan(el, teks) {
    var wadah = el.closest(".mb-3") || el.parentElement;
    var n = wadah.querySelector(".dari-nik-info");
    if (!teks) {
      if (n) n.remove();
      return;
    }
    if (!n) {
      n = document.createElement("div");
      n.className = "form-text dari-nik-info";
      n.setAttribute("data-testid", "dari-nik");
      wadah.appendChild(n);
    }
    n.textContent = teks;
  }

  function isiDariNik(inputNik) {
    var akar = inputNik.closest(".baris-anggota") || inputNik.form || document;
    var tgl = akar.querySelector("[data-dari-nik=tanggal]");
    var jk = akar.querySelector("[data-dari-nik=jenis_kelamin]");
    var hasil = dariNik(inputNik.value);
    if (tgl) {
      if (hasil) {
        isi(tgl, untukIsian(hasil.tanggal, tgl.type));
      } else if (tgl.dataset.nilaiSkrip && tgl.value === tgl.dataset.nilaiSkrip) {
        isi(tgl, ""); // the NIK no longer says a date: take back what was filled from it
      }
      var dariSkrip = tgl.value !== "" && tgl.value === tgl.dataset.nilaiSkrip;
      catatan(tgl, dariSkrip ? "Diisi dari NIK; ubah bila berbeda dengan KTP/KK." : "");
    }
    if (jk) {
      if (hasil) isi(jk, hasil.jenisKelamin);
      else if (jk.dataset.nilaiSkrip && jk.value === jk.dataset.nilaiSkrip) isi(jk, "");
    }
  }

  function isiAwalanKk(pilih) {
    var form = pilih.form || document;
    var kk = form.querySelector("input[data-awalan-kk]");
    var opsi = pilih.selectedOptions && pilih.selectedOptions[0];
    if (!kk || !opsi) return;
    var awalan = awalanNoKk(opsi.dataset.kodeKk || "");
    if (awalan) isi(kk, awalan);
    else if (kk.dataset.nilaiSkrip && kk.value === kk.dataset.nilaiSkrip) isi(kk, "");
  }

  // A prefix the script put in front ("357404") and then a whole number typed after it: keep the typed one.
  function buangAwalanGanda(el, panjang) {
    var awalan = el.dataset.nilaiSkrip;
    var t = angka(el.value);
    if (awalan && t.length === awalan.length + panjang && t.indexOf(awalan) === 0) {
      el.value = t.slice(awalan.length);
      try {
        el.setSelectionRange(el.value.length, el.value.length); // keep typing at the end
      } catch (e) {
        /* inputs without a selection API */
      }
      return true;
    }
    return false;
  }

  function awalanNik(form) {
    var kk = form.querySelector("input[data-awalan-kk]");
    var t = kk ? angka(kk.value) : "";
    return /^[0-9]{6}/.test(t) ? t.slice(0, 6) : "";
  }

  function isiAwalanNik(form) {
    var awalan = awalanNik(form);
    form.querySelectorAll("input[data-awalan-nik]").forEach(function (nik) {
      if (awalan) isi(nik, awalan);
      else if (nik.dataset.nilaiSkrip && nik.value === nik.dataset.nilaiSkrip) isi(nik, "");
    });
  }

  var PERKAWINAN = { kepala: "kawin", istri_suami: "kawin", anak: "belum_kawin", cucu: "belum_kawin" };

  function isiPerkawinan(pilihHubungan) {
    var baris = pilihHubungan.closest(".baris-anggota");
    var kawin = baris && baris.querySelector("input[data-perkawinan]");
    var mau = PERKAWINAN[pilihHubungan.value];
    if (kawin && mau) isi(kawin, mau);
  }

  function barisBaru(baris) {
    var form = baris.closest("form");
    var terlihat = [].filter.call(form.querySelectorAll(".baris-anggota"), function (b) {
      return !b.classList.contains("d-none");
    });
    var urutan = terlihat.indexOf(baris);
    var hubungan = baris.querySelector("select[data-hubungan]");
    if (hubungan) {
      isi(hubungan, urutan === 0 ? "kepala" : urutan === 1 ? "istri_suami" : "anak");
      isiPerkawinan(hubungan);
    }
    var nik = baris.querySelector("input[data-awalan-nik]");
    var awalan = awalanNik(form);
    if (nik && awalan) isi(nik, awalan);
    pasangSaran(form);
  }

  // --- one-tap answers ---------------------------------------------------------------------------
  function saranUntuk(el) {
    var daftar = (el.dataset.saran || "").split("|").filter(Boolean);
    var form = el.form || document;
    if (el.hasAttribute("data-saran-kota")) {
      var pilih = form.querySelector("select[data-pilih-kelurahan]");
      var opsi = pilih && pilih.selectedOptions && pilih.selectedOptions[0];
      if (opsi && opsi.dataset.kota) daftar.unshift(opsi.dataset.kota);
    }
    if (el.dataset.saranKolom) {
      form.querySelectorAll("input[name$='-" + el.dataset.saranKolom + "']").forEach(function (lain) {
        var v = lain.value.trim();
        if (lain !== el && v && !lain.closest(".baris-anggota.d-none")) daftar.push(v);
      });
    }
    var unik = [];
    daftar.forEach(function (v) {
      if (unik.indexOf(v) < 0) unik.push(v);
    });
    return unik.slice(0, 8);
  }

  function pasangSaran(form) {
    (form || document).querySelectorAll("input[data-saran], input[data-saran-kolom], input[data-saran-kota]")
      .forEach(function (el) {
        if (el.closest("template")) return;
        var wadah = el.closest(".mb-3") || el.parentElement;
        var kotak = wadah.querySelector(".saran-isian");
        var daftar = saranUntuk(el);
        var kunci = daftar.join("|");
        if (kotak && kotak.dataset.kunci === kunci) return;
        if (!kotak) {
          kotak = document.createElement("div");
          kotak.className = "saran-isian d-flex flex-wrap gap-1 mt-1";
          wadah.appendChild(kotak);
        }
        kotak.dataset.kunci = kunci;
        kotak.textContent = "";
        daftar.forEach(function (v) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "btn btn-sm btn-outline-secondary py-0";
          b.textContent = v;
          b.setAttribute("data-saran-nilai", v);
          b.setAttribute("data-testid", "saran");
          kotak.appendChild(b);
        });
      });
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("button[data-saran-nilai]");
    if (!b) return;
    var wadah = b.closest(".mb-3") || b.parentElement.parentElement;
    var el = wadah.querySelector("input[data-saran], input[data-saran-kolom], input[data-saran-kota]");
    if (!el) return;
    el.value = b.getAttribute("data-saran-nilai");
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // --- last names of the household as one-tap additions ---------------------------------------
  function barisTerlihat(form) {
    return [].filter.call(form.querySelectorAll(".baris-anggota"), function (b) {
      return !b.classList.contains("d-none") && !b.closest("template");
    });
  }
  function namaBelakang(form, kecuali) {
    var hasil = [];
    barisTerlihat(form).forEach(function (b) {
      var nama = b.querySelector("input[name$='-nama']");
      if (!nama || nama === kecuali) return;
      var kata = nama.value.trim().split(/\s+/);
      var akhir = kata.length >= 2 ? kata[kata.length - 1] : "";
      if (akhir.length >= 2 && hasil.indexOf(akhir) < 0) hasil.push(akhir);
    });
    return hasil.slice(0, 3);
  }
  function pasangSaranNama(form) {
    if (!form || !form.querySelector("input[data-awalan-kk]")) return;  // a registration only
    barisTerlihat(form).forEach(function (b) {
      var el = b.querySelector("input[name$='-nama']");
      if (!el) return;
      var ada = el.value.toLowerCase().split(/\s+/);
      var daftar = namaBelakang(form, el).filter(function (k) { return ada.indexOf(k.toLowerCase()) < 0; });
      var wadah = el.closest(".mb-3") || el.parentElement;
      var kotak = wadah.querySelector(".saran-nama");
      var kunci = daftar.join("|");
      if (kotak && kotak.dataset.kunci === kunci) return;
      if (!kotak) {
        kotak = document.createElement("div");
        kotak.className = "saran-nama d-flex flex-wrap gap-1 mt-1";
        wadah.appendChild(kotak);
      }
      kotak.dataset.kunci = kunci;
      kotak.textContent = "";
      daftar.forEach(function (k) {
        var t = document.createElement("button");
        t.type = "button";
        t.className = "btn btn-sm btn-outline-secondary py-0";
        t.textContent = "+ " + k;
        t.setAttribute("data-saran-tambah", k);
        t.setAttribute("data-testid", "saran-nama");
        t.setAttribute("aria-label", "Tambahkan " + k + " ke nama");
        kotak.appendChild(t);
      });
    });
  }
  document.addEventListener("click", function (ev) {
    var t = ev.target.closest && ev.target.closest("button[data-saran-tambah]");
    if (!t) return;
    var wadah = t.closest(".mb-3") || t.parentElement.parentElement;
    var el = wadah.querySelector("input[name$='-nama']");
    if (!el) return;
    el.value = (el.value.trim() + " " + t.getAttribute("data-saran-tambah")).trim();
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
    el.focus();
  });

  document.addEventListener("anggota:ditambah", function (ev) {
    barisBaru(ev.target);
    pasangSaranNama(ev.target.closest("form"));
  });

  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (!t || !t.matches) return;
    if (t.matches("input[data-nik-isi]")) {
      buangAwalanGanda(t, 16);
      isiDariNik(t);
    } else if (t.matches("input[data-awalan-kk]")) {
      buangAwalanGanda(t, 16);
      if (t.form) isiAwalanNik(t.form);
    } else if (t.form && t.matches(".baris-anggota input[name$='-nama']")) {
      pasangSaranNama(t.form);
    }
  });
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (!t || !t.matches) return;
    if (t.matches("input[data-nik-isi]")) isiDariNik(t);
    else if (t.matches("select[data-pilih-kelurahan]")) isiAwalanKk(t);
    else if (t.matches("select[data-hubungan]")) isiPerkawinan(t);
    if (t.form && t.matches("input[data-saran-kolom], select[data-pilih-kelurahan]")) pasangSaran(t.form);
    else if (t.matches("[data-dari-nik=tanggal]")) catatan(t, t.value !== "" && t.value === t.dataset.nilaiSkrip
      ? "Diisi dari NIK; ubah bila berbeda dengan KTP/KK." : "");
  });

  function awal() {
    // A kelurahan already chosen (one-kelurahan areas, a form shown again) fills an empty No. KK.
    document.querySelectorAll("select[data-pilih-kelurahan]").forEach(isiAwalanKk);
    // Defaults only on a registration (it has the No. KK field); an edit shows what is stored.
    document.querySelectorAll("form input[data-awalan-kk]").forEach(function (kk) {
      kk.form.querySelectorAll("select[data-hubungan]").forEach(function (h) {
        if (!h.closest("template")) isiPerkawinan(h);
      });
    });
    document.querySelectorAll("form").forEach(function (f) {
      if (f.querySelector("input[data-awalan-kk]")) isiAwalanNik(f);
    });
    pasangSaran(document);
    document.querySelectorAll("form").forEach(pasangSaranNama);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", awal);
  else awal();
})();
