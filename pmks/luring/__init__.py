"""Offline capture for the TKSK (issue #12 item 6): an installable PWA with an outbox.

- ``selectors``: what "Unduh untuk luring" puts on the phone (the TKSK's own kecamatan only, the
  fields the offline forms need, each household's ``versi``) and the household's values in the
  edit form's field names (also the server side of a conflict).
- ``views``: the shell pages the service worker may cache (forms without any household data: the
  phone fills them from IndexedDB), the download, and one sync endpoint per kind (visit, new
  household, household edit). The sync endpoints bind the SAME form classes and call the SAME
  services as the online views, behind the same guards; each item carries a UUID made by the
  phone (``tksk.konkurensi.token_luring_pakai``) so a retried sync never saves twice.
- The browser side: ``static/js/luring.js`` (IndexedDB via idb, outbox, sync, logout cleanup,
  service worker registration) and ``static/pmks/luring_halaman.js`` (the offline pages);
  the service worker is ``templates/pmks/luring/sw.js`` on Workbox.
"""
