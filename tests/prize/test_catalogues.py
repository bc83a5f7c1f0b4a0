"""The message catalogues ship complete: every message of the code and templates has a translation
in every language of LANGUAGES, none is fuzzy, placeholders match, the catalogue is up to date
with the code, and the compiled .mo says what the .po says. A new string that lands untranslated
fails here."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from prize.management.commands.messages import IGNORE, catalogue_paths, problems
from tests.conftest import need

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
SOURCES = ["prize", "entries", "judging", "ceremony", "api", "templates"]


def key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_has_a_translation_with_the_same_placeholders(code):
    [path] = catalogue_paths([code])
    assert path.exists(), f"{path} is missing: run `make messages`"
    po = polib.pofile(str(path))
    assert len(po) > 1000
    found = problems(po)
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_says_what_the_catalogue_says(code):
    [path] = catalogue_paths([code])
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    expected = {key(e): (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr)
                for e in po.translated_entries()}
    compiled = {key(e): (e.msgstr_plural.get(0) if e.msgid_plural else e.msgstr)
                for e in mo if e.msgid}
    assert compiled == expected, "the .mo is out of date: run `manage.py messages compile`"


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path):
    """Extracting the messages again (Django's makemessages over a copy of the code) finds
    exactly the catalogue's messages, with their translations kept."""
    need(shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None,
         "GNU gettext (xgettext, msgmerge) is needed to extract messages")
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(base / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.pyc"))
    for path in catalogue_paths(LANGUAGES):
        target = tmp_path / "locale" / path.relative_to(base / "locale")
        target.parent.mkdir(parents=True)
        shutil.copy(path, target)
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
            call_command("makemessages", locale=LANGUAGES, ignore_patterns=IGNORE,
                         no_location=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
    for path in catalogue_paths(LANGUAGES):
        committed = polib.pofile(str(path))
        fresh = polib.pofile(str(tmp_path / "locale" / path.relative_to(base / "locale")))
        new = sorted({key(e) for e in fresh} - {key(e) for e in committed})
        gone = sorted({key(e) for e in committed} - {key(e) for e in fresh})
        assert not new and not gone, (
            f"run `make messages` and translate: {len(new)} new message(s) {new[:10]}, "
            f"{len(gone)} gone {gone[:10]}")


def test_the_check_refuses_a_lost_placeholder_an_empty_and_a_fuzzy_entry():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="안녕하십니까"))
    po.append(polib.POEntry(msgid="Save", msgstr=""))
    po.append(polib.POEntry(msgid="Close", msgstr="닫기", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%(n)s entry", msgid_plural="%(n)s entries",
                            msgstr_plural={0: "응모작"}))
    po.append(polib.POEntry(msgid="Open", msgstr="열기"))
    found = problems(po)
    assert len(found) == 4
    assert any("Hello" in line and "placeholders" in line for line in found)
    assert any("untranslated" in line and "Save" in line for line in found)
    assert any("fuzzy" in line for line in found)
    assert any("entry" in line and "placeholders" in line for line in found)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_site_speaks_the_language(code, client, db):
    with translation.override(code):
        assert translation.gettext("Log in") != "Log in"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=code)
    assert response.status_code == 200
    with translation.override(code):
        assert translation.gettext("Log in") in response.content.decode()
