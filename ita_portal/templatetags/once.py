"""``{% once_token %}``: the hidden one-time token of a create form (``ita_portal.once``)."""

from django import template

from ita_portal import once

register = template.Library()


@register.simple_tag
def once_token():
    """A hidden input with a fresh token; put it inside the ``<form>`` beside ``{% csrf_token %}``."""
    return once.hidden_input()
