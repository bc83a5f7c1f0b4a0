"""Settings of the processes the several-machines test starts (tests/integration/nodes.py).

Production's own (``prize.settings`` with ``DEBUG=0`` and the environment the test gives), with
one difference: static files are served from the source folders by name, without the manifest
that ``collectstatic`` builds for a release (minutes of compressing files no test asks for).
Static files are part of the code each node carries, never something the nodes share.
"""

from prize.settings import *  # noqa: F403
from prize.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
