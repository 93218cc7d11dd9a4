"""Every figure of the dashboard against data counted by hand (tests/insights/conftest.py)."""

from __future__ import annotations

from klynge.directory.visibility import ANONYMOUS, Audience, Viewer
from klynge.insights.figures import cells, dashboard
from klynge.insights.figures.cells import count, median_hours, share

STAFF = Viewer(Audience.STAFF)


def texts(board, key):
    """A table as {row key: [cell texts]}."""
    return {row.key: [c.text for c in row.cells] for row in board.table(key).rows}


def test_it_hides_one_and_two_and_nothing_else():
    assert [count(n).text for n in (0, 1, 2, 3)] == ["0", "under 3", "under 3", "3"]
    assert [count(n).json for n in (0, 1, 2, 3)] == [0, "<3", "<3", 3]
    assert share(2, 10).suppressed and share(5, 2).suppressed
    assert share(3, 4).value == 75 and share(0, 0).value is None
    assert median_hours([1, 9]).suppressed and median_hours([1, 2, 9]).value == 2


def test_it_counts_people_and_companies_by_municipality(known):
    board = dashboard(period=known["period"], municipality=None, viewer=STAFF)
    rows = texts(board, "members-by-municipality")
    # Listed people created before 2026 in Oslo: P1-P3, P5-P8 (P9 is later, P10 unlisted).
    # Members before the end: P1-P3, P6, P7 (P8 became one after midnight).
    assert rows["gol"] == ["7", "5", "under 3", "under 3"]
    assert rows["hol"] == ["under 3", "under 3", "under 3", "under 3"]
    assert rows["flaa"] == ["0", "0", "0", "0"]


def test_it_counts_members_by_type(known):
    rows = texts(
        dashboard(period=known["period"], municipality=None, viewer=STAFF), "members-by-type"
    )
    # People: members P1-P4, P6, P7; new in 2025: P1-P4, P7; listed 9; created in 2025: 4.
    assert rows["person"] == ["6", "5", "8", "4"]
    assert rows["business"] == ["under 3", "under 3", "under 3", "0"]
    assert rows["public"][0] == "under 3" and rows["education"][0] == "under 3"


def test_it_counts_new_members_by_oslo_month(known):
    board = dashboard(period=known["period"], municipality=None, viewer=STAFF)
    table = board.table("members-by-month")
    assert len(table.rows) == 12
    rows = {row.key: [c.text for c in row.cells] for row in table.rows}
    assert rows["2025-01"] == ["0", "0", "under 3"]  # P6 joined on 31 December, Oslo time
    assert rows["2025-02"] == ["0", "3", "4"]
    assert rows["2025-03"] == ["3", "0", "7"]
    assert rows["2025-04"] == ["under 3", "0", "8"]
    assert rows["2025-12"] == ["under 3", "0", "9"]  # P7 at 23:30; P8 is January 2026


def test_it_sorts_members_into_the_triple_helix(known):
    rows = texts(dashboard(period=known["period"], municipality=None, viewer=STAFF), "triple-helix")
    # People: P1 works for the municipality; P2-P4, P6, P7 count as business.
    # Companies: one of each. Business 5 + 1 = 6 of 9.
    assert rows["business"] == ["6", "5", "under 3", "67 %"]
    assert rows["public"] == ["under 3", "under 3", "under 3", "under 3"]
    assert rows["education"] == ["under 3", "0", "under 3", "under 3"]


def test_it_sets_supply_against_demand(known):
    rows = texts(
        dashboard(period=known["period"], municipality=None, viewer=STAFF), "supply-demand"
    )
    # Web: P1, P2, P5 (members may see) and Fjellkode; P3 keeps skills private.
    assert rows["web"] == ["4", "3", "under 3", "3"]
    assert rows["drift"] == ["under 3", "under 3", "0", "under 3"]
    assert rows["data"] == ["under 3", "0", "under 3", "0"]


def test_it_counts_only_what_the_viewer_may_see_as_supply(known):
    rows = texts(
        dashboard(period=known["period"], municipality=None, viewer=ANONYMOUS), "supply-demand"
    )
    assert rows["web"] == ["3", "under 3", "under 3", "3"]  # P5 shows skills to members only


def test_it_lists_gaps_and_idle_supply(known):
    board = dashboard(period=known["period"], municipality=None, viewer=STAFF)
    assert texts(board, "gaps") == {"drift": ["under 3", "under 3"]}
    assert texts(board, "idle") == {"data": ["under 3"]}
    gol = dashboard(period=known["period"], municipality="gol", viewer=STAFF)
    # Networking: P4 is in Hol; no need was placed in a municipality.
    assert texts(gol, "supply-by-municipality")["drift"] == ["0"]
    assert texts(gol, "gaps") == {}


def test_it_follows_needs_through_the_funnel(known):
    rows = texts(dashboard(period=known["period"], municipality=None, viewer=STAFF), "needs-funnel")
    # Columns: all, business, public. Submitted in 2025: four published and one pending.
    assert rows["posted"] == ["5", "4", "under 3"]
    assert rows["approved"] == ["4", "3", "under 3"]
    assert rows["answered"] == ["3", "under 3", "under 3"]
    assert rows["dialogue"] == ["under 3", "0", "under 3"]
    assert rows["filled"] == ["under 3", "under 3", "0"]
    assert rows["expired"] == ["under 3", "under 3", "0"]
    assert rows["closed"] == ["0", "0", "0"]
    assert rows["open"] == ["under 3", "under 3", "under 3"]


def test_it_measures_speed_and_results_of_needs(known):
    rows = texts(
        dashboard(period=known["period"], municipality=None, viewer=STAFF), "needs-results"
    )
    # First answers after 2, 4 and 10 hours (the second answer to need 2 does not count).
    assert rows["median-first-answer"] == ["4 h", "under 3", "under 3"]
    assert rows["share-filled-local"] == ["under 3", "under 3", "–"]
    assert rows["helped"][0] == "under 3"


def test_it_counts_events_and_turnout(known):
    rows = texts(dashboard(period=known["period"], municipality=None, viewer=STAFF), "events")
    # Columns: all, in person, online, hybrid.
    assert rows["held"] == ["under 3", "under 3", "under 3", "0"]
    assert rows["cancelled"][0] == "under 3"
    assert rows["full"] == ["under 3", "under 3", "0", "0"]
    assert rows["signups"] == ["5", "3", "under 3", "0"]
    assert rows["attended"] == ["under 3", "under 3", "0", "0"]
    # Only the first event checked people in: its guest did not come; the online one is not counted.
    assert rows["no-shows"] == ["under 3", "under 3", "0", "0"]
    assert rows["waitlisted"] == ["under 3", "under 3", "0", "0"]


def test_it_counts_participants_first_timers_and_later_members(known):
    rows = texts(dashboard(period=known["period"], municipality=None, viewer=STAFF), "participants")
    # Una, Ulf and one guest (the same address in two cases); Ulf came in 2024 too;
    # Una became a member in March, after the first event.
    assert rows["participants"] == ["3", "100 %"]
    assert rows["first-timers"] == ["under 3", "under 3"]
    assert rows["later-members"] == ["under 3", "under 3"]


# The same figures with the privacy rule switched off, so that every hidden
# cell above is checked exactly too.


def raw(monkeypatch, known, key, municipality=None):
    monkeypatch.setattr(cells, "SMALLEST_SHOWN", 1)
    return texts(dashboard(period=known["period"], municipality=municipality, viewer=STAFF), key)


def test_it_counts_small_cells_exactly_behind_the_rule(known, monkeypatch):
    assert raw(monkeypatch, known, "members-by-municipality")["hol"] == ["1", "1", "1", "1"]
    assert raw(monkeypatch, known, "members-by-municipality")["gol"] == ["7", "5", "2", "2"]
    assert raw(monkeypatch, known, "members-by-type") == {
        "person": ["6", "5", "8", "4"],
        "business": ["1", "1", "1", "0"],
        "public": ["1", "1", "1", "0"],
        "education": ["1", "1", "1", "0"],
    }
    months = raw(monkeypatch, known, "members-by-month")
    assert months["2025-01"] == ["0", "0", "1"] and months["2025-04"] == ["1", "0", "8"]
    assert raw(monkeypatch, known, "triple-helix") == {
        "business": ["6", "5", "1", "67 %"],
        "public": ["2", "1", "1", "22 %"],
        "education": ["1", "0", "1", "11 %"],
    }


def test_it_counts_small_supply_and_needs_exactly_behind_the_rule(known, monkeypatch):
    supply = raw(monkeypatch, known, "supply-demand")
    assert supply == {
        "web": ["4", "3", "1", "3"],
        "drift": ["1", "1", "0", "1"],
        "data": ["1", "0", "1", "0"],
    }
    assert raw(monkeypatch, known, "supply-by-municipality")["web"] == [
        "0",
        "0",
        "4",
        "0",
        "0",
        "0",
    ]
    assert raw(monkeypatch, known, "needs-funnel") == {
        "posted": ["5", "4", "1"],
        "approved": ["4", "3", "1"],
        "answered": ["3", "2", "1"],
        "dialogue": ["1", "0", "1"],
        "filled": ["1", "1", "0"],
        "closed": ["0", "0", "0"],
        "expired": ["1", "1", "0"],
        "declined": ["0", "0", "0"],
        "open": ["2", "1", "1"],
    }
    results = raw(monkeypatch, known, "needs-results")
    assert results["median-first-answer"] == ["4 h", "6 h", "4 h"]
    assert results["share-filled-local"] == ["100 %", "100 %", "–"]
    assert results["helped"] == ["1", "1", "0"]
    assert results["not-helped"] == ["0", "0", "0"]
    assert results["no-outcome"] == ["0", "0", "0"]


def test_it_counts_small_event_figures_exactly_behind_the_rule(known, monkeypatch):
    assert raw(monkeypatch, known, "events") == {
        "held": ["2", "1", "1", "0"],
        "cancelled": ["1", "1", "0", "0"],
        "full": ["1", "1", "0", "0"],
        "signups": ["5", "3", "2", "0"],
        "attended": ["2", "2", "0", "0"],
        "no-shows": ["1", "1", "0", "0"],
        "waitlisted": ["1", "1", "0", "0"],
        "cancelled-signups": ["0", "0", "0", "0"],
    }
    assert raw(monkeypatch, known, "participants") == {
        "participants": ["3", "100 %"],
        "first-timers": ["2", "67 %"],
        "later-members": ["1", "33 %"],
    }


def test_it_counts_participants_of_one_municipality(known, monkeypatch):
    # Only Una has a profile (in Gol); guests have none.
    rows = raw(monkeypatch, known, "events", municipality="gol")
    assert rows["signups"] == ["2", "1", "1", "0"] and rows["held"][0] == "2"
    assert raw(monkeypatch, known, "participants", municipality="gol")["participants"][0] == "1"
