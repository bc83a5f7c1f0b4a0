"""The staff lists' filter selects (``prize.staff_lists.ListSelect``) are written without the
template engine: each must be the markup Django's own select writes, whatever its choices,
value and attributes, so the filter bars read, submit and announce exactly as before."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from prize.models import Category
from prize.staff_lists import ListFilterForm, ListSelect
from tests.factories import CategoryFactory, EditionFactory

CHOICES = [
    ("", "All"),
    ("a&b", 'Tom & "Jerry" <b>'),
    ("kr", gettext_lazy("Status")),
    (3, "three"),
    ("safe", mark_safe("<i>kept</i>")),
]
GROUPED = [("", "Any"), ("Europe <west>", [("fr", "France"), ("es", "Spain")]),
           ("Asia", [("kr", "Korea")])]


def both(choices, name, value, attrs=None):
    ours = ListSelect(attrs=attrs, choices=choices).render(name, value)
    django = forms.Select(attrs=attrs, choices=choices).render(name, value)
    return ours, django


@pytest.mark.parametrize("value", [None, "", "a&b", "3", 3, "nothing", "safe"])
def test_every_value_selected_as_django_selects_it(value):
    ours, django = both(CHOICES, "status", value,
                        {"class": "form-select", "id": "id_status", "data-x": 'a"b'})
    assert ours == django
    assert ours.startswith('<select name="status" class="form-select" id="id_status"')


def test_groups_and_attributes_true_false_and_awkward_names():
    attrs = {"class": "form-select", "required": True, "disabled": False,
             "aria-describedby": "x y"}
    ours, django = both(GROUPED, 'c"ountry', "es", attrs)
    assert ours == django
    assert "<optgroup" in ours and " required" in ours and "disabled" not in ours


def test_korean_labels():
    with override("ko"):
        ours, django = both(CHOICES, "status", "kr")
    assert ours == django


@pytest.mark.django_db
def test_a_list_form_draws_its_single_choice_selects_with_it_and_the_same_markup():
    edition = EditionFactory()
    CategoryFactory(edition=edition, name="Mobility & <Transport>")

    class Form(ListFilterForm):
        kind = forms.ChoiceField(choices=CHOICES, required=False)
        category = forms.ModelChoiceField(Category.objects.filter(edition=edition),
                                          required=False, to_field_name="slug")
        tags = forms.MultipleChoiceField(choices=CHOICES, required=False)

    form = Form({"kind": "a&b", "category": "nope"})
    form.is_valid()
    assert type(form.fields["kind"].widget) is ListSelect
    assert type(form.fields["category"].widget) is ListSelect
    assert type(form.fields["tags"].widget) is forms.SelectMultiple  # left as Django draws it
    for name in ("kind", "category"):
        ours = str(form[name])
        form.fields[name].widget.__class__ = forms.Select
        assert ours == str(form[name])
    assert "Mobility &amp; &lt;Transport&gt;" in str(form["category"])
