from django.contrib.auth.forms import AuthenticationForm


class FormMasuk(AuthenticationForm):
    """The login form. Django's Indonesian catalogue says "Masukkan nama pengguna %(username)s ...",
    which reads "nama pengguna nama pengguna": the message is written out here instead."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau sandi salah. Huruf besar/kecil berpengaruh.",
    }
