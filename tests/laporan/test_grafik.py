"""Report charts: labels fit in the space left of the bars (in the PDF nothing is clipped)."""

from laporan import grafik

LEBAR_HURUF_MAKS = 7  # px per character at font-size 11, generous for DejaVu Sans


def test_long_labels_are_shortened_with_an_ellipsis_to_fit_the_label_area():
    g = grafik.batang(kode="uji", judul="Uji", data=[
        ("Bimbingan perorangan/keluarga", 1),
        ("Rehabilitasi Rumah Tidak Layak Huni (RTLH)", 2),
        ("Mediasi", 3),
    ])
    label = [b["label"] for b in g["batang"]]
    assert label[0] == "Bimbingan perorangan/keluarga"  # 29 characters: whole
    assert label[1].endswith("…") and label[1].startswith("Rehabilitasi Rumah Tidak")
    assert label[2] == "Mediasi"
    for teks in label:
        assert len(teks) * LEBAR_HURUF_MAKS <= g["x_batang"] - 6, teks
