"""The MC's script page (/ceremony/staff/<edition>/script/): every cue in order with its time in
the edition's time zone, who walks on stage, the award, the winner with the pronunciation hint
and the person receiving it from the finalist's reply, the nominees, the MC's notes; problems
flagged where they are; it follows decisions and replies as they change; confidential and never
cached; only for staff who run the reveal; the same queries whatever the number of winners and
replies."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ceremony import script as run_of_show
from ceremony.models import Invitation
from ceremony.views.staff.script import css_string
from tests.ceremony.script_support import confirm, evening_fixture, invite  # noqa: F401
from tests.ceremony.staff_support import PERSONAS, ceremony_fixture, client_of, url  # noqa: F401

pytestmark = pytest.mark.django_db

ALLOWED = {"secretariat", "coordinator", "superuser"}


def page_text(response) -> str:
    """The main landmark's text as a reader sees it (tags dropped, entities decoded)."""
    body = response.content.decode()
    body = body[body.index("<main"):body.index("</main>")]
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def sheets(response) -> list[str]:
    """The text of each cue's sheet, in the page's order."""
    body = response.content.decode()
    parts = re.split(r'<section class="script-sheet ', body)[1:]
    texts = [re.sub(r"<[^>]+>", " ", p.split(">", 1)[1].split("</section>")[0]) for p in parts]
    return [html.unescape(re.sub(r"\s+", " ", t)).strip().replace(" , ", ", ")
            .replace(" :", ":") for t in texts]


def get(final, persona="coordinator"):
    response = client_of(final, persona).get(url(final, "staff_script"))
    assert response.status_code == 200
    return response


def test_every_cue_in_order_with_its_time_people_award_and_winner(evening):
    first = evening.finalists[evening.categories[0].pk]
    shown = sheets(get(evening))
    assert [re.match(r"CONFIDENTIAL · \S+ · cue (\d) of 7 (\d) (\d\d:\d\d) ", s).groups()
            for s in shown] == [
        (str(n), str(n), "18:00" if n == 1 else "18:10") for n in range(1, 8)]
    heads = [re.search(r"\d\d:\d\d (.*?) (?:\d\d:\d\d to|In “)", s).group(1) for s in shown]
    assert heads == [
        "Welcome Welcome", "Award presentation The awards", "Nominees The nominees for Silver",
        f"Winner Silver: {first[1].entrant.name}", "Nominees The nominees for Gold",
        f"Winner Gold: {first[0].entrant.name}", "No confirmed winner Special Mention"]
    welcome, awards, silver_nominees, silver, gold_nominees, gold, mention = shown
    assert "18:00 to 18:10 (10 min)" in welcome
    assert "Speaks: Host Park, Master of ceremonies, WeGO (say: PARK)" in welcome
    assert "Notes for the MC Thank the Mayor of Seoul first. Then the sponsors." in welcome
    assert "Presents: Ms Presenter, President & CEO, SEMI (say: pre-ZEN-ter)" in awards
    assert "Notes for the MC Music under the nominees." in awards
    # Every finalist of the category is read out for Silver; Gold's leave out Silver's winner.
    assert silver_nominees.count("Project ") == 4
    assert [n.entrant.name in gold_nominees for n in first] == [True, False, True, True]
    assert f"{first[2].entrant.name}, Town 3, South Korea: Project 3" in gold_nominees
    # The winner: name, the reply's pronunciation and receiver, city, country, project,
    # citation, the award's tier and category, and who hands it over.
    assert "Award Gold Tier: Gold · Category: Category 0" in gold
    assert f"The winner {first[0].entrant.name} Say: FIN-a-list WON" in gold
    assert "City, country Town 1, South Korea Project Project 1" in gold
    assert "Citation For a city that listens & learns." in gold
    assert "Presents: Ms Presenter, President & CEO, SEMI" in gold
    assert "Receives the prize: Deputy Mayor Lee, Deputy Mayor for Digital Affairs" in gold
    assert "Receives the prize: not told yet" in silver
    assert "No pronunciation hint." in silver
    assert "Chosen from any eligible entry" in mention


def test_problems_are_flagged_where_they_are_and_listed_at_the_top(evening):
    response = get(evening)
    text = page_text(response)
    top = text[text.index("Before the evening"):text.index("Run of show")]
    assert "4 things to sort out:" in top
    # Leadership is presented by no item.
    assert "No programme item presents this award, so it is missing from the script and the " \
           "reveal: Leadership (Category 1)" in top
    assert "Cue 7, Special Mention : No confirmed winner: the reveal will refuse this cue." in top
    assert "Only 1 of 2 winners confirmed for this award." in top
    assert "No reply to the invitation yet" in top
    shown = sheets(response)
    assert "No confirmed winner: the reveal will refuse this cue." in shown[6]
    assert "Only 1 of 2 winners confirmed for this award." in shown[3]
    assert "No reply to the invitation yet: who receives the prize and how to say the name " \
           "are not known." in shown[3]
    # Gold: confirmed, replied, receiver named: nothing flagged.
    assert not any(flag in shown[5] for flag in ("No confirmed winner", "winners confirmed",
                                                 "No reply", "not coming", "Not invited"))
    # The top list links to the flagged sheets.
    body = response.content.decode()
    assert body.count('href="#cue-4"') == 3  # two problems, and the run of show's row
    assert body.count('href="#cue-7"') == 2


def test_a_winner_not_invited_or_not_coming_or_naming_nobody_is_flagged(evening):
    first = evening.finalists[evening.categories[0].pk]
    Invitation.objects.filter(entry=first[1]).delete()
    assert "Not invited to the ceremony yet" in sheets(get(evening))[3]
    invite(evening, first[1], attending=False, recipient_name="Someone")
    silver = sheets(get(evening))[3]
    assert "The finalist replied that nobody will attend" in silver
    assert "Receives the prize: not told yet" in silver
    Invitation.objects.filter(entry=first[1]).update(attending=True, recipient_name="")
    assert "The reply names nobody to receive the prize on stage." in sheets(get(evening))[3]


def test_an_award_presentation_naming_no_award_or_presenter_is_flagged(evening):
    item = evening.evening.awards
    item.presenters.clear()
    item.awards.clear()
    response = get(evening)
    shown = sheets(response)
    assert len(shown) == 2
    assert "This award presentation names no award: nothing is revealed in it." in shown[1]
    assert "Nobody is named to hand the awards over." in shown[1]
    assert "No presenter named." in shown[1]
    top = page_text(response)
    assert "these awards, so they are missing from the script and the reveal:" in top
    assert all(name in top for name in ("Gold", "Silver", "Leadership", "Special Mention"))


def test_it_follows_a_reply_and_a_decision_as_they_change(evening):
    first = evening.finalists[evening.categories[0].pk]
    before = get(evening)
    assert "Generated " in page_text(before)
    Invitation.objects.filter(entry=first[1]).update(
        replied_at=timezone.now(), attending=True, recipient_name="Ms Kim 김민지",
        recipient_title="Mayor", pronunciation="KIM min-JEE")
    confirm(evening, evening.silver, first[2])
    confirm(evening, evening.mention, evening.others[0], citation="Chosen with GGGI and IMD.")
    after = get(evening)
    shown = sheets(after)
    assert "Receives the prize: Ms Kim 김민지, Mayor" in shown[3]
    assert "Say: KIM min-JEE" in shown[3]
    assert "Joint winner 1 of 2" in shown[3] and "Joint winner 2 of 2" in shown[4]
    assert shown[-1].count("Chosen with GGGI and IMD.") == 1
    assert "No confirmed winner" not in page_text(after)
    # Silver's second winner and the mention's have no invitation; Leadership is presented
    # by no item; the rest is settled.
    top = page_text(after)
    top = top[top.index("Before the evening"):top.index("Run of show")]
    assert "3 things to sort out:" in top
    assert top.count("Not invited to the ceremony yet") == 2
    assert "Leadership" in top


def test_the_page_is_confidential_on_every_sheet_and_never_cached(evening):
    response = get(evening)
    body = response.content.decode()
    assert body.count('<p class="script-sheet-mark">CONFIDENTIAL') == 7
    # Printed, every page's top margin carries the mark (escaped for CSS).
    mark = css_string(f"CONFIDENTIAL · MC's script, {evening.edition.short_name}")
    assert f'@top-center {{ content: "{mark}";' in body
    assert "This script names every winner." in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    for part in ("no-cache", "no-store", "must-revalidate", "private", "max-age=0"):
        assert part in response["Cache-Control"]
    assert response["Expires"]
    pdf = client_of(evening, "secretariat").get(url(evening, "staff_script_pdf"))
    assert "no-store" in pdf["Cache-Control"] and "private" in pdf["Cache-Control"]


def test_an_empty_programme_says_so(ceremony):
    text = page_text(get(ceremony, "secretariat"))
    assert "The programme has no items yet: the script is empty." in text
    assert "No cues yet: add items to the programme." in text


def test_the_print_mark_cannot_leave_its_css_string():
    assert css_string('Ab 1"</style><script>\\;}') == (
        "Ab 1\\000022\\00003c\\00002fstyle\\00003e\\00003cscript\\00003e\\00005c\\00003b"
        "\\00007d")
    assert css_string("서울 ·") == "\\00c11c\\00c6b8 \\0000b7"


def test_text_is_shown_as_text(evening):
    first = evening.finalists[evening.categories[0].pk]
    entrant = first[0].entrant
    entrant.name = "<script>alert(1)</script> & Co"
    entrant.save(update_fields=["name"])
    body = get(evening).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in body


# --- Who may open it --------------------------------------------------------------------------


def login_url(next_url):
    return f"{reverse('account_login')}?next={next_url}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["staff_script", "staff_script_pdf"])
def test_who_may_open_the_script(evening, persona, name):
    target = url(evening, name)
    response = client_of(evening, persona).get(target)
    if persona in ALLOWED:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == login_url(target)
    else:  # entrant (a winner's!), judge, another edition's secretariat
        assert response.status_code == 404
        assert b"Deputy Mayor Lee" not in response.content
        assert b"CONFIDENTIAL" not in response.content


@pytest.mark.parametrize("name", ["staff_script", "staff_script_pdf"])
def test_an_unknown_edition_is_404(ceremony, name):
    client = client_of(ceremony, "superuser")
    assert client.get(reverse(f"ceremony:{name}", args=["no-such"])).status_code == 404


@pytest.mark.parametrize("name", ["staff_script", "staff_script_pdf"])
def test_posting_changes_nothing(evening, name):
    response = client_of(evening, "secretariat").post(url(evening, name), {"x": "1"})
    assert response.status_code in (200, 405)


# --- Bounded queries --------------------------------------------------------------------------


def queries(final, name) -> int:
    client = client_of(final, "coordinator")
    client.get(url(final, name))  # warm: session, sites, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(final, name))
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["staff_script", "staff_script_pdf"])
def test_the_same_queries_whatever_the_number_of_winners_and_replies(evening, name):
    few = queries(evening, name)
    first = evening.finalists[evening.categories[0].pk]
    second = evening.finalists[evening.categories[1].pk]
    confirm(evening, evening.silver, first[2])
    confirm(evening, evening.mention, evening.others[0])
    confirm(evening, evening.prize, second[0])
    evening.evening.awards.awards.add(evening.prize)
    Invitation.objects.filter(entry=first[1]).update(
        replied_at=timezone.now(), attending=True, recipient_name="Ms Kim", guests=["A", "B"])
    for entry in (first[2], first[3], second[0], second[1], evening.others[0]):
        invite(evening, entry, recipient_name=f"Receiver {entry.pk}", pronunciation="say")
    assert run_of_show.script(evening.edition).winners == 5
    assert queries(evening, name) == few
