from django import template

from pmks.luring.selectors import boleh_unduh

register = template.Library()


@register.filter
def boleh_luring(user) -> bool:
    """May this user work offline (a TKSK of one kecamatan)? Shows the "Luring" menu entry."""
    return boleh_unduh(user)
