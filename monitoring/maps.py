"""Maps of the voivodeship by powiat, drawn as SVG on the server (no tiles from the network).

Boundaries come from the simplified polska-geojson files shipped in ``monitoring/data`` (MIT licence). The
features carry only a name ("powiat toruński", "powiat Toruń"), so each is matched to its TERC code by name
within the voivodeship that contains it (names such as "grodziski" repeat across voivodeships).
"""

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from math import cos, radians
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext as _

from core.computations import figure_text, rounded

DATA = Path(__file__).resolve().parent / "data"
TERC = Path(__file__).resolve().parent.parent / "entities" / "data" / "TERC_2024-01-01.csv"
# Sequential blues (ColorBrewer), light to dark; the darkest classes take white labels.
PALETTE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#f0f0f0"

Ring = list[tuple[float, float]]
# Powiaty renamed since the boundaries were drawn: map name -> TERC name.
RENAMED = {"powiat jeleniogórski": "powiat karkonoski"}  # renamed on 1 January 2021


@dataclass(frozen=True)
class PowiatShape:
    code: str          # 4-digit TERYT code, e.g. "0463"
    name: str          # as in TERC, e.g. "Toruń" or "toruński"
    rings: tuple[Ring, ...]


def _rings(geometry) -> list[Ring]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    else:
        polygons = geometry["coordinates"]
    return [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]


def _inside(point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _centroid(ring: Ring) -> tuple[float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-12:
        return ring[0]
    return cx / (3 * area), cy / (3 * area)


@lru_cache(maxsize=1)
def _terc_powiaty() -> dict[str, dict[str, str]]:
    """Voivodeship name (lower case) -> {powiat name as in the map: 4-digit code}."""
    voivodeships: dict[str, str] = {}
    powiaty: dict[str, dict[str, str]] = {}
    with TERC.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            if not row["POW"] and not row["GMI"]:
                voivodeships[row["WOJ"]] = row["NAZWA"].lower()
            elif row["POW"] and not row["GMI"]:
                powiaty.setdefault(row["WOJ"], {})[f"powiat {row['NAZWA']}"] = row["WOJ"] + row["POW"]
    return {voivodeships[woj]: names for woj, names in powiaty.items()}


@lru_cache(maxsize=1)
def all_powiaty() -> dict[str, PowiatShape]:
    """Every powiat of Poland by TERYT code (raises if a boundary cannot be matched: a test checks all 380)."""
    voivodeships = json.loads((DATA / "wojewodztwa-min.geojson").read_text(encoding="utf-8"))["features"]
    woj_rings = [(f["properties"]["nazwa"].lower(), _rings(f["geometry"])) for f in voivodeships]
    names = _terc_powiaty()
    shapes: dict[str, PowiatShape] = {}
    features = json.loads((DATA / "powiaty-min.geojson").read_text(encoding="utf-8"))["features"]
    for feature in features:
        rings = _rings(feature["geometry"])
        largest = max(rings, key=len)
        point = _centroid(largest)
        woj = next((name for name, wr in woj_rings if any(_inside(point, r) for r in wr)), None)
        if woj is None:  # a concave outline: take the voivodeship holding most of its vertices
            woj = max(woj_rings, key=lambda w: sum(any(_inside(p, r) for r in w[1]) for p in largest[::5]))[0]
        label = RENAMED.get(feature["properties"]["nazwa"], feature["properties"]["nazwa"])
        code = names.get(woj, {}).get(label)
        if code is None:
            raise LookupError(f"No TERC powiat {label!r} in {woj!r}")
        shapes[code] = PowiatShape(code=code, name=label.removeprefix("powiat "), rings=tuple(rings))
    return shapes


def powiaty_of(voivodeship_code: str) -> list[PowiatShape]:
    return [s for code, s in sorted(all_powiaty().items()) if code.startswith(voivodeship_code)]


def _classes(values: list[Decimal], count: int) -> list[Decimal]:
    """Upper bounds of equal-width classes between the smallest and largest value."""
    low, high = min(values), max(values)
    if high == low:
        return [high]
    step = (high - low) / count
    return [low + step * (i + 1) for i in range(count)]


def choropleth_svg(values: dict[str, Decimal | int | None], *, voivodeship_code: str, title: str,
                   unit: str = "", width: int = 560) -> str:
    """An accessible SVG map: one shaded path per powiat with a <title>, a legend, and the data as text.

    ``values`` maps 4-digit powiat codes to numbers; None (no data or hidden small counts) is drawn grey.
    """
    shapes = powiaty_of(voivodeship_code)
    if not shapes:
        return ""
    points = [p for s in shapes for ring in s.rings for p in ring]
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = cos(radians((min_y + max_y) / 2))
    span_x, span_y = (max_x - min_x) * scale_x, max_y - min_y
    height = int(width * span_y / span_x)
    legend_h = 70

    def project(p):
        return ((p[0] - min_x) * scale_x / span_x * (width - 20) + 10,
                (max_y - p[1]) / span_y * (height - 20) + 10)

    numeric = [Decimal(str(v)) for v in values.values() if v is not None]
    bounds = _classes(numeric, len(PALETTE)) if numeric else []

    def colour(v) -> str:
        if v is None or not bounds:
            return NO_DATA
        d = Decimal(str(v))
        for bound, shade in zip(bounds, PALETTE, strict=False):
            if d <= bound:
                return shade
        return PALETTE[-1]

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + legend_h}" '
             f'role="img" aria-labelledby="map-title" class="map">',
             f'<title id="map-title">{escape(title)}</title>']
    for shape in shapes:
        value = values.get(shape.code)
        path = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in map(project, ring)) + " Z"
                        for ring in shape.rings)
        label = f"{shape.name}: {figure_text(value) if value is not None else '—'} {unit}".strip()
        parts.append(f'<path d="{path}" fill="{colour(value)}" stroke="#555" stroke-width="0.6">'
                     f"<title>{escape(label)}</title></path>")
    y = height + 10
    low = min(numeric) if numeric else None
    for i, (bound, shade) in enumerate(zip(bounds, PALETTE, strict=False)):
        x = 10 + i * 105
        start = low if i == 0 else bounds[i - 1]
        parts.append(f'<rect x="{x}" y="{y}" width="18" height="14" fill="{shade}" stroke="#555" stroke-width="0.5"/>'
                     f'<text x="{x + 22}" y="{y + 11}" font-size="10">{figure_text(rounded(start, 0))}–'
                     f'{figure_text(rounded(bound, 0))}</text>')
    hidden = escape(_("no data or hidden"))
    parts.append(f'<rect x="10" y="{y + 24}" width="18" height="14" fill="{NO_DATA}" stroke="#555" '
                 f'stroke-width="0.5"/><text x="32" y="{y + 35}" font-size="10">{hidden}</text>')
    parts.append("</svg>")
    return "".join(parts)
