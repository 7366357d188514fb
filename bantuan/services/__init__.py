"""Writes of the aid domain, by purpose (import the module you need):

- ``usulan``: proposals — create, edit, the status verbs along ``choices.TRANSISI``, attachments,
  and ``tindakan_tersedia`` (what a user may do with a proposal now);
- ``penerima``: deactivating / replacing a recipient;
- ``penyaluran``: deliveries, monitoring, external (BNBA) receipts;
- ``program``: aid programs and their quotas.

Lock order (to avoid deadlocks): usulan → keluarga → program.
"""
