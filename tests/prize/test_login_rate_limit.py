"""The limit on log-in attempts is a setting read from the environment: allauth's 30 a minute
from one address by default, raised for a jury logging in together from one venue network, or
turned off; allauth's limit on failed log-ins stays off (django-axes locks out) unless set."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def limits_with(**env) -> str:
    """The log-in limits as the settings read them with these environment variables."""
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.ACCOUNT_RATE_LIMITS['login'], s.ACCOUNT_RATE_LIMITS['login_failed'])")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RATE_LIMIT_LOGIN")}
    environment.update(env, DJANGO_SETTINGS_MODULE="prize.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_by_default_the_limits_are_allauths_and_failures_are_left_to_axes():
    assert settings.ACCOUNT_RATE_LIMITS["login"] == "30/m/ip"
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] is None
    assert limits_with() == "30/m/ip None"


def test_the_environment_raises_or_turns_off_the_limits():
    assert limits_with(RATE_LIMIT_LOGIN="120/m/ip") == "120/m/ip None"
    assert limits_with(RATE_LIMIT_LOGIN="") == "None None"
    assert limits_with(RATE_LIMIT_LOGIN_FAILED="10/m/ip,5/5m/key") == "30/m/ip 10/m/ip,5/5m/key"
