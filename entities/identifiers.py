"""Generating valid identifiers (correct check digits) for demo data, benchmarks and tests. Never real ones:
callers pass a seeded random generator and the numbers are checked against nothing but the checksum."""

import random

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
LOCAL_REGON_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def fake_nip(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def fake_regon(rng: random.Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(8)]
    check = sum(d * w for d, w in zip(digits, REGON_WEIGHTS, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def local_regon(regon: str, unit: int) -> str:
    """The 14-digit REGON of local unit number ``unit`` of the entity with the 9-digit ``regon``."""
    digits = [int(d) for d in f"{regon}{unit:04d}"]
    check = sum(d * w for d, w in zip(digits, LOCAL_REGON_WEIGHTS, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)
