"""A map of England and Wales shaded by community-resolution share, one force outlined.

Boundaries are the ONS Police Force Areas (December 2020) GeoJSON (registry id
``ons-police-force-areas-2020``; EPSG:4326, 43 features: British Transport Police has no area).
The file is read with :mod:`json` and drawn with plain matplotlib patches (no geopandas), in an
equirectangular projection: x = longitude × cos(mean latitude), y = latitude, which keeps shapes
true enough at this scale.

Shading is a single-hue sequential colormap whose lightness rises with the share, so the map
reads in greyscale too; the highlighted force is outlined thick in red *and* labelled, so colour
is never the only cue. Forces with no share in the data are hatched and said so in the key.

>>> feature = {"type": "Feature", "properties": {"PFA20NM": "London, City of"},
...            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}
>>> [(f, len(rings)) for f, rings in read_features({"features": [feature]})]
[('City of London', 1)]
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from . import areas, charts

DATASET_ID = "ons-police-force-areas-2020"
NAME_PROPERTY = "PFA20NM"
#: Single hue, lightness monotonic in the value: readable when printed in greyscale.
COLORMAP = "Blues"
NO_DATA = "#f2f2f2"
MAX_LABELLED = 4  # a region of more forces is outlined, not labelled force by force

Ring = list[tuple[float, float]]


def boundaries(mirror: str | None = None) -> dict:
    """The police force areas GeoJSON, resolved through the registry (cache → mirror → URL)."""
    from . import sources

    path = sources.resolve(DATASET_ID, mirror=mirror)
    return json.loads(Path(path).read_text(encoding="utf-8"))


def read_features(geojson: dict, name_property: str = NAME_PROPERTY) -> list[tuple[str, list[list[Ring]]]]:
    """``[(canonical force, polygons)]``: each polygon a list of rings (exterior first, then holes).

    Polygon and MultiPolygon geometries; names are mapped with :func:`areas.canonical_force`
    (an unknown name is an error naming it)."""
    out = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(f"unsupported geometry {geometry['type']!r} for {feature['properties'].get(name_property)!r}")
        force = areas.canonical_force(feature["properties"][name_property])
        out.append((force, [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in polygons]))
    return out


def _project(polygons: list[list[Ring]], scale: float) -> MplPath:
    """All rings of a feature as one compound path (holes drawn as holes), x scaled by cos(lat)."""
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            if len(ring) < 3:
                continue
            points = [(x * scale, y) for x, y in ring]
            vertices += points + [points[0]]
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(np.array(vertices), codes)


def _projected_paths(features: list[tuple[str, list[list[Ring]]]]) -> tuple[tuple[str, MplPath], ...]:
    """Each feature as one projected path, x scaled by the cosine of the map's mean latitude."""
    ys = [y for _, polygons in features for polygon in polygons for ring in polygon for _, y in ring]
    scale = math.cos(math.radians((min(ys) + max(ys)) / 2)) if ys else 1.0
    return tuple((force, _project(polygons, scale)) for force, polygons in features)


@lru_cache(maxsize=4)
def registry_paths(mirror: str | None) -> tuple[tuple[str, MplPath], ...]:
    """The registry's boundaries as ``(force, projected path)``, read, checked and projected once per
    process (a batch draws one map per area); what :func:`share_map` draws without ``geojson``."""
    return _projected_paths(read_features(boundaries(mirror)))


def _label_point(path: MplPath) -> tuple[float, float]:
    """The centre of the largest ring's bounding box: where the label's arrow points."""
    best, best_area = (0.0, 0.0), -1.0
    for ring in path.to_polygons():
        points = np.asarray(ring)
        xs, ys = points[:, 0], points[:, 1]
        area = (xs.max() - xs.min()) * (ys.max() - ys.min())
        if area > best_area:
            best, best_area = ((xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2), area
    return best


def share_map(
    shares: pd.DataFrame,
    highlight: str | Iterable[str] | None,
    *,
    title: str,
    source: str,
    synthetic: bool = False,
    geojson: dict | None = None,
    mirror: str | None = None,
) -> plt.Figure:
    """England and Wales, each force area shaded by its share; the highlighted force(s) outlined and labelled.

    ``shares`` has columns ``force`` (any spelling) and ``share`` (0-1). ``highlight`` is a force,
    several forces (a region), or ``None``; a force with no area on the map (British Transport
    Police) is simply not drawn: say so in the text around the map. ``geojson`` defaults to the
    registry's boundaries. Every patch carries its force's canonical name as its ``gid``.
    """
    projected = registry_paths(mirror) if geojson is None else _projected_paths(read_features(geojson))
    values = {areas.canonical_force(f): s for f, s in zip(shares["force"], shares["share"], strict=True) if pd.notna(s)}
    wanted = [highlight] if isinstance(highlight, str) else list(highlight or [])
    marked = {areas.canonical_force(name) for name in wanted}
    mapped_values = [values[f] for f, _ in projected if f in values]
    norm = Normalize(vmin=0.0, vmax=max(mapped_values) if mapped_values else 1.0)
    cmap = plt.get_cmap(COLORMAP)

    with plt.style.context(charts.STYLE):
        fig, ax = plt.subplots(figsize=(7.2, 8.2))
        paths = {}
        missing = False
        for force, path in projected:
            paths[force] = path
            value = values.get(force)
            missing = missing or value is None
            patch = PathPatch(path, facecolor=cmap(norm(value)) if value is not None else NO_DATA,
                              hatch=None if value is not None else "///",
                              edgecolor="white" if value is not None else "#888888", linewidth=0.5, zorder=1)
            patch.set_gid(force)
            ax.add_artist(patch)  # add_patch would walk every vertex in Python to update the limits
        ax.update_datalim(np.concatenate([path.vertices for path in paths.values()]))
        for force in sorted(marked & set(paths)):  # drawn on top, so the outline is never hidden
            outline = PathPatch(paths[force], fill=False, edgecolor=charts.HIGHLIGHT, linewidth=2.6, zorder=3)
            outline.set_gid(f"{force} (outline)")
            ax.add_artist(outline)
        ax.autoscale_view()
        ax.set_aspect("equal")
        x0, x1 = ax.get_xlim()
        width = x1 - x0
        ax.set_xlim(x0 - 0.3 * width, x1 + 0.3 * width)  # room for labels in the sea either side
        ax.axis("off")
        ax.grid(False)
        labelled = sorted(marked & set(paths))
        if len(labelled) <= MAX_LABELLED:
            mid = (x0 + x1) / 2
            for force in labelled:
                px, py = _label_point(paths[force])
                share = values.get(force)
                text = force + (f"\n{share:.1%}" if share is not None else "\nno data")
                right = px >= mid
                ax.annotate(text, xy=(px, py), xytext=(x1 + 0.03 * width if right else x0 - 0.03 * width, py),
                            ha="left" if right else "right", va="center", fontsize=10, fontweight="bold",
                            color=charts.HIGHLIGHT, zorder=4,
                            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": charts.HIGHLIGHT},
                            arrowprops={"arrowstyle": "-", "color": charts.HIGHLIGHT, "linewidth": 1.2})
        ax.set_title(title, pad=12)
        bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, orientation="horizontal",
                           fraction=0.035, pad=0.02, shrink=0.6, format=PercentFormatter(1.0, decimals=0))
        bar.set_label("Community resolutions as a share of all assigned outcomes"
                      + ("; hatched: no data" if missing else ""), fontsize=9)
        bar.outline.set_visible(False)  # type: ignore[operator]  # a Spine; matplotlib's stubs say a method
        charts._footer(fig, source, synthetic)
        fig.tight_layout(rect=(0, 0.05 if len(source) < 120 else 0.08, 1, 1))
    return fig
