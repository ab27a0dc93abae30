"""Generate the synthetic house listings of the pure-functions kata.

Run from the kata folder: `python generate_data.py`. It writes start/data/listings.csv.
The data is made up: 320 houses for sale in a small town, with a few gaps and a few
listings that are not houses at all (warehouses and farms with huge floor areas).
"""
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 11
N_LISTINGS = 320
OUTPUT = Path(__file__).parent / "start" / "data" / "listings.csv"

# Euros per square metre of a new house, by neighbourhood.
PRICE_PER_M2 = {"harbour": 4200, "old_town": 5200, "riverside": 3600, "university": 3100}


def generate(rng: np.random.Generator, n: int) -> pd.DataFrame:
    names = list(PRICE_PER_M2)
    neighbourhood = rng.choice(names, size=n, p=[0.2, 0.2, 0.35, 0.25])
    area_m2 = np.round(rng.lognormal(np.log(95), 0.35, size=n)).astype(float)
    rooms = np.clip(np.round(area_m2 / 28 + rng.normal(0, 0.7, size=n)), 1, 9)
    year_built = rng.integers(1890, 2024, size=n)
    has_garden = (rng.uniform(size=n) < 0.35 + 0.2 * (neighbourhood == "riverside")).astype(int)

    age = 2024 - year_built
    per_m2 = np.array([PRICE_PER_M2[name] for name in neighbourhood])
    price = area_m2 * per_m2 * (1 - 0.0025 * np.minimum(age, 100)) + 18000 * has_garden + 6000 * rooms
    price = np.round(price * rng.lognormal(0, 0.08, size=n), -3)

    # A few listings that are not houses: huge floor area, a price that follows no rule.
    odd = rng.choice(n, size=5, replace=False)
    area_m2[odd] = rng.integers(450, 1200, size=5)
    price[odd] = np.round(rng.uniform(250_000, 900_000, size=5), -3)

    # Gaps, as in any real export.
    area_m2[rng.choice(np.setdiff1d(np.arange(n), odd), size=14, replace=False)] = np.nan
    rooms[rng.choice(n, size=12, replace=False)] = np.nan

    return pd.DataFrame({
        "listing_id": np.arange(1001, 1001 + n),
        "neighbourhood": neighbourhood,
        "area_m2": area_m2,
        "rooms": rooms,
        "year_built": year_built,
        "has_garden": has_garden,
        "price": price.astype(int),
    })


if __name__ == "__main__":
    listings = generate(np.random.default_rng(SEED), N_LISTINGS)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    listings.to_csv(OUTPUT, index=False)
    print(f"wrote {len(listings)} rows to {OUTPUT}")
