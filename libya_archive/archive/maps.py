"""Small server-rendered maps: a place marked on Libya and its neighbours, or on the world.

Outlines come from static/geo/boundaries.json (Natural Earth, public domain; see
scripts/build_boundaries.py). No tile server, nothing loaded from outside: the page
carries the map as inline SVG.
"""

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from django.conf import settings

WIDTH = 400


@dataclass(frozen=True)
class Frame:
    """A longitude/latitude box drawn into an SVG `WIDTH` wide (equirectangular)."""

    west: float
    east: float
    south: float
    north: float
    outlines: str  # which set of outlines in boundaries.json

    @property
    def x_scale(self) -> float:
        return WIDTH / (self.east - self.west)

    @property
    def y_scale(self) -> float:
        # Shrink longitude by the cosine of the middle latitude so shapes are not stretched.
        return self.x_scale / math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.y_scale)

    def contains(self, longitude: float, latitude: float) -> bool:
        return self.west <= longitude <= self.east and self.south <= latitude <= self.north

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        return round((longitude - self.west) * self.x_scale, 1), round((self.north - latitude) * self.y_scale, 1)


LIBYA = Frame(west=8.0, east=27.0, south=18.0, north=35.0, outlines="region")
WORLD = Frame(west=-180.0, east=180.0, south=-58.0, north=84.0, outlines="world")
LIBYA_NAME = "Libya"


@dataclass(frozen=True)
class Outline:
    name: str
    path: str
    is_libya: bool


@dataclass(frozen=True)
class PlaceMap:
    width: int
    height: int
    outlines: tuple[Outline, ...]
    marker: tuple[float, float]


@cache
def _boundaries() -> dict:
    return json.loads((settings.BASE_DIR / "static" / "geo" / "boundaries.json").read_text(encoding="utf-8"))


def _across_the_antimeridian(ring: list) -> Iterator[list[tuple[float, float]]]:
    """A ring with its longitudes made continuous, and, when that takes it past ±180°, a copy
    a world further: Russia's or Fiji's rings jump from 180° to -180°, which a map draws as a
    line across the world; continuous, they run off one edge and come back in at the other."""
    points = [tuple(ring[0])]
    shift = 0.0
    for (previous, _), (longitude, latitude) in pairwise(ring):
        if abs(longitude - previous) > 180:
            shift -= math.copysign(360, longitude - previous)
        points.append((longitude + shift, latitude))
    yield points
    for beyond, back in ((max(lon for lon, _ in points) > 180, -360), (min(lon for lon, _ in points) < -180, 360)):
        if beyond:
            yield [(lon + back, lat) for lon, lat in points]


@cache
def _outlines(frame: Frame) -> tuple[Outline, ...]:
    outlines = []
    for country in _boundaries()[frame.outlines]:
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (frame.project(lon, lat) for lon, lat in points)) + " Z"
            for ring in country["rings"]
            if len(ring) > 2
            for points in _across_the_antimeridian(ring)
        )
        outlines.append(Outline(country["name"], path, country["name"] == LIBYA_NAME))
    return tuple(outlines)


def place_map(latitude: float | None, longitude: float | None) -> PlaceMap | None:
    """The map of a place: Libya and its neighbours when it lies there, else the world."""
    if latitude is None or longitude is None:
        return None
    frame = LIBYA if LIBYA.contains(longitude, latitude) else WORLD
    return PlaceMap(WIDTH, frame.height, _outlines(frame), frame.project(longitude, latitude))
