"""The WSGI application (gunicorn: ``config.wsgi``, see ``config/gunicorn.py``).

Django imports the URLconf — and with it every view and what the views import (WeasyPrint alone
takes ~0.8 s) — on the first request a process serves. Under gunicorn with ``preload_app`` that
would be every worker's first user request, again after each ``max_requests`` recycle (~0.9 s,
measured at 1 M households, #16). So the URLconf, the template tag libraries and the context
processors are loaded here, once, in the process that forks the workers: they start with them in
(copy-on-write shared) memory. Loading them opens no database connection.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.template import engines
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not on a user's request
for _mesin in engines.all():  # the template tag libraries and context processors, likewise
    getattr(_mesin, "engine", _mesin).template_context_processors  # noqa: B018
