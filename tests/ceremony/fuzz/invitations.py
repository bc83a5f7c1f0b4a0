"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
staff page, its exports and name cards; the reply page and its calendar file by a real link
(the season's entry invited) and from the entrant's dashboard."""

FUZZ_TOKEN = "fuzz-reply-token-0123456789abcdefghijklmnopqrstu"


def params(the_season, entry, award) -> dict:
    from ceremony.models import Ceremony, Invitation, token_digest

    edition = the_season.edition
    Ceremony.objects.get_or_create(edition=edition)
    invitation, _created = Invitation.objects.get_or_create(
        edition=edition, entry=entry, defaults={"token_digest": token_digest(FUZZ_TOKEN)})
    slug = {"edition": edition.slug}
    return {
        "ceremony:staff_invitations": [slug],
        "ceremony:staff_invitations_export": [{**slug, "fmt": "csv"}, {**slug, "fmt": "xlsx"}],
        "ceremony:staff_invitation_badges": [slug],
        "ceremony:reply": [{"token": FUZZ_TOKEN}],
        "ceremony:reply_ics": [{"token": FUZZ_TOKEN}],
        "ceremony:member_reply": [{"pk": invitation.pk}],
        "ceremony:member_reply_ics": [{"pk": invitation.pk}],
    }
