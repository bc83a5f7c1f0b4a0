"""Staff's private notes and tags on entries.

Both belong to the edition's staff alone: the secretariat and the coordinators read them; no
entrant, judge, public page, API or entrant-facing export ever shows them. A tag is a label of
one edition ("needs translation", "ask for budget") that staff put on entries to find them
again; a note is a few lines one member of staff writes on one entry. See
``entries/tagging.py`` for the services that write them.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

__all__ = ["NOTE_MAX_LENGTH", "TAG_NAME_MAX_LENGTH", "EntryTag", "Note", "Tag", "TagColour"]

TAG_NAME_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 4000


class TagColour(models.TextChoices):
    """A small fixed palette: each a light background with dark text (≥ 4.5:1, see the styles
    in templates/entries/tools/_tag_styles.html). The name is always written on the tag, so
    colour is never the only cue."""

    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    PURPLE = "purple", _("Purple")
    TEAL = "teal", _("Teal")
    GREY = "grey", _("Grey")


class Tag(models.Model):
    """A label staff put on entries of one edition."""

    edition = models.ForeignKey("prize.Edition", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=TAG_NAME_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=60)
    colour = models.CharField(_("colour"), max_length=10, choices=TagColour.choices,
                              default=TagColour.BLUE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "entries"
        ordering = ["edition", "name"]
        verbose_name = _("tag")
        constraints = [
            models.UniqueConstraint(Lower("name"), "edition", name="unique_tag_name"),
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_tag_slug"),
            models.CheckConstraint(condition=models.Q(colour__in=TagColour.values),
                                   name="tag_colour"),
        ]

    def __str__(self):
        return self.name


class EntryTag(models.Model):
    """One tag on one entry: who put it there, and when."""

    entry = models.ForeignKey("entries.Entry", on_delete=models.CASCADE,
                              related_name="entry_tags")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="entry_tags")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "entries"
        ordering = ["entry", "tag__name"]
        verbose_name = _("tag on an entry")
        constraints = [
            models.UniqueConstraint(fields=["entry", "tag"], name="one_tag_per_entry"),
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.tag_id}"


class Note(models.Model):
    """A private note of one member of staff on one entry."""

    entry = models.ForeignKey("entries.Entry", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "entries"
        ordering = ["entry", "created_at", "pk"]
        verbose_name = _("note")

    def __str__(self):
        return f"{self.entry_id}: {self.text[:40]}"
