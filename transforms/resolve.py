"""The resolve stage: money to yuan (fx) and places to coordinates (geocode) on extracted facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import fx, geocode
from .model import ArticleFacts

MEMO_SIZE = 200_000  # places remembered by an offline resolver (~30 MB at most); then it starts afresh


class Resolver:
    def __init__(self, *, online_geocoding: bool = False, user_agent: str | None = None,
                 cache_dir: Path | None = None) -> None:
        self.geocoder = geocode.Geocoder(online=online_geocoding, user_agent=user_agent, cache_dir=cache_dir)
        # (name, country) -> point. Offline, an answer depends on nothing else, and the same partners and places
        # come back in article after article (issue 5: the gazetteer lookups were most of this stage). Online, a
        # failed request is asked again later, so nothing is remembered here (the geocoder keeps its own cache).
        self._points: dict[tuple[str, str | None], tuple[float, float] | None] | None = (
            None if online_geocoding else {})

    def _locate(self, name: str, country: str | None) -> tuple[float, float] | None:
        points = self._points
        if points is None:
            return self.geocoder.locate(name, country)
        key = (name, country)
        if key in points:
            return points[key]
        if len(points) >= MEMO_SIZE:
            points.clear()
        point = points[key] = self.geocoder.locate(name, country)
        return point

    def resolve(self, facts: ArticleFacts, published: dt.date | None) -> ArticleFacts:
        for event in facts.events:
            on = event.date or published
            for amount in event.amounts:
                conversion = fx.to_cny(amount.value, amount.currency, on)
                amount.amount_cny, amount.fx_rate = conversion.amount_cny, conversion.rate
                amount.fx_date, amount.fx_source, amount.note = conversion.fx_date, conversion.source, conversion.note
                if fx.is_macro(amount.amount_cny):
                    amount.counted, amount.note = False, fx.MACRO_NOTE
            for partner in event.partners:
                if partner.lat is None:
                    point = self._locate(partner.canonical_name, partner.country)
                    if point:
                        partner.lat, partner.lon = point
            if event.place and event.lat is None:
                point = self._locate(event.place, event.country)
                if point:
                    event.lat, event.lon = point
        return facts

    def close(self) -> None:
        self.geocoder.close()
