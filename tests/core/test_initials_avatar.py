from klynge.core.templatetags.klynge import initials_avatar


def test_it_draws_the_initials_of_the_first_and_last_name():
    svg = initials_avatar("Kari Nordheim Haugen")
    assert ">KH</text>" in svg
    assert 'aria-hidden="true"' in svg and "style=" not in svg  # decorative; CSP-safe


def test_a_company_gets_its_first_letters_and_the_same_colour_each_time():
    first, again = initials_avatar("Fjellkode AS"), initials_avatar("Fjellkode AS")
    assert ">FA</text>" in first and first == again


def test_it_escapes_what_it_is_given():
    svg = initials_avatar("<script> x")
    assert "<script>" not in svg


def test_the_directory_shows_it_when_there_is_no_photo(client, member):
    html = client.get("/katalog/").content.decode()
    assert "Mari Member" in html and ">MM</text>" in html
