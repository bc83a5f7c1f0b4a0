"""Orphaned attachment files are found, and removed only when asked and old enough."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from entries.models import Attachment
from entries.samples import sample_pdf

pytestmark = pytest.mark.django_db


def store(name: str, *, age_hours: float) -> str:
    saved = default_storage.save(name, ContentFile(sample_pdf("x")))
    old = time.time() - age_hours * 3600
    os.utime(default_storage.path(saved), (old, old))
    return saved


def test_only_old_unreferenced_files_are_pruned(season):
    kept = store("attachments/ab/kept.pdf", age_hours=48)
    Attachment.objects.create(entry=season.entry, file=kept, original_name="plan.pdf",
                              content_type="application/pdf", size=10, sha256="0" * 64)
    orphan = store("attachments/cd/orphan.pdf", age_hours=48)
    fresh = store("attachments/cd/uploading.pdf", age_hours=1)

    out = StringIO()
    call_command("prune_attachments", stdout=out)
    assert f"orphan {orphan}" in out.getvalue()
    assert default_storage.exists(orphan)  # a dry run by default

    call_command("prune_attachments", "--delete", stdout=StringIO())

    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept)
    assert default_storage.exists(fresh)
