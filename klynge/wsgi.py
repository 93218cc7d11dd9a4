import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
application = get_wsgi_application()

# Import every URL, view and API schema now, not on each process's first request
# (about half a second of CPU). Under `gunicorn --preload` this runs once in the
# master, before the fork, so a fresh web process answers its first request at
# full speed: a burst on freshly started nodes no longer waits for six imports.
# It opens no database or cache connection (tests/core/test_wsgi.py).
_loaded = get_resolver().url_patterns
