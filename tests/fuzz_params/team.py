"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
edition's staff page and its steps, the team page, a member's and an invitation's actions, and
the page that accepts an invitation; the application forms' page, a form's copy and its
preview."""


def params(season, judging) -> dict:
    from prize.team_models import TeamInvitation
    from tests.factories import UserFactory

    edition = season.edition
    invitation = TeamInvitation.objects.create(
        edition=edition, user=UserFactory(email="fuzz-team@example.org"), role="coordinator",
        invited_by=season.users["secretariat"])
    slug = {"slug": edition.slug}
    return {
        "staff_edition": [slug],
        "staff_edition_action": [slug],
        "staff_edition_organisations": [slug],
        "staff_edition_timeline": [slug],
        "staff_team": [slug],
        "staff_team_member": [{**slug, "user_pk": season.users["coordinator"].pk}],
        "staff_team_invitation": [{**slug, "pk": invitation.pk}],
        "team_accept": [{"token": invitation.token}],
        "entries:staff_forms": [{"edition_slug": edition.slug}],
        "entries:staff_form_import": [{"edition_slug": edition.slug}],
        "entries:staff_form_copy": [{"edition_slug": edition.slug, "pk": season.entry.form_id}],
        "entries:staff_form_preview": [{"edition_slug": edition.slug,
                                        "pk": season.entry.form_id}],
        "entries:staff_form_preview_step": [{"edition_slug": edition.slug,
                                             "pk": season.entry.form_id, "step_key": "basics"}],
    }
