"""Straight-line distance from a place to the nearest road crossing on the border with
China, the measure of how quickly a handover could happen. Not a road distance: the
road from Zharkent to the Khorgos crossing is about 40 km, the straight line about 30."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.tables import Place

EARTH_RADIUS_KM = 6371.0088  # the mean radius
# Rail crossings (freight only) are left out: a person is handed over by road or by air.


@dataclass(frozen=True)
class Crossing:
    id: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class BorderDistance:
    km: float
    crossing_id: str
    crossing_name: str

    def describe(self) -> str:
        return f"{self.km:,.0f} km straight-line to {self.crossing_name}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def china_crossings(session: Session) -> list[Crossing]:
    statement = select(Place.id, Place.short_name, Place.lat, Place.lon).where(
        Place.type == "border_crossing", Place.borders_china, Place.closed == False,  # noqa: E712
        col(Place.crossing_mode).in_(("road", "road_rail")), col(Place.lat).is_not(None),
        col(Place.lon).is_not(None))
    return [Crossing(*row) for row in session.execute(statement)]


def distance_to_border(lat: float | None, lon: float | None,
                       crossings: list[Crossing]) -> BorderDistance | None:
    if lat is None or lon is None or not crossings:
        return None
    distances = [(haversine_km(lat, lon, c.lat, c.lon), c) for c in crossings]
    km, nearest = min(distances, key=lambda pair: pair[0])
    return BorderDistance(round(km, 1), nearest.id, nearest.name)
