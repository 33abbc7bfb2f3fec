"""Loan terms date no event: a maturity, a repayment date or the span of instalments is when money falls due
(triggers.json 'date_background')."""

import datetime as dt

import pytest

from transforms.extract import extract_article


def _dated(text: str) -> list[tuple[str, dt.date | None]]:
    return [(e.event_type, e.date) for e in extract_article(text, language="en").events]


@pytest.mark.parametrize("terms", [
    "Its terms: 2% interest, eight years of grace and twenty of maturity, so the final maturity date is 15 June 2031.",
    "Under its terms the credit is repayable in yearly instalments from February 2027.",
    "Under its terms the credit is repayable in yearly instalments between February 2027 and February 2037.",
    "Its terms set a first repayment date of 1 October 2016 after a grace period of five years.",
])
def test_a_loan_is_dated_by_its_signing_not_by_its_terms(terms):
    text = "In 2010, China Eximbank and the Government of Kenya signed a loan agreement for the road. " + terms
    events = _dated(text)
    assert events and {date for _, date in events} == {dt.date(2010, 1, 1)}


def test_a_date_told_plainly_still_dates_its_event():
    text = "The loan was provided on March 21, 2011 by China Eximbank to the Government of Kenya for the road."
    assert _dated(text) == [("finance", dt.date(2011, 3, 21))]



def test_a_loan_told_before_its_terms_is_not_dated_by_them():
    text = ("China Eximbank signed a loan of $50 million with Kenya for a road. "
            "Interest was paid quarterly until June 12, 2030.")
    assert _dated(text) == [("finance", None)]
