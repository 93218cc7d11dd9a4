"""People, companies and membership of the hub.

A Person may exist without a login (imported from the hub's lists) until its
owner claims it by email; a Company may exist without an admin (imported from
Enhetsregisteret) until someone claims it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klynge.core.region import municipality_choices
from klynge.core.uploads import private_storage


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members of the hub")
    PRIVATE = "private", _("Only me")


class MemberStatus(models.TextChoices):
    NONE = "none", _("Not a member")
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Member")
    DECLINED = "declined", _("Declined")


def municipality_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("municipality"), max_length=32, choices=municipality_choices, blank=True, **kwargs
    )


def visibility_field(label, default: str) -> models.CharField:
    return models.CharField(label, max_length=8, choices=Visibility.choices, default=default)


class Member(models.Model):
    """What people and companies share: the hub approves them as members."""

    member_status = models.CharField(
        _("membership"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.NONE
    )
    member_since = models.DateTimeField(_("member since"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_member(self) -> bool:
        return self.member_status == MemberStatus.APPROVED


class PersonQuerySet(models.QuerySet):
    def listed(self):
        """People who appear in the directory at all.

        Deactivating an account unlists its profile (services.account_set_active),
        so this needs no join to the user table, which on 100,000 profiles made
        the list five times slower.
        """
        return self.filter(is_listed=True)

    def members(self):
        return self.filter(member_status=MemberStatus.APPROVED)

    def in_municipality(self, slug: str):
        return self.filter(municipality=slug)


class Person(Member):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    external_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, verbose_name=_("external ID")
    )
    name = models.CharField(_("name"), max_length=150)
    headline = models.CharField(
        _("headline"),
        max_length=160,
        blank=True,
        help_text=_("One line about what you do, for example 'Web developer and UX designer'."),
    )
    bio = models.TextField(_("about me"), blank=True, help_text=_("Markdown is allowed."))
    # Outside the public media root: served by directory:person_photo, which checks visibility.
    photo = models.ImageField(_("photo"), upload_to="people/", storage=private_storage, blank=True)
    municipality = municipality_field()
    employer = models.ForeignKey(
        "Company",
        verbose_name=_("employer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees_listed",
    )
    employer_name = models.CharField(
        _("employer (if not in the directory)"), max_length=150, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    website_url = models.URLField(_("website"), blank=True)
    github_url = models.URLField(_("GitHub"), blank=True)
    available_for_assignments = models.BooleanField(_("available for assignments"), default=False)
    remote_worker = models.BooleanField(
        _("remote worker"),
        default=False,
        help_text=_("I live in the region and work for an employer somewhere else."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    # The person's own yes to the hub's surveys; only they set it (profile form).
    survey_consent = models.BooleanField(
        _("the hub may contact me with questions and surveys"),
        default=False,
        help_text=_(
            "Now and then the hub asks short questions by email, for example what you need "
            "from the hub. Answering is always voluntary, and you can untick this at any time."
        ),
    )

    contact_visibility = visibility_field(_("who sees my contact details"), Visibility.MEMBERS)
    employer_visibility = visibility_field(_("who sees my employer"), Visibility.PUBLIC)
    bio_visibility = visibility_field(_("who sees my headline and about me"), Visibility.PUBLIC)
    skills_visibility = visibility_field(_("who sees my skills"), Visibility.PUBLIC)
    photo_visibility = visibility_field(_("who sees my photo"), Visibility.PUBLIC)

    is_listed = models.BooleanField(
        _("shown in the directory"),
        default=True,
        help_text=_("Untick to hide the profile from lists and search."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        indexes = [
            # The list is read in name order and counted. The first index serves
            # the page with no sort step, and finds the ids of a page far down the
            # list without reading the rows it skips; the second holds every
            # filter of the list, so a filtered count reads no rows either.
            models.Index(fields=["name", "id", "is_listed"]),
            models.Index(
                fields=[
                    "is_listed",
                    "municipality",
                    "available_for_assignments",
                    "remote_worker",
                    "member_status",
                ]
            ),  # fmt: skip
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["municipality", "name", "id"]),
            # The insights' member tables (insights/figures/members.py: Scan) count
            # from these two alone, never reading the wide rows: listed and new
            # people by municipality; members by municipality, month and their
            # employer. The second also serves every filter on member_status;
            # is_listed stands before member_since so that SQLite, which has no
            # statistics, is not tempted to drive joins (the events' "became
            # members afterwards") from a range of people by member_since.
            models.Index(
                fields=["municipality", "is_listed", "created_at"],
                name="person_insights_created",
            ),
            models.Index(
                fields=["member_status", "municipality", "is_listed", "member_since", "employer"],
                name="person_insights_members",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(member_status="approved") | Q(member_since__isnull=False),
                name="person_member_has_since",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.pk])

    def get_photo_url(self) -> str:
        """The photo's address; it changes with every new photo, so caches never go stale."""
        return reverse("directory:person_photo", args=[self.pk, self.photo.name.rpartition("/")[2]])


class PersonSkill(models.Model):
    # No index of its own: the unique constraint's index on (person, name) serves it.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="skills",
        db_index=False,
        verbose_name=_("person"),
    )
    name = models.CharField(_("skill"), max_length=100)
    # The taxonomy's competence this skill names, when it names one (set on save).
    competence = models.ForeignKey(
        "competence.Competence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (some) to 5 (expert)"),
    )

    class Meta:
        verbose_name = _("skill (person)")
        verbose_name_plural = _("skills (people)")
        ordering = [models.F("level").desc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint("person", "name", name="personskill_unique_name"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5),
                name="personskill_level_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)

    def members(self):
        return self.filter(member_status=MemberStatus.APPROVED)


class Company(Member):
    class Source(models.TextChoices):
        USER = "user", _("Created by a user")
        IMPORT = "import", _("Imported by the hub")
        REGISTER = "register", _("From Enhetsregisteret")

    external_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, verbose_name=_("external ID")
    )
    org_number = models.CharField(
        _("organisation number"), max_length=9, unique=True, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    nace = models.CharField(_("industry code (NACE)"), max_length=8, blank=True)
    # Set only by the register import, never by the company's admins (directory/sectors.py).
    sector_code = models.CharField(_("institutional sector code"), max_length=4, blank=True)
    municipality = municipality_field()
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown is allowed.")
    )
    services = models.JSONField(_("services offered"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="companies/", blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.USER, verbose_name=_("source")
    )
    is_claimed = models.BooleanField(_("claimed"), default=True)
    is_listed = models.BooleanField(_("shown in the directory"), default=True)
    # Teams (klynge/teams): the company welcomes answering needs together with others.
    open_to_team = models.BooleanField(_("open to team up"), default=False)
    open_to_team_for = models.CharField(
        _("team up for what"), max_length=200, blank=True,
        help_text=_("For example 'larger web projects, we do the integration'."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["is_listed", "name"]),
            # Every column the insights' company counts name (figures/members.py),
            # so they read this index, not the rows; it also serves the
            # filter by municipality.
            models.Index(
                fields=["municipality", "is_listed", "nace", "created_at", "member_status",
                        "member_since"],
                name="company_insights",
            ),  # fmt: skip
            # The public and education companies by their industry code's range
            # (insights/figures/members.py: in_sector), not every company read.
            models.Index(fields=["nace"], name="company_insights_nace"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(org_number__regex=r"^[0-9]{9}$"),
                name="company_org_number_nine_digits",
            ),
            models.CheckConstraint(
                condition=~Q(member_status="approved") | Q(member_since__isnull=False),
                name="company_member_has_since",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:company", args=[self.pk])


class CompanySkill(models.Model):
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="skills",
        db_index=False,
        verbose_name=_("company"),
    )  # indexed by the unique constraint on (company, name)
    name = models.CharField(_("skill"), max_length=100)
    competence = models.ForeignKey(
        "competence.Competence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence"),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("skill (company)")
        verbose_name_plural = _("skills (companies)")
        ordering = [models.F("level").desc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint("company", "name", name="companyskill_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CompanyRole(models.Model):
    """A person who works at a company; an admin may edit the company."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="roles", verbose_name=_("company")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="company_roles", verbose_name=_("person")
    )
    is_admin = models.BooleanField(_("company admin"), default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("role at a company")
        verbose_name_plural = _("roles at companies")
        constraints = [
            models.UniqueConstraint("company", "person", name="companyrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.company}"


class CompanyClaim(models.Model):
    """Someone asks to take over an unclaimed company listing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="claims", verbose_name=_("company")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    message = models.TextField(_("how are you connected to the company?"), blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    automatic = models.BooleanField(default=False, verbose_name=_("approved automatically"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("claim of a company")
        verbose_name_plural = _("claims of companies")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                "company", "user", condition=Q(status="pending"), name="companyclaim_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.company}"


class MembershipApplication(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("As a person")
        COMPANY = "company", _("For a company")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    # Kept, without the user and their answers, when an account is deleted: the
    # counts feed the hub's statistics.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_applications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("apply"), max_length=8, choices=Kind.choices, default=Kind.PERSON)
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("company")
    )
    why = models.TextField(_("Why do you want to join?"))
    offer = models.TextField(_("What can you offer the network?"), blank=True)
    need = models.TextField(_("What do you need from the network?"), blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                "user",
                condition=Q(status="pending", kind="person"),
                name="membershipapplication_one_pending_person",
            ),
            models.UniqueConstraint(
                "user",
                "company",
                condition=Q(status="pending", kind="company"),
                name="membershipapplication_one_pending_company",
            ),
            models.CheckConstraint(
                condition=Q(kind="person", company__isnull=True)
                | Q(kind="company", company__isnull=False),
                name="membershipapplication_company_iff_kind_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class SupplyMark(models.Model):
    """One listed person or company offering at least one competence of a category,
    with where they are and who may see their skills. Kept by supply.py from the
    profiles and skills; the counts below are the sum of these marks."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        COMPANY = "company", _("company")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # No foreign key: the mark must outlive a deleted owner until it is taken off the count.
    owner_id = models.BigIntegerField(_("person or company"))
    category = models.ForeignKey(
        "competence.Category", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("competence category"),
    )  # fmt: skip
    municipality = models.CharField(_("municipality"), max_length=32, blank=True)
    visibility = models.CharField(_("who sees the skills"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("supply mark")
        verbose_name_plural = _("supply marks")
        indexes = [models.Index(fields=["kind", "owner_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.owner_id}: {self.category_id}"


class SupplyCount(models.Model):
    """How many listed people (or companies) offer a category, by municipality and by
    who may see their skills (blank for companies): the competence supply in a few
    hundred rows, for the statistics."""

    kind = models.CharField(_("kind"), max_length=8, choices=SupplyMark.Kind.choices)
    category = models.ForeignKey(
        "competence.Category", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("competence category"),
    )  # fmt: skip
    municipality = models.CharField(_("municipality"), max_length=32, blank=True)
    visibility = models.CharField(_("who sees the skills"), max_length=8, blank=True)
    providers = models.PositiveIntegerField(_("providers"), default=0)

    class Meta:
        verbose_name = _("supply count")
        verbose_name_plural = _("supply counts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category", "municipality", "visibility"], name="supply_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.category_id} {self.municipality}: {self.providers}"
