"""Small server-rendered maps: a place marked on Libya and its neighbours, or on the world;
and every place the articles name, a circle each, sized by how many name it.

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

from libya_archive.archive.models import Place

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
        outlines.append(Outline(path, country["name"] == LIBYA_NAME))
    return tuple(outlines)


def place_map(latitude: float | None, longitude: float | None) -> PlaceMap | None:
    """The map of a place: Libya and its neighbours when it lies there, else the world."""
    if latitude is None or longitude is None:
        return None
    frame = LIBYA if LIBYA.contains(longitude, latitude) else WORLD
    return PlaceMap(WIDTH, frame.height, _outlines(frame), frame.project(longitude, latitude))


# A place's circle: its area grows with the articles naming it, from the smallest to the largest.
MIN_RADIUS, MAX_RADIUS = 2.5, 14.0
LABEL_SIZE = 11  # the names drawn beside the largest circles, in the SVG's units
LABELS_PER_MAP = 12
AREA_KINDS = {Place.Kind.REGION, Place.Kind.SEA}


@dataclass(frozen=True)
class Point:
    place: object  # a Place
    x: float
    y: float
    radius: float
    label: tuple[float, float, str] | None  # where its name is drawn (x, y, text-anchor), if it is

    @property
    def is_area(self) -> bool:
        """A region or a sea: its circle marks its centre, not a spot, nor how far it reaches."""
        return self.place.kind in AREA_KINDS


@dataclass(frozen=True)
class PlacesMap:
    width: int
    height: int
    outlines: tuple[Outline, ...]
    points: tuple[Point, ...]  # the largest first, so a smaller circle is drawn over it

    @property
    def has_areas(self) -> bool:
        return any(point.is_area for point in self.points)

    @property
    def unnamed(self) -> list[Point]:
        """The points drawn without their name (no room beside them), the largest first."""
        return [point for point in self.points if point.label is None]


def circle_radius(count: int, most: int) -> float:
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(count / max(1, most)), 1)


def places_maps(places: list, most: int) -> tuple[PlacesMap | None, PlacesMap | None]:
    """Libya and its neighbours with the places `places` has there, and the world with the
    rest (None for a map with no place): each a circle sized by its `article_count`
    (`most` the largest, so both maps share one scale), the largest first."""
    ordered = sorted(places, key=lambda place: -place.article_count)
    near = [place for place in ordered if LIBYA.contains(place.longitude, place.latitude)]
    far = [place for place in ordered if not LIBYA.contains(place.longitude, place.latitude)]
    return tuple(_places_map(frame, chosen, most) if chosen else None for frame, chosen in ((LIBYA, near), (WORLD, far)))


def _places_map(frame: Frame, places: list, most: int) -> PlacesMap:
    located = [_inside(frame, place, circle_radius(place.article_count, most)) for place in places]
    # A name is written clear of the other names and of every circle, and inside the map.
    circles = [(x - radius, y - radius, x + radius, y + radius) for _, x, y, radius in located]
    labels: list[tuple[float, float, float, float]] = []
    points = []
    for place, x, y, radius in located:
        label = None
        if len(labels) < LABELS_PER_MAP:
            label = _free_label(x, y, radius, place.name, frame.height, [*labels, *circles])
            if label:
                labels.append(label[3])
        points.append(Point(place, x, y, radius, label[:3] if label else None))
    return PlacesMap(WIDTH, frame.height, _outlines(frame), tuple(points))


def _inside(frame: Frame, place, radius: float) -> tuple[object, float, float, float]:
    """The place's circle, moved in from the frame's edge where it would be cut (the
    Mediterranean lies on the northern edge of Libya's): the place, x, y, radius."""
    x, y = frame.project(place.longitude, place.latitude)
    return place, min(max(x, radius), WIDTH - radius), min(max(y, radius), frame.height - radius), radius


def _free_label(x: float, y: float, radius: float, name: str, height: int, taken: list) -> tuple | None:
    """Where the name fits beside its circle, to the east, the west, above or below, inside
    the map and clear of the boxes `taken`: (x, y, text-anchor, the box it takes), or None."""
    # Measured in Chromium: a Naskh name is at most 0.4 of the size a letter and 0.6 more
    # wide, its line 1.5 of the size tall; and the white halo around it 1.5 more each way.
    width = (0.4 * len(name) + 0.6) * LABEL_SIZE
    rise, fall = 0.75 * LABEL_SIZE + 1.5, 0.8 * LABEL_SIZE + 1.5  # the box above and below the name's middle
    places = (
        (x + radius + 2, y, "start"),
        (x - radius - 2 - width, y, "end"),
        (x - width / 2, y - radius - 2 - fall, "middle"),
        (x - width / 2, y + radius + 2 + rise, "middle"),
    )
    for start, middle, anchor in places:
        box = (start - 1.5, middle - rise, start + width + 1.5, middle + fall)
        inside = 0 <= box[0] and box[2] <= WIDTH and 0 <= box[1] and box[3] <= height
        if inside and not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3] for other in taken
        ):
            text_x = {"start": start, "end": start + width, "middle": start + width / 2}[anchor]
            return (round(text_x, 1), round(middle + LABEL_SIZE * 0.35, 1), anchor, box)
    return None


def legend(most: int) -> list[tuple[int, float]]:
    """(articles, radius) of the circles a map's key shows: the largest, a quarter of it, one."""
    return [(count, circle_radius(count, most)) for count in sorted({most, max(1, round(most / 4)), 1}, reverse=True)]
