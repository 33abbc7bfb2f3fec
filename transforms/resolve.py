"""The resolve stage: money to yuan (fx) and places to coordinates (geocode) on extracted facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import fx, geocode
from .model import ArticleFacts


class Resolver:
    def __init__(self, *, online_geocoding: bool = False, user_agent: str | None = None,
                 cache_dir: Path | None = None) -> None:
        self.geocoder = geocode.Geocoder(online=online_geocoding, user_agent=user_agent, cache_dir=cache_dir)

    def resolve(self, facts: ArticleFacts, published: dt.date | None) -> ArticleFacts:
        for event in facts.events:
            on = event.date or published
            for amount in event.amounts:
                conversion = fx.to_cny(amount.value, amount.currency, on)
                amount.amount_cny, amount.fx_rate = conversion.amount_cny, conversion.rate
                amount.fx_date, amount.fx_source, amount.note = conversion.fx_date, conversion.source, conversion.note
            for partner in event.partners:
                if partner.lat is None:
                    point = self.geocoder.locate(partner.canonical_name, partner.country)
                    if point:
                        partner.lat, partner.lon = point
            if event.place and event.lat is None:
                point = self.geocoder.locate(event.place, event.country)
                if point:
                    event.lat, event.lon = point
        return facts

    def close(self) -> None:
        self.geocoder.close()
