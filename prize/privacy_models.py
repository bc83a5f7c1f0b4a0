"""Entrants' data rights: closed accounts and the retention of personal data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Anonymised"]


class Anonymised(models.Model):
    """That a person's data was removed, when and why: closed by its owner, or anonymised by
    the retention rule. Holds no personal data (the user row it points to was emptied); it
    makes closing and retention idempotent."""

    class Reason(models.TextChoices):
        CLOSED = "closed", _("Closed by its owner")
        RETENTION = "retention", _("Retention period over")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="anonymisation")
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    kept = models.BooleanField(_("record kept"), default=False,
                               help_text=_("A winner's or a finalist's record stays."))
    counts = models.JSONField(_("what was removed"), default=dict, blank=True)

    class Meta:
        verbose_name = _("anonymised account")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.at:%Y-%m-%d})"
