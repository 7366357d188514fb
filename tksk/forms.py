from django.contrib.auth.forms import AuthenticationForm


class FormMasuk(AuthenticationForm):
    """The login form. Django's Indonesian catalogue says "Masukkan nama pengguna %(username)s ...",
    which reads "nama pengguna nama pengguna": the message is written out here instead."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau sandi salah. Huruf besar/kecil berpengaruh.",
    }

    def clean_username(self):
        # AuthenticationForm sets max_length after the field is built, so its validator is missing: a
        # longer name reached authenticate() and django-axes' 255-character column (a 500).
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise self.get_invalid_login_error()
        return username
