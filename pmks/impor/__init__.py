"""Spreadsheet import and export of the household registry (README, "Spreadsheet import and export").

Modules: ``kolom`` (the one column definition, shared by template, import, error report and
export), ``nilai`` (tolerant cell → value normalisation), ``baca`` (XLSX/CSV reading),
``periksa`` (checks of the file alone), ``rencana`` (set-based plan of changes against the
registry), ``tulis`` (writing a plan), ``services`` (the import's lifecycle), ``berkas``
(template / error report workbooks), ``ekspor`` (streamed exports), ``tasks``.
"""
