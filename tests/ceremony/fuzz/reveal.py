"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
console, the staff screen and a screen link's screen, their polls, and the picture of the
winner on the screens (a programme item presents the season's award; the rehearsal stands on
its winner)."""


def params(the_season, entry, award) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from ceremony import reveal, services
    from ceremony.enums import ItemKind
    from ceremony.models import Decision, ProgrammeItem

    edition, by = the_season.edition, the_season.users["secretariat"]
    item = ProgrammeItem.objects.create(edition=edition, title="Fuzz awards", kind=ItemKind.AWARD,
                                        starts_at=timezone.now() + timedelta(days=1))
    item.awards.add(award)
    decision = Decision.objects.get(award=award, entry=entry)
    services.reveal_jump(edition=edition, by=by, expected=reveal.pointer_of(edition).token,
                         key=f"winner:{item.pk}:{decision.pk}")
    _link, token = services.screen_link_create(edition=edition, by=by, label="Fuzz screen")
    slug = {"edition": edition.slug}
    return {
        "ceremony:staff_reveal": [slug],
        "ceremony:staff_reveal_screen": [slug],
        "ceremony:staff_reveal_poll": [slug],
        "ceremony:staff_reveal_image": [{**slug, "decision": decision.pk}],
        "ceremony:reveal_screen": [{"token": token}],
        "ceremony:reveal_screen_poll": [{"token": token}],
        "ceremony:reveal_screen_image": [{"token": token, "decision": decision.pk}],
    }
