"""The "Notes and tags" section of the staff entry page, and a tag as a label.

``{% notes_and_tags entry edition %}`` loads what it shows itself (a fixed number of queries:
the entry's tags, the edition's tags to choose from, the notes with their authors), so the page
that includes it needs nothing more in its context than the request.
"""

from django import template

register = template.Library()


@register.inclusion_tag("entries/tools/_section.html", takes_context=True)
def notes_and_tags(context, entry, edition):
    from entries.views.tools import section_context

    request = context["request"]
    return {**section_context(request.user, edition, entry), "request": request}


@register.inclusion_tag("entries/tools/_tag.html")
def tag_label(tag):
    """``{% tag_label tag %}``: the tag's name on its colour."""
    return {"tag": tag}
