"""What the tests of the ceremony's details, presenters and programme share: an evening on top
of the ``ceremony`` fixture (the ``final`` round with its awards and a user per persona): the
ceremony on 25 September next year at 15:00 Seoul time, two presenters (one with a photo), and a
programme of a welcome, a speech and the presentation of Gold and Silver."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ceremony import services
from ceremony.models import Ceremony
from tests.ceremony.staff_support import ceremony_fixture  # noqa: F401 (the fixture, by name)

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def photo_bytes(kind="JPEG", size=(300, 400), exif=True) -> bytes:
    picture = Image.new("RGB", size, (30, 90, 150))
    out = io.BytesIO()
    if kind == "JPEG" and exif:
        data = Image.Exif()
        data[0x013B] = "Secret Photographer"  # Artist
        data[0x8825] = {2: (37.0, 33.0, 59.0)}  # GPS latitude
        picture.save(out, format="JPEG", exif=data)
    else:
        picture.save(out, format=kind)
    return out.getvalue()


def upload(name="portrait.jpg", data=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type)


@pytest.fixture(name="evening")
def evening_fixture(ceremony):  # noqa: F811 (the fixture, by name)
    final = ceremony
    edition = final.edition
    year = timezone.now().year + 1
    final.day = seoul(year, 9, 25, 15, 0)
    secretariat = final.users["secretariat"]
    services.ceremony_save(edition=edition, by=secretariat, ceremony_at=final.day,
                           venue="Dongdaemun Design Plaza (DDP), Seoul",
                           address="281 Eulji-ro, Jung-gu, Seoul",
                           map_url="https://www.openstreetmap.org/search?query=Dongdaemun"
                                   "%20Design%20Plaza%2C%2028%20Eulji-ro%2C%20Jung-gu%2C%20Seoul",
                           description="An evening at DDP.", reply_by=final.day - timedelta(
                               days=10), max_guests=2)
    final.host = services.presenter_save(edition=edition, by=secretariat, data={
        "name": "Secretary General of WeGO", "title": "Secretary General",
        "organisation": "WeGO", "bio": "Hosts the evening.", "pronunciation": "WEE-go",
        "order": 1}, photo=upload())
    final.giver = services.presenter_save(edition=edition, by=secretariat, data={
        "name": "President of Le Temps", "title": "President", "organisation": "Le Temps",
        "order": 2})
    final.welcome = services.programme_item_save(edition=edition, by=secretariat, data={
        "starts_at": final.day, "duration": 10, "title": "Welcome", "kind": "welcome",
        "description": "Doors close.", "notes": "MC SECRET NOTE: dim the lights",
        "presenters": [final.host]})
    final.speech = services.programme_item_save(edition=edition, by=secretariat, data={
        "starts_at": final.day + timedelta(minutes=10), "duration": 15, "title": "Keynote",
        "kind": "speech", "presenters": [final.giver]})
    final.presentation = services.programme_item_save(edition=edition, by=secretariat, data={
        "starts_at": final.day + timedelta(minutes=25), "duration": 20,
        "title": "Category 0 awards", "kind": "award", "presenters": [final.giver],
        "awards": [final.gold, final.silver]})
    final.ceremony_row = Ceremony.objects.get(edition=edition)
    edition.refresh_from_db()
    return final
