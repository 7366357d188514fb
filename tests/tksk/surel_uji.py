"""An e-mail backend whose first send fails (a mail server that is down for a moment)."""

from __future__ import annotations

from django.core.mail.backends.locmem import EmailBackend


class GagalSekali(EmailBackend):
    gagal_tersisa = 1

    def send_messages(self, messages):
        if GagalSekali.gagal_tersisa > 0:
            GagalSekali.gagal_tersisa -= 1
            raise ConnectionRefusedError("server surel sedang mati")
        return super().send_messages(messages)
