"""Data-breach incidents (UU 27/2022 art. 46): the administrator's checklist, the 3 × 24-hour clock,
the record of who was notified when, and what the personal-data access log shows for the period."""
