from klynge.competence.models import Competence


def test_staff_edit_a_competence_in_the_admin(client, taxonomy):
    from django.contrib.auth.models import Permission

    from klynge.accounts.services import user_create

    staff = user_create(email="editor@example.org", password=None, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="competence"))
    client.force_login(staff)
    staff_client = client
    competence = Competence.objects.get(slug="wordpress")
    url = f"/admin/competence/competence/{competence.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200 and "WordPress" in page.content.decode()
    data = {
        "label_nb": "WordPress", "label_nn": "WordPress", "label_en": "WordPress",
        "slug": "wordpress", "category": competence.category_id,
        "synonyms": '{"nb": ["wp"]}', "related": [],
    }  # fmt: skip
    response = staff_client.post(url, data)
    assert response.status_code == 302
    competence.refresh_from_db()
    assert competence.synonyms == {"nb": ["wp"]}


def test_a_member_cannot_reach_the_taxonomy_admin(member_client, taxonomy):
    response = member_client.get("/admin/competence/competence/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
