"""Every action the code writes to the audit log has a label in words, so the audit page never
shows a raw action name ("Ceremony: create") in any language. The actions are collected from the
code itself: the literal names given to ``audit(...)`` (both sides of a ``x if c else y``) and
the few names built from a value, listed here with every value they take."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from judging.enums import RoundStatus
from prize.audit_display import ACTION_LABELS, action_label
from prize.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
APPS = ["prize", "entries", "judging", "ceremony", "api"]

# Names built from a value: (file, the expression as written) -> every name it makes.
BUILT = {
    ("prize/services.py", "f'{kind}.save'"): {
        f"{kind}.save" for kind in ("category", "organisation", "milestone")},
    ("prize/services.py", "f'{kind}.delete'"): {
        f"{kind}.delete" for kind in ("category", "organisation", "milestone")},
    ("prize/two_factor_signals.py", "action"): {
        "two_factor.codes_generated", "two_factor.added"},
    ("judging/services/rounds.py", "f'round.{status}'"): {
        f"round.{status}" for status in RoundStatus.values},
    ("ceremony/services/reveal.py", "f'reveal.{action}'"): {
        "reveal.next", "reveal.previous", "reveal.jump"},
}


def _constants(node) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        if body is not None and orelse is not None:
            return body | orelse
    return None


def recorded_actions() -> tuple[set[str], list[str]]:
    """Every action name the code records, and the expressions it could not read."""
    actions, unread = set(), []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                called = getattr(func, "id", None) or getattr(func, "attr", None)
                action = None
                if called == "audit":
                    action = node.args[1] if len(node.args) > 1 else next(
                        (k.value for k in node.keywords if k.arg == "action"), None)
                elif called == "AuditEvent":
                    action = next((k.value for k in node.keywords if k.arg == "action"), None)
                if action is None:
                    continue
                found = _constants(action)
                if found is None:
                    found = BUILT.get((name, ast.unparse(action)))
                if found is None:
                    unread.append(f"{name}:{node.lineno}: {ast.unparse(action)}")
                else:
                    actions |= found
    return actions, unread


def test_every_recorded_action_has_a_label():
    actions, unread = recorded_actions()
    assert unread == [], "name these actions' values in BUILT"
    assert len(actions) > 100
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_the_labels_name_no_action_the_code_no_longer_records():
    actions, _unread = recorded_actions()
    assert sorted(set(ACTION_LABELS) - actions) == []


@pytest.mark.django_db
def test_the_audit_page_shows_a_ceremony_action_in_words(client_for, edition):
    AuditEvent.objects.create(action="ceremony.create", actor_repr="system", edition=edition)
    page = client_for("secretariat").get(reverse("staff_audit")).content.decode()
    assert "Ceremony details entered" in page
    assert "Ceremony: create" not in page


def test_a_label_follows_the_language(korean_catalogue):
    korean_catalogue("Programme item moved", "식순 항목 순서 변경")
    with translation.override("ko"):
        assert action_label("programme.move") == "식순 항목 순서 변경"
