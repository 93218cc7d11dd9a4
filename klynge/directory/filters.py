"""What a people or company list is filtered by, between the pages or API and the lists.

The pages read it from Norwegian URL words (``FilterForm``), the API from its
English parameter names; the lists and the search take only this.
"""

from __future__ import annotations

from dataclasses import dataclass

from klynge.competence.index import AVAILABLE_TAG, municipality_tag
from klynge.directory.documents import MEMBER_TAG, REMOTE_TAG


@dataclass(frozen=True)
class ProviderFilters:
    text: str = ""  # a skill, a need in words, or a name: the competence search ranks
    municipality: str = ""  # a municipality's slug
    category: str = ""  # a competence area's slug
    available: bool = False  # only people available for assignments
    remote_worker: bool = False
    members_only: bool = False
    sort: str = "name"  # name, newest or municipality; a text search sorts by rank

    def index_tags(self) -> tuple[str, ...]:
        """The filters the search index can apply, as the tags every result must carry."""
        tags = []
        if self.municipality:
            tags.append(municipality_tag(self.municipality))
        if self.available:
            tags.append(AVAILABLE_TAG)
        if self.remote_worker:
            tags.append(REMOTE_TAG)
        if self.members_only:
            tags.append(MEMBER_TAG)
        return tuple(tags)
