"""Places: detention facilities, border crossings, airports, courts, offices, towns.

Shipped places come from the gazetteer inside the package and keep its ids (e.g.
`KZ-DET-ZHARKENT-IVS`); people add their own and correct shipped ones.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from storage.columns import JSONList, empty_list
from storage.tables.base import Record


class Place(Record, table=True):
    __tablename__ = "places"

    short_name: str = Field(nullable=False)  # what lists show: "Zharkent police IVS"
    type: str = Field(nullable=False, index=True)
    crossing_mode: str = Field(default="", nullable=False)  # road | rail | road_rail
    # A crossing on the border with China: what "distance to the border" measures to.
    borders_china: bool = Field(default=False, nullable=False)
    closed: bool = Field(default=False, nullable=False)
    name_en: str = Field(default="", nullable=False)
    name_kk: str = Field(default="", nullable=False)
    name_ru: str = Field(default="", nullable=False)
    name_ky: str = Field(default="", nullable=False)
    name_uz: str = Field(default="", nullable=False)
    name_zh: str = Field(default="", nullable=False)
    aliases: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    authority: str = Field(default="", nullable=False)  # who holds people there
    country: str = Field(nullable=False)
    region: str = Field(default="", nullable=False)
    # Kazakhstan redrew regions in June 2022; news and old documents use the old names.
    region_before_2022: str = Field(default="", nullable=False)
    lat: float | None = None
    lon: float | None = None
    precision: str = Field(default="", nullable=False)  # as the source states it
    precision_km: float | None = None
    sources: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)
    notes: str = Field(default="", nullable=False)
    origin: str = Field(default="user", nullable=False)  # shipped | user
    # Fields a person changed on a shipped place: gazetteer upgrades leave them alone.
    edited_fields: list[str] = Field(default_factory=empty_list, sa_type=JSONList, nullable=False)


class PlaceName(SQLModel, table=True):
    """Derived: one row per name or alias of a place, with its search keys; the
    full-text index `place_search` reads its text from here. It repeats what a search
    result shows of the place, so a search reads one table, not two."""

    __tablename__ = "place_names"

    rowid: int | None = Field(default=None, primary_key=True)
    place_id: str = Field(nullable=False, index=True)
    name: str = Field(nullable=False)
    words: str = Field(nullable=False)  # the name's words, folded and transliterated
    skeletons: str = Field(nullable=False)  # consonant skeletons and their one-letter drops
    short_name: str = Field(nullable=False)
    type: str = Field(nullable=False)
    country: str = Field(nullable=False)
    closed: bool = Field(nullable=False)
    # Straight-line distance to the nearest China road crossing, worked out when the
    # index is built (all of it is rebuilt when a crossing changes).
    border_km: float | None = None
    crossing_id: str | None = None
    crossing_name: str | None = None
