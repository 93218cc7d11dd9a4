"""The staff queue (a directory page) shows the needs waiting for approval: the needs
app adds them through core's ``{% extensions %}`` place, the directory imports nothing."""

from django.urls import reverse

from klynge.needs import services
from klynge.needs.models import Need
from tests.needs.conftest import SHOP_NEED

QUEUE = reverse("directory:staff_queue")


def section(html: str) -> str:
    start = html.index('id="pending-needs-heading"')
    return html[start : html.index("</section>", start)]


def test_the_staff_queue_lists_the_needs_waiting_for_approval(staff_client, poster):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    assert need.status == Need.Status.PENDING
    html = staff_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    pending = section(html)
    assert SHOP_NEED["title"] in pending
    assert "1 behov fra en ny konto venter" in pending
    assert f'href="{reverse("needs:approval_queue")}">Godkjenn eller avslå</a>' in pending
    # It comes before the directory's own queues: a buyer waits on it.
    assert html.index('id="pending-needs-heading"') < html.index('id="applications-heading"')


def test_an_approved_need_leaves_the_list(staff_client, staff, poster):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    services.need_approve(need=need, by=staff)
    pending = section(staff_client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="nn").content.decode())
    assert SHOP_NEED["title"] not in pending
    assert "Ingen behov ventar." in pending


def test_the_list_is_for_staff_only(client, poster):
    services.need_create(poster=poster, publish=True, **SHOP_NEED)
    client.force_login(poster)
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert SHOP_NEED["title"] not in response.content.decode()
