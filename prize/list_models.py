"""Saved views of the staff lists: filters, sort and page size under a name.

A saved view is a bookmark of one person: the list it belongs to (``list_key``, see
``prize.staff_lists``), the edition whose list it is (none for lists across editions, such as
the outbox), a name, and the list's query string. The query string is checked again each time
the view is opened, so a view saved before a filter changed still opens, without what no longer
reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["SavedView"]

QUERY_MAX_LENGTH = 2000


class SavedView(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="saved_views")
    list_key = models.CharField(_("list"), max_length=40)
    edition = models.ForeignKey("prize.Edition", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("query string"), max_length=QUERY_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key", "edition", "name"],
                                    condition=Q(edition__isnull=False),
                                    name="saved_view_name_unique_in_edition"),
            models.UniqueConstraint(fields=["user", "list_key", "name"],
                                    condition=Q(edition__isnull=True),
                                    name="saved_view_name_unique"),
        ]
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
