"""The WSGI module loads every URL before the first request, and touches no server.

Under `gunicorn --preload` klynge/wsgi.py runs once in the master before the fork:
what it loads, every web process shares; a connection it opened would be shared by
all of them too, which must never happen.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import klynge.wsgi
from django.db import connections
from django.urls import get_resolver
print(json.dumps({
    "urls_loaded": "url_patterns" in get_resolver().__dict__,
    "views_imported": "klynge.needs.views" in sys.modules or any(
        name.startswith("klynge.needs.views") for name in sys.modules),
    "open_connections": [a for a in connections if connections[a].connection is not None],
}))
"""


def test_wsgi_module_loads_the_urls_and_opens_no_database_connection(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "klynge.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"urls_loaded": True, "views_imported": True, "open_connections": []}
