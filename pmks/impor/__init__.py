"""Spreadsheet import and export of the household registry (issue #4).

Modules: ``kolom`` (the one column definition, shared by template, import, error report and
export), ``nilai`` (tolerant cell → value normalisation), ``baca`` (XLSX/CSV reading),
``periksa`` (set-based validation and the plan of changes), ``services`` (the writes),
``berkas`` (template / error report workbooks), ``ekspor`` (streamed exports), ``tasks``.
"""
