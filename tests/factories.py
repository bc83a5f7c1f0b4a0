"""factory_boy factories for every model the tests build."""

from datetime import UTC, datetime, timedelta

import factory
from allauth.account.models import EmailAddress

from prize.enums import EditionStatus, EntrantKind, Role
from prize.models import Category, Edition, Milestone, Organisation, RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address unless ``verified=False`` is passed."""
        if create:
            obj.save()
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    name = factory.Sequence(lambda n: f"Smart City Prize {2023 + n}")
    short_name = factory.Sequence(lambda n: f"SCP{n:02d}")
    slug = factory.Sequence(lambda n: f"prize-{n}")
    year = 2023
    time_zone = "Asia/Seoul"
    call_opens_at = factory.LazyFunction(
        lambda: datetime.now(UTC) - timedelta(days=30)
    )
    call_closes_at = factory.LazyFunction(
        lambda: datetime.now(UTC) + timedelta(days=30)
    )
    ceremony_at = factory.LazyAttribute(lambda o: o.call_closes_at + timedelta(days=90))
    ceremony_venue = "Dongdaemun Design Plaza"
    status = EditionStatus.CALL_OPEN
    is_current = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    code = factory.Sequence(lambda n: f"C{n}")
    allowed_entrant_kinds = factory.LazyFunction(
        lambda: [EntrantKind.CITY_GOVERNMENT, EntrantKind.CORPORATION, EntrantKind.INSTITUTION]
    )
    finalist_quota = 10
    winner_quota = 5


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    role = "organiser"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    edition = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    starts_at = factory.LazyAttribute(lambda o: o.edition.call_opens_at)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    edition = factory.SubFactory(EditionFactory)
    role = Role.ENTRANT
