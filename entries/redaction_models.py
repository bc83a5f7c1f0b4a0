"""Redactions: passages of an entry's answers that judges of a blind round read as "[redacted]".

A redaction keeps the text it hides, not a position, so it still applies after the answer is
edited (to each occurrence of that text); the answer itself is never changed. See
``entries/redaction.py`` for how passages are found, suggested and hidden.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PASSAGE_MAX_LENGTH = 300


class Redaction(models.Model):
    """One passage hidden from judges of blind rounds: in one answer (``field_key``), or in
    every answer of the entry (``field_key`` empty)."""

    entry = models.ForeignKey("entries.Entry", on_delete=models.CASCADE,
                              related_name="redactions")
    field_key = models.CharField(
        _("answer"), max_length=100, blank=True,
        help_text=_("The form field whose answer it applies to; empty for every answer."))
    text = models.CharField(_("hidden passage"), max_length=PASSAGE_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "entries"
        ordering = ["entry", "field_key", "pk"]
        verbose_name = _("redaction")
        constraints = [
            models.UniqueConstraint(fields=["entry", "field_key", "text"],
                                    name="one_redaction_per_passage"),
        ]

    def __str__(self):
        return f"{self.entry}: {self.text}"

    @property
    def everywhere(self) -> bool:
        return not self.field_key
