"""Required fields are marked: an asterisk after the label (hidden from screen readers, which
hear "required" from the input), aria-required on the input, and one "* required" legend per
form; an error summary never repeats a label its message already names."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

pytestmark = pytest.mark.django_db

LEGEND = "Fields marked with an asterisk are required."


class Contact(forms.Form):
    name = forms.CharField(label="Name")
    city = forms.CharField(label="City")
    note = forms.CharField(label="Note", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")],
                             widget=forms.RadioSelect)


def crispy(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_the_login_form_marks_its_required_fields_once(client):
    html = client.get(reverse("account_login")).content.decode()

    assert html.count(LEGEND) == 1
    email = re.search(r'<input[^>]*name="login"[^>]*>', html).group(0)
    password = re.search(r'<input[^>]*name="password"[^>]*>', html).group(0)
    assert 'aria-required="true"' in email and "required" in email
    assert 'aria-required="true"' in password
    remember = re.search(r'<input[^>]*name="remember"[^>]*>', html)
    assert remember is None or "aria-required" not in remember.group(0)


def test_a_form_gets_one_legend_and_only_required_inputs_aria_required():
    html = crispy(Contact())

    assert html.count(LEGEND) == 1
    assert html.index(LEGEND) < html.index('name="name"')  # before the first required field
    assert 'aria-required="true"' in re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert 'aria-required="true"' in re.search(r'<input[^>]*name="city"[^>]*>', html).group(0)
    assert "aria-required" not in re.search(r'<input[^>]*name="note"[^>]*>', html).group(0)
    # radio buttons may not carry aria-required: their group's legend has the asterisk
    assert all("aria-required" not in tag
               for tag in re.findall(r'<input[^>]*name="kind"[^>]*>', html))


def test_a_form_with_nothing_required_has_no_legend():
    class Optional(forms.Form):
        note = forms.CharField(required=False)

    assert LEGEND not in crispy(Optional())


def test_forms_of_a_formset_leave_the_legend_to_their_page():
    formset = forms.formset_factory(Contact, extra=2)()

    html = "".join(crispy(form) for form in formset)

    assert LEGEND not in html
    assert html.count('aria-required="true"') == 4


@pytest.mark.parametrize("label, message, expected", [
    ("Title", "Title is required.", "Title is required."),
    ("Title", "title is too long.", "title is too long."),
    ("Title", "This field is required.", "Title: This field is required."),
    ("", "Something went wrong.", "Something went wrong."),
    ("Name", "<b>bad</b>", "Name: &lt;b&gt;bad&lt;/b&gt;"),
])
def test_an_error_summary_names_the_field_once(label, message, expected):
    html = Template("{% load display %}{{ label|with_error:message }}").render(
        Context({"label": label, "message": message}))

    assert html == expected


def test_hand_written_staff_fields_are_marked_like_crispy_ones():
    from django.template.loader import render_to_string

    form = Contact()
    html = "".join(render_to_string("judging/staff/_field.html", {"field": form[name]})
                   for name in ("name", "city", "note"))

    assert html.count(LEGEND) == 1  # once per form, before its first required field
    assert html.index(LEGEND) < html.index('name="name"')
    for name, required in (("name", True), ("city", True), ("note", False)):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert ('aria-required="true"' in tag) == required
