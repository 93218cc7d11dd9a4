from django.urls import reverse

from klynge.directory.models import Visibility


class TestContactPerson:
    def test_the_message_is_relayed_with_reply_to_and_no_address_is_shown(
        self, user_client, user, member, tasks
    ):
        member.person.contact_visibility = Visibility.PRIVATE
        member.person.save()
        url = reverse("directory:person_contact", args=[member.person.pk])
        page = user_client.get(url).content.decode()
        assert member.email not in page
        response = user_client.post(url, {"subject": "Nettbutikk", "message": "Kan du hjelpe?"})
        assert response.status_code == 302
        sent = tasks.run()
        assert len(sent) == 1
        assert sent[0].to == [member.email]
        assert sent[0].reply_to == [user.email]
        assert "Kan du hjelpe?" in sent[0].body
        after = user_client.get(reverse("directory:person", args=[member.person.pk]))
        assert member.email not in after.content.decode()

    def test_a_visitor_is_sent_to_sign_in(self, client, member):
        url = reverse("directory:person_contact", args=[member.person.pk])
        response = client.post(url, {"subject": "x", "message": "y"})
        assert response.status_code == 302 and "/konto/login/" in response["Location"]

    def test_the_honeypot_stops_bots_and_sends_nothing(self, user_client, member, tasks):
        url = reverse("directory:person_contact", args=[member.person.pk])
        response = user_client.post(url, {"subject": "x", "message": "y", "website": "spam"})
        assert response.status_code == 200
        assert tasks.run() == []

    def test_it_is_rate_limited(self, user_client, member, tasks):
        url = reverse("directory:person_contact", args=[member.person.pk])
        for _ in range(5):
            assert user_client.post(url, {"subject": "x", "message": "y"}).status_code == 302
        assert user_client.post(url, {"subject": "x", "message": "y"}).status_code == 429
        assert len(tasks.run()) == 5


class TestContactCompany:
    def test_it_reaches_the_company_admin(self, user_client, member, make_company, tasks):
        from klynge.directory.models import CompanyRole

        company = make_company()
        CompanyRole.objects.create(
            company=company,
            person=member.person,
            is_admin=True,
            status=CompanyRole.Status.CONFIRMED,
        )
        url = reverse("directory:company_contact", args=[company.pk])
        user_client.post(url, {"subject": "Tilbod", "message": "Hei"})
        assert [m.to for m in tasks.run()] == [[member.email]]


def test_a_subject_with_a_line_break_is_refused_and_nothing_sent(user_client, member, tasks):
    url = reverse("directory:person_contact", args=[member.person.pk])
    user_client.cookies["django_language"] = "en"
    response = user_client.post(url, {"subject": "Hei\nBcc: victim@example.org", "message": "y"})
    assert response.status_code == 200
    assert "Write the subject on one line." in response.content.decode()
    assert tasks.run() == []
