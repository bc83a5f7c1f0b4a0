"""Account pages where the platform says more than django-allauth does.

allauth skips a confirmation e-mail that is over its rate limit (ACCOUNT_RATE_LIMITS
"confirm_email") without a word, since the link sent earlier still works. On the e-mail
addresses page, where someone pressed "Re-send verification", the page says so instead.
"""

from allauth.account import views as allauth_views
from django.contrib import messages
from django.utils.translation import gettext as _


class EmailView(allauth_views.EmailView):
    def _action_send(self, request, *args, **kwargs):
        response = super()._action_send(request, *args, **kwargs)
        address = self._get_email_address(request)
        if address is not None and not self._did_send_verification_email:
            messages.error(request, _(
                "No new confirmation e-mail was sent to %(email)s: one was sent a short while "
                "ago, or too many were asked for. Use the link in the e-mail already sent (check "
                "your spam folder too), or try again later."
            ) % {"email": address.email})
        return response


email = EmailView.as_view()
