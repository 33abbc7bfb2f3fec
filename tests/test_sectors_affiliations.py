"""A sector keyword inside the institution a speaker's title names ("a professor at … University") is no sector."""

from __future__ import annotations

from transforms.sectors import find_sectors


def _sectors(text: str) -> list[tuple[str, str]]:
    return [(m.sector, m.keyword) for m in find_sectors(text, "en")]


def test_the_institution_after_a_title_word_names_no_sector():
    assert _sectors("Ana Reyes, a professor at Riverside University, said the loan was fair.") == []
    assert _sectors("Omar Idris is a senior lecturer at Hillcrest College.") == []
    assert _sectors("A researcher with the Lakeside Energy Institute said prices rose.") == []
    assert _sectors("Tom Ray, professor of economics at Northgate University, said so.") == []
    assert _sectors("Said a visiting scholar from the Institute of Health Policy.") == []


def test_keywords_after_the_affiliation_still_count():
    assert _sectors("An analyst at Northgate Capital said the port deal was large.") == [
        ("transport_logistics", "port")]
    assert _sectors("Ana Reyes, a professor at Riverside University, praised the new solar plant.") == [
        ("energy", "solar")]


def test_institutions_not_after_a_title_word_keep_their_sector():
    assert _sectors("China funded a new library at Riverside University.") == [("education", "University")]
    assert _sectors("The university will build a campus with the loan.") == [
        ("education", "university"), ("education", "campus")]
    assert _sectors("Students at Hillcrest College met the delegation.") == [
        ("education", "Students"), ("education", "College")]


def test_an_affiliation_runs_at_most_eight_capitalised_words():
    # past eight words the run has gone on into a person's name and another body
    text = "The guests were met by a dean of Hillcrest College Ana Lee Ben Ode and the Riverside City Tourism Bureau."
    assert _sectors(text) == [("culture_tourism", "Tourism")]
