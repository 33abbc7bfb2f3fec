"""Normalisation and page-clutter removal, on small pages we wrote."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms import articles, clean
from transforms.articles import article_id, make_article
from transforms.model import RawRecord


def test_fullwidth_digits_letters_and_money_signs_become_ascii():
    assert clean.normalise("投资１２．５亿元，增长１５％，ＡＢＣ公司") == "投资12.5亿元，增长15%，ABC公司"
    assert clean.normalise("Ｕ．Ｓ．＄１，２００") == "U.S.$1,200"


def test_cjk_punctuation_in_running_text_is_kept():
    text = "双方签署协议，涉及能源、交通。负责人表示：「合作顺利」。"
    assert clean.normalise(text) == text


def test_odd_spaces_zero_width_soft_hyphens_and_line_endings():
    raw = "A\u00a0loan\u2009of\u202fUSD\r\nsigned\u200b to\u00adday\rin\u3000Lima\u2028end"
    assert clean.normalise(raw) == "A loan of USD\nsigned today\nin Lima\nend"


ARTICLE_EN = (
    "The port authority of Valparaiso signed a ten-year lease with a Chinese terminal operator on Monday, "
    "officials said."
)
SECOND_EN = "The operator plans to invest 300 million dollars in new cranes and a rail spur by 2027."


def _page(*lines: str) -> str:
    return "\n".join(lines)


def test_english_page_keeps_title_and_body_and_drops_clutter():
    page = clean.clean_page(_page(
        "Home", "News", "Business", "Contact",
        "Valparaiso port signs lease with Chinese operator",
        "Share To:", "f t g m",
        ARTICLE_EN, "", SECOND_EN, "",
        "Tagged on: ports, Chile",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Copyright 2024 - Harbour News",
    ))
    assert page.paragraphs == [ARTICLE_EN, SECOND_EN]
    assert page.title_candidates[-1] == "Valparaiso port signs lease with Chinese operator"


def test_footer_lines_after_a_cut_cue_go_even_when_they_look_like_sentences():
    page = clean.clean_page(_page(ARTICLE_EN, SECOND_EN, "Related Articles",
                                  "A completely different story about the weather in the mountains today."))
    assert page.paragraphs == [ARTICLE_EN, SECOND_EN]


def test_a_single_subheading_between_paragraphs_stays_but_a_menu_run_goes():
    page = clean.clean_page(_page(ARTICLE_EN, "Financing", SECOND_EN, "World", "Sports", "Culture", "Video",
                                  ARTICLE_EN.replace("Monday", "Tuesday")))
    assert page.paragraphs == [ARTICLE_EN, "Financing", SECOND_EN, ARTICLE_EN.replace("Monday", "Tuesday")]


def test_lower_case_cue_words_inside_a_sentence_do_not_cut_the_article():
    sentence = "Residents were asked to leave a reply card at the town hall before the new bridge opens in May."
    page = clean.clean_page(_page(ARTICLE_EN, sentence, SECOND_EN))
    assert page.paragraphs == [ARTICLE_EN, sentence, SECOND_EN]


def test_broken_paragraph_is_rejoined():
    page = clean.clean_page(_page("The two cities agreed to cooperate on metro lines and to share the", "",
                                  "costs of training engineers over five years."))
    assert page.paragraphs == [
        "The two cities agreed to cooperate on metro lines and to share the costs of training engineers over "
        "five years."]


def test_russian_page():
    body = ("Администрация Казани и китайская компания подписали соглашение о строительстве завода "
            "электробусов, сообщили в мэрии города.")
    page = clean.clean_page(_page("Новости Казани", "Мы в Telegram", "Добавить новость",
                                  "Казань договорилась о заводе электробусов", body,
                                  "Все новости Казани на сегодня", "Другие новости Казани", "Реклама"))
    assert page.paragraphs == [body]
    assert page.title_candidates[-1] == "Казань договорилась о заводе электробусов"


def test_chinese_page_drops_editor_line_original_title_and_photo_credit():
    body = "中国企业与肯尼亚签署风电项目合同，总装机容量为一百兆瓦。"
    page = clean.clean_page(_page(
        "分享到：", body + "新华社记者 李明 摄 项目预计两年内建成。",
        "（原标题：中企签署肯尼亚风电合同）", "责任编辑：王芳"))
    assert page.paragraphs == [body + " 项目预计两年内建成。"]


def test_portuguese_spanish_and_french_comment_forms_go():
    pt = "A empresa chinesa vai investir 50 milhões de euros numa fábrica de baterias em Sines, disse o ministro."
    es = "La empresa china construirá una planta solar de 200 megavatios en Atacama, informó el gobierno."
    fr = "Le groupe chinois financera un nouveau port sec près de Dakar, a annoncé le ministère."
    assert clean.clean_page(_page(pt, "Partilhar:", "Deixe uma resposta",
                                  "O seu endereço de email não será publicado.")).paragraphs == [pt]
    assert clean.clean_page(_page(es, "Compartir en:", "Deja una respuesta",
                                  "Tu dirección de correo electrónico no será publicada.")).paragraphs == [es]
    assert clean.clean_page(_page(fr, "Partager :", "Laisser un commentaire",
                                  "Votre adresse e-mail ne sera pas publiée.")).paragraphs == [fr]


def test_flattened_page_with_breadcrumb_byline_and_footer():
    body = ("LIMA, May 3 (Xinhua) -- Peru and China opened a new shipping line between Chancay and Shanghai "
            "on Friday, cutting the crossing to 23 days. The line is run by a joint venture of two state firms.")
    raw = ("Peru opens shipping line - Daily Wire Online Tuesday, May 4, 2021 Home World Business Sports "
           "English &gt;&gt; Peru opens shipping line ( Xinhua ) 09:15, May 04, 2021 " + body +
           " 【1】 【2】 (For the latest news, follow us) (Web editor: Ann Lee, Bo Wu) Add your comment "
           "Most Read 1 Something else entirely 2 Another headline")
    page = clean.clean_page(raw)
    assert page.site_title == "Peru opens shipping line"
    assert page.text == body
    assert "09:15, May 04, 2021" in page.head


def test_html_goes_through_trafilatura_and_never_keeps_script_style_or_iframe():
    markup = (
        "<html><head><title>Zambia copper deal</title><style>.x{color:red}</style>"
        "<script>var secret = 'tracking-code';</script></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Zambia copper deal</h1><p>A Chinese miner agreed on Tuesday to buy a majority stake in a "
        "copper mine in Zambia's Copperbelt province for 1.2 billion dollars, the ministry said.</p>"
        "<iframe src='x'>iframe-words</iframe><p>The mine employs 4,000 people and produced 90,000 tonnes of "
        "copper last year, according to the company.</p><script>document.write('injected-words')</script>"
        "</article><footer>Copyright 2024</footer></body></html>"
    )
    article = make_article(RawRecord(source_id="z.html", source="z.html", text=markup, is_html=True))
    assert article.status == "ok"
    assert article.title == "Zambia copper deal"
    assert "majority stake in a copper mine" in article.text
    for leftover in ("tracking-code", "injected-words", "iframe-words", "color:red", "<"):
        assert leftover not in article.text


def test_strip_tags_fallback_removes_script_style_iframe_content():
    text = clean.strip_tags("<p>Deal signed.</p><script>bad()</script><style>p{}</style><iframe>frame</iframe>")
    assert text.split() == ["Deal", "signed."]


def test_a_page_of_clutter_only_is_empty_with_a_reason():
    article = make_article(RawRecord(source_id="c.txt", source="c.txt",
                                     text="Home\nShare To:\nf t g m\nLeave a Reply\nCopyright 2020 - Site"))
    assert article.status == "empty"
    assert article.reason == "only page clutter, no article text"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.booleans())
def test_cleaning_never_raises(text, is_html):
    article = make_article(RawRecord(source_id="h", source="h", text=text, is_html=is_html))
    assert article.status in {"ok", "empty"}


# --- the fast paths say the same as the plain code they replace -------------------------------------------------------

def _plain_normalise(text: str) -> str:
    text = re.sub(r"\r\n?", "\n", text).translate(clean._TRANSLATION)
    return re.sub(r"(?<=\d)，(?=\d)|(?<=[0-9A-Za-z])．", lambda m: "." if m.group() == "．" else ",", text)


_NORMALISE_PIECES = st.sampled_from(list("aZ9 \t\f\v\r\n，．１Ａ％\u00a0\u200b\u00ad\u2028\u3000中") + ["\r\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_NORMALISE_PIECES, max_size=20).map("".join))
def test_normalise_is_one_translate_and_the_digit_punctuation_rule(text):
    assert clean.normalise(text) == _plain_normalise(text)


def test_normalise_of_plain_ascii_with_tabs_and_form_feeds():
    assert clean.normalise("Port\tdeal\fsigned\vtoday") == "Port deal signed today"
    assert clean.normalise("Port deal, 1,200 t.") == "Port deal, 1,200 t."


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("ab \n\n\t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000\u200b\u00ad\u200e")), max_size=20))
def test_article_id_collapses_whitespace_as_the_regex_did(text):
    assert clean.one_line(text) == re.sub(r"\s+", " ", text).strip()
    plain = "a_" + hashlib.blake2b(re.sub(r"\s+", " ", text).strip().encode("utf-8"), digest_size=8).hexdigest()
    assert article_id(text) == plain


def test_one_line_examples():
    assert clean.one_line("Port deal signed.\nCranes arrive in May.") == "Port deal signed. Cranes arrive in May."
    assert clean.one_line(" Port\u00a0deal \n\n signed\t") == "Port deal signed"
    assert clean.one_line("Port\u2028deal") == "Port deal"


def test_article_id_ignores_line_breaks_and_space_runs():
    assert article_id("Port deal\n signed  today ") == article_id("Port deal signed today")
    assert article_id("Port deal signed today") != article_id("Port deal signed")


def test_cue_anchors_are_found_in_one_pass():
    found = clean.anchors_in("Text. Leave a Reply (Web editor: Li) 责任编辑：王")
    assert {"Leave a Reply", "(Web editor:", "责任编辑"} <= found
    assert "Related Posts" not in found
    assert clean.anchors_in("nothing to see") == frozenset()


def test_inline_clutter_made_by_removing_other_clutter_is_still_removed():
    # the pager 【1】 goes first and leaves a space: the video player's text is then whole, though its anchor
    # "Video Player is loading." was not in the text the anchors were found in
    text = "The port opened. Video【1】Player is loading. Play Fullscreen The crane arrived."
    assert "Video Player is loading." not in clean.anchors_in(text)
    assert clean._strip_inline(text, clean.anchors_in(text)) == "The port opened.   The crane arrived."


def test_make_articles_is_make_article_for_each_record_with_languages_found_last():
    records = [
        RawRecord(source_id="en.txt", source="en.txt", text="Trade news\n" + ARTICLE_EN + "\n" + SECOND_EN),
        RawRecord(source_id="pt.txt", source="pt.txt", text="O porto de Santos assinou um contrato de "
                  "arrendamento de dez anos com uma operadora chinesa de terminais, disseram as autoridades."),
        RawRecord(source_id="es.txt", source="es.txt", language="es-AR", text=ARTICLE_EN),
        RawRecord(source_id="bad.txt", source="bad.txt", status="unreadable", reason="not text"),
        RawRecord(source_id="menu.txt", source="menu.txt", text="Home\nShare To:\nLeave a Reply"),
    ]
    made = articles.make_articles(records)
    assert made == [make_article(record) for record in records]
    assert [(a.status, a.language) for a in made] == [
        ("ok", "en"), ("ok", "pt"), ("ok", "es"), ("unreadable", None), ("empty", None)]



@pytest.mark.parametrize("line", [
    # a finished sentence of six words or more, followed by a short unfinished note: the page's text
    "The hospital in Kisumu was handed over on 2014/05/24. Staff trained: 2014/09/01",
    "Both sides signed the loan for the new port in 2019. Works start: 2020",
])
def test_a_page_of_one_line_opening_with_a_finished_sentence_is_text(line):
    assert not clean.is_body_line(line)
    assert clean.opens_with_sentence(line)
    assert clean.clean_page(line).paragraphs == [line]


def test_a_page_with_text_does_not_reach_out_to_a_short_line_opening_with_a_sentence():
    newsletter = "Get the latest port news in your inbox every day. [Sign up]"
    assert clean.clean_page(_page(ARTICLE_EN, SECOND_EN, newsletter)).paragraphs == [ARTICLE_EN, SECOND_EN]


@pytest.mark.parametrize("line", [
    "Home. News. Business. Sports. Culture. Contact us",  # words with full stops, no sentence
    "Written by Li Ming of China Media Co. Beijing Bureau",  # an abbreviation ends no sentence
    "Related: Kenya signs. More stories",
])
def test_short_lines_with_full_stops_but_no_sentence_open_no_text(line):
    assert not clean.opens_with_sentence(line)
    assert clean.clean_page(line).paragraphs == []
