"""Proposals out to SIKS-NG (issue #14): the monthly proposal package of one kelurahan (XLSX), its
berita acara of the musyawarah kelurahan or SPTJM (PDF), and the monthly cut-off tile of the home
dashboard. Reads in ``selectors``, documents in ``dokumen``, forms, views (URLs in ``bantuan.urls``).
"""
