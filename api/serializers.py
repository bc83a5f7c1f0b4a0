"""What each endpoint returns, field by field. Plain serializers over rows the endpoints have
already chosen (the visibility and the embargo are decided before, by the selectors); no
serializer queries the database: what they read is selected or prefetched by the endpoint."""

from __future__ import annotations

from rest_framework import serializers

# --- Public ----------------------------------------------------------------------------------


class EditionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    year = serializers.IntegerField()
    tagline = serializers.CharField()
    time_zone = serializers.CharField()
    call_opens_at = serializers.DateTimeField()
    call_closes_at = serializers.DateTimeField()
    ceremony_at = serializers.DateTimeField(allow_null=True)
    ceremony_venue = serializers.CharField()
    results_published = serializers.SerializerMethodField(
        help_text="Whether the edition's winners are published (its awards and winners "
                  "endpoints answer then).")

    def get_results_published(self, edition) -> bool:
        return edition.pk in self.context.get("published", ())


class CategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    allowed_entrant_kinds = serializers.ListField(child=serializers.CharField())
    finalist_quota = serializers.IntegerField()
    winner_quota = serializers.IntegerField()
    order = serializers.IntegerField()


class AwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    tier = serializers.CharField()
    category = serializers.SlugField(source="category.slug", allow_null=True, default=None)
    order = serializers.IntegerField()
    winners = serializers.IntegerField(help_text="How many winners the award has room for.")
    description = serializers.CharField()
    partners = serializers.SerializerMethodField()

    def get_partners(self, award) -> list[str]:
        return [p.name for p in award.partners.all()]


class WinnerSerializer(serializers.Serializer):
    award_id = serializers.IntegerField(source="award.pk")
    award = serializers.CharField(source="award.name")
    category = serializers.SlugField(source="award.category.slug", allow_null=True,
                                     default=None)
    reference = serializers.CharField(source="entry.reference")
    title = serializers.CharField(source="entry.title")
    entrant = serializers.CharField(source="entry.entrant.name")
    entrant_kind = serializers.CharField(source="entry.entrant.kind")
    city = serializers.CharField(source="entry.entrant.city")
    country = serializers.CharField(source="entry.entrant.country.code")
    citation = serializers.CharField()


# --- Staff -----------------------------------------------------------------------------------


class EntrantSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField(source="country.code")


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    category = serializers.CharField(source="category.code")
    status = serializers.CharField()
    entrant = EntrantSerializer()
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_saved_at = serializers.DateTimeField()
    answers = serializers.SerializerMethodField(
        help_text="The submitted answers, by field key: only with ?answers=1.")

    def get_answers(self, entry) -> dict | None:
        return entry.answers if self.context.get("answers") else None


class ScreeningSerializer(serializers.Serializer):
    entry_id = serializers.IntegerField(source="pk")
    reference = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.CharField(source="latest_decision")
    reason = serializers.CharField(source="latest_reason")
    decided_at = serializers.DateTimeField(source="latest_decided_at")
    released_at = serializers.DateTimeField(source="latest_released_at", allow_null=True,
                                            help_text="When the entrant was told; null while "
                                                      "the decision is not released.")


class RoundSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    blind = serializers.BooleanField()


class RankingRowSerializer(serializers.Serializer):
    """One row of a category's leaderboard, as the round's results page shows it."""

    category = serializers.CharField()
    rank = serializers.IntegerField()
    tied = serializers.BooleanField()
    entry_id = serializers.IntegerField()
    reference = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    entrant = serializers.CharField()
    reviews = serializers.IntegerField()
    abstentions = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    std = serializers.FloatField(allow_null=True)
    normalised = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    advancing = serializers.BooleanField()
    cutoff_tie = serializers.BooleanField()
    advanced = serializers.BooleanField()
