"""Path parameters of this family's pages for the hostile-input walk (tests/test_fuzz.py): the
edition's group messages (a draft, and a sent one with its recipients) and a user's own copy."""


def params(season, judging) -> dict:
    from prize import messaging

    edition, staff = season.edition, season.users["secretariat"]
    draft = messaging.draft_save(edition=edition, by=staff, audience="entries.entrants",
                                 filters={}, subject="Hello {{ name }}", body="{{ entry_title }}")
    sent = messaging.draft_save(edition=edition, by=staff, audience="entries.entrants",
                                filters={}, subject="News", body="For {{ name }}")
    messaging.send_now(message=sent, by=staff)
    slug = {"slug": edition.slug}
    messages = [{**slug, "pk": draft.pk}, {**slug, "pk": sent.pk}]
    return {
        "messaging:staff_messages": [slug],
        "messaging:staff_compose": [slug],
        "messaging:staff_message": messages,
        # a sent message is no longer edited (404): only the draft's form
        "messaging:staff_edit": [{**slug, "pk": draft.pk}],
        "messaging:staff_send": messages,
        "messaging:staff_cancel": messages,
        "messaging:mine_detail": [{"pk": sent.pk}, {"pk": draft.pk}],
    }
