"""Complaints (aduan): usul, sanggah, pengaduan layanan and perbaikan data, with a deadline clock.

Models live in ``bantuan.models.aduan``; this package holds the rules (``choices.TRANSISI``),
writes (``services``), reads (``selectors``), forms, views and URLs (namespace ``aduan``).
"""
