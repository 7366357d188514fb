"""The province-scale benchmark behind ``manage.py bench_skala``: the subjects measured (``subjek``),
the pages and report figures (``halaman``), the load test against gunicorn (``beban``) and the
growth tables between sizes (``pertumbuhan``). Figures, not tests."""
