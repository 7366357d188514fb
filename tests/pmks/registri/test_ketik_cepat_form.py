"""The household form carries what static/pmks/ketik_cepat.js needs (issue #12 item 1): the No. KK
region prefix on each kelurahan option, the NIK → birth date/sex markers, numeric keyboards, and
the kelurahan before the No. KK (so the prefix is there when the No. KK is typed)."""

from __future__ import annotations

import re

import pytest

from tests.factories import wilayah


@pytest.mark.django_db
def test_registration_form_offers_numeric_keyboards_and_the_markers_of_the_keystroke_script(client, tksk_kanigaran):
    client.force_login(tksk_kanigaran)
    html = client.get("/pmks/keluarga/tambah/").content.decode()
    assert "pmks/ketik_cepat.js" in html
    kanigaran = wilayah("35.74.04.1003")
    assert re.search(rf'<option value="{kanigaran.pk}" data-kode-kk="357404"', html)
    assert 'data-pilih-kelurahan' in html
    for nama in ("no_kk", "rt", "rw", "anggota-0-nik"):
        tag = re.search(rf'<input [^>]*name="{nama}"[^>]*>', html).group(0)
        assert 'inputmode="numeric"' in tag and 'pattern="[0-9]*"' in tag and 'autocomplete="off"' in tag, nama
    assert "data-awalan-kk" in re.search(r'<input [^>]*name="no_kk"[^>]*>', html).group(0)
    assert "data-nik-isi" in re.search(r'<input [^>]*name="anggota-0-nik"[^>]*>', html).group(0)
    assert 'data-dari-nik="tanggal"' in re.search(r'<input [^>]*name="anggota-0-tanggal_lahir"[^>]*>', html).group(0)
    # sex is two tap targets (radio), filled from the NIK too
    assert 'data-dari-nik="jenis_kelamin"' in re.search(r'<input [^>]*name="anggota-0-jenis_kelamin"[^>]*>',
                                                        html).group(0)
    assert html.index('name="kelurahan"') < html.index('name="no_kk"')
