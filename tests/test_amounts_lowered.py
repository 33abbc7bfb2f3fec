"""find_amounts with the caller's lower-cased text (``lowered``): the same figures as without it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from transforms.amounts import find_amounts
from transforms.dates import lower_same_length


def test_a_figure_in_words_is_found_with_the_callers_lowered_text():
    text = "The grant came to three million euros (about 23 million yuan) for the clinic."
    given_low = find_amounts(text, "en", lowered=lower_same_length(text))
    assert [(a.value, a.currency, a.surface) for a in given_low] == [
        (3e6, "EUR", "three million euros"), (23e6, "CNY", "23 million yuan")]
    assert given_low == find_amounts(text, "en")


def test_a_lowered_text_of_another_length_is_not_used():
    text = "Kenya took a loan of 2 billion shillings."
    assert find_amounts(text, "en", lowered="short") == find_amounts(text, "en")


def test_a_dotted_capital_i_keeps_the_text_as_it_is():
    # 'İ' lower-cases to two characters: the grammar then reads the text unlowered, whatever the caller passes
    text = "İZMİR: Vier Milliarden Euro für den Hafen."
    assert find_amounts(text, "de", lowered=lower_same_length(text)) == find_amounts(text, "de")


_WORDS = st.sampled_from(["two", "Three", "million", "Milliarden", "billion", "euros", "yuan", "US$", "$", "loan",
                          "grant", "of", "worth", "vier", "mil", "milhões", "İ", "Σ", "５", "亿元", "三亿", "，", ", ",
                          " ", "\n", "1,500", "2.5", "-", "to", "investment", "total"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14).map(" ".join), st.sampled_from([None, "en", "de", "pt", "zh", "fr"]))
@example("a loan of two million euros", "en")
def test_lowered_text_never_changes_the_figures(text, language):
    assert find_amounts(text, language, lowered=lower_same_length(text)) == find_amounts(text, language)
