"""``{% translated_pair form "name" %}``: one translated text's fields, every language side by
side (stacked on a phone), for templates that place a form's fields one by one (see
``prize/translated_forms.py``)."""

from django import template

from ..translated_forms import pair_fields

register = template.Library()


@register.inclusion_tag("components/translated_pair.html")
def translated_pair(form, name, field_template="judging/staff/_field.html"):
    return {"fields": pair_fields(form, name), "field_template": field_template,
            "pair_id": form.pair_id(name)}
