import subprocess
import sys

import pytest
from django.urls import reverse

from tests.core.test_settings import ROOT


@pytest.mark.django_db
def test_the_linkedin_button_is_absent_without_credentials(client, settings):
    assert settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []
    assert (
        "LinkedIn</a>"
        not in client.get(reverse("account_login")).content.decode().split("<footer")[0]
    )


def test_the_linkedin_button_appears_when_configured(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from django.test import Client; html = Client().get('/konto/login/').content.decode();"
        "print('/konto/oidc/linkedin/login/' in html)"
    )
    env = {
        "KLYNGE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "LINKEDIN_CLIENT_ID": "id",
        "LINKEDIN_CLIENT_SECRET": "secret",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "CACHE_URL": "locmem://",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == "True", result.stderr[-2000:]
