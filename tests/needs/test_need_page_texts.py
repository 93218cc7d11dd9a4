"""What the poster's need page says while nothing has happened yet."""

from klynge.needs import services
from klynge.needs.models import Need
from tests.needs.conftest import SHOP_NEED


def test_a_need_waiting_for_approval_promises_nothing_below(client, poster, provider):
    need = services.need_create(poster=poster, publish=True, **SHOP_NEED)
    assert need.status == Need.Status.PENDING
    client.force_login(poster)
    html = client.get(need.get_absolute_url()).content.decode()
    assert "når huben har publisert det" in html
    assert "invitere dem nedenfor" not in html


def test_an_open_need_with_matches_points_to_them(client, need, poster):
    client.force_login(poster)
    html = client.get(need.get_absolute_url()).content.decode()
    assert 'id="matches"' in html
    assert "Sterkt treff" in html or "Godt treff" in html or "Mulig treff" in html


def test_invite_is_offered_only_where_someone_reads_it(client, need, poster, taxonomy):
    from klynge.directory import documents
    from klynge.directory.models import Company

    nobody = Company.objects.create(
        name="Nettbutikkar utan folk AS", municipality="gol",
        description="Vi lagar nettbutikkar og nettbetaling med Vipps.",
        services=["Nettbutikk"],
    )  # fmt: skip
    documents.refresh_companies([nobody.pk])
    client.force_login(poster)
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Nettbutikkar utan folk AS" in html
    assert "Inviter Nettbutikkar utan folk AS" not in html
    assert "Inviter Fjellkode AS" in html  # its admin is on the site
    # The why is said once above the list; the card itself carries a short line.
    matches = html[html.index('id="matches"') :]
    assert matches.count("så vi kan ikke sende en invitasjon videre") == 1
    assert "av dem er ikke på nettstedet ennå" in matches
    card = matches[matches.index("Nettbutikkar utan folk AS") :]
    card = card[: card.index("</li>")]
    assert "Ikke på nettstedet ennå: huben kan sette deg i kontakt." in card


def test_the_not_on_the_site_notice_is_said_once_for_many(client, need, poster, taxonomy):
    from klynge.directory import documents
    from klynge.directory.models import Company

    names = ["Nettbutikk Nord AS", "Nettbutikk Sør AS", "Nettbutikk Vest AS"]
    for name in names:
        Company.objects.create(
            name=name, municipality="gol",
            description="Vi lagar nettbutikkar og nettbetaling med Vipps.",
            services=["Nettbutikk"],
        )  # fmt: skip
    documents.refresh_companies(
        list(Company.objects.filter(name__in=names).values_list("pk", flat=True))
    )
    client.force_login(poster)
    html = client.get(need.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    matches = html[html.index('id="matches"') :]
    shown = [name for name in names if name in matches]
    assert len(shown) >= 2
    assert matches.count("så vi kan ikkje sende ein invitasjon vidare") == 1
    assert f"{len(shown)} av dei er ikkje på nettstaden enno" in matches
    assert matches.count("Ikkje på nettstaden enno: huben kan setje deg i kontakt.") == len(shown)
