"""The one place that decides what a viewer may see of a person.

Every path that shows a person (pages, API, search, matching, exports, feeds)
turns a Person into a PersonView here, or filters with ``visible_q``. A field
group the viewer may not see is simply absent from the view: it is never
rendered, serialised, scored or used as a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.db.models import Q
from django.utils.translation import gettext

from klynge.competence.models import SearchDocument
from klynge.core.region import OUTSIDE_REGION, by_slug
from klynge.directory.models import Person, Visibility
from klynge.directory.roles import is_member, person_of

GROUPS = ("contact", "employer", "bio", "skills", "photo")


class Audience(Enum):
    VISITOR = "visitor"
    USER = "user"
    MEMBER = "member"
    STAFF = "staff"


@dataclass(frozen=True)
class Viewer:
    """Who is looking, worked out once per request."""

    audience: Audience
    person_id: int | None = None

    @property
    def sees_members_only(self) -> bool:
        return self.audience in (Audience.MEMBER, Audience.STAFF)


ANONYMOUS = Viewer(Audience.VISITOR)

# The search index keeps a person's documents for two audiences: what everyone
# may see, and what members (and staff) may see. Visitors and signed-in users
# who are not members read the first. A company's whole profile is public, so
# every audience reads its one document.
IndexAudience = SearchDocument.Audience
PERSON_INDEX_AUDIENCES = (IndexAudience.PUBLIC, IndexAudience.MEMBERS)
COMPANY_INDEX_AUDIENCES = (IndexAudience.PUBLIC, IndexAudience.MEMBERS)
_INDEX_READER = {IndexAudience.PUBLIC: ANONYMOUS, IndexAudience.MEMBERS: Viewer(Audience.MEMBER)}


def viewer_for(user) -> Viewer:
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    person = person_of(user)
    person_id = person.pk if person else None
    if user.is_staff:
        return Viewer(Audience.STAFF, person_id)
    if is_member(user):
        return Viewer(Audience.MEMBER, person_id)
    return Viewer(Audience.USER, person_id)


def can_see(visibility: str, viewer: Viewer, *, owner_id: int | None) -> bool:
    if owner_id is not None and viewer.person_id == owner_id:
        return True
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return viewer.sees_members_only
    return False


def index_audience(viewer: Viewer) -> str:
    """The index audience whose documents this viewer's searches and matches read."""
    if viewer.sees_members_only:
        return IndexAudience.MEMBERS
    return IndexAudience.PUBLIC


def groups_in_index(person, audience: str, groups) -> tuple[str, ...]:
    """Which of ``groups`` a person's document for ``audience`` may hold: what every
    reader of that audience may see (the person's own view is not searched)."""
    reader = _INDEX_READER[audience]
    return tuple(
        group
        for group in groups
        if can_see(getattr(person, f"{group}_visibility"), reader, owner_id=None)
    )


def visibilities_seen(viewer: Viewer) -> list[str]:
    """The visibility settings whose groups this viewer sees on anyone's profile
    (their own profile they see whole)."""
    allowed = [Visibility.PUBLIC]
    if viewer.sees_members_only:
        allowed.append(Visibility.MEMBERS)
    return allowed


def visible_q(group: str, viewer: Viewer, prefix: str = "") -> Q:
    """A filter on Person that keeps only rows whose ``group`` this viewer may see."""
    if group not in GROUPS:
        raise ValueError(f"unknown field group {group!r}")
    field_name = f"{prefix}{group}_visibility"
    condition = Q(**{f"{field_name}__in": visibilities_seen(viewer)})
    if viewer.person_id is not None:
        condition |= Q(**{f"{prefix}pk": viewer.person_id})
    return condition


@dataclass
class SkillView:
    name: str
    level: int | None


@dataclass
class PersonView:
    """What one viewer may see of one person. Absent groups are None or empty."""

    id: int
    name: str
    url: str
    municipality: str
    municipality_name: str
    languages: list[str]
    available_for_assignments: bool
    remote_worker: bool
    is_member: bool
    is_own: bool
    headline: str | None = None
    bio: str | None = None
    photo_url: str | None = None
    employer_name: str | None = None
    employer_url: str | None = None
    skills: list[SkillView] | None = None
    contact_email: str | None = None
    phone: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why a search found them


def municipality_name(slug: str) -> str:
    municipality = by_slug(slug)
    if municipality:
        return municipality.name
    return gettext("Outside the region") if slug == OUTSIDE_REGION else ""


def person_view(person: Person, viewer: Viewer) -> PersonView:
    """Apply the person's visibility choices for this viewer.

    Expects ``employer`` selected and ``skills`` prefetched when called in a loop.
    """
    sees = {
        group: can_see(getattr(person, f"{group}_visibility"), viewer, owner_id=person.pk)
        for group in GROUPS
    }
    view = PersonView(
        id=person.pk,
        name=person.name,
        url=person.get_absolute_url(),
        municipality=person.municipality,
        municipality_name=municipality_name(person.municipality),
        languages=list(person.languages or []),
        available_for_assignments=person.available_for_assignments,
        remote_worker=person.remote_worker,
        is_member=person.is_member,
        is_own=viewer.person_id == person.pk,
        hidden=[group for group, ok in sees.items() if not ok],
    )
    if sees["bio"]:
        view.headline = person.headline
        view.bio = person.bio
    if sees["photo"] and person.photo:
        view.photo_url = person.get_photo_url()
    if sees["employer"]:
        if person.employer_id:
            view.employer_name = person.employer.name
            view.employer_url = person.employer.get_absolute_url()
        elif person.employer_name:
            view.employer_name = person.employer_name
    if sees["skills"]:
        view.skills = [SkillView(s.name, s.level) for s in person.skills.all()]
    if sees["contact"]:
        view.contact_email = person.contact_email or None
        view.phone = person.phone or None
        view.links = {
            key: url
            for key, url in (
                ("linkedin", person.linkedin_url),
                ("website", person.website_url),
                ("github", person.github_url),
            )
            if url
        }
    return view


def person_views(people, viewer: Viewer) -> list[PersonView]:
    return [person_view(person, viewer) for person in people]
