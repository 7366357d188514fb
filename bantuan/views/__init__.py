"""Aid screens, by purpose: ``usulan`` (queue, proposal pages and actions, attachments, letters),
``program``, ``penyaluran`` (deliveries, monitoring, recipient changes), ``ringkasan`` (overlap
and gap lists). Thin views: scoped fetch → form → service → message → redirect."""
