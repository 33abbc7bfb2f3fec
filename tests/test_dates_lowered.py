"""find_dates with the caller's lower-cased text (``lowered``): the same mentions as without it."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transforms.dates import find_dates
from transforms.dates import lower_same_length

PUBLISHED = dt.date(2024, 5, 17)


def test_month_names_are_found_through_the_callers_lowered_text():
    text = "The line opened on 3 March 2024 and a second phase follows next week."
    found = find_dates(text, PUBLISHED, "en", lowered=lower_same_length(text))
    assert [(m.surface, m.date) for m in found] == [("3 March 2024", dt.date(2024, 3, 3)),
                                                    ("next week", dt.date(2024, 5, 20))]
    assert found == find_dates(text, PUBLISHED, "en")


def test_a_lowered_text_that_cannot_be_the_texts_is_not_used():
    text = "Signed on 5 May 2019."
    assert find_dates(text, None, "en", lowered="x") == find_dates(text, None, "en")
    assert find_dates(text, None, "en", lowered="Ş" * len(text)) == find_dates(text, None, "en")


_WORDS = st.sampled_from(["3", "March", "MARCH", "2024", "年", "5月", "17日", "上周五", "next", "week", "yesterday",
                          "İ", "Σ", "марта", "вчера", "de", "março", "le", "mars", "on", "the", "25th", ",", "\n",
                          "14.03.2023", "04/03/2023", "in", "since", "Friday"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=12).map(" ".join), st.sampled_from([None, "en", "zh", "ru", "pt", "fr"]),
       st.sampled_from([None, PUBLISHED]))
@example("on 3 March", "en", PUBLISHED)
def test_lowered_text_never_changes_the_mentions(text, language, published):
    assert (find_dates(text, published, language, lowered=lower_same_length(text))
            == find_dates(text, published, language))
