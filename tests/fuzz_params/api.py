"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
API's per-edition endpoints (public and staff), a round's results, and revoking a token (the
secretariat's own)."""


def params(season, judging) -> dict:
    from api.tokens import token_create

    edition = season.edition
    token = token_create(user=season.users["secretariat"], name="fuzz").token
    slug = {"slug": edition.slug}
    return {
        "api:edition": [slug],
        "api:categories": [slug],
        "api:awards": [slug],
        "api:winners": [slug],
        "api:staff_entries": [slug],
        "api:staff_screening": [slug],
        "api:staff_rounds": [slug],
        "api:staff_round_results": [{**slug, "number": judging.round.number}],
        "api:token_revoke": [{"pk": token.pk}],
    }
