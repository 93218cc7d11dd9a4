"""The production shape, over HTTP: nginx in front of two web nodes, PostgreSQL,
Redis and two task workers, all started by `make test-stack`."""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

import pytest
from django.test import Client as DjangoClient
from django.utils import timezone

from klynge.accounts.services import user_create
from klynge.events import services as events
from klynge.events.models import Registration
from tests.conftest import PASSWORD
from tests.stack.conftest import NODES, Client

pytestmark = pytest.mark.stack


def make_user(unique: str, **kw):
    return user_create(
        email=f"{unique}@example.org",
        password=PASSWORD,
        name=f"Stack {unique}",
        email_verified=True,
        **kw,
    )


def session_cookie(user) -> dict:
    """A signed-in session in the stack's database, as Django's test client makes one."""
    client = DjangoClient()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def make_event(unique: str, capacity: int):
    staff = make_user(f"staff-{unique}", is_staff=True)
    starts = timezone.now() + timedelta(days=7)
    return events.event_create(
        by=staff,
        title=f"Stack {unique}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=capacity,
        publish=True,
    )


def places_left(client: Client, event) -> int:
    page = client.get(f"/arrangement/{event.slug}/")
    assert page.status == 200, page.status
    return int(re.search(r"(\d+) ledige?\b", page.text)[1])


def test_a_sign_in_on_one_node_holds_on_the_other(orm, unique):
    user = make_user(unique)
    visitor = Client(NODES[0])
    answer = visitor.sign_in(user.email, PASSWORD)
    assert answer.status == 302, answer.text[:500]
    download = visitor.on(NODES[1]).get("/konto/mine-data/last-ned/")
    assert download.status == 200
    assert user.email in download.text
    assert Client(NODES[1]).get("/konto/mine-data/last-ned/").status == 302  # not for a stranger


def test_a_change_through_one_node_is_seen_at_once_everywhere(orm, unique):
    """At once on every node and by signed-in readers through nginx; signed-out
    readers through nginx within its micro-cache's window (tests/stack/test_microcache.py)."""
    event = make_event(unique, capacity=10)
    nodes = [Client(NODES[0]), Client(NODES[1])]
    reader = Client(os.environ["STACK_URL"], session_cookie(make_user(f"reader-{unique}")))
    assert [places_left(c, event) for c in [*nodes, reader]] == [10, 10, 10]
    person = Client(NODES[0], session_cookie(make_user(unique)))
    person.get(f"/arrangement/{event.slug}/meld-pa/")
    answer = person.post(f"/arrangement/{event.slug}/meld-pa/", {"dietary_needs": ""})
    assert answer.status == 302, answer.text[:500]
    assert [places_left(c, event) for c in [*nodes, reader]] == [9, 9, 9]


def test_rate_limits_count_across_nodes(orm, unique):
    user = make_user(unique)
    for n in range(5):  # the per-account limit: five failures in five minutes
        guess = Client(NODES[n % 2])
        guess.get("/konto/login/")
        assert guess.post("/konto/login/", {"login": user.email, "password": "wrong"}).status in (
            200,
            429,
        )
    owner = Client(NODES[1])
    answer = owner.sign_in(user.email, PASSWORD)
    assert answer.status != 302, "a sixth try, on the other node, must be refused"
    assert "sessionid" not in owner.cookies


def wait_for(condition, timeout: float = 60.0, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def test_two_workers_send_each_email_once(orm, unique, stack_smtp):
    from django.core.mail import EmailMessage

    from klynge.core.mail import email_queue

    subjects = [f"Stack {unique} {n}" for n in range(60)]
    for subject in subjects:
        email_queue(EmailMessage(subject, "Hei.", to=[f"{unique}@example.org"]))
    assert wait_for(lambda: len(stack_smtp.subjects(unique)) >= len(subjects))
    time.sleep(2)  # anything sent twice would have arrived by now
    received = stack_smtp.subjects(unique)
    assert sorted(received) == sorted(subjects)


def test_registrations_under_load_never_overbook(orm, unique):
    from concurrent.futures import ThreadPoolExecutor

    event = make_event(unique, capacity=5)
    people = [Client(NODES[n % 2], session_cookie(make_user(f"{unique}-{n}"))) for n in range(20)]

    def register(client: Client) -> int:
        return client.post(f"/arrangement/{event.slug}/meld-pa/", {"dietary_needs": ""}).status

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(register, people))
    assert statuses == [302] * 20
    confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
    assert confirmed.count() == 5
    assert Registration.objects.filter(event=event).count() == 20


def test_an_uploaded_logo_is_served_by_nginx_whichever_node_took_it(orm, unique):
    import io

    from PIL import Image

    from klynge.directory.models import Company, CompanyRole, Person

    owner = make_user(unique)
    person = Person.objects.create(user=owner, name=owner.name, municipality="gol")
    company = Company.objects.create(name=f"Logo {unique} AS", municipality="gol")
    CompanyRole.objects.create(
        company=company, person=person, is_admin=True, status=CompanyRole.Status.CONFIRMED
    )
    png = io.BytesIO()
    Image.new("RGB", (120, 60), (11, 93, 80)).save(png, "PNG")
    admin = Client(NODES[1], session_cookie(owner))
    answer = admin.post_files(
        f"/katalog/bedrifter/{company.pk}/rediger/",
        {"name": company.name, "municipality": "gol", "skills": "", "services": ""},
        {"logo": ("logo.png", png.getvalue(), "image/png")},
    )
    assert answer.status == 302, answer.text[:800]
    company.refresh_from_db()
    assert company.logo.name and "logo" not in company.logo.name.rsplit("/", 1)[-1]  # renamed
    served = [Client(__import__("os").environ["STACK_URL"]).get(company.logo.url) for _ in range(4)]
    assert [r.status for r in served] == [200] * 4
    assert served[0].getheader("Content-Type") == "image/png"
    assert served[0].getheader("Server", "").startswith("nginx")
    # The web nodes themselves do not serve media in production: nginx does.
    assert Client(NODES[0]).get(company.logo.url).status == 404
