"""Bad-input corpus (issue #10, STYLE.md §17): every POST form and upload endpoint joins it.

- ``daftar.py``: the registry: one ``Formulir`` per POST view (URL builder, persona, a valid base
  payload, which fields are numeric / date / text / NIK-like / choice / image / document /
  spreadsheet, and domain rules the payload can break), one ``Saringan`` per GET page that reads
  query parameters, and the explicit allow-list of GET-only URL names.
- ``cacat.py``: known #10 defects still found on this branch (strict xfails; the merge checklist).
- ``dunia.py``: the objects every entry needs, built once per module (rolled back at the end).
- ``periksa.py``: database snapshot (row count + checksum of every project table) and the judge:
  no 5xx, an error in Indonesian (re-rendered form, a message after a redirect, or a 4xx with an
  Indonesian text), and an unchanged database.
- ``test_masukan_jahat.py``: the corpus itself (entry × field × hostile value; GET parameter × value).
- ``test_kelengkapan.py``: walks the URL resolver; any POST view missing from the corpus fails.

Adding a POST view: add one ``Formulir`` to ``daftar.FORMULIR`` (and the objects it needs to
``dunia.bangun``); the base-payload test checks the payload really is accepted.
"""
