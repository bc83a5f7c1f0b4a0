"""factory_boy factories for every model the tests build."""

from datetime import UTC, datetime, timedelta

import factory
from allauth.account.models import EmailAddress

from entries.enums import EntryStatus, MemberRole
from entries.models import Entrant, EntrantMember, Entry, EntryForm, EntryFormUse
from prize.enums import EditionStatus, EntrantKind, Role
from prize.models import Category, Edition, Milestone, Organisation, RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"
# The authenticator app of every test account that has one (staff roles and superusers get one
# by default: two-factor sign-in is required of them). ``totp_code()`` is the code it shows now.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TWO_FACTOR_ROLES = (Role.SECRETARIAT, Role.COORDINATOR)


def totp_code(secret: str = TOTP_SECRET, *, step: int = 0) -> str:
    """The six digits an authenticator app with ``secret`` shows now (``step`` periods of 30
    seconds later: a code is accepted once, and one step of clock drift is allowed)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def give_authenticator(user, secret: str = TOTP_SECRET) -> None:
    """An active authenticator app (and no recovery codes), unless the user has one."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP,
                                        defaults={"data": {"secret": secret}})
    user.__dict__.pop("_two_factor_types", None)


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

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """A superuser has an authenticator app unless ``two_factor=False`` is passed."""
        if create and obj.is_superuser and extracted is not False:
            give_authenticator(obj)


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
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    edition = factory.SubFactory(EditionFactory)
    role = Role.ENTRANT

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Secretariat and coordinators have an authenticator app (their role requires one)
        unless ``two_factor=False`` is passed."""
        if create and obj.role in TWO_FACTOR_ROLES and extracted is not False:
            give_authenticator(obj.user)


# --- Entries -----------------------------------------------------------------------------------

# A small form with every kind of check: two field steps and the attachments step.
TEST_FORM_SCHEMA = {
    "title_field": "title",
    "steps": [
        {
            "key": "basics",
            "title": "The project",
            "fields": [
                {"key": "title", "type": "text", "label": "Project title", "required": True,
                 "max_length": 200},
                {"key": "summary", "type": "textarea", "label": "Short summary",
                 "required": True, "max_words": 50},
                {"key": "sectors", "type": "multichoice", "label": "Sectors", "required": True,
                 "choices": [["mobility", "Mobility"], ["energy", "Energy"]]},
            ],
        },
        {
            "key": "budget",
            "title": "Budget",
            "fields": [
                {"key": "budget_amount", "type": "number", "label": "Budget", "required": True,
                 "min": 0},
                {"key": "links", "type": "urls", "label": "Links", "max_items": 3},
            ],
        },
        {"key": "attachments", "title": "Attachments", "kind": "attachments"},
    ],
}

COMPLETE_ANSWERS = {
    "title": "Smart crossings for Seoul",
    "summary": "Sensors make crossings safer for older people.",
    "sectors": ["mobility"],
    "budget_amount": "250000",
    "links": [],
}


class EntrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entrant

    kind = EntrantKind.CITY_GOVERNMENT
    name = factory.Sequence(lambda n: f"City of Example {n}")
    city = "Seoul"
    country = "KR"
    contact_name = "Min-ji Park"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")


class EntrantMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntrantMember

    entrant = factory.SubFactory(EntrantFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.OWNER


class EntryFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryForm

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Project form {n}")
    slug = factory.Sequence(lambda n: f"project-form-{n}")
    schema = factory.LazyFunction(lambda: TEST_FORM_SCHEMA)


class EntryFormUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryFormUse

    category = factory.SubFactory(CategoryFactory)
    entrant_kind = EntrantKind.CITY_GOVERNMENT
    form = factory.SubFactory(EntryFormFactory, edition=factory.SelfAttribute("..category.edition"))


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    edition = factory.SubFactory(EditionFactory)
    category = factory.SubFactory(CategoryFactory, edition=factory.SelfAttribute("..edition"))
    entrant = factory.SubFactory(EntrantFactory)
    form = factory.SubFactory(EntryFormFactory, edition=factory.SelfAttribute("..edition"))
    answers = factory.LazyFunction(lambda: dict(COMPLETE_ANSWERS))
    title = factory.LazyAttribute(lambda o: o.answers.get("title", ""))
    status = EntryStatus.DRAFT
    current_step = "basics"

    class Params:
        submitted = factory.Trait(
            status=EntryStatus.SUBMITTED,
            reference=factory.Sequence(lambda n: f"SCP-C-{n + 1:04d}"),
            submitted_at=factory.LazyFunction(lambda: datetime.now(UTC)),
        )


# --- Judging ------------------------------------------------------------------------------------

from judging.enums import RoundStatus  # noqa: E402
from judging.models import (  # noqa: E402
    Assignment,
    Criterion,
    JudgeProfile,
    PanelMembership,
    Round,
    RoundEntry,
    RoundQuota,
)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Round {o.number}")
    opens_at = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: datetime.now(UTC) + timedelta(days=14))
    status = RoundStatus.DRAFT
    judges_per_entry = 2


class RoundQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundQuota

    round = factory.SubFactory(RoundFactory)
    category = factory.SubFactory(CategoryFactory, edition=factory.SelfAttribute("..round.edition"))
    advance = 1


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    category = factory.SubFactory(CategoryFactory, edition=factory.SelfAttribute("..round.edition"))
    name = factory.Sequence(lambda n: f"Criterion {n + 1}")
    guidance = "How well the entry meets this criterion."
    weight = 1
    scale_min = 1
    scale_max = 10
    order = factory.Sequence(lambda n: n)


class JudgeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JudgeProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    expertise = factory.LazyFunction(lambda: ["Urban development"])
    organisation = factory.Sequence(lambda n: f"Institute {n}")
    city = "Paris"
    country = "FR"


class PanelMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMembership

    round = factory.SubFactory(RoundFactory)
    category = factory.SubFactory(CategoryFactory, edition=factory.SelfAttribute("..round.edition"))
    judge = factory.SubFactory(UserFactory)


class RoundEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEntry

    round = factory.SubFactory(RoundFactory)
    entry = factory.SubFactory(EntryFactory, edition=factory.SelfAttribute("..round.edition"))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    entry = factory.SubFactory(EntryFactory, edition=factory.SelfAttribute("..round.edition"))
    judge = factory.SubFactory(UserFactory)
