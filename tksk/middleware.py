"""Response headers every page needs: Content-Security-Policy and no caching of personal data."""

from __future__ import annotations

from csp.constants import UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse


class TanpaCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a logged-in user.

    Pages and files of a logged-in user are full of NIKs; a shared browser or proxy must not keep
    them. Static files never reach this middleware (WhiteNoise answers them earlier). Directives
    that would allow storing (``public``, ``max-age``, ``s-maxage``) are dropped; others such as
    ``no-cache`` or ``must-revalidate`` stay.
    """

    DIGANTI = {"public", "private", "no-store", "max-age", "s-maxage"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            lain = [
                d.strip() for d in response.get("Cache-Control", "").split(",")
                if d.strip() and d.split("=")[0].strip().lower() not in self.DIGANTI
            ]
            response["Cache-Control"] = ", ".join(["private", "no-store", *lain])
        return response


# The one inline handler of the admin: django-import-export's export page, "Select all" checkbox
# (onchange="onSelectToggleChange(event)"). Allowed by its hash, not by 'unsafe-inline'.
HASH_HANDLER_ADMIN = ["'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"]


class KebijakanKontenMiddleware(CSPMiddleware):
    """django-csp with the policy of ``settings.CONTENT_SECURITY_POLICY`` everywhere, except that
    the Django admin (and django-import-export's admin pages) may use inline *styles* (their
    templates carry a few ``style`` attributes and one ``<style>`` block) and the one inline event
    handler listed above, by hash. No other inline script runs there either.

    A response that already has a Content-Security-Policy (file downloads set ``sandbox``) keeps it:
    django-csp never overwrites an existing header.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.update = {
                **(parts.update or {}),
                "style-src": [UNSAFE_INLINE],
                "script-src": [UNSAFE_HASHES, *HASH_HANDLER_ADMIN],
            }
        return parts
