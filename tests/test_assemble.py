"""Merging event mentions of different articles into one event: what counts as evidence of the same event.

Sharing the type, a partner and the week is not enough when the partner is only a country or a town: China does
many things with Madagascar in one month. The stories below are ours; the facts are the kind a reader meets.
"""

from __future__ import annotations

import datetime as dt

from transforms import assemble
from transforms.model import Article, ArticleFacts, EventMention, PartnerMention

D = dt.date


def _partner(name: str, kind: str, side: str | None) -> PartnerMention:
    return PartnerMention(name=name, canonical_name=name, kind=kind, side=side,
                          country={"chinese": "CN", "foreign": "MG"}.get(side or ""))


CHINA = _partner("China", "country", "chinese")
CHINA_GOV = _partner("China", "national_government", "chinese")
MADAGASCAR = _partner("Madagascar", "country", "foreign")
SAUDI = _partner("Saudi Arabia", "country", "foreign")
BEIJING = _partner("Beijing", "local_government", "chinese")
HUNAN_ACADEMY = _partner("Hunan Academy of Agricultural Sciences", "university_research", "chinese")
HUAWEI = _partner("Huawei", "company", "chinese")


def _mention(event_type: str, evidence: str, day: dt.date, *partners: PartnerMention,
             precision: str = "day") -> EventMention:
    return EventMention(event_type, evidence=evidence, date=day, date_precision=precision, partners=list(partners))


def _sources(*stories: tuple[str, EventMention]) -> list[list[str]]:
    """The sources of each merged event, for stories (article id, its one mention) published in that order."""
    articles = [Article(aid, "", "", "ok", published=D(2024, 6, 1)) for aid, _ in stories]
    facts = {aid: ArticleFacts(True, [mention]) for aid, mention in stories}
    return [event.sources for event in assemble.merge_events(articles, facts)]


def test_two_aid_stories_of_one_month_naming_only_the_two_countries_stay_two_events():
    team = _mention("other", "On 4 November a team of Chinese doctors left for Madagascar.", D(2006, 11, 4),
                    CHINA, MADAGASCAR)
    rice = _mention("other", "In November Chinese experts helped open a rice centre in Madagascar.", D(2006, 11, 1),
                    CHINA, HUNAN_ACADEMY, MADAGASCAR, precision="month")
    assert _sources(("team", team), ("rice", rice)) == [["team"], ["rice"]]


def test_two_aid_stories_naming_the_same_institute_are_one_event():
    first = _mention("other", "Experts of the Hunan academy set up a rice centre in Madagascar.", D(2006, 11, 2),
                     CHINA, HUNAN_ACADEMY, MADAGASCAR)
    second = _mention("other", "A hybrid rice centre run by Hunan experts opened in Madagascar.", D(2006, 11, 3),
                      HUNAN_ACADEMY, MADAGASCAR)
    assert _sources(("a", first), ("b", second)) == [["a", "b"]]


def test_a_visit_of_a_named_type_told_by_two_papers_with_the_two_countries_is_one_event():
    first = _mention("visit", "The Chinese president arrived in Riyadh for a state visit.", D(2022, 12, 7),
                     CHINA, SAUDI)
    second = _mention("visit", "Xi began his state visit to Saudi Arabia on Wednesday.", D(2022, 12, 8),
                      CHINA_GOV, SAUDI)
    assert _sources(("a", first), ("b", second)) == [["a", "b"]]


def test_two_agreements_of_one_week_naming_only_china_stay_apart_unless_they_share_a_company():
    tariffs = _mention("agreement", "China signed a customs agreement on Monday.", D(2020, 11, 12), CHINA)
    contest = _mention("agreement", "China agreed to host a speech contest for students.", D(2020, 11, 13), CHINA)
    assert _sources(("a", tariffs), ("b", contest)) == [["a"], ["b"]]
    first = _mention("agreement", "Huawei signed a cloud agreement in Beijing.", D(2020, 11, 12), HUAWEI, CHINA)
    second = _mention("agreement", "Huawei's new cloud deal was signed on Friday.", D(2020, 11, 13), HUAWEI)
    assert _sources(("a", first), ("b", second)) == [["a", "b"]]


def test_a_shared_town_is_no_evidence_of_one_meeting():
    council = _mention("meeting", "The city council of Beijing met on Tuesday.", D(2020, 11, 17), BEIJING, CHINA)
    forum = _mention("meeting", "A forum on elderly care was held in Beijing.", D(2020, 11, 18), BEIJING)
    assert _sources(("a", council), ("b", forum)) == [["a"], ["b"]]


def test_the_same_sentence_in_two_records_is_one_event_even_of_type_other():
    sentence = "China has sent medical teams to Cape Verde every two years since 1984."
    cape_verde = _partner("Cape Verde", "country", "foreign")
    first = _mention("other", sentence, D(1984, 1, 1), CHINA, cape_verde, precision="year")
    second = _mention("other", sentence, D(1984, 1, 1), CHINA, cape_verde, precision="year")
    assert _sources(("a", first), ("b", second)) == [["a", "b"]]


def test_the_same_sentence_still_needs_the_same_week():
    sentence = "China and Kenya signed an agreement on fisheries."
    kenya = _partner("Kenya", "country", "foreign")
    first = _mention("agreement", sentence, D(2015, 3, 2), CHINA, kenya)
    second = _mention("agreement", sentence, D(2015, 6, 2), CHINA, kenya)
    assert _sources(("a", first), ("b", second)) == [["a"], ["b"]]


def test_what_only_merging_reads_is_dropped_when_asked():
    first = _mention("other", "Experts of the Hunan academy set up a rice centre.", D(2006, 11, 2), HUNAN_ACADEMY)
    articles = [Article("a", "", "", "ok", published=D(2024, 6, 1))]
    [event] = assemble.merge_events(articles, {"a": ArticleFacts(True, [first])}, drop_merge_state=True)
    assert (event.names, event.particular, event.evidence_keys) == ((), (), ())


def test_events_share_one_string_for_a_precision_and_a_currency():
    from transforms.model import AmountMention

    def parsed(word: str) -> str:  # a copy as each parsed article brings its own
        return "".join(list(word))

    stories = []
    for aid, country in (("a", "Kenya"), ("b", "Ghana")):
        mention = _mention("finance", f"China lent {country} $5 million.", D(2015, 3, 2), CHINA,
                           _partner(country, "country", "foreign"), precision=parsed("month"))
        mention.amounts = [AmountMention(value=5e6, currency=parsed("USD"))]
        stories.append((aid, mention))
    articles = [Article(aid, "", "", "ok", published=D(2024, 6, 1)) for aid, _ in stories]
    first, second = assemble.merge_events(articles, {aid: ArticleFacts(True, [m]) for aid, m in stories})
    assert first.date_precision is second.date_precision
    assert first.amount_figures[0][0] is second.amount_figures[0][0]
