"""The endpoints of version 1. Thin: resolve what the caller may see through ``selectors``,
paginate, serialise. Everything is read-only (GET, HEAD, OPTIONS).

Public endpoints answer everyone as the public pages answer an anonymous visitor (no
credential is read there). Staff endpoints need a token (``Authorization: Bearer …``) or a
signed-in session, and answer only for editions the caller helps run: any other edition is
a 404, as on the pages.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from entries.filters import filter_entries
from judging.results import round_results
from judging.selectors import rounds_managed_by
from judging.views.staff.results import leaderboard
from prize.models import Category
from prize.selectors import editions_staffed_by

from . import selectors
from . import serializers as out
from .authentication import BearerTokenAuthentication, ReadOnlySessionAuthentication
from .pagination import Pages
from .tokens import may_hold_tokens

VERSIONS = ("v1",)


class PublicMixin:
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle,)
    pagination_class = Pages


class StaffMixin:
    authentication_classes = (BearerTokenAuthentication, ReadOnlySessionAuthentication)
    permission_classes = (IsAuthenticated,)
    throttle_classes = (UserRateThrottle,)
    pagination_class = Pages

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


def _flag(request, name: str) -> bool:
    return request.query_params.get(name, "") in ("1", "true", "yes")


# --- The index -------------------------------------------------------------------------------


@extend_schema(exclude=True)
class Index(APIView):
    """``/api/``: the versions there are, and where each one's description lives."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle,)

    def get(self, request):
        return Response({
            "versions": {
                version: {
                    "root": request.build_absolute_uri(reverse(f"api:{version}-root")),
                    "schema": request.build_absolute_uri(reverse(f"api:{version}-schema")),
                    "docs": request.build_absolute_uri(reverse(f"api:{version}-docs")),
                }
                for version in VERSIONS
            },
            "current": VERSIONS[-1],
        })


@extend_schema(exclude=True)
class Root(APIView):
    """``/api/v1/``: its public lists and its description."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonRateThrottle,)

    def get(self, request):
        names = {"editions": "api:editions", "staff_editions": "api:staff_editions",
                 "schema": "api:v1-schema", "docs": "api:v1-docs"}
        links = {}
        for key, name in names.items():
            try:
                links[key] = request.build_absolute_uri(reverse(name))
            except NoReverseMatch:  # pragma: no cover (every name is in api/urls.py)
                continue
        return Response(links)


# --- Public ----------------------------------------------------------------------------------


@extend_schema(tags=["public"], summary="Public editions",
               description="Every edition that is public (not in preparation), newest first.")
class EditionList(PublicMixin, generics.ListAPIView):
    serializer_class = out.EditionSerializer

    def get_queryset(self):
        return selectors.public_editions()

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "published": selectors.published_edition_ids()}


@extend_schema(tags=["public"], summary="One public edition")
class EditionDetail(PublicMixin, generics.RetrieveAPIView):
    serializer_class = out.EditionSerializer

    def get_object(self):
        return selectors.public_edition(self.kwargs["slug"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "published": selectors.published_edition_ids()}


@extend_schema(tags=["public"], summary="An edition's categories", description=(
    "The categories of a public edition in their order, with who may enter each."))
class CategoryList(PublicMixin, generics.ListAPIView):
    serializer_class = out.CategorySerializer

    def get_queryset(self):
        edition = selectors.public_edition(self.kwargs["slug"])
        return Category.objects.filter(edition=edition).order_by("order", "name", "pk")


@extend_schema(tags=["public"], summary="An edition's awards", description=(
    "The awards the public winners page lists: once the results are published, every award "
    "with a winner, in the page's order (each category's in tier order, then the special "
    "mentions). Before publication a 404, like the page; during a live reveal that publishes "
    "as it goes, the awards revealed so far."))
class AwardList(PublicMixin, generics.ListAPIView):
    serializer_class = out.AwardSerializer

    def get_queryset(self):
        return selectors.public_awards(selectors.public_edition(self.kwargs["slug"]))


@extend_schema(tags=["public"], summary="An edition's winners", description=(
    "The published winners with their award and the jury's citation, in the winners page's "
    "order. Before publication a 404, like the page; during a live reveal that publishes as "
    "it goes, the winners of the awards revealed so far. No rank, score or judge is given."))
class WinnerList(PublicMixin, generics.ListAPIView):
    serializer_class = out.WinnerSerializer

    def get_queryset(self):
        return selectors.public_winners(selectors.public_edition(self.kwargs["slug"]))


# --- Staff -----------------------------------------------------------------------------------


@extend_schema(tags=["staff"], summary="Editions you help run", description=(
    "A 404 for someone who runs none, like the staff area."))
class StaffEditionList(StaffMixin, generics.ListAPIView):
    serializer_class = out.EditionSerializer

    def get_queryset(self):
        if not may_hold_tokens(self.request.user):
            raise Http404
        return editions_staffed_by(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "published": selectors.published_edition_ids()}


ENTRY_PARAMETERS = [
    OpenApiParameter("answers", OpenApiTypes.BOOL, description="1: include the submitted "
                     "answers of each entry."),
    OpenApiParameter("status", OpenApiTypes.STR, description="An entry status, or “all”; "
                     "by default the entered ones (submitted, eligible, ineligible)."),
    OpenApiParameter("category", OpenApiTypes.STR, description="A category's slug."),
    OpenApiParameter("q", OpenApiTypes.STR, description="Search reference, title, entrant "
                     "or city."),
    OpenApiParameter("sort", OpenApiTypes.STR, description="reference, title, entrant, "
                     "country, submitted or saved; a leading “-” sorts descending."),
]


@extend_schema(tags=["staff"], summary="An edition's entries", parameters=ENTRY_PARAMETERS,
               description="The entries as the staff list shows them, with its filters.")
class StaffEntryList(StaffMixin, generics.ListAPIView):
    serializer_class = out.EntrySerializer

    def get_queryset(self):
        edition = selectors.staff_edition(self.request.user, self.kwargs["slug"])
        entries = selectors.staff_entries(self.request.user, edition)
        codes = sorted(code for code in entries.order_by()
                       .values_list("entrant__country", flat=True).distinct() if code)
        rows, _form = filter_entries(entries, self.request.query_params, edition=edition,
                                     country_codes=codes)
        rows = rows.defer("pending_answers", "withdrawal_reason")
        return rows if _flag(self.request, "answers") else rows.defer("answers")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "answers": _flag(self.request, "answers")}


@extend_schema(tags=["staff"], summary="Screening results", description=(
    "Each screened entry's latest screening decision, with its reason and whether the "
    "entrant has been told (released)."))
class StaffScreeningList(StaffMixin, generics.ListAPIView):
    serializer_class = out.ScreeningSerializer

    def get_queryset(self):
        edition = selectors.staff_edition(self.request.user, self.kwargs["slug"])
        entries = selectors.staff_entries(self.request.user, edition)
        return (selectors.latest_screening(entries)
                .defer("answers", "pending_answers", "withdrawal_reason")
                .order_by("reference", "pk"))


@extend_schema(tags=["staff"], summary="An edition's rounds")
class StaffRoundList(StaffMixin, generics.ListAPIView):
    serializer_class = out.RoundSerializer

    def get_queryset(self):
        edition = selectors.staff_edition(self.request.user, self.kwargs["slug"])
        return rounds_managed_by(self.request.user).filter(edition=edition).order_by("number")


@extend_schema(tags=["staff"], summary="A round's results", description=(
    "The leaderboards of the round's results page: per category (in its order) each entry's "
    "rank, figures and whether it advances, as computed by the judging app."))
class StaffRoundResults(StaffMixin, generics.ListAPIView):
    serializer_class = out.RankingRowSerializer

    def get_queryset(self):
        edition = selectors.staff_edition(self.request.user, self.kwargs["slug"])
        round = selectors.staff_round(self.request.user, edition, self.kwargs["number"])
        rows = []
        for cat in round_results(round).categories:
            for row in leaderboard(cat):
                entry, result = row["entry"], row["result"]
                rows.append({
                    "category": cat.category.code, "rank": row["rank"], "tied": row["tied"],
                    "entry_id": entry.pk, "reference": entry.reference, "title": entry.title,
                    "entrant": entry.entrant.name, "reviews": result.reviews,
                    "abstentions": result.abstentions, "mean": result.mean,
                    "median": result.median, "std": result.std,
                    "normalised": result.normalised, "disagreement": result.disagreement,
                    "advancing": row["advancing"], "cutoff_tie": row["cutoff_tie"],
                    "advanced": row["advanced"],
                })
        return rows
