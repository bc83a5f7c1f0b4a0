"""The message catalogues: bring them up to date with the code, compile them, check them.

    manage.py messages update    extract every message of the code and templates into
                                 locale/<lang>/LC_MESSAGES/django.po (new ones empty, gone ones
                                 dropped), then compile
    manage.py messages compile   write each django.mo from its django.po (no GNU gettext needed)
    manage.py messages check     list untranslated, fuzzy or placeholder-mismatched entries;
                                 exits 1 if there are any

``update`` runs Django's makemessages (it needs GNU gettext's xgettext and msgmerge, a
developer's tool); ``compile`` and ``check`` need only polib, so a machine with Python alone
compiles the catalogues. The compiled .mo files are committed, so the site speaks every language
of LANGUAGES straight from a clone; the catalogue tests fail when a .mo is out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What makemessages scans: the project's code and templates, not the virtualenv, the tests or
# the benchmarks (their strings never reach a user).
IGNORE = [".venv", "venv", "tests", "bench", "static", "staticfiles", "media", "node_modules",
          "docs", "locale"]

# Placeholders that must survive translation unchanged: printf style (named and positional),
# str.format style, and template tags/variables left in a string.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{[\w.]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogue_paths(languages=None) -> list[Path]:
    """The django.po of every language but the source one (English)."""
    base = Path(settings.LOCALE_PATHS[0])
    codes = languages or [code for code, _name in settings.LANGUAGES
                          if code != settings.LANGUAGE_CODE]
    return [base / code / "LC_MESSAGES" / "django.po" for code in codes]


def entry_text(entry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def problems(po) -> list[str]:
    """Why a catalogue is not ready to ship: one line per faulty entry."""
    out = []
    for entry in po:
        name = repr(entry.msgid[:70])
        if entry.obsolete:
            out.append(f"obsolete entry kept: {name}")
            continue
        if "fuzzy" in entry.flags:
            out.append(f"fuzzy: {name}")
        texts = ([entry.msgstr_plural.get(i, "") for i in sorted(entry.msgstr_plural) or [0]]
                 if entry.msgid_plural else [entry.msgstr])
        if not all(texts):
            out.append(f"untranslated: {name}")
            continue
        if entry.msgid_plural:
            # one Korean form serves every number, so it carries what the plural form carries
            wanted = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            for text in texts:
                if set(placeholders(text)) != wanted:
                    out.append(f"placeholders differ: {name} → {text[:70]!r}")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            out.append(f"placeholders differ: {name} → {entry.msgstr[:70]!r}")
        if entry.msgid.endswith("\n") != texts[0].endswith("\n"):
            out.append(f"final line break differs: {name}")
    return out


def compile_catalogue(po_path: Path) -> Path:
    import polib

    po = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    po.save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Update, compile or check the message catalogues (locale/<lang>/LC_MESSAGES)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])
        parser.add_argument("--language", "-l", action="append", dest="languages",
                            help="Only this language (repeatable); default: all but English.")

    def handle(self, *args, action, languages=None, **options):
        paths = catalogue_paths(languages)
        if action == "update":
            codes = [p.parent.parent.name for p in paths]
            call_command("makemessages", locale=codes, ignore_patterns=IGNORE,
                         no_location=True, no_obsolete=True, verbosity=0)
            action = "compile"
        if action == "compile":
            for path in paths:
                if not path.exists():
                    raise CommandError(f"{path} does not exist: run `manage.py messages update`.")
                mo = compile_catalogue(path)
                self.stdout.write(f"compiled {mo.relative_to(settings.BASE_DIR)}")
            return
        import polib

        failed = False
        for path in paths:
            po = polib.pofile(str(path))
            found = problems(po)
            label = path.relative_to(settings.BASE_DIR)
            if found:
                failed = True
                self.stdout.write(f"{label}: {len(found)} problem(s)")
                for line in found:
                    self.stdout.write(f"  {line}")
            else:
                self.stdout.write(f"{label}: {len(po)} messages, all translated")
        if failed:
            raise CommandError("Some messages are not ready: translate them, then "
                               "`manage.py messages compile`.")
