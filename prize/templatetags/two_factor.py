"""``{% two_factor_state as tf %}``: what the two-factor pages say about a person (the app, how
many security keys, whether one may go); ``{% two_factor_state some_user as tf %}`` for the
person at the login's code step, who is not logged in yet."""

from django import template

from prize import two_factor

register = template.Library()


@register.simple_tag(takes_context=True)
def two_factor_state(context, user=None):
    if user is None:
        request = context.get("request")
        user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return two_factor.state(user)
