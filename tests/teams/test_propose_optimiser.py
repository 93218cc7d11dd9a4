"""The team optimiser on hand-made needs whose best teams are known."""

from __future__ import annotations

import random

import pytest

from klynge.teams.propose import LARGE, MENTIONED, Provider, coverage_of, covered_well, propose


def person(n: int, covers, relevance=0.5, in_region=True) -> Provider:
    return Provider(("person", n), relevance, dict.fromkeys(covers, 1.0), None, in_region)


def company(n: int, covers, employees=3, relevance=0.5, in_region=True) -> Provider:
    return Provider(("company", n), relevance, dict.fromkeys(covers, 1.0), employees, in_region)


ARCHIVE = {"archive": 2.0, "integration": 1.0, "web": 1.5}


def keys(team) -> set:
    return {m.provider.key for m in team.members}


def test_the_known_best_pair_covers_everything_and_names_each_part():
    providers = [
        company(1, ["archive", "integration"], employees=14),
        company(2, ["web"]),
        person(3, ["archive"]),
        person(4, ["seo"]),
    ]
    teams = propose(ARCHIVE, providers)
    best = teams[0]
    assert keys(best) == {("company", 1), ("company", 2)}
    assert best.coverage == 1.0
    parts = {m.provider.key: m.part for m in best.members}
    assert parts == {("company", 1): ("archive", "integration"), ("company", 2): ("web",)}
    assert best.members[0].provider.key == ("company", 1)  # the larger company leads
    assert set(best.covered) == {"archive", "integration", "web"}


def test_no_team_when_one_provider_covers_the_need_well():
    providers = [company(1, ["archive", "integration", "web"]), person(2, ["web"])]
    assert propose(ARCHIVE, providers) == []


def test_no_team_for_a_need_of_one_competence():
    assert propose({"web": 1.0}, [person(1, ["web"]), person(2, ["web"])]) == []


def test_teams_hold_two_to_four_members_and_the_limit_is_kept():
    concepts = {f"c{i}": 1.0 for i in range(6)}
    providers = [person(i, [f"c{i}"]) for i in range(6)]  # nobody covers two
    teams = propose(concepts, providers)
    assert teams and all(2 <= len(t.members) <= 4 for t in teams)
    assert max(t.coverage for t in teams) == round(4 / 6, 4)  # four of six, no more
    assert propose(concepts, providers, max_size=2)[0].coverage == round(2 / 6, 4)


def test_nobody_rides_along_without_a_part():
    providers = [
        person(1, ["archive", "integration"]),
        person(2, ["web"]),
        person(3, ["archive"], relevance=0.99),  # adds nothing the first does not
    ]
    for team in propose(ARCHIVE, providers):
        assert all(m.part for m in team.members)
        assert not {("person", 1), ("person", 3)} <= keys(team)


def test_a_larger_company_with_a_freelancer_is_preferred_to_two_alike():
    concepts = {"archive": 1.0, "web": 1.0}
    providers = [
        company(1, ["archive"], employees=LARGE + 5),
        company(2, ["archive"], employees=2),
        person(3, ["web"]),
    ]
    best = propose(concepts, providers)[0]
    assert keys(best) == {("company", 1), ("person", 3)}
    assert best.mixed


def test_providers_in_the_region_are_preferred():
    concepts = {"archive": 1.0, "web": 1.0}
    providers = [
        person(1, ["archive"], in_region=False),
        person(2, ["archive"], in_region=True),
        person(3, ["web"], in_region=True),
    ]
    teams = propose(concepts, providers)
    assert keys(teams[0]) == {("person", 2), ("person", 3)}
    assert teams[0].in_region == 2


def test_coverage_outweighs_every_preference():
    concepts = {"a": 1.0, "b": 1.0, "c": 1.0}
    providers = [
        company(1, ["a"], employees=50, in_region=True, relevance=1.0),
        person(2, ["b"], in_region=True, relevance=1.0),
        person(3, ["a", "b", "c"][1:], in_region=False, relevance=0.1),
        person(4, ["a"], in_region=False, relevance=0.1),
    ]
    best = propose(concepts, providers)[0]
    assert best.coverage == 1.0
    assert ("person", 3) in keys(best)


def test_a_related_competence_counts_half():
    concepts = {"a": 1.0, "b": 1.0, "c": 1.0}
    p = Provider(("person", 1), 0.5, {"a": 1.0, "b": 0.5})
    assert coverage_of(concepts, p.covers) == 0.5
    best = propose(concepts, [p, person(2, ["c"])])[0]
    assert best.coverage == round(2.5 / 3, 4)
    assert best.covered == {"a": 1.0, "b": 0.5, "c": 1.0}


def test_the_three_teams_are_not_near_duplicates():
    concepts = {"a": 1.0, "b": 1.0, "c": 1.0}
    providers = [person(i, [c]) for i, c in enumerate("abcabcabc")]
    teams = propose(concepts, providers)
    assert len(teams) == 3
    for i, one in enumerate(teams):
        for other in teams[i + 1 :]:
            assert len(keys(one) & keys(other)) <= 1


def test_the_answer_is_deterministic_whatever_the_input_order():
    rng = random.Random(7)
    concepts = {f"c{i}": 1.0 + i / 10 for i in range(7)}
    providers = [
        person(i, rng.sample(sorted(concepts), 2), relevance=round(rng.random(), 2))
        for i in range(40)
    ]
    first = propose(concepts, providers)
    rng.shuffle(providers)
    assert [keys(t) for t in propose(concepts, providers)] == [keys(t) for t in first]


def test_only_the_pool_of_most_relevant_candidates_is_searched():
    concepts = {"a": 1.0, "b": 1.0}
    providers = [person(i, ["a"], relevance=0.9) for i in range(30)]
    providers.append(person(99, ["b"], relevance=0.1))  # the only one with b, 31st
    assert propose(concepts, providers) == []
    assert propose(concepts, providers, pool=31)


def test_nothing_to_propose_from_nobody():
    assert propose(ARCHIVE, []) == []


def test_a_related_competence_does_not_make_one_provider_cover_it_well():
    concepts = {"a": 1.0, "b": 1.0}
    near = Provider(("person", 1), 0.9, {"a": 1.0, "b": 0.5})  # 0.75 with the related one
    best = propose(concepts, [near, person(2, ["b"])])
    assert best and keys(best[0]) == {("person", 1), ("person", 2)}


def test_only_a_provider_worth_showing_covers_it_well():
    """A page shows no single match under its floor, so such a one does not stop a team."""
    concepts = {"a": 1.0, "b": 1.0}
    faint = person(1, ["a", "b"], relevance=0.1)
    pair = [person(2, ["a"], relevance=0.8), person(3, ["b"], relevance=0.8)]
    assert propose(concepts, [faint, *pair]) == []
    teams = propose(concepts, [faint, *pair], well_from=0.25)
    assert keys(teams[0]) == {("person", 2), ("person", 3)}


def mentions(n: int, declared, mentioned, relevance=0.9) -> Provider:
    """A person who declares some competences and only mentions others in a bio."""
    covers = {**dict.fromkeys(mentioned, MENTIONED), **dict.fromkeys(declared, 1.0)}
    return Provider(("person", n), relevance, covers, None, True)


def test_a_mentioned_only_provider_does_not_block_a_team():
    """She declares the archive system and only mentions the website and the integration
    in her bio: by her words alone she would cover it all, but that is not covering it
    well, so the team of those who declare the rest is proposed."""
    talker = mentions(1, ["archive"], ["integration", "web"])
    assert coverage_of(ARCHIVE, talker.covers) == pytest.approx((2.0 + 0.5 * 2.5) / 4.5)
    assert not covered_well(ARCHIVE, [talker])
    teams = propose(ARCHIVE, [talker, company(2, ["integration", "web"], relevance=0.5)])
    assert teams and keys(teams[0]) == {("person", 1), ("company", 2)}
    assert teams[0].coverage == 1.0


def test_before_provenance_the_same_words_blocked_the_team():
    """The same profile read the old way (every concept held): she covers it well, no team."""
    old = Provider(("person", 1), 0.9, dict.fromkeys(["archive", "integration", "web"], 1.0))
    assert covered_well(ARCHIVE, [old])
    assert propose(ARCHIVE, [old, company(2, ["integration", "web"], relevance=0.5)]) == []


def test_the_part_goes_to_who_declares_it_not_to_who_mentions_it():
    concepts = {"archive": 1.0, "web": 1.0, "seo": 1.0}
    talker = mentions(1, ["archive"], ["web"], relevance=0.95)
    builder = mentions(2, ["web", "seo"], [], relevance=0.4)
    best = propose(concepts, [talker, builder])[0]
    parts = {m.provider.key: m.part for m in best.members}
    assert parts == {("person", 1): ("archive",), ("person", 2): ("web", "seo")}
    assert best.covered == {"archive": 1.0, "web": 1.0, "seo": 1.0}


def test_a_competence_only_mentioned_by_everyone_is_covered_partly():
    concepts = {"a": 1.0, "b": 1.0, "c": 1.0}
    best = propose(concepts, [mentions(1, ["a"], ["c"]), mentions(2, ["b"], [])])[0]
    assert best.covered == {"a": 1.0, "b": 1.0, "c": MENTIONED}
    assert best.coverage == round(2.5 / 3, 4)
    assert {m.provider.key: m.part for m in best.members}[("person", 1)] == ("a", "c")
