"""Response headers every page needs: Content-Security-Policy and no caching of personal data."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.urls import reverse
from django.utils.cache import patch_cache_control


class TanpaCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a logged-in user.

    Pages and files of a logged-in user are full of NIKs; a shared browser or proxy must not keep
    them. Static files never reach this middleware (WhiteNoise answers them earlier).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class KebijakanKontenMiddleware(CSPMiddleware):
    """django-csp with the policy of ``settings.CONTENT_SECURITY_POLICY`` everywhere, except that
    the Django admin (and django-import-export's admin pages) may use inline *styles*: their
    templates carry a few ``style`` attributes and one ``<style>`` block. Scripts stay 'self' there too.

    A response that already has a Content-Security-Policy (file downloads set ``sandbox``) keeps it:
    django-csp never overwrites an existing header.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts
