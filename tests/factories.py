"""factory_boy factories that keep wilayah consistent (a household's kelurahan is real)."""

from __future__ import annotations

import factory

from tksk.models import Pengguna, Wilayah

PASSWORD = "sandi-uji-123"


def wilayah(kode: str) -> Wilayah:
    """Reference regions come from the data migration; tests only look them up."""
    return Wilayah.objects.get(kode=kode)


class PenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengguna
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.replace(".", " ").title())
    peran = "tksk"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def simpan(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()
