"""find_amounts: the money grammar, as specifications over small sentences we wrote."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.amounts import find_amounts
from transforms.schema import AMOUNT_KINDS, QUALIFIERS
from transforms.sentences import sentence_spans


def rows(text: str, language: str | None = None) -> list[tuple]:
    return [(a.value, a.currency, a.qualifier, a.kind, a.counted) for a in find_amounts(text, language)]


# (language, text, [(value, currency, qualifier, kind, counted), ...]) — one money string per row unless noted
SINGLE = [
    # English
    ("en", "The bank signed a 2 billion yuan loan for the port.", [(2e9, "CNY", "exact", "loan", True)]),
    ("en", "The firm will invest US$1.5bn in a smelter.", [(1.5e9, "USD", "exact", "investment", True)]),
    ("en", "A contract worth $300 million was awarded.", [(3e8, "USD", "exact", "contract_value", True)]),
    ("en", "China donated more than 5 million yuan to the school.", [(5e6, "CNY", "at_least", "grant", True)]),
    ("en", "Investment of about RMB 13.7 billion is planned.", [(13.7e9, "CNY", "approx", "investment", True)]),
    ("en", "They agreed a credit line of up to €500m.", [(5e8, "EUR", "up_to", "loan", True)]),
    ("en", "The plant costs nearly HK$2.4 billion.", [(2.4e9, "HKD", "approx", "investment", True)]),
    ("en", "A deal valued at over 1,200 million euros.", [(1.2e9, "EUR", "at_least", "contract_value", True)]),
    ("en", "The grant of 20 million patacas was approved.", [(2e7, "MOP", "exact", "grant", True)]),
    ("en", "The project will cost Rs 500 crore.", [(5e9, "INR", "exact", "investment", True)]),
    ("en", "Eskom took a R5bn loan.", [(5e9, "ZAR", "exact", "loan", True)]),
    ("en", "A loan of 40 billion naira was signed.", [(4e10, "NGN", "exact", "loan", True)]),
    ("en", "The buyer's credit amounts to 120 billion tenge.", [(1.2e11, "KZT", "exact", "loan", True)]),
    ("en", "Investors pledged A$750 million.", [(7.5e8, "AUD", "exact", "investment", True)]),
    ("en", "The sponsors raised A$750 million.", [(7.5e8, "AUD", "exact", "other", True)]),
    ("en", "The order is worth £1.2bn.", [(1.2e9, "GBP", "exact", "contract_value", True)]),
    ("en", "The deal is worth 2.125 billion dollars.", [(2.125e9, "USD", "exact", "contract_value", True)]),
    ("en", "The contract is valued at USD 45 million or more.", [(4.5e7, "USD", "at_least", "contract_value", True)]),
    ("en", "They invested ¥80 million in the park.", [(8e7, "CNY", "exact", "investment", True)]),
    ("en", "A financing of 3 billion rubles was agreed.", [(3e9, "RUB", "exact", "loan", True)]),
    ("en", "Petrobras received a loan of 10 billion reais.", [(1e10, "BRL", "exact", "loan", True)]),
    # Chinese
    ("zh", "项目总投资137亿元。", [(1.37e10, "CNY", "exact", "investment", True)]),
    ("zh", "双方签署贷款协议，金额为5亿美元。", [(5e8, "USD", "exact", "loan", True)]),
    ("zh", "该项目总投资约25亿元人民币。", [(2.5e9, "CNY", "approx", "investment", True)]),
    ("zh", "合同金额逾3000万欧元。", [(3e7, "EUR", "at_least", "contract_value", True)]),
    ("zh", "计划投资10余亿元建设新厂。", [(1e9, "CNY", "at_least", "investment", True)]),
    ("zh", "企业投入20多亿元。", [(2e9, "CNY", "at_least", "investment", True)]),
    ("zh", "中方提供三亿元无偿援助。", [(3e8, "CNY", "exact", "grant", True)]),
    ("zh", "签约项目投资十二亿元。", [(1.2e9, "CNY", "exact", "investment", True)]),
    ("zh", "规划投资1.2万亿元。", [(1.2e12, "CNY", "exact", "investment", True)]),
    ("zh", "援助金额近5000万港元。", [(5e7, "HKD", "approx", "grant", True)]),
    ("zh", "澳门基金会资助200万澳门元。", [(2e6, "MOP", "exact", "other", True)]),
    ("zh", "投资超过8亿卢布。", [(8e8, "RUB", "at_least", "investment", True)]),
    ("zh", "投资额1亿元以上。", [(1e8, "CNY", "at_least", "investment", True)]),
    ("zh", "贷款两千万美元。", [(2e7, "USD", "exact", "loan", True)]),
    # Russian
    ("ru", "Инвестиции составят 13,7 млрд рублей.", [(13.7e9, "RUB", "exact", "investment", True)]),
    ("ru", "Кредит на сумму около 500 млн долларов.", [(5e8, "USD", "approx", "loan", True)]),
    ("ru", "Контракт стоимостью более 2 млрд юаней.", [(2e9, "CNY", "at_least", "contract_value", True)]),
    ("ru", "Грант до 300 тыс. евро.", [(3e5, "EUR", "up_to", "grant", True)]),
    ("ru", "Инвестиции свыше 1 трлн рублей.", [(1e12, "RUB", "at_least", "investment", True)]),
    ("ru", "Сделка на 1 500 млн рублей.", [(1.5e9, "RUB", "exact", "contract_value", True)]),
    # Portuguese
    ("pt", "O investimento de R$ 13,7 bilhões foi anunciado.", [(13.7e9, "BRL", "exact", "investment", True)]),
    ("pt", "Um empréstimo de cerca de 500 milhões de dólares.", [(5e8, "USD", "approx", "loan", True)]),
    ("pt", "Um contrato de mais de 2 mil milhões de euros.", [(2e9, "EUR", "at_least", "contract_value", True)]),
    ("pt", "Doação de até 3 milhões de patacas.", [(3e6, "MOP", "up_to", "grant", True)]),
    ("pt", "O aporte foi de R$ 500 mil.", [(5e5, "BRL", "exact", "investment", True)]),
    ("pt", "O acordo vale 1.500 milhões de yuans.", [(1.5e9, "CNY", "exact", "contract_value", True)]),
    # Spanish
    ("es", "Un préstamo de 1.500 millones de dólares.", [(1.5e9, "USD", "exact", "loan", True)]),
    ("es", "Una inversión de alrededor de 3 mil millones de euros.", [(3e9, "EUR", "approx", "investment", True)]),
    ("es", "Un contrato por más de 200 millones de yuanes.", [(2e8, "CNY", "at_least", "contract_value", True)]),
    ("es", "La inversión llega a 1,500 millones de dólares.", [(1.5e9, "USD", "exact", "investment", True)]),
    ("es", "Un crédito de hasta 2,5 millones de euros.", [(2.5e6, "EUR", "up_to", "loan", True)]),
    # French
    ("fr", "Un prêt de 2,5 milliards d'euros a été signé.", [(2.5e9, "EUR", "exact", "loan", True)]),
    ("fr", "Un investissement de plus de 300 millions de dollars.", [(3e8, "USD", "at_least", "investment", True)]),
    ("fr", "Un contrat d'environ 1 200 millions d'euros.", [(1.2e9, "EUR", "approx", "contract_value", True)]),
    ("fr", "Une subvention jusqu'à 5 millions de francs CFA.", [(5e6, "XOF", "up_to", "grant", True)]),
    ("fr", "Le contrat vaut 2 billions de dollars.", [(2e12, "USD", "exact", "contract_value", True)]),
    # German
    ("de", "Ein Kredit über rund 1,5 Mrd. Euro.", [(1.5e9, "EUR", "approx", "loan", True)]),
    ("de", "Investitionen von bis zu 200 Mio. US-Dollar.", [(2e8, "USD", "up_to", "investment", True)]),
    ("de", "Ein Auftrag über 1.250 Millionen Euro.", [(1.25e9, "EUR", "exact", "contract_value", True)]),
    ("de", "Der Vertrag hat einen Wert von mehr als 3 Milliarden Yuan.", [(3e9, "CNY", "at_least", "contract_value", True)]),
    ("de", "Ein Zuschuss von 1’500’000 Euro.", [(1.5e6, "EUR", "exact", "grant", True)]),
    ("de", "Investitionen von über 2 Milliarden Euro.", [(2e9, "EUR", "at_least", "investment", True)]),
    # Arabic
    ("ar", "قرض بقيمة 2 مليار دولار", [(2e9, "USD", "exact", "loan", True)]),
    # no language given: the words themselves decide
    (None, "投资5亿美元", [(5e8, "USD", "exact", "investment", True)]),
    (None, "A loan of 1.500 millones de dólares.", [(1.5e9, "USD", "exact", "loan", True)]),
    (None, "Ein Kredit über 2 Milliarden Euro.", [(2e9, "EUR", "exact", "loan", True)]),
]


@pytest.mark.parametrize("language,text,expected", SINGLE, ids=[f"{i}-{r[0]}" for i, r in enumerate(SINGLE)])
def test_money_strings(language, text, expected):
    assert rows(text, language) == expected


def test_there_are_at_least_sixty_money_strings_across_seven_languages():
    assert len(SINGLE) >= 60
    assert {lang for lang, _, _ in SINGLE} >= {"en", "zh", "ru", "pt", "es", "fr", "de"}


def test_seed_total_investment_with_its_parts():
    text = ("Three counties and a group of provincial firms agreed on five joint schemes with a total investment of "
            "8.4 billion yuan, including a logistics park (3 billion yuan) and a school (1.2 billion yuan).")
    found = find_amounts(text, "en")
    assert [(a.surface, a.value, a.currency, a.kind, a.counted) for a in found] == [
        ("8.4 billion yuan", 8.4e9, "CNY", "investment", True),
        ("3 billion yuan", 3e9, "CNY", "investment", False),
        ("1.2 billion yuan", 1.2e9, "CNY", "investment", False),
    ]
    total = found[0]
    assert text[total.start:total.end] == "8.4 billion yuan"
    assert total.evidence == text


def test_parts_in_the_next_sentence_after_a_chinese_total():
    text = "两市签约12个项目，总投资100亿元。其中，产业园项目60亿元，物流项目40亿元。"
    assert rows(text, "zh") == [
        (1e10, "CNY", "exact", "investment", True),
        (6e9, "CNY", "exact", "investment", False),
        (4e9, "CNY", "exact", "investment", False),
    ]


def test_parts_in_the_next_sentence_that_refers_back_to_the_total():
    text = ("Under the deal, Ruritania will buy at least $90 billion of goods over two years. The total breaks down "
            "into about $50 billion of machinery and $40 billion of farm products.")
    assert rows(text, "en") == [
        (9e10, "USD", "at_least", "contract_value", True),
        (5e10, "USD", "approx", "contract_value", False),
        (4e10, "USD", "exact", "contract_value", False),
    ]


def test_a_sentence_opening_with_a_part_cue_takes_no_parts_from_a_figure_that_is_no_total():
    text = "China lent Kenya $500 million in 2019. Including earlier loans, Kenya owes China $300 million."
    assert [(a.value, a.counted) for a in find_amounts(text, "en")] == [(5e8, True), (3e8, True)]


def test_a_sum_stated_with_its_parts_is_counted_once():
    text = "The bank lent $2 billion and $1 billion, $3 billion in all."
    assert [a.counted for a in find_amounts(text, "en")] == [False, False, True]


def test_parts_after_including_without_a_total_word():
    text = "They signed deals worth $5 billion, including a $2 billion loan."
    assert rows(text, "en") == [(5e9, "USD", "exact", "contract_value", True), (2e9, "USD", "exact", "loan", False)]


def test_parenthetical_equivalent_is_not_counted():
    text = "The company will invest US$1bn (about 7.2 billion yuan) in the plant."
    assert rows(text, "en") == [(1e9, "USD", "exact", "investment", True), (7.2e9, "CNY", "approx", "investment", False)]


def test_chinese_equivalent_in_fullwidth_brackets():
    text = "该企业在当地投资了3亿巴西雷亚尔（约合4.26亿元人民币）。"
    assert rows(text, "zh") == [(3e8, "BRL", "exact", "investment", True), (4.26e8, "CNY", "approx", "investment", False)]


def test_equivalent_after_or_about():
    text = "The loan of 5 billion rubles, or about $70 million, was signed."
    assert [(a.currency, a.counted) for a in find_amounts(text, "en")] == [("RUB", True), ("USD", False)]


@pytest.mark.parametrize("language,text,expected", [
    ("en", "The deal is worth between $1bn and $2bn.", [(1e9, "USD", "range_low", "contract_value", True),
                                                     (2e9, "USD", "range_high", "contract_value", False)]),
    ("en", "Investment of 1-2 billion yuan is expected.", [(1e9, "CNY", "range_low", "investment", True),
                                                        (2e9, "CNY", "range_high", "investment", False)]),
    ("zh", "投资5至10亿元。", [(5e8, "CNY", "range_low", "investment", True),
                          (1e9, "CNY", "range_high", "investment", False)]),
    ("ru", "Кредит от 1 до 2 млн долларов.", [(1e6, "USD", "range_low", "loan", True),
                                            (2e6, "USD", "range_high", "loan", False)]),
    ("de", "Investitionen von 5 bis 10 Mio. Euro.", [(5e6, "EUR", "range_low", "investment", True),
                                                   (1e7, "EUR", "range_high", "investment", False)]),
    ("es", "Una inversión de entre 100 y 200 millones de euros.", [(1e8, "EUR", "range_low", "investment", True),
                                                                (2e8, "EUR", "range_high", "investment", False)]),
])
def test_ranges(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text", [
    ("en", "Nearly 30 SMEs from Macao and Hengqin took part in the event."),
    ("en", "The bazaar opened at 5pm on 10 March 2023 in Hengqin."),
    ("en", "Exports grew 5.2% and imports 3.1 percent."),
    ("en", "Call +86 10 8765 4321 or 853-2888-1234 for details."),
    ("en", "The city focuses on its \"246\" industrial clusters and the \"1+4\" plan."),
    ("en", "The alliance follows the 15th Five-Year Plan."),
    ("en", "The city has a population of more than 20 million people."),
    ("en", "The line carried 3.5 million passengers and 120,000 tonnes of cargo."),
    ("en", "Bilateral trade reached $150 billion last year."),
    ("en", "The country's GDP was $2 trillion in 2022."),
    ("en", "The market size is estimated at 30 billion dollars."),
    ("zh", "2023年双边贸易额达到1000亿美元。"),
    ("zh", "中巴经济走廊能源项目装机容量达到802万千瓦，创造就业岗位23.6万个。"),
    ("zh", "项目每年发电32亿千瓦时，减少二氧化碳排放240万吨。"),
    ("zh", "共建一带一路，十四五规划开局。"),
    ("zh", "使用120万块太阳能光伏板。"),
    ("en", "Delegates met at COP29 and talked about the A320 and USD1 series."),
    ("ru", "В 2022 году товарооборот составил 190 млрд долларов."),
    ("ru", "Население Шэньчжэня превышает 20 млн человек."),
    ("pt", "O PIB do país foi de 2 bilhões de dólares."),
    ("es", "El PIB alcanzó 500 millones de dólares el año pasado."),
    ("de", "Das BIP lag bei 4 Billionen Euro."),
    ("en", ""),
])
def test_non_money_is_not_returned(language, text):
    assert find_amounts(text, language) == []


def test_trade_statistics_and_trade_targets_are_not_event_money():
    text = "Bilateral trade reached $150 billion last year, and the two sides aim to raise trade to $200 billion by 2030."
    assert rows(text, "en") == []
    assert rows("双方力争到2030年将贸易额提升至3000亿美元。", "zh") == []
    assert rows("He said China expected to import more than $30 trillion of goods over the next 15 years.", "en") == []


def test_committed_purchases_are_event_money():
    text = ("Under the agreement, China commits to buy at least $200 billion of additional American goods. "
            "The two sides pledged to lift bilateral trade to $10 billion.")
    assert rows(text, "en") == [(2e11, "USD", "at_least", "contract_value", True),
                                (1e10, "USD", "exact", "trade_volume", True)]
    assert rows("中方承诺进口贸易额3000亿美元。", "zh") == [(3e11, "USD", "exact", "trade_volume", True)]


def test_the_old_value_of_a_changed_figure_is_dropped():
    assert rows("The deal brings the cost down to RM44 billion from RM65.5 billion.", "en") == [
        (44e9, "MYR", "exact", "investment", True)]
    assert rows("Le texte relève de 3,2 à 7 milliards de dollars le montant des infrastructures.", "fr") == [
        (7e9, "USD", "exact", "other", True)]
    # a range without a change verb stays a range
    assert rows("The plant will cost between $2 billion and $3 billion.", "en") == [
        (2e9, "USD", "range_low", "investment", True), (3e9, "USD", "range_high", "investment", False)]


def test_compared_superseded_and_counterfactual_figures_are_dropped():
    assert rows("The figure is lower than the $100 billion officials had floated.", "en") == []
    assert rows("The cost of cancelling would have been around RM21.78 billion.", "en") == []
    assert rows("The new terms would save the country RM21.5 billion.", "en") == []


def test_goals_running_totals_and_ticket_prices_are_not_event_money():
    assert rows("It is a boost to his drive to raise $100 billion in new investment.", "en") == []
    assert rows("Total lending under the initiative since 2013 is estimated at $1 trillion.", "en") == []
    assert rows("Economy tickets cost 700 shillings, while first class costs 3,000 shillings.", "en") == []


def test_a_short_worth_clause_describes_the_noun_before_it():
    assert rows("PNG's economy, worth about $21 billion, depends on gas.", "en") == []
    assert rows("The deal, worth about $2 billion, was signed on Monday.", "en") == [
        (2e9, "USD", "approx", "contract_value", True)]


def test_arabic_trade_exchange_last_year_is_background():
    assert rows("وتعد الصين الشريك التجاري الأول للمملكة، إذ بلغ التبادل بينهما 304 مليارات ريال في 2021.", "ar") == []


def test_background_sentence_does_not_hide_the_deal_in_the_next_one():
    text = "China's GDP grew to $18 trillion. The two firms signed a $500 million contract."
    assert rows(text, "en") == [(5e8, "USD", "exact", "contract_value", True)]


def test_no_currency_but_a_money_cue_gives_currency_none():
    assert rows("The projects have a total investment of 13.7 billion.", "en") == [
        (13.7e9, None, "exact", "investment", True)]


def test_short_scale_without_currency_is_not_money():
    assert find_amounts("A 2 billion yuan loan paid for a 900 m extension.", "en")[1:] == []


def test_iso_codes_are_read_only_in_capitals():
    assert rows("The cost is 270 million MUR, and KMF 642 million was spent.", "en") == [
        (2.7e8, "MUR", "exact", "investment", True), (6.42e8, "KMF", "exact", "investment", True)]
    assert find_amounts("They sold 5 million all over the world.", "en") == []


def test_a_ministry_of_foreign_trade_does_not_make_a_gift_background():
    text = "A fund of 2.6 million US dollars for rural schools was handed over by the Minister of Foreign Trade."
    assert rows(text, "en") == [(2.6e6, "USD", "exact", "other", True)]


def test_dollar_variants_take_their_own_currency():
    text = "HK$1m, A$2m, C$3m, NT$4m, S$5m, R$6m and $7m were raised."
    assert [a.currency for a in find_amounts(text, "en")] == ["HKD", "AUD", "CAD", "TWD", "SGD", "BRL", "USD"]


def test_spans_surface_and_evidence():
    text = "Intro line.\nThe fund will invest over €2.5bn in ports. Next sentence."
    [a] = find_amounts(text, "en")
    assert (a.surface, text[a.start:a.end], a.qualifier) == ("€2.5bn", "€2.5bn", "at_least")
    assert a.evidence == "The fund will invest over €2.5bn in ports."


def test_fullwidth_digits_keep_offsets():
    text = "投资５亿元"
    [a] = find_amounts(text, "zh")
    assert (a.value, a.surface, a.start, a.end) == (5e8, "５亿元", 2, 5)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_values_are_sane(text):
    for language in (None, "en", "zh"):
        for a in find_amounts(text, language):
            assert math.isfinite(a.value) and a.value >= 0
            assert 0 <= a.start < a.end <= len(text)
            assert text[a.start:a.end] == a.surface
            assert a.qualifier in QUALIFIERS and a.kind in AMOUNT_KINDS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["5", "亿", "元", " ", "$", "1,500", "bn", "million", "yuan", "约", "(", ")", "逾",
                                 "至", "-", "and", "between", "total", "including", "其中", "。", ".", "9" * 400]),
                max_size=30))
def test_money_shaped_noise_never_raises(parts):
    text = "".join(parts)
    for a in find_amounts(text):
        assert math.isfinite(a.value) and a.value >= 0 and 0 <= a.start < a.end <= len(text)


# --- currencies shared by several countries: the country the text names decides -------------------------------

def cur(text: str, language: str | None, countries=None) -> list[tuple]:
    return [(a.value, a.currency) for a in find_amounts(text, language, countries=countries) if a.counted]


@pytest.mark.parametrize("text,language,countries,expected", [
    ("Kenya took a loan of 40 billion shillings.", "en", [(0, "KE")], [(4e10, "KES")]),
    ("Tanzania received a grant of 2.2 billion shillings.", "en", [(0, "TZ")], [(2.2e9, "TZS")]),
    ("The bank lent Sh9.44 billion to the county.", "en", [(40, "KE")], [(9.44e9, "KES")]),
    ("Pékin a accordé au Cameroun 400 milliards de francs CFA.", "fr", [(17, "CM")], [(4e11, "XAF")]),
    ("Le Sénégal a reçu 416 milliards de francs CFA.", "fr", [(3, "SN")], [(4.16e11, "XOF")]),
    ("Un investissement de 12,8 milliards de dirhams au Maroc.", "fr", [(47, "MA")], [(1.28e10, "MAD")]),
    ("Deals worth 95 billion crowns were signed in Prague.", "en", [(44, "CZ")], [(9.5e10, "CZK")]),
    ("La propuesta asciende a 32.200 millones de pesos en México.", "es", [(50, "MX")], [(3.22e10, "MXN")]),
    ("Zambia signed a K43.3 billion grant.", "en", [(0, "ZM")], [(4.33e10, "ZMW")]),
    ("Botswana got a grant of P2 million.", "en", [(0, "BW")], [(2e6, "BWP")]),
    # the nearest country before the figure wins; failing one, the first after it
    ("Kenya and Tanzania: Tanzania took 5 billion shillings.", "en", [(0, "KE"), (10, "TZ"), (21, "TZ")],
     [(5e9, "TZS")]),
    ("A loan of 3 billion shillings for Uganda.", "en", [(35, "UG")], [(3e9, "UGX")]),
    # no country: a default where one is usual, none where the name alone says nothing
    ("A loan of 4 billion CFA francs.", "en", None, [(4e9, "XOF")]),
    ("A loan of 4 billion francs.", "en", None, [(4e9, None)]),
    ("A loan of 4 billion dirhams.", "en", None, [(4e9, "AED")]),
    # a one-letter symbol is money only beside a country that writes its money so
    ("The K5 billion plan was approved.", "en", None, []),
    ("The N20 million loan was signed.", "en", [(40, "NG")], [(2e7, "NGN")]),
])
def test_shared_currency_names_take_the_named_country(text, language, countries, expected):
    assert cur(text, language, countries) == expected


def test_withdrawn_iso_codes_are_kept_as_written():
    assert cur("China pledged 25 million GHC to the fund.", "en") == [(2.5e7, "GHC")]


def test_italian_figures():
    assert rows("ChemChina offre 15 euro per azione e valuta la società circa 7,1 miliardi di euro.", "it") == [
        (7.1e9, "EUR", "approx", "contract_value", True)]
    assert rows("Un prestito di oltre 2 miliardi di dollari.", "it") == [(2e9, "USD", "at_least", "loan", True)]


def test_arabic_comma_ends_the_currency_word():
    assert rows("بتكلفة تبلغ نحو 3 مليارات دولار، في أكبر عقد", "ar") == [(3e9, "USD", "approx", "contract_value", True)]


# --- money that is not an event's money -----------------------------------------------------------------------

@pytest.mark.parametrize("text,language", [
    ("Mengniu will buy Bellamy's for A$13.25 a share.", "en"),  # a unit price
    ("Tickets cost 700 shillings.", "en"),  # small money without a scale word
    ("The first phase was cut to $1.3 billion, from an original plan of $7.3 billion.", "en"),  # only 1.3 stays
    ("New Zealand's wood exports to China are worth about $3 billion a year.", "en"),  # a yearly trade flow
    ("The island buys around $4 billion of machinery a year from China.", "en"),  # a yearly flow, no trade word
    ("The country's entire economy produced goods worth roughly $270 billion last year.", "en"),  # worth: no kind
    ("Net international reserves stood at around $16.5 billion at the end of last year.", "en"),
    ("Syngenta erzielte 2015 einen Umsatz von 13,4 Milliarden Dollar.", "de"),  # German nouns are capitalised
    ("Die Exporte nach China beliefen sich auf rund 8 Milliarden Franken pro Jahr.", "de"),
    ("PSA去年净亏损超过20亿欧元。", "zh"),
])
def test_prices_superseded_figures_and_flows_are_not_event_money(text, language):
    values = [a.value for a in find_amounts(text, language)]
    assert values == ([1.3e9] if "original plan" in text else [])


def test_worth_makes_money_and_the_deal_word_gives_the_kind():
    assert rows("They signed 56 commercial agreements worth more than $1.2 billion.", "en") == [
        (1.2e9, "USD", "at_least", "contract_value", True)]
    assert rows("China will invest $1 billion a year in the park.", "en") == [
        (1e9, "USD", "exact", "investment", True)]


def test_a_scaled_figure_takes_the_currency_of_the_figure_before_it():
    text = "Un crédito de 900 millones de dólares y una línea de crédito de 100 millones del Eximbank."
    assert [(a.value, a.currency) for a in find_amounts(text, "es")] == [(9e8, "USD"), (1e8, "USD")]


def test_given_sentence_spans_give_the_same_result():
    from transforms.sentences import sentence_spans
    text = "Intro line.\nThe bank signed a 2 billion yuan loan. It also gave a grant of 5 million yuan.\n\nEnd."
    assert find_amounts(text, "en", sentences=sentence_spans(text)) == find_amounts(text, "en")


def test_amounts_told_after_the_event_sentence_join_that_event():
    from transforms.extract import extract_article
    text = ("China and Kenya signed a railway loan agreement in Nairobi on Monday.\n"
            "The line will cost 40 billion shillings, officials said.")
    facts = extract_article(text, language="en")
    assert [(a.value, a.currency) for e in facts.events for a in e.amounts] == [(4e10, "KES")]


@pytest.mark.parametrize("language, text, expected", [
    ("de", "Der Autobauer hat Zellen im Wert von rund vier Milliarden Euro bestellt.", [(4e9, "EUR", "vier Milliarden Euro")]),
    ("pt", "um crédito de pelo menos dois mil milhões de yuan", [(2e9, "CNY", "dois mil milhões de yuan")]),
    ("pt", "A Fosun fica com 80% da seguradora por mil milhões de euros.", [(1e9, "EUR", "mil milhões de euros")]),
    ("es", "Es un negocio de mil millones de dólares.", [(1e9, "USD", "mil millones de dólares")]),
    ("fr", "un prêt d'un milliard de dollars", [(1e9, "USD", "un milliard de dollars")]),
    ("en", "China donated drugs worth three million yuan.", [(3e6, "CNY", "three million yuan")]),
    ("en", "a grant of three billion CFA francs", [(3e9, "XOF", "three billion CFA francs")]),
    # digits keep their own reading; words that merely contain a scale are no figure
    ("pt", "As obras custam 4,5 mil milhões de dólares.", [(4.5e9, "USD", "4,5 mil milhões de dólares")]),
    ("en", "The military said millions of people watched.", []),
])
def test_numbers_written_as_words(language, text, expected):
    assert [(a.value, a.currency, a.surface) for a in find_amounts(text, language)] == expected


def test_an_event_keeps_one_row_per_figure_its_story_restates():
    from transforms.extract import extract_article
    text = ("Kyaukphyu port deal signed: first phase worth $1.3 billion\n"
            "China's CITIC and Myanmar signed a framework agreement on Thursday for the Kyaukphyu deep-sea port. "
            "The first phase is worth $1.3 billion, and CITIC will hold 70 percent.")
    facts = extract_article(text, language="en")
    assert [(a.value, a.currency) for e in facts.events for a in e.amounts] == [(1.3e9, "USD")]


def test_a_scaled_figure_right_after_money_in_the_same_sentence_takes_its_currency():
    assert rows("In Niamey the clinic cost 6 billion CFA francs, 4.8 billion of which Beijing covered.", "en") == [
        (6e9, "XOF", "exact", "investment", True), (4.8e9, "XOF", "exact", "investment", True)]
    assert [(a.value, a.currency) for a in find_amounts(
        "Within a 240 million USD credit to Laos, 60 million is at 1.5% and the remaining 180 million at 3%.",
        "en")] == [(240e6, "USD"), (60e6, "USD"), (180e6, "USD")]
    # not across a sentence, nor onto a quantity
    assert [(a.value, a.currency) for a in find_amounts(
        "It costs $5 billion and serves 1.2 billion people. About 3 billion came later.", "en")] == [(5e9, "USD")]


def test_hyphens_brackets_and_ranges_around_a_currency():
    assert [(a.value, a.currency, a.counted) for a in find_amounts(
        "Beijing lent Lome a 12bn-CFA franc [roughly 21.4m dollars] sum.", "en")] == [
        (12e9, "XOF", True), (21.4e6, "USD", False)]
    assert [(a.value, a.currency) for a in find_amounts(
        "Next year Accra's facility is to be raised from USD 150 to 350 million.", "en")] == [(3.5e8, "USD")]
    assert [(a.value, a.currency) for a in find_amounts("a 40m-yuan grant", "en")] == [(4e7, "CNY")]


# --- speed machinery that must not change what is found ------------------------------------------------------

from transforms import amounts as _amounts  # noqa: E402


def _one_lookaround_per_word(words) -> str:
    """The word-list alternation as it was written before runs of words shared their look-arounds."""
    letter = _amounts._LETTER
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = _amounts.re.escape(word).replace(r"\ ", r"\s+")
        if _amounts._IS_WORDY.search(word[-1]):
            body = f"{body}(?![{letter}])"
        parts.append(body)
    return "|".join(parts)


_GRAMMAR = _amounts._grammar("en")
_WORD_PIECES = sorted({*_GRAMMAR.scales, *_GRAMMAR.currencies, *_GRAMMAR.codes, "de", "x", "ab", "-", " ", "  ", "\n",
                       "5", "é", "ſ", "İ", "K"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=4).map("".join))
def test_shared_lookarounds_match_exactly_what_one_lookaround_per_word_matches(text):
    words = [*_GRAMMAR.scales, *_GRAMMAR.currencies]
    grouped = _amounts.re.compile(f"(?:{_amounts._alternation(words)})", _amounts.re.IGNORECASE)
    per_word = _amounts.re.compile(f"(?:{_one_lookaround_per_word(words)})", _amounts.re.IGNORECASE)
    a, b = grouped.match(text), per_word.match(text)
    assert (a and a.group()) == (b and b.group())


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=4).map("".join), st.sampled_from(["en", "zh", "ru", None]))
def test_word_list_tries_match_what_the_ordered_alternations_match(text, language):
    langs = _amounts._languages(language)
    g = _amounts._grammar(language)
    for words, cased, before in ((g.scales, False, False), (g.currencies, False, False), (g.codes, True, False),
                                 (_amounts._listed("currency_connectors", langs), False, True),
                                 (_amounts._listed("non_money_units", langs), False, False)):
        trie = _amounts._trie_alternation(set(words), boundary_after=True, boundary_before=before, cased=cased)
        assert trie is not None
        flags = 0 if cased else _amounts.re.IGNORECASE
        ordered = _amounts.re.compile(f"({_amounts._ordered_alternation(words, boundary_before=before)})", flags)
        for start in range(len(text)):
            a, b = _amounts.re.compile(f"({trie})", flags).match(text, start), ordered.match(text, start)
            assert (a and a.span()) == (b and b.span()), (text, start)


def test_a_word_list_is_written_as_a_trie_longer_words_first():
    trie = _amounts._trie_alternation({"dollar", "dollars", "Dollar", "$", "day", "euro"}, boundary_after=True,
                                      boundary_before=False, cased=False)
    letter = f"(?![{_amounts._LETTER}])"
    # the words ending in a letter share one look-ahead for the boundary after them
    assert trie == f"(?=[\\$De])(?:\\$|(?:D(?:ay|ollar(?:s|))|euro){letter})"
    found = _amounts.re.compile(trie, _amounts.re.IGNORECASE)
    assert found.match("DOLLARS abroad").group() == "DOLLARS"
    assert found.match("dollar-bond").group() == "dollar"
    assert found.match("dollarization") is None
    # and the words starting with a letter share one look-behind for the boundary before them
    before = _amounts._trie_alternation({"de", "em", "$"}, boundary_after=True, boundary_before=True, cased=False)
    assert before == f"(?=[\\$de])(?:\\$|(?<![{_amounts._LETTER}])(?:(?:de|em){letter}))"


def test_word_lists_a_trie_cannot_hold_are_written_as_ordered_alternations():
    # a second blank in a word (a space stands for any run of blanks), and 'İ', which lower-cases to two characters
    for words in ({"a  b", "a b"}, {"İl", "il"}):
        assert _amounts._trie_alternation(words, boundary_after=True, boundary_before=False, cased=False) is None
        assert _amounts._alternation(words) == _amounts._ordered_alternation(words)


def test_languages_share_the_compiled_word_list_patterns():
    # compiling them took ~0.7 s per language and process; now one language pays for all
    en, ru = _amounts._grammar("en"), _amounts._grammar("ru")
    assert en.currency_re is ru.currency_re and en.scale_re is ru.scale_re


def _last_break_by_regex(text: str, lo: int, hi: int) -> int:
    cut = lo
    for mm in _amounts._CLAUSE_BREAK.finditer(text, lo, hi):
        cut = mm.end()
    return cut


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([",", ";", "，", "；", "、", "：", " ", "\n", "-", "–", "—", " - ", "a", "年", "5"]),
                max_size=12).map("".join), st.integers(0, 20), st.integers(0, 20))
def test_clause_start_search_finds_the_break_the_regex_scan_finds(text, lo, hi):
    assert _amounts._after_last_break(text, lo, hi) == _last_break_by_regex(text, lo, hi)


def test_clause_start_is_after_the_last_break_before_the_figure():
    text = "Last year, the fund - set up in 2015 - lent 5 billion yuan"
    assert _amounts._clause_start(text, text.index("5 billion"), 0) == text.index("lent")
    assert _amounts._clause_start("loans; grants, 7 million", 15, 0) == 14
    assert _amounts._clause_start("no break here 7 million", 14, 0) == 0


def _longest_word_before(text: str, end: int, table: dict) -> tuple[str, int] | None:
    """What _word_before answers, by trying every length (up to three blanks before ``end``, lower-cased)."""
    stop = end
    while stop > 0 and end - stop < 3 and text[stop - 1] in _amounts._WORD_GAP:
        stop -= 1
    for length in sorted({len(k) for k in table}, reverse=True):
        begin = stop - length
        if begin < 0:
            continue
        word = text[begin:stop]
        if word.lower() in table:
            if _amounts._IS_WORDY.match(word) and begin and _amounts._IS_WORDY.match(text[begin - 1]):
                continue
            return word.lower(), begin
    return None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["около", "ОКОЛО", "逾", "约", "more than", "Σ", "ΣΑ", "İ", " ", "x", "中", "超过"]),
                max_size=4).map("".join))
def test_word_before_by_last_character_finds_what_trying_every_length_finds(text):
    g = _amounts._grammar("ru")
    assert _amounts._word_before(text, len(text), g.quals_before, g.qual_lengths, g.qual_ends, lower=True,
                                 max_space=3) == _longest_word_before(text, len(text), g.quals_before)


def test_qualifier_before_a_number_after_cyrillic_and_chinese_words():
    assert rows("Кредит составит около 5 млрд долларов.", "ru") == [(5e9, "USD", "approx", "loan", True)]
    assert rows("该项目总投资逾50亿元。", "zh")[0][:3] == (5e9, "CNY", "at_least")


def test_clause_breaks_searched_one_by_one_are_those_of_the_clause_break_pattern():
    assert {m for m in _amounts._BREAK_MARKS if _amounts._CLAUSE_BREAK.fullmatch(m)} == set(_amounts._BREAK_MARKS)
    assert _amounts._CLAUSE_BREAK.pattern.startswith("[" + _amounts._BREAK_MARKS + "]|")


def _anchors_by_full_test(text: str, g) -> list[tuple]:
    """_anchors as it was before it looked at the first character after a number alone."""
    out = []
    for m in _amounts._NUMBER.finditer(text):
        s, e = m.span()
        ahead = (text[e + 1:e + 5] if e < len(text) and text[e] in " \u00a0" else text[e:e + 4]).lower()
        wordy = _amounts._IS_WORDY.match
        if not (ahead[:3] in g.first_after or ahead[:2] in g.first_after_plain or ahead[:1] in g.first_after_plain
                or (ahead[:2] in g.first_after_wordy and not wordy(ahead[2:3] or " "))
                or (ahead[:1] in g.first_after_wordy and not wordy(ahead[1:2] or " "))):
            b = s - 1 if s and text[s - 1] in " \u00a0" else s
            if not (text[max(0, b - 2):b] in g.last_before or text[b - 1:b] in g.last_before):
                if text[s] not in _amounts._CJK_FIRST or not _amounts._CJK_BIG_UNIT.search(text, s, e):
                    continue
        out.append((s, e, *m.group("num", "sep", "cjk")))
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["5", "12", " ", "\u00a0", "年", "亿", "元", "Σ", "ΣΑ", "İ", "bn", "B", "млрд", "$",
                                 "US", "三亿", "-", "y", "and"]), max_size=8).map("".join),
       st.sampled_from(["en", "zh", "ru", None]))
def test_first_character_test_after_a_number_keeps_every_anchor_the_full_test_keeps(text, language):
    g = _amounts._grammar(language)
    assert _amounts._anchors(text, g) == _anchors_by_full_test(text, g)


def _numbers_as_scanned(text: str) -> list[tuple]:
    scan = _amounts._NUMBER_SCAN_ASCII if text.isascii() else _amounts._NUMBER_SCAN
    found = []
    for m in scan.finditer(text):
        if text[m.start()] in _amounts._CJK_FIRST:
            found.append((m.span(), None, None, m.group()))
        else:
            found.append((m.span(), m.group(), m.group("sep"), None))
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["0", "1", "23", "456", "7890", ",", ".", " ", "'", "’", "\u00a0", "\u202f", "x", "٣",
                                 "零", "〇", "一", "两", "三", "十", "百", "千", "万", "亿", "億", "个", "1,234",
                                 "12.345.678", "1 000"]), max_size=12).map("".join))
def test_the_number_scans_find_the_numbers_of_the_number_pattern(text):
    expected = [(m.span(), *m.group("num", "sep", "cjk")) for m in _amounts._NUMBER.finditer(text)]
    assert _numbers_as_scanned(text) == expected


def test_the_number_scans_read_thousands_decimals_and_chinese_numerals():
    assert _numbers_as_scanned("1,234,567.5 and 12 345 or 3.5") == [
        ((0, 11), "1,234,567.5", ",", None), ((16, 22), "12 345", " ", None), ((26, 29), "3.5", None, None)]
    assert _numbers_as_scanned("一亿五千万元，一带一路，三十二") == [
        ((0, 5), None, None, "一亿五千万"), ((12, 15), None, None, "三十二")]


_PAGE_PIECES = ["China", " lent", " a loan of", " $", "US$", "5", "1,200", " million", " billion", " yuan", " dollars",
                ", ", ". ", "\n", "\n\n", " in total", " including", " of which", " per year", " last year",
                " raised from", " to", " between", " and", " worth", " the GDP", " ticket costs", " invest",
                " grant", " commits to buy", " trade", " since 2013", " originally", " (about", ")", " 其中", "亿元",
                "总投资", "。", " Mr. Li", " e.g.", " U.S."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_PIECES), max_size=40).map("".join), st.sampled_from(["en", "zh", None]))
def test_cues_read_around_the_figures_find_what_cues_read_over_the_whole_page_find(text, language):
    # with the page's sentences passed, the cue pass reads only the windows around the figures (_cue_windows)
    sentences = sentence_spans(text)
    windowed = find_amounts(text, language, sentences=sentences)
    cue_windows = _amounts._cue_windows
    _amounts._cue_windows = lambda figures, sents, size: [(0, size)]
    try:
        whole = find_amounts(text, language, sentences=sentences)
    finally:
        _amounts._cue_windows = cue_windows
    assert windowed == whole


def test_cues_just_outside_a_figures_sentence_are_still_read_when_the_sentences_are_passed():
    # "per year" on the next line makes a yearly flow; "raised" on the line before makes $3 billion the old value
    for text, expected in (("The contract is worth $5 million\nper year for the firm.", []),
                           ("Officials raised\nthe loan from $3 billion to $7 billion.",
                            [(7e9, "USD", "exact", "loan", True)])):
        found = find_amounts(text, "en", sentences=sentence_spans(text))
        assert [(a.value, a.currency, a.qualifier, a.kind, a.counted) for a in found] == expected
        assert rows(text, "en") == expected


# --- a figure after a clause of statistics; bare 'mil' outside Spanish and Portuguese; units after modifiers -------

@pytest.mark.parametrize("language, text", [
    ("zh", "两国贸易额同比增长18.2%，达到412.5亿美元。"),
    ("zh", "该集团净利润增加96%，达820亿元人民币。"),
    ("en", "Bilateral trade rose 12 percent last year, reaching $80 billion."),
    ("en", "The company's revenue grew 9%, to $4.2 billion."),
    ("es", "El comercio bilateral creció un 15%, hasta 30.000 millones de dólares."),
    ("pt", "O comércio bilateral cresceu 11%, para US$ 95 bilhões."),
    ("fr", "Les échanges commerciaux ont progressé de 8 %, à 12 milliards d'euros."),
    ("de", "Der Handel wuchs um 7 Prozent, auf 250 Milliarden Euro."),
])
def test_a_figure_after_clauses_naming_only_trade_or_background_is_that_statistic(language, text):
    assert rows(text, language) == []


@pytest.mark.parametrize("language, text, expected", [
    # a signature or a commitment makes the same shape an event's money
    ("zh", "双方签署合作文件，同比增长30%，达到45亿美元。", [(4.5e9, "USD", "exact", "other", True)]),
    ("en", "Trade grew 5%, and the two sides signed papers worth $3 billion.", [(3e9, "USD", "exact", "other", True)]),
    # a deal cue in an earlier clause still names the money
    ("en", "After trade grew 5%, the loan, $2 billion, was approved.", [(2e9, "USD", "exact", "loan", True)]),
    # a background word far back names something else than the figure
    ("en", "The budget papers of the ministry, released in May after long delays, show that the firm received $2.5 million.",
     [(2.5e6, "USD", "exact", "other", True)]),
])
def test_a_signature_or_a_deal_cue_keeps_a_figure_after_statistics(language, text, expected):
    assert rows(text, language) == expected


def test_bare_mil_starts_a_figure_only_in_spanish_and_portuguese():
    english = "The embassy donated 200 thousand RMB in sports kit to the Project Mil Sonrisas of the federation."
    assert rows(english, "en") == [(2e5, "CNY", "exact", "grant", True)]
    assert rows("O banco concedeu um empréstimo de mil milhões de reais.", "pt") == [(1e9, "BRL", "exact", "loan", True)]
    assert rows("El banco otorgó un préstamo de mil millones de dólares.", "es") == [(1e9, "USD", "exact", "loan", True)]


@pytest.mark.parametrize("language, text", [
    ("en", "Beijing shipped 2.5 million Sinopharm COVID-19 vaccine doses to Lima."),
    ("en", "The aid included 2 million surgical face masks."),
    ("en", "China granted 3 million inactivated vaccines."),
    ("de", "China spendete 2 Millionen chinesische Impfdosen."),
    ("pt", "A China doou 1,5 milhão de doses de vacina."),
])
def test_counted_goods_a_few_words_after_the_number_are_not_money(language, text):
    assert rows(text, language) == []


def test_a_break_word_ends_the_noun_phrase_so_later_goods_do_not_unmake_the_money():
    text = "China donated 2 million yuan for the purchase of vaccine doses."
    assert rows(text, "en") == [(2e6, "CNY", "exact", "grant", True)]
    assert rows("The grant of 1.5 billion for the hospital buys 300 ventilators.", "en") == [
        (1.5e9, None, "exact", "grant", True)]


@pytest.mark.parametrize("language,text,expected", [
    # a figure written out to the unit, then a scale word that only restates its order of magnitude
    ("en", "The bank signed a loan of $412,000,000 million for the new terminal.", [(4.12e8, "USD", "exact", "loan", True)]),
    ("en", "The state grant of RMB 2,608,114,300 billion covered the hospital.",
     [(2608114300.0, "CNY", "exact", "grant", True)]),
    ("en", "A loan of EUR 31,250,000 million was approved.", [(3.125e7, "EUR", "exact", "loan", True)]),
    ("en", "The state provided a grant of $6,000,000 million to the clinic.", [(6e6, "USD", "exact", "grant", True)]),
    # one thousands group is a count of millions, as usual
    ("en", "The bank signed a loan of $1,250 million for the new terminal.", [(1.25e9, "USD", "exact", "loan", True)]),
    ("en", "A loan of $1,000,000 was approved.", [(1e6, "USD", "exact", "loan", True)]),
    # Chinese ledgers state sums in 万元 after written-out digits: the 万 multiplies
    ("zh", "项目贷款为23,000,000万元。", [(2.3e11, "CNY", "exact", "loan", True)]),
])
def test_a_written_out_figure_is_not_scaled_twice(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text", [
    ("en", "Over its 30-year concession the port is expected to generate $275 billion in revenue for the state."),
    ("en", "Africa will need $95 billion a year to close its road deficit."),
    ("en", "The funding gap for the continent's water systems is put at $48 billion."),
    ("zh", "报告说，该地区的电网改造资金缺口到2035年预计将达到1800亿美元。"),
    ("fr", "Selon la banque, le marché régional devrait atteindre 30 milliards de dollars d'ici 2030."),
    ("ru", "По прогнозам, объём рынка к 2030 году составит 40 млрд долларов."),
])
def test_forecasts_and_needs_that_no_cue_names_as_deal_money_are_dropped(language, text):
    assert rows(text, language) == []


@pytest.mark.parametrize("language,text,expected", [
    ("en", "The investment in the smelter is expected to reach $2 billion.", [(2e9, "USD", "exact", "investment", True)]),
    ("zh", "该项目投资额预计达到50亿元。", [(5e9, "CNY", "exact", "investment", True)]),
    ("en", "The new terminal is expected to cost $490 million.", [(4.9e8, "USD", "exact", "investment", True)]),
])
def test_a_forecast_of_money_a_cue_names_is_kept(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text,expected", [
    ("en", "The pipeline costs $1.05 billion (CFAF 608 billion) in all.",
     [(1.05e9, "USD", "exact", "investment", True), (6.08e11, "XOF", "approx", "investment", False)]),
    ("en", "The county received a grant of KSHS 45 million.", [(4.5e7, "KES", "exact", "grant", True)]),
    ("en", "A grant of FRW 300 million was signed.", [(3e8, "RWF", "exact", "grant", True)]),
])
def test_upper_case_currency_codes_before_the_figure(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text", [
    ("en", "Foreign direct investment into the country rose 4.1% year on year to 512.6 billion yuan."),
    ("en", "Its outward investment reached $96 billion, up 11.5 percent year-on-year."),
    ("en", "The accumulated investment of the two countries in each other now exceeds $42 billion."),
    ("zh", "前十个月，两国双向投资额达86亿美元，同比增长9.3%。"),
    ("fr", "Les investissements chinois ont atteint 3,2 milliards d'euros, en hausse de 7 % en glissement annuel."),
    # the change told in the clause before, the figure it reached in a clause of its own
    ("en", "In the first half, investment from China grew 6% year on year, to 310 billion yuan."),
    ("zh", "今年前三季度，中国对该国直接投资同比增长15%，达到21亿美元。"),
    ("zh", "上半年，中国对该国直接投资同比增长11%，达到约8亿美元。"),
    ("en", "Investment from China grew 6% year on year, to a record 310 billion yuan."),
])
def test_statistics_of_a_period_and_accumulated_stocks_are_not_event_money(language, text):
    assert rows(text, language) == []


@pytest.mark.parametrize("language,text,expected", [
    ("en", "Deals worth 12 billion yuan were signed at the fair, up 15% year on year.",
     [(1.2e10, "CNY", "exact", "contract_value", True)]),
    ("en", "The bank signed a loan of $300 million for the bridge; the country's exports grew 6% year on year.",
     [(3e8, "USD", "exact", "loan", True)]),
])
def test_a_signed_deal_beside_a_yearly_change_keeps_its_money(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text,expected", [
    # the change is told of something else, in a later clause
    ("zh", "比亚迪在巴西投资10亿美元建厂，销量同比增长30%。", [(1e9, "USD", "exact", "investment", True)]),
    ("en", "China Exim Bank lent Ghana $2 billion; exports rose 5% year on year.", [(2e9, "USD", "exact", "other", True)]),
    ("zh", "双方签署投资协议，投资额同比翻番，达到15亿美元。", [(1.5e9, "USD", "exact", "investment", True)]),
    # a yearly rate and a one-year term are no comparison with last year
    ("ru", "Китай предоставит Казахстану кредит 2 млрд долларов под 3% в годовом выражении.",
     [(2e9, "USD", "exact", "loan", True)]),
    ("fr", "La Chine accorde au Niger un prêt de 100 millions de dollars remboursable sur un an.",
     [(1e8, "USD", "exact", "loan", True)]),
    # 'accumulated' alone is no running total; a forecast verb must reach the figure
    ("en", "China accumulated experience and lent $2 billion to Angola.", [(2e9, "USD", "exact", "other", True)]),
    ("en", "PowerChina is expected to reach financial close on the $1.2 billion hydropower plant in Zambia.",
     [(1.2e9, "USD", "exact", "other", True)]),
])
def test_money_beside_a_change_a_rate_or_a_forecast_word_it_does_not_depend_on_is_kept(language, text, expected):
    assert rows(text, language) == expected


@pytest.mark.parametrize("language,text,expected", [
    ("es", "Firmaron un crédito por 2.500.000 millones de pesos colombianos.", [(2.5e12, "COP", "exact", "loan", True)]),
    ("fr", "La Chine a accordé un prêt de 1.200.000 millions de FCFA.", [(1.2e12, "XOF", "exact", "loan", True)]),
    ("en", "Bank Mandiri signed a loan of Rp 1,500,000 million for the smelter.", [(1.5e12, "IDR", "exact", "loan", True)]),
    ("en", "Kenya's accumulated debt to China reached $6 billion after China Exim Bank lent another $1 billion.",
     [(6e9, "USD", "exact", "other", True), (1e9, "USD", "exact", "other", True)]),
    ("ru", "Подписан кредит на 1 250 000 тыс. рублей.", [(1.25e9, "RUB", "exact", "loan", True)]),
    ("en", "The loan of 12,000,000 thousand dollars was signed.", [(1.2e10, "USD", "exact", "loan", True)]),
])
def test_sums_written_out_in_millions_or_thousands_by_custom_are_multiplied(language, text, expected):
    assert rows(text, language) == expected
