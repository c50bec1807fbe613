"""What a browser would send from a page's forms: the one form-scraping helper of the tests.

``form_data(page)`` gives the values of the page's own form (the first ``<form method="post">``
without an ``action``, which posts back to the page); ``post_forms(page)`` gives
``[(action, values)]`` for every post form of the page, each with its first named submit
button. ``page`` is a response or its HTML.

Values are what a browser sends: inputs (checked radios and checkboxes only, ``"on"`` for one
without a value; no file inputs, no buttons unless asked for), textareas, the selected options of
a select (or its first option when none is selected and it is not ``multiple``); nothing disabled
and nothing inside a ``<template>`` (a formset's blank row). A name sent once maps to its value,
a name sent more than once (a multiple select, a group of checkboxes) to the list of its values;
``client.post`` takes both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class _Form:
    attrs: dict
    fields: list = field(default_factory=list)  # [(name, value)] in page order
    button: tuple | None = None  # the first named submit button, (name, value)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._template = 0
        self._select: dict | None = None  # {"name", "multiple", "first", "chosen"}
        self._option: list | None = None  # [value or None, text, selected]
        self._textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = {k: ("" if v is None else v) for k, v in attrs}
        if tag == "template":
            self._template += 1
        elif tag == "form":
            self._form = _Form(attrs=a)
            self.forms.append(self._form)
        if self._form is None or self._template:
            return
        name, kind, disabled = a.get("name"), a.get("type", "").lower(), "disabled" in a
        if tag == "input" and name and not disabled:
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind in ("submit", "image"):
                self._form.button = self._form.button or (name, a.get("value", ""))
            elif kind not in ("file", "button", "reset"):
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and not disabled and kind in ("", "submit"):
            self._form.button = self._form.button or (name, a.get("value", ""))
        elif tag == "select" and name and not disabled:
            self._select = {"name": name, "multiple": "multiple" in a, "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            if self._option is not None:  # the previous option was not closed
                self._end_option()
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "textarea" and name and not disabled:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "template":
            self._template = max(0, self._template - 1)
        elif tag == "form":
            self._form = None
        elif tag in ("option", "select") and self._option is not None:
            self._end_option()
        if tag == "select" and self._select is not None:
            select = self._select
            if not select["chosen"] and not select["multiple"] and select["first"] is not None:
                self._form.fields.append((select["name"], select["first"]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None

    def _end_option(self):
        value, text, selected = self._option
        value = text.strip() if value is None else value
        self._option = None
        if self._select["first"] is None:
            self._select["first"] = value
        if selected and (self._select["multiple"] or not self._select["chosen"]):
            self._select["chosen"] = True
            self._form.fields.append((self._select["name"], value))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option[1] += data


def _values(form: _Form, *, button: bool) -> dict:
    pairs = form.fields + ([form.button] if button and form.button else [])
    data: dict = {}
    for name, value in pairs:
        if name in data:
            data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
        else:
            data[name] = value
    return data


def _post_forms(page) -> list[_Form]:
    html = page if isinstance(page, str) else page.content.decode()
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return [f for f in parser.forms if f.attrs.get("method", "get").lower() == "post"]


def form_data(page, *, button: bool = False) -> dict:
    """The values of the page's own form (the first post form without an ``action``); with
    ``button`` also its first named submit button (views that tell buttons apart)."""
    own = [f for f in _post_forms(page) if not f.attrs.get("action")]
    assert own, "the page has no form that posts back to it"
    return _values(own[0], button=button)


def post_forms(page) -> list[tuple[str | None, dict]]:
    """``[(action, values)]`` of every ``<form method="post">`` of the page, in page order, each
    with its first named submit button; ``action`` is ``None`` when the form posts back to the
    page itself."""
    return [(f.attrs.get("action") or None, _values(f, button=True)) for f in _post_forms(page)]
