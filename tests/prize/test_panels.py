"""Slots on the pages of lower apps, filled by later apps without an import the wrong way."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from prize import panels


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(panels, "_registry", {})


def test_a_slot_renders_each_panel_that_has_something_to_show(empty_registry, tmp_path,
                                                              settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    (tmp_path / "count.html").write_text("<p>{{ count }} {{ word }}</p>")
    (tmp_path / "first.html").write_text("<h2>first</h2>")
    panels.register("entries.dashboard", "test.count", template="count.html", order=1,
                    context=lambda request, objects: {"count": len(objects), "word": "<b>"})
    panels.register("entries.dashboard", "test.first", template="first.html", order=0,
                    context=lambda request, objects: {})
    panels.register("entries.dashboard", "test.none", template="first.html", order=2,
                    context=lambda request, objects: None)

    html = Template('{% load panels %}{% panels "entries.dashboard" things %}').render(
        Context({"request": RequestFactory().get("/"), "things": ["a", "b"]}))

    assert html == "<h2>first</h2><p>2 &lt;b&gt;</p>"


def test_a_slot_with_nothing_registered_renders_nothing(empty_registry):
    html = Template('{% load panels %}{% panels "prize.edition_home" thing %}').render(
        Context({"request": RequestFactory().get("/"), "thing": object()}))

    assert html == ""


def test_an_unknown_slot_is_a_mistake():
    with pytest.raises(ValueError, match="No slot"):
        panels.register("entries.nowhere", "x", template="x.html", context=lambda r, o: {})


def test_the_ceremony_fills_the_dashboard_and_the_edition_home():
    assert "ceremony.results" in {p.key for p in panels.panels_of("entries.dashboard")}
    assert "ceremony.winners" in {p.key for p in panels.panels_of("prize.edition_home")}
