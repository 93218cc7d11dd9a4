from django.urls import path

from klynge.directory.views import companies, membership, people, photos

app_name = "directory"

urlpatterns = [
    path("", people.people_list, name="people"),
    path("folk/<int:pk>/", people.person_detail, name="person"),
    path("folk/<int:pk>/bilde/<str:name>", photos.person_photo, name="person_photo"),
    path("folk/<int:pk>/kontakt/", people.person_contact, name="person_contact"),
    path("profil/", people.profile_edit, name="profile_edit"),
    path("profil/overta/", people.profile_claim, name="profile_claim"),
    path("bedrifter/", companies.company_list, name="companies"),
    path("bedrifter/ny/", companies.company_create, name="company_create"),
    path("bedrifter/<int:pk>/", companies.company_detail, name="company"),
    path("bedrifter/<int:pk>/rediger/", companies.company_edit, name="company_edit"),
    path("bedrifter/<int:pk>/bli-med/", companies.company_join, name="company_join"),
    path(
        "bedrifter/<int:pk>/tilsette/<int:role_pk>/",
        companies.company_role_decide,
        name="company_role_decide",
    ),
    path("bedrifter/<int:pk>/krev/", companies.company_claim, name="company_claim"),
    path("bedrifter/<int:pk>/kontakt/", companies.company_contact, name="company_contact"),
    path("medlemskap/", membership.membership_apply, name="membership_apply"),
    path("stab/", membership.staff_queue, name="staff_queue"),
    path("stab/medlemskap/<int:pk>/", membership.membership_decide, name="membership_decide"),
    path("stab/krav/<int:pk>/", membership.claim_decide, name="claim_decide"),
]
