"""Segmented choices (radio buttons drawn as tap targets, pmks.registri.forms.Segmen) in browser tests."""


def pilih(page, nama: str, nilai: str) -> None:
    """Tap the option ``nilai`` of the radio group ``nama`` (its label is the tap target)."""
    opsi = page.locator(f"[name='{nama}'][value='{nilai}']")
    page.locator(f"label[for='{opsi.get_attribute('id')}']").click()


def terpilih(page, nama: str) -> str:
    opsi = page.locator(f"[name='{nama}']:checked")
    return opsi.get_attribute("value") if opsi.count() else ""
