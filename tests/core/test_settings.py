"""The settings module as a whole, imported in a fresh process with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "KLYNGE_ENV": "production",
    "SECRET_KEY": "a-long-random-production-key-that-is-only-for-this-test-0123456789",
    "ALLOWED_HOSTS": "klynge.example.no",
    "EMAIL_URL": "smtp://mail.example.no:587?tls=true",
    "SITE_URL": "https://klynge.example.no",
}


# What the test process itself sets up must not leak into the settings under test.
NOT_INHERITED = {*PRODUCTION, "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PORT"}


def clean_environ() -> dict:
    return {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}


def run(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    clean = clean_environ()
    clean.update(env, KLYNGE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="klynge.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, env: dict, tmp_path) -> str:
    result = run(f"from klynge import settings as s; print({expression})", env, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_development_defaults_to_sqlite_in_wal_mode(tmp_path):
    assert settings_value("s.DATABASES['default']['ENGINE']", {}, tmp_path).endswith("sqlite3")
    assert "journal_mode=WAL" in settings_value(
        "s.DATABASES['default']['OPTIONS']['init_command']", {}, tmp_path
    )


def test_development_writes_a_secret_key_file_when_none_is_set(tmp_path):
    key = settings_value("s.SECRET_KEY", {}, tmp_path)
    assert key == (tmp_path / "secret_key").read_text()


def test_database_url_selects_postgresql(tmp_path):
    env = {"DATABASE_URL": "postgres://klynge:pw@db.internal:5432/klynge"}
    assert settings_value("s.DATABASES['default']['HOST']", env, tmp_path) == "db.internal"
    assert settings_value("s.DATABASES['default']['ENGINE']", env, tmp_path).endswith("postgresql")


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = dict(PRODUCTION, SECRET_KEY="")
    result = run("import klynge.settings", env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run("import klynge.settings", dict(PRODUCTION, ALLOWED_HOSTS=""), tmp_path)
    assert "ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts(tmp_path):
    expr = "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS"
    assert settings_value(expr, PRODUCTION, tmp_path) == "False True True 31536000"


def test_production_passes_the_deployment_checklist(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **clean_environ(),
            **PRODUCTION,
            "KLYNGE_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_region_comes_from_settings_and_can_be_replaced(tmp_path):
    default = settings_value("[m['slug'] for m in s.KLYNGE_MUNICIPALITIES]", {}, tmp_path)
    assert default == "['flaa', 'nesbyen', 'gol', 'hemsedal', 'aal', 'hol']"
    env = {
        "HUB_NAME": "IT-Hub Valdres",
        "HUB_MUNICIPALITIES": '[{"slug": "fagernes", "name": "Nord-Aurdal", "number": "3451"}]',
    }
    assert (
        settings_value("s.KLYNGE_HUB['name'], len(s.KLYNGE_MUNICIPALITIES)", env, tmp_path)
        == "IT-Hub Valdres 1"
    )


def test_production_refuses_to_start_without_a_site_url(tmp_path):
    result = run("import klynge.settings", dict(PRODUCTION, SITE_URL=""), tmp_path)
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_a_site_url_that_is_no_web_address_is_refused(tmp_path):
    result = run("import klynge.settings", dict(PRODUCTION, SITE_URL="klynge.example.no"), tmp_path)
    assert "SITE_URL must be an http(s) address" in result.stderr


def test_production_links_use_the_site_url(tmp_path):
    env = dict(PRODUCTION, SITE_URL="https://klynge.example.no/")
    assert settings_value("s.SITE_URL", env, tmp_path) == "https://klynge.example.no"


def make_dry_run(target: str) -> list[str]:
    """The commands ``make TARGET PORT=8123`` would run."""
    dry_run = subprocess.run(
        ["make", "-n", target, "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    return dry_run.stdout.splitlines()


def site_url_after(prefix: str, tmp_path) -> str:
    """SITE_URL as the settings read it in a shell after ``prefix`` (a make recipe's
    assignment or export, then the Python to run)."""
    code = "from klynge import settings as s; print(s.SITE_URL)"
    result = subprocess.run(
        ["sh", "-c", f"{prefix} -c '{code}'"],
        cwd=ROOT,
        env={**clean_environ(), "KLYNGE_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_points_links_at_the_port_it_serves(tmp_path):
    export = next(line for line in make_dry_run("run") if "export SITE_URL" in line)
    prefix = f"{export.rstrip(chr(92)).strip()} {sys.executable}"
    assert site_url_after(prefix, tmp_path) == "http://127.0.0.1:8123"


@pytest.mark.parametrize("step", ["load_demo", "db_worker --batch"])
def test_the_demos_own_mail_points_at_that_port_too(tmp_path, step):
    line = next(line for line in make_dry_run("demo") if f"manage.py {step}" in line)
    assert site_url_after(line.split(" manage.py ")[0], tmp_path) == "http://127.0.0.1:8123"
