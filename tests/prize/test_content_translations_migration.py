"""The migration that gives each text its columns per language copies the text already there
into the English column, so a live database keeps its edition's texts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@pytest.mark.django_db(transaction=True)
def test_existing_texts_are_copied_into_the_english_column():
    before = [("prize", "0009_saved_views"), ("judging", "0002_invitations_runs_notified")]
    after = [("prize", "0010_content_translations"), ("judging", "0003_content_translations")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    now = timezone.now()
    edition = old.get_model("prize", "Edition").objects.create(
        name="Seoul Smart City Prize 2023", short_name="SSCP23", slug="sscp-2023", year=2023,
        tagline="Cities for people", call_opens_at=now, call_closes_at=now + timezone.timedelta(
            days=30))
    category = old.get_model("prize", "Category").objects.create(
        edition=edition, name="Tech-InnovaCity", slug="ti", code="TI",
        description="Innovative policy and technology.")
    old.get_model("judging", "Round").objects.create(
        edition=edition, number=1, name="Online screening", opens_at=now,
        closes_at=now + timezone.timedelta(days=3))

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    try:
        edition = new.get_model("prize", "Edition").objects.get(pk=edition.pk)
        assert (edition.name_en, edition.tagline_en, edition.name_ko) == (
            "Seoul Smart City Prize 2023", "Cities for people", None)
        category = new.get_model("prize", "Category").objects.get(pk=category.pk)
        assert (category.name_en, category.description_en) == (
            "Tech-InnovaCity", "Innovative policy and technology.")
        assert new.get_model("judging", "Round").objects.get().name_en == "Online screening"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
