"""The entrant profile, colleagues and invitations, and starting an entry in the categories the
entrant's kind may enter."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from entries.enums import MemberRole
from entries.models import Entrant, EntrantMember, Entry, Invitation
from prize.enums import EntrantKind, Role
from tests.conftest import CommittingClient
from tests.entries.conftest import BACKEND
from tests.factories import (
    CategoryFactory,
    EntrantFactory,
    EntrantMemberFactory,
    EntryFactory,
    EntryFormUseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "kind": EntrantKind.CITY_GOVERNMENT, "name": "Busan Metropolitan City", "position": "",
    "city": "Busan", "country": "KR", "contact_name": "Ji-ho Kim",
    "contact_email": "smart@busan.example.org", "phone": "+82 51 888 0000",
    "website": "https://www.busan.example.org",
}


def logged_in(user) -> CommittingClient:
    client = CommittingClient()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def newcomer(edition):
    return UserFactory(email="newcomer@example.org")


# --- Profile ---------------------------------------------------------------------------------


def test_a_newcomer_fills_in_the_profile_and_the_region_follows_the_country(newcomer):
    client = logged_in(newcomer)
    page = client.get(reverse("entries:profile")).content.decode()
    assert "Who enters?" in page
    assert 'name="country"' in page and '<option value="KR">' in page

    response = client.post(reverse("entries:profile"), PROFILE)

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:dashboard")
    entrant = Entrant.objects.get(name="Busan Metropolitan City")
    assert entrant.region == "asia"
    assert entrant.members.get().user == newcomer
    assert entrant.members.get().role == MemberRole.OWNER
    page = client.get(reverse("entries:profile")).content.decode()
    assert "<strong>Asia</strong>" in page


def test_an_individual_must_give_a_position(newcomer):
    client = logged_in(newcomer)

    response = client.post(reverse("entries:profile"), {
        **PROFILE, "kind": EntrantKind.INDIVIDUAL, "name": "Oh Se-hoon"})

    assert response.status_code == 200
    assert "Individuals: give your position, for example Mayor of Seoul." in \
        response.content.decode()
    assert not Entrant.objects.filter(name="Oh Se-hoon").exists()


def test_bad_profile_input_is_refused_with_messages_and_kept(newcomer):
    client = logged_in(newcomer)

    response = client.post(reverse("entries:profile"), {
        **PROFILE, "contact_email": "not-an-address", "country": "XX", "city": ""})

    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in text
    assert "Select a valid choice. XX is not one of the available choices." in text
    assert "This field is required." in text
    assert 'value="not-an-address"' in text
    assert 'value="Busan Metropolitan City"' in text
    assert not Entrant.objects.filter(name="Busan Metropolitan City").exists()


def test_the_owner_updates_the_profile_but_cannot_change_the_kind_once_entries_exist(season):
    client = season.client("entrant")

    response = client.post(reverse("entries:profile"), {
        **PROFILE, "kind": EntrantKind.CORPORATION, "name": "Seoul Metropolitan Government"})

    assert response.status_code == 302
    season.entrant.refresh_from_db()
    assert season.entrant.name == "Seoul Metropolitan Government"
    assert season.entrant.kind == EntrantKind.CITY_GOVERNMENT
    page = client.get(reverse("entries:profile")).content.decode()
    assert "it can no longer be changed here" in page


def test_a_collaborator_sees_the_profile_but_cannot_change_it(season):
    colleague = EntrantMemberFactory(entrant=season.entrant, role=MemberRole.COLLABORATOR).user
    client = logged_in(colleague)

    page = client.get(reverse("entries:profile")).content.decode()
    client.post(reverse("entries:profile"), {**PROFILE, "name": "Hijacked"})

    assert "Only the person who created this profile can change it." in page
    assert "City of Seoul" in page
    season.entrant.refresh_from_db()
    assert season.entrant.name == "City of Seoul"


def test_the_profile_sends_back_to_a_safe_next_page_only(newcomer):
    client = logged_in(newcomer)

    response = client.post(reverse("entries:profile") + "?next=https://evil.example.com/",
                           PROFILE)

    assert response["Location"] == reverse("entries:dashboard")


# --- Colleagues and invitations ---------------------------------------------------------------


def test_the_owner_invites_a_colleague_who_joins_and_works_on_the_entries(season):
    owner = season.client("entrant")

    response = owner.post(reverse("entries:collaborators"),
                          {"email": "Colleague@Example.org"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["colleague@example.org"]
    path = reverse("entries:invitation_accept", args=[invitation.token])
    assert f"{settings.SITE_URL}{path}" in message.body
    assert "invites you to work on the entries of City of Seoul" in message.subject
    assert f'href="{settings.SITE_URL}{path}"' in message.alternatives[0][0]
    page = owner.get(reverse("entries:collaborators")).content.decode()
    assert "colleague@example.org" in page and "Invitations not yet accepted" in page

    colleague = logged_in(UserFactory(email="colleague@example.org"))
    accept_page = colleague.get(path).content.decode()
    assert "Accept the invitation" in accept_page
    joined = colleague.post(path)

    assert joined["Location"] == reverse("entries:dashboard")
    member = EntrantMember.objects.get(user__email="colleague@example.org")
    assert member.entrant == season.entrant and member.role == MemberRole.COLLABORATOR
    dashboard = colleague.get(reverse("entries:dashboard")).content.decode()
    assert "Smart crossings for Seoul" in dashboard
    assert colleague.get(reverse("entries:step", args=[season.draft.pk, "basics"])
                         ).status_code == 200
    other = EntryFactory(edition=season.edition, category=season.category,
                         entrant=season.other_entrant, form=season.draft.form)
    assert colleague.get(reverse("entries:entry_detail", args=[other.pk])).status_code == 404


def test_an_invitation_for_another_address_is_refused_with_a_message(season):
    invitation = Invitation.objects.create(entrant=season.entrant, email="right@example.org")
    stranger = logged_in(UserFactory(email="wrong@example.org"))
    path = reverse("entries:invitation_accept", args=[invitation.token])

    page = stranger.get(path).content.decode()
    stranger.post(path)

    assert "This invitation was sent to r••••@example.org, but you are logged in as " \
           "wrong@example.org." in page
    follow = stranger.get(path).content.decode()
    assert "This invitation was sent to another e-mail address: log out" in follow
    assert not EntrantMember.objects.filter(user__email="wrong@example.org").exists()


def test_a_used_invitation_says_so(season):
    invitation = Invitation.objects.create(entrant=season.entrant, email="late@example.org")
    first = logged_in(UserFactory(email="late@example.org"))
    first.post(reverse("entries:invitation_accept", args=[invitation.token]))

    page = first.get(reverse("entries:invitation_accept", args=[invitation.token]))

    assert "This invitation has already been used." in page.content.decode()


def test_someone_already_working_on_the_entries_is_told_so(season):
    invitation = Invitation.objects.create(entrant=season.entrant, email="entrant@example.org")

    page = season.client("entrant").get(
        reverse("entries:invitation_accept", args=[invitation.token]))

    assert "You already work on these entries." in page.content.decode()


def test_an_account_of_another_entrant_cannot_join(season):
    invitation = Invitation.objects.create(entrant=season.entrant, email="other@example.org")
    client = season.client("other_entrant")
    path = reverse("entries:invitation_accept", args=[invitation.token])

    page = client.get(path).content.decode()
    client.post(path)

    assert "Your account already works on the entries of City of Elsewhere" in page
    assert "Your account already belongs to an entrant." in client.get(path).content.decode()
    assert EntrantMember.objects.get(user=season.users["other_entrant"]).entrant == \
        season.other_entrant


def test_an_unknown_invitation_does_not_exist(season):
    assert season.client("entrant").get(
        reverse("entries:invitation_accept", args=["nope"])).status_code == 404


def test_only_the_owner_invites(season):
    colleague = EntrantMemberFactory(entrant=season.entrant, role=MemberRole.COLLABORATOR).user
    client = logged_in(colleague)

    page = client.get(reverse("entries:collaborators")).content.decode()
    refused = client.post(reverse("entries:collaborators"), {"email": "x@example.org"})

    assert "Only the person who created your entrant profile can invite colleagues." in page
    assert refused.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_a_current_member_is_refused_with_a_message(season):
    response = season.client("entrant").post(reverse("entries:collaborators"),
                                             {"email": "entrant@example.org"})

    assert response.status_code == 200
    assert "entrant@example.org already works on these entries: there is no need" in \
        response.content.decode()


# --- Starting an entry: who may enter which category ------------------------------------------


@pytest.fixture
def leadership(season):
    category = CategoryFactory(edition=season.edition, name="Leadership", code="LS",
                               allowed_entrant_kinds=[EntrantKind.INDIVIDUAL])
    EntryFormUseFactory(category=category, entrant_kind=EntrantKind.INDIVIDUAL)
    return category


@pytest.fixture
def mayor(season):
    entrant = EntrantFactory(kind=EntrantKind.INDIVIDUAL, name="Oh Se-hoon",
                             position="Mayor of Seoul")
    return EntrantMemberFactory(entrant=entrant, user__email="mayor@example.org").user


def test_an_individual_cannot_start_a_project_category(season, leadership, mayor):
    client = logged_in(mayor)

    response = client.post(reverse("entries:start", args=[season.category.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("entries:dashboard")
    assert not Entry.objects.filter(entrant__name="Oh Se-hoon").exists()
    page = client.get(response["Location"]).content.decode()
    assert ("Choose another category: Tech-InnovaCity is open to City government, "
            "Corporation, Institution, and your profile says you enter as Individual.") in page
    assert "Tech-InnovaCity is for organisations (city government, corporation and " \
           "institution), not for individuals." in page


def test_a_city_government_cannot_start_leadership(season, leadership):
    client = season.client("entrant")

    response = client.post(reverse("entries:start", args=[leadership.pk]))

    assert response["Location"] == reverse("entries:dashboard")
    assert not Entry.objects.filter(category=leadership).exists()
    page = client.get(reverse("entries:dashboard")).content.decode()
    assert ("Choose another category: Leadership is open to Individual, and your profile says "
            "you enter as City government.") in page


def test_the_dashboard_shows_categories_that_may_not_be_entered_as_disabled_with_the_reason(
    season, leadership
):
    page = season.client("entrant").get(reverse("entries:dashboard")).content.decode()

    card = re.search(rf'<article[^>]*aria-labelledby="category-{leadership.pk}".*?</article>',
                     page, re.S)[0]
    assert "Leadership is for individuals only." in card
    assert re.search(r'<button type="button" class="btn btn-outline-secondary" disabled '
                     rf'aria-describedby="reason-{leadership.pk}">', card)
    assert "Who may enter:</span> Individual" in card
    project = re.search(
        rf'<article[^>]*aria-labelledby="category-{season.category.pk}".*?</article>', page, re.S
    )[0]
    assert f'action="{reverse("entries:start", args=[season.category.pk])}"' in project
    assert "disabled" not in project


def test_an_individual_starts_leadership(leadership, mayor):
    client = logged_in(mayor)

    response = client.post(reverse("entries:start", args=[leadership.pk]))

    entry = Entry.objects.get(category=leadership)
    assert response["Location"] == reverse("entries:step", args=[entry.pk, "basics"])
    assert entry.entrant.name == "Oh Se-hoon"
    assert mayor.has_role(leadership.edition, Role.ENTRANT)


def test_someone_without_a_profile_fills_it_in_first_and_comes_back(season, newcomer):
    client = logged_in(newcomer)
    start = reverse("entries:start", args=[season.category.pk])

    response = client.post(start)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('entries:profile')}?next=%2Fentries%2Fstart%2F" \
                                   f"{season.category.pk}%2F"
    profile_page = client.get(response["Location"]).content.decode()
    assert "Before you start an entry, tell us who enters" in profile_page
    assert f'name="next" value="{start}"' in profile_page
    back = client.post(response["Location"], {**PROFILE, "next": start})
    assert back["Location"] == start
    assert "Start the entry" in client.get(start).content.decode()
    created = client.post(start)
    entry = Entry.objects.get(entrant__name="Busan Metropolitan City")
    assert created["Location"] == reverse("entries:step", args=[entry.pk, "basics"])
