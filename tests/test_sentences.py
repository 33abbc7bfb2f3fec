from hypothesis import given
from hypothesis import strategies as st

from transforms.sentences import sentence_spans, split_sentences


def test_latin_sentences_keep_abbreviations_decimals_and_initials():
    text = ("Huawei Technologies Co. Ltd. signed a deal worth 1.5 billion dollars with the U.S. firm. "
            "J. Smith attended. Talks continue!")
    assert split_sentences(text) == [
        "Huawei Technologies Co. Ltd. signed a deal worth 1.5 billion dollars with the U.S. firm.",
        "J. Smith attended.",
        "Talks continue!",
    ]


def test_cjk_sentences_split_on_full_width_stops_without_spaces():
    text = "宁波与上海浙江商会签署战略合作框架协议。双方将在六个领域深化合作！总投资137亿元。"
    assert split_sentences(text) == ["宁波与上海浙江商会签署战略合作框架协议。", "双方将在六个领域深化合作！", "总投资137亿元。"]


def test_russian_sentences_and_abbreviations():
    text = "Документ подписан 6 марта 2024 г. в Шэньчжэне. Сумма составила 5 млн. руб. Это первый шаг."
    assert split_sentences(text) == ["Документ подписан 6 марта 2024 г. в Шэньчжэне.",
                                     "Сумма составила 5 млн. руб. Это первый шаг."]


def test_line_breaks_end_sentences_and_spans_point_into_the_text():
    text = "Title line\n\nFirst sentence. Second one.\n"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Title line", "First sentence.", "Second one."]


def test_blank_text_has_no_sentences():
    assert sentence_spans("") == []
    assert sentence_spans("  \n\n ") == []


def test_german_ordinal_dates_do_not_end_a_sentence():
    text = "Der Vertrag wurde am 4. Juni in Duisburg unterzeichnet. Die Summe blieb offen."
    assert split_sentences(text) == ["Der Vertrag wurde am 4. Juni in Duisburg unterzeichnet.", "Die Summe blieb offen."]



def test_closing_quotes_stay_with_their_sentence_and_blank_lines_split():
    text = "他说：“合作很好。”双方签约！\n\n  “It works.” The plant opens?  Yes\n"
    assert split_sentences(text) == ["他说：“合作很好。”", "双方签约！", "“It works.”", "The plant opens?", "Yes"]


@given(st.text(alphabet=st.sampled_from(list("ab A.Z1 \n\t。！?”\"»)(«Co")), max_size=60))
def test_spans_are_trimmed_ordered_and_cover_every_non_blank_character(text):
    spans = sentence_spans(text)
    covered = set()
    last_end = 0
    for start, end in spans:
        assert last_end <= start < end
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        last_end = end
    assert covered >= {i for i, ch in enumerate(text) if not ch.isspace()}
