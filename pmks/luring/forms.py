"""The offline visit page's form: the online ``KunjunganForm`` for a household chosen on the phone."""

from __future__ import annotations

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout

from ..pendampingan.forms import KunjunganForm


class KunjunganLuringForm(KunjunganForm):
    """Rendered only (never bound): the household comes from IndexedDB, so there is no group
    session list; the sync endpoint binds the real ``KunjunganForm`` with the household."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, keluarga=None, **kwargs)
        self.fields["rencana_tindak_lanjut"] = copy.deepcopy(KunjunganForm.base_fields["rencana_tindak_lanjut"])
        urutan = ["tanggal", "jenis", "peran", "catatan", "hasil", "tanggal_tindak_lanjut", "rencana_tindak_lanjut",
                  "foto"]
        self.order_fields(urutan)
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*[Field(f) for f in urutan])
        self.helper = helper
