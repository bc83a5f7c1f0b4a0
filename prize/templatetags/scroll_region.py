"""``{% scrollregion label %}…{% endscrollregion %}``: a table's sideways-scrolling box, named and
reachable with the keyboard (templates/components/scroll_region.html).

``label`` names the region for screen readers ("Entries of Tech-InnovaCity"); an optional second
argument adds classes to the box (``{% scrollregion label "mt-3" %}``).
"""

from django import template
from django.template.loader import get_template

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, label, extra_class, nodelist):
        self.label = label
        self.extra_class = extra_class
        self.nodelist = nodelist

    def render(self, context):
        return get_template("components/scroll_region.html").render({
            "label": self.label.resolve(context),
            "extra_class": self.extra_class.resolve(context) if self.extra_class else "",
            "content": self.nodelist.render(context),  # safe: rendered (and escaped) here
        })


@register.tag("scrollregion")
def scrollregion(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            "{% scrollregion label [classes] %} takes a label and, optionally, classes")
    label = parser.compile_filter(bits[1])
    extra_class = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    nodelist = parser.parse(("endscrollregion",))
    parser.delete_first_token()
    return ScrollRegionNode(label, extra_class, nodelist)
