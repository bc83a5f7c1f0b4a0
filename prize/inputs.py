"""Input that never breaks a page: what the platform takes from a query string, a form or an
autosave, in one place.

* Control characters nobody means to type (NUL among them, which PostgreSQL refuses in text and
  JSON) are removed from every query string and form post before a view runs
  (``InputCleaningMiddleware``); a vertical tab or form feed (a line break pasted from a word
  processor) becomes a line break. Tab, line feed and carriage return stay.
* Query parameters are read through ``int_param`` (a whole number within the database's range,
  else None) and ``text_param`` (trimmed, at most ``QUERY_TEXT_MAX_LENGTH`` characters), so no
  filter sends the database a number it cannot hold or a pattern it cannot match.
* Forms take ``LimitedFormMixin``: a text field without a limit gets ``TEXT_MAX_LENGTH``
  (settings, 20,000 characters by default), a whole-number field without bounds the database
  column's range, each with the form's usual message.
* Path parameters that are ids use the ``id`` converter (at most 18 digits): a longer number is
  a 404 like any id that does not exist; invitation tokens use ``token`` (the characters a token
  is made of).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.http import QueryDict

# C0 control characters except tab, line feed and carriage return; and DEL.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BREAKS = re.compile("[\x0b\x0c]")  # vertical tab, form feed
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# The largest id a path or a query parameter may name (bigint holds 19 digits).
ID_DIGITS = 18
ID_MAX = 10**ID_DIGITS - 1
# Whole numbers a form takes when its field sets no bound (PostgreSQL's integer).
INT_MAX = 2**31 - 1
QUERY_TEXT_MAX_LENGTH = 200


def text_max_length() -> int:
    return settings.TEXT_MAX_LENGTH


def clean_text(value: str) -> str:
    """``value`` without the control characters nobody means (see the module)."""
    if not _NEEDS_CLEANING.search(value):
        return value
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def clean_value(value):
    """Strings cleaned, recursively through lists and dicts (keys too): for JSON input."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_value(item) for key, item in value.items()}
    return value


def clean_query_dict(data: QueryDict) -> QueryDict:
    """``data`` (GET or POST) with every key and value cleaned; the same object when nothing
    needed it."""
    if not any(_NEEDS_CLEANING.search(key) or any(_NEEDS_CLEANING.search(v) for v in values
                                                  if isinstance(v, str))
               for key, values in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key),
                        [clean_text(v) if isinstance(v, str) else v for v in values])
    cleaned._mutable = data._mutable
    return cleaned


class InputCleaningMiddleware:
    """Cleans ``request.GET`` and ``request.POST`` before the view runs (after the CSRF check,
    which has read the body already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.GET = clean_query_dict(request.GET)
        if request.method == "POST":
            request.POST = clean_query_dict(request.POST)
        return None


# --- Query parameters ----------------------------------------------------------------------------


def int_param(params: Mapping, name: str, *, minimum: int = 1,
              maximum: int = ID_MAX) -> int | None:
    """``params[name]`` as a whole number from ``minimum`` to ``maximum``; None when it is
    missing, not a number, or out of range."""
    raw = str(params.get(name) or "").strip()
    sign = -1 if raw.startswith("-") else 1
    digits = raw[1:] if raw[:1] in "+-" else raw
    if not digits.isascii() or not digits.isdigit() or len(digits) > ID_DIGITS:
        return None
    value = sign * int(digits)
    return value if minimum <= value <= maximum else None


def int_params(params, name: str, *, minimum: int = 1, maximum: int = ID_MAX) -> list[int]:
    """Every value of ``name`` (``params.getlist``) that ``int_param`` accepts, in order."""
    out = []
    for value in params.getlist(name):
        number = int_param({name: value}, name, minimum=minimum, maximum=maximum)
        if number is not None:
            out.append(number)
    return out


def text_param(params: Mapping, name: str, *, max_length: int = QUERY_TEXT_MAX_LENGTH) -> str:
    """``params[name]`` cleaned, its spaces collapsed, cut at ``max_length`` characters."""
    value = params.get(name) or ""
    if not isinstance(value, str):
        return ""
    return " ".join(clean_text(value).split())[:max_length]


# --- Path parameters -----------------------------------------------------------------------------


class IdConverter:
    """``<id:pk>``: an id of at most 18 digits (a longer one names nothing)."""

    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class TokenConverter:
    """``<token:token>``: an invitation token as ``secrets.token_urlsafe`` makes them (letters,
    digits, ``-`` and ``_``); anything else names nothing."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


# --- Forms ---------------------------------------------------------------------------------------


def bound(field: forms.Field, minimum=None, maximum=None) -> forms.Field:
    """Give a number field a lowest and a highest value, with the usual messages and the
    input's ``min`` and ``max``."""
    if minimum is not None:
        field.min_value = minimum
        field.validators = [v for v in field.validators
                            if not isinstance(v, MinValueValidator)]
        field.validators.append(MinValueValidator(minimum))
        field.widget.attrs["min"] = str(minimum)
    if maximum is not None:
        field.max_value = maximum
        field.validators = [v for v in field.validators
                            if not isinstance(v, MaxValueValidator)]
        field.validators.append(MaxValueValidator(maximum))
        field.widget.attrs["max"] = str(maximum)
    return field


def limit_fields(form: forms.BaseForm) -> None:
    """Give every text field without a limit ``TEXT_MAX_LENGTH``, and every whole-number field
    without bounds the integer range, with the usual messages (and ``maxlength``/``min``/``max``
    on their inputs)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and field.max_length is None:
            field.max_length = text_max_length()
            field.validators.append(MaxLengthValidator(field.max_length))
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
        elif isinstance(field, forms.IntegerField):
            bound(field, -INT_MAX if field.min_value is None else None,
                  INT_MAX if field.max_value is None else None)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by id (checkboxes): a value that cannot be an id (not a number, or too long
    for one) is refused like any other unknown choice, before the database is asked."""

    def _check_values(self, value):
        for pk in value:
            if int_param({"pk": pk}, "pk") is None:
                raise ValidationError(self.error_messages["invalid_pk_value"],
                                      code="invalid_pk_value",
                                      params={"pk": str(pk)[:20]})
        return super()._check_values(value)


class LimitedFormMixin:
    """Every text field capped, every whole number bounded (see ``limit_fields``). List it
    before ``forms.Form`` / ``forms.ModelForm``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_fields(self)
