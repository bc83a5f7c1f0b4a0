"""gunicorn settings of the production image (Dockerfile, docker-compose.yml).

gunicorn reads this file from the working directory by itself; the image names it too
(``--config gunicorn.conf.py``). Bind address, workers and logs stay on the command line.

Responses say nothing about the software that serves them: gunicorn's own ``Server`` header is
left out, and the WSGI environ's ``SERVER_SOFTWARE`` carries no version (Django never sends
either; the reverse proxy should hide its own version too, e.g. nginx ``server_tokens off``).
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server
wsgi.SERVER_SOFTWARE = "gunicorn"
