"""``{% scrollregion %}``: a table's scrolling box, named and reachable with the keyboard."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load scroll_region %}" + source).render(Context(context))


def test_the_box_is_a_named_region_that_takes_the_focus():
    html = render("{% scrollregion label %}<table><tr><td>{{ cell }}</td></tr></table>"
                  "{% endscrollregion %}", label='Entries of "Seoul" <b>', cell="<i>")
    assert html == (
        '<div class="table-responsive" tabindex="0" role="region" '
        'aria-label="Entries of &quot;Seoul&quot; &lt;b&gt;">'
        "<table><tr><td>&lt;i&gt;</td></tr></table></div>")


def test_classes_are_added_to_the_box():
    html = render('{% scrollregion _("Scores") "mt-3" %}x{% endscrollregion %}')
    assert html == ('<div class="table-responsive mt-3" tabindex="0" role="region" '
                    'aria-label="Scores">x</div>')


def test_a_region_without_a_name_does_not_compile():
    with pytest.raises(TemplateSyntaxError):
        render("{% scrollregion %}x{% endscrollregion %}")
