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


# --- PMKS registry (pmks) ----------------------------------------------------------------
# NIK / No. KK numbers come from one shared counter so factories never collide, and each NIK's
# date part matches the member's birth date and sex (see pmks.registri.sintetis).
from datetime import date  # noqa: E402

from pmks.models import Anggota, JenisPMKS, Keluarga, KlasifikasiPMKS  # noqa: E402
from pmks.registri import choices as pmks_choices  # noqa: E402
from pmks.registri.sintetis import PenomoranUnik, kode_polos  # noqa: E402

_penomoran = PenomoranUnik(mulai=101)


def nik_valid(*, tanggal_lahir: date, jenis_kelamin: str = "L", kode6: str = "357404") -> str:
    """A fresh, valid NIK consistent with ``tanggal_lahir`` and ``jenis_kelamin``."""
    return _penomoran.nik(kode6, tanggal_lahir, jenis_kelamin)


def no_kk_valid(*, kode6: str = "357404", tanggal_catat: date = date(2019, 3, 14)) -> str:
    return _penomoran.no_kk(kode6, tanggal_catat)


class KeluargaFactory(factory.django.DjangoModelFactory):
    """A valid active household with a kepala keluarga (pass ``kepala=False`` for none).

    ``KeluargaFactory(kelurahan=wilayah("35.74.03.1001"))``; the kepala is ``keluarga.kepala_uji``.
    """

    class Meta:
        model = Keluarga
        skip_postgeneration_save = True

    kelurahan = factory.LazyFunction(lambda: wilayah("35.74.04.1003"))
    no_kk = factory.LazyAttribute(lambda o: no_kk_valid(kode6=kode_polos(o.kelurahan.kode[:8])))
    alamat = factory.Sequence(lambda n: f"Jl. Suroyo No. {n + 1}")
    rt = "001"
    rw = "002"
    status = pmks_choices.StatusKeluarga.AKTIF

    @factory.post_generation
    def kepala(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if not create or extracted is False:
            return
        obj.kepala_uji = AnggotaFactory(keluarga=obj, hubungan=pmks_choices.Hubungan.KEPALA, **kwargs)


class AnggotaFactory(factory.django.DjangoModelFactory):
    """A member with a valid NIK matching birth date and sex; default relation ``anak``."""

    class Meta:
        model = Anggota

    keluarga = factory.SubFactory(KeluargaFactory)
    nama = factory.Sequence(lambda n: ["Siti Aminah", "Ahmad Hidayat", "Sri Wahyuni", "Budi Santoso"][n % 4])
    tempat_lahir = "Probolinggo"
    tanggal_lahir = factory.LazyAttribute(
        lambda o: date(1980, 5, 17) if o.hubungan == pmks_choices.Hubungan.KEPALA else date(2008, 2, 9)
    )
    jenis_kelamin = "L"
    hubungan = pmks_choices.Hubungan.ANAK
    nik = factory.LazyAttribute(lambda o: nik_valid(tanggal_lahir=o.tanggal_lahir, jenis_kelamin=o.jenis_kelamin))
    status_perkawinan = pmks_choices.StatusPerkawinan.BELUM_KAWIN


class KlasifikasiPMKSFactory(factory.django.DjangoModelFactory):
    """``KlasifikasiPMKSFactory(keluarga=k, jenis=JenisPMKS.objects.get(singkatan="FM"), dinilai_oleh=u)``."""

    class Meta:
        model = KlasifikasiPMKS

    keluarga = factory.SubFactory(KeluargaFactory)
    jenis = factory.LazyFunction(lambda: JenisPMKS.objects.get(singkatan="FM"))
    tanggal_asesmen = date(2026, 1, 15)
    dinilai_oleh = factory.SubFactory(PenggunaFactory)
