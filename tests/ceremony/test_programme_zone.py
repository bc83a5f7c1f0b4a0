"""The programme's times are the edition's, whoever reads them: a secretariat member whose own
time zone is another still reads 15:00 for an item at 15:00 in Seoul."""

import pytest

from tests.ceremony.programme_support import (  # noqa: F401 (fixtures, by name)
    ceremony_fixture,
    evening_fixture,
)
from tests.ceremony.staff_support import client_of, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York", "UTC"])
def test_the_programme_shows_times_in_the_editions_zone_for_every_reader(evening, zone):
    client = client_of(evening, "secretariat")
    client.user.time_zone = zone
    client.user.save(update_fields=["time_zone"])

    html = client.get(url(evening, "staff_ceremony")).content.decode()

    assert "15:00–15:10" in html and "15:25–15:45" in html
    assert "Time (Asia/Seoul)" in html


def test_a_refused_detail_names_its_field_by_its_label_once(evening):
    from ceremony import services
    from ceremony.services.results import CeremonyError

    with pytest.raises(CeremonyError) as refused:
        services.ceremony_save(edition=evening.edition, by=evening.users["secretariat"],
                               ceremony_at=evening.day, venue="DDP", max_guests=21)

    messages = refused.value.messages
    assert not any("max_guests" in m for m in messages)
    assert any(m.startswith("Guests per invitation: ") for m in messages), messages
