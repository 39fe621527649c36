"""Build static/geo/boundaries.json, the country outlines the place maps are drawn from.

Source: Natural Earth Admin 0 country boundaries (public domain), as redistributed in the
npm package world-atlas (TopoJSON). Run once when the data should change:

    npm pack world-atlas@2 && tar xzf world-atlas-2*.tgz
    .venv/bin/python scripts/build_boundaries.py package/
"""

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "boundaries.json"
# Libya and the countries around it, drawn in detail on the map of a Libyan place.
REGION = {"434", "818", "788", "012", "562", "148", "729", "470", "380"}  # LY EG TN DZ NE TD SD MT IT


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers; return them as lon/lat points."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale_x + shift_x, 2), round(y * scale_y + shift_y, 2)))
        arcs.append(points)
    return arcs


def ring(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def countries(path: Path, keep=lambda country_id: True) -> list[dict]:
    topology = json.loads(path.read_text())
    arcs = decode_arcs(topology)
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") not in {"Polygon", "MultiPolygon"} or not keep(geometry.get("id")):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        result.append({"id": geometry.get("id"), "name": geometry["properties"]["name"], "rings": rings})
    return result


def main(package: Path) -> None:
    data = {
        "source": "Natural Earth 1:50m and 1:110m Admin 0 countries (public domain), via npm world-atlas 2",
        "region": countries(package / "countries-50m.json", keep=lambda country_id: country_id in REGION),
        "world": countries(package / "countries-110m.json"),
    }
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
