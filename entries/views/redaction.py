"""The staff page that hides passages of an entry's answers from judges of blind rounds.

Whoever may see the staff entry page (the secretariat, coordinators) may use it: it shows each
answer judges of a blind round read, with what probably names the entrant suggested and what is
hidden marked, and takes passages to hide (in one answer or in every answer) and redactions to
remove. The entry's answers are never changed. See ``entries/redaction.py``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from prize.inputs import LimitedFormMixin

from .. import redaction
from .. import schema as form_schema
from ..models import EntrantMember
from ..redaction_models import PASSAGE_MAX_LENGTH, Redaction
from .staff import _entry, staff_page


class PassageForm(LimitedFormMixin, forms.Form):
    """A passage to hide, and where: one answer, or every answer (``""``)."""

    text = forms.CharField(
        label=gettext_lazy("Passage to hide"), max_length=PASSAGE_MAX_LENGTH,
        help_text=gettext_lazy("Exactly as the answer writes it; capitals and line breaks do "
                               "not matter. Judges of blind rounds read “[redacted]” instead."),
        error_messages={"required": gettext_lazy("Type the passage to hide."),
                        "max_length": gettext_lazy(
                            "A passage to hide has at most %(limit_value)d characters (this "
                            "one has %(show_value)d): hide a shorter part, or hide it in "
                            "pieces.")})
    field = forms.ChoiceField(label=gettext_lazy("Hide it in"), required=False,
                              error_messages={"invalid_choice": gettext_lazy(
                                  "Choose one of the answers listed on this page.")})

    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Every answer of the entry"))] + [
            (f.key, f.label) for _step, f in answers]
        self.fields["text"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["field"].widget.attrs["class"] = "form-select"


def _schema(entry) -> form_schema.Schema | None:
    try:
        return form_schema.Schema.parse(entry.form.schema)
    except form_schema.SchemaError:
        return None


def _page(request, edition, entry, *, form=None, status=200):
    schema = _schema(entry)
    context = {"edition": edition, "entry": entry, "schema": schema}
    if schema is not None:
        members = [m.user.name for m in EntrantMember.objects.filter(
            entrant_id=entry.entrant_id).select_related("user") if m.user.name]
        redactions = list(Redaction.objects.filter(entry=entry).order_by("pk"))
        answers = redaction.text_answers(entry, schema)
        context.update({
            "page": redaction.redaction_page(entry, schema, redactions, members),
            "form": form or PassageForm(answers=answers),
        })
    return render(request, "entries/staff/redaction.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_page()
def staff_redaction(request, edition, pk):
    """GET: the page. POST: hide a passage (typed, or a suggestion's button)."""
    entry = _entry(request, edition, pk)
    if request.method != "POST":
        return _page(request, edition, entry)
    schema = _schema(entry)
    if schema is None:
        return _page(request, edition, entry, status=400)
    form = PassageForm(request.POST, answers=redaction.text_answers(entry, schema))
    if form.is_valid():
        key = form.cleaned_data["field"]
        try:
            added = redaction.redaction_add(entry=entry, schema=schema,
                                            text=form.cleaned_data["text"], field_key=key,
                                            by=request.user)
        except redaction.RedactionError as exc:
            form.add_error("text", str(exc))
        else:
            where = (schema.fields_by_key[key].label if key
                     else _("every answer of the entry"))
            messages.success(request, _("“%(passage)s” is hidden from judges of blind rounds "
                                        "in %(where)s.") % {"passage": added.text,
                                                            "where": where})
            return redirect("entries:staff_redaction", edition_slug=edition.slug,
                            pk=entry.pk)
    return _page(request, edition, entry, form=form, status=400)


@require_POST
@staff_page()
def staff_redaction_remove(request, edition, pk, redaction_id):
    entry = _entry(request, edition, pk)
    hidden = get_object_or_404(Redaction.objects.select_related("entry"), entry=entry,
                               pk=redaction_id)
    redaction.redaction_remove(redaction=hidden, schema=_schema(entry), by=request.user)
    messages.success(request, _("“%(passage)s” is shown to judges of blind rounds again.")
                     % {"passage": hidden.text})
    return redirect("entries:staff_redaction", edition_slug=edition.slug, pk=entry.pk)


urlpatterns = [
    path("staff/<slug:edition_slug>/entries/<id:pk>/redactions/", staff_redaction,
         name="staff_redaction"),
    path("staff/<slug:edition_slug>/entries/<id:pk>/redactions/<id:redaction_id>/remove/",
         staff_redaction_remove, name="staff_redaction_remove"),
]
