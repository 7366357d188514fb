"""Pendampingan: visits (kunjungan), follow-up plans, PSKS inventory and referrals (rujukan).

Plain modules inside the ``pmks`` app (models register under app label ``pmks``).
"""
