"""Saved views of the staff lists: save the list as it is under a name, open it again, rename
or delete it. A saved view belongs to one person: anyone else's does not exist for them (404).

Opening a view checks its query string again with the list's filters as they are now: what no
longer reads is left out, and the page says what was (``StaffList.clean_query``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .inputs import LimitedFormMixin, int_param, text_param
from .list_models import QUERY_MAX_LENGTH, SavedView
from .permissions import permission_required
from .selectors import editions_visible_to
from .staff_lists import list_class


class SavedViewNameForm(LimitedFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the view"), max_length=80,
                           error_messages={"required": gettext_lazy("Give the view a name.")})


def _list_of(key: str, edition_value: str, user):
    """The list class and the edition a saved view is about, or 404 (an unknown list, an
    edition one may not see, a list of one edition without it)."""
    cls = list_class(key)
    if cls is None:
        raise Http404
    edition = None
    if edition_value:
        edition_id = int_param({"edition": edition_value}, "edition")
        if edition_id is None:
            raise Http404
        edition = get_object_or_404(editions_visible_to(user), pk=edition_id)
    if cls.per_edition != (edition is not None):
        raise Http404
    return cls, edition


def _url(cls, edition, query: str) -> str:
    url = cls.url(edition)
    return f"{url}?{query}" if query else url


def _own(request, pk) -> SavedView:
    return get_object_or_404(SavedView.objects.filter(user=request.user), pk=pk)


@require_POST
@permission_required("prize.enter_staff_area")
def saved_view_save(request):
    """Save the list's current query string (checked first) under a name; the same name
    again replaces that view's query string."""
    cls, edition = _list_of(text_param(request.POST, "list"), text_param(request.POST, "edition"),
                            request.user)
    raw = request.POST.get("query", "")[:QUERY_MAX_LENGTH]
    query, ignored = cls(QueryDict(raw), user=request.user, edition=edition).clean_query()
    form = SavedViewNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The view was not saved: %(reason)s") % {
            "reason": " ".join(form.errors["name"])})
        return redirect(_url(cls, edition, query))
    name = form.cleaned_data["name"]
    with transaction.atomic():
        view, created = SavedView.objects.select_for_update().get_or_create(
            user=request.user, list_key=cls.key, edition=edition, name=name,
            defaults={"query": query})
        if not created:
            view.query = query
            view.save(update_fields=["query", "updated_at"])
    messages.success(request, (_("The view “%(name)s” is saved.") if created else
                               _("The view “%(name)s” now shows this list as it is."))
                     % {"name": name})
    if ignored:
        messages.warning(request, _("Left out of the view, as they do not read: %(items)s.")
                         % {"items": "; ".join(ignored)})
    return redirect(_url(cls, edition, query))


@permission_required("prize.enter_staff_area")
def saved_view_open(request, pk):
    view = _own(request, pk)
    cls = list_class(view.list_key)
    if cls is None:
        raise Http404
    if view.edition_id is not None and not editions_visible_to(request.user).filter(
            pk=view.edition_id).exists():
        raise Http404
    query, ignored = cls(QueryDict(view.query), user=request.user,
                         edition=view.edition).clean_query()
    if ignored:
        messages.warning(request, _("The view “%(name)s” was saved when the list read other "
                                    "filters; ignored now: %(items)s.")
                         % {"name": view.name, "items": "; ".join(ignored)})
    return redirect(_url(cls, view.edition, query))


@permission_required("prize.enter_staff_area")
def saved_views(request):
    """The user's saved views, each with a link, a rename form and a delete button."""
    views = list(SavedView.objects.filter(user=request.user).select_related("edition")
                 .order_by("list_key", "edition__name", "name", "pk"))
    rows = []
    for view in views:
        cls = list_class(view.list_key)
        rows.append({"view": view, "list_title": cls.title if cls else view.list_key,
                     "form": SavedViewNameForm(initial={"name": view.name},
                                               prefix=f"view-{view.pk}")})
    return render(request, "components/staff_list/saved_views_page.html", {"rows": rows})


@require_POST
@permission_required("prize.enter_staff_area")
def saved_view_rename(request, pk):
    view = _own(request, pk)
    form = SavedViewNameForm(request.POST, prefix=f"view-{view.pk}")
    if not form.is_valid():
        messages.error(request, _("The view was not renamed: %(reason)s") % {
            "reason": " ".join(form.errors["name"])})
        return redirect("staff_lists:saved_views")
    old, view.name = view.name, form.cleaned_data["name"]
    try:
        with transaction.atomic():
            view.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        messages.error(request, _("You already have a view named “%(name)s” on this list; "
                                  "the view was not renamed.") % {"name": view.name})
    else:
        messages.success(request, _("“%(old)s” is now named “%(name)s”.")
                         % {"old": old, "name": view.name})
    return redirect("staff_lists:saved_views")


@require_POST
@permission_required("prize.enter_staff_area")
def saved_view_delete(request, pk):
    view = _own(request, pk)
    view.delete()
    messages.success(request, _("The view “%(name)s” is deleted.") % {"name": view.name})
    return redirect("staff_lists:saved_views")
