"""Production settings: they refuse to start without a secret key and pass the deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    """Run manage.py with the given environment; a value of None removes that variable."""
    unset = {"SECRET_KEY", "DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    merged = {**base, "TESTING": "0", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={k: v for k, v in merged.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env() -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "prize.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://prize.example.org",
        "SITE_URL": "https://prize.example.org",
        "EMAIL_URL": "smtp://mail.example.org:587",
    }


def test_production_environment_passes_deploy_checks_at_warning_level():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=False" in result.stderr


def test_development_defaults_need_no_environment(settings):
    """With no environment the site runs on SQLite, console mail and eager Celery."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.DEBUG, s.CACHES['default']['BACKEND'])",
        DATABASE_URL=None,
        REDIS_URL=None,
        EMAIL_URL=None,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "True",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_the_health_check_answers_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["prize.example.org"]

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400
