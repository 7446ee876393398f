"""A seeded generator of native JSON Lines stores of any size, for measuring at scale.

    python bench/generate.py --events 1000000 -o bench/out/1m.jsonl

Each event has three statements; about 5,000 actors with aliases; dates at year, month and day
precision over several decades; quotes of 10 to 40 words.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

WORDS = (
    "security", "cooperation", "sanctions", "trade", "summit", "ceasefire", "dialogue",
    "partnership", "region", "sovereignty", "energy", "supply", "chain", "agreement", "pipeline",
    "border", "talks", "proposal", "visit", "minister", "council", "treaty", "nuclear", "plant",
    "assessment", "conference", "peace", "formula", "position", "conflict", "economy", "market",
    "bank", "military", "exercise", "alliance", "containment", "confrontation", "support", "oppose",
    "reject", "welcome", "condemn", "urge", "insist", "propose", "announce", "sign", "meet",
    "discuss", "negotiate", "strengthen", "expand", "deepen", "respect", "stability", "development",
    "future", "mutual", "interests", "international", "community", "neighbours", "people",
    "government", "leadership", "relations", "strategic", "comprehensive", "historic", "important",
    "difficult", "clear", "reasonable", "appropriate", "fair", "equal", "all", "parties", "both",
    "sides", "today", "tomorrow", "soon", "together",
)
FIRST = (
    "Anna", "Boris", "Chen", "Daria", "Elena", "Farid", "Gao", "Hana", "Ivan", "Jun", "Karim",
    "Lena", "Mikhail", "Nadia", "Oleg", "Priya", "Qiang", "Rosa", "Sergei", "Tariq", "Ursula",
    "Viktor", "Wei", "Xenia", "Yuki", "Zara",
)
LAST = (
    "Ivanov", "Wang", "Li", "Petrov", "Smith", "Tanaka", "Kim", "Garcia", "Novak", "Haddad", "Sato",
    "Kowalski", "Zhang", "Popescu", "Horvat", "Nguyen", "Okafor", "Silva", "Jensen", "Moreau",
    "Rossi", "Schmidt", "Yilmaz", "Kuznetsov",
)
ROLES = ("visitor", "host", "participant", "source", "target", "subject")
KINDS = ("quote", "paraphrase", "position")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def generate(events: int, seed: int, out) -> None:
    rng = random.Random(seed)
    actors = min(5000, max(50, events // 2))
    write = out.write
    write(json.dumps({"type": "meta", "format": "timeline/1"}) + "\n")
    write(json.dumps({"type": "source", "id": "bench-source", "title": "Generated data",
                      "kind": "dataset"}) + "\n")
    for a in range(actors):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        write(json.dumps({
            "type": "actor", "id": f"a{a}", "name": f"{first} {last} {a}", "kind": "person",
            "aliases": [f"{last} {a}", f"{first[0]}. {last} {a}"],
        }, ensure_ascii=False) + "\n")
    for e in range(events):
        year = rng.randint(1975, 2024)
        precision = rng.random()
        if precision < 0.1:
            date = str(year)
        elif precision < 0.3:
            date = f"{MONTHS[rng.randint(0, 11)]} {year}"
        else:
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people = rng.sample(range(actors), 2)
        write(json.dumps({
            "type": "event", "id": f"e{e}", "title": " ".join(rng.choices(WORDS, k=6)).capitalize(),
            "date": date, "source": "bench-source",
            "actors": [{"id": f"a{people[0]}", "role": rng.choice(ROLES)},
                       {"id": f"a{people[1]}", "role": rng.choice(ROLES)}],
        }) + "\n")
        for s in range(3):
            write(json.dumps({
                "type": "statement", "id": f"e{e}s{s}", "speaker": f"a{rng.choice(people)}",
                "event": f"e{e}", "kind": rng.choice(KINDS),
                "text": " ".join(rng.choices(WORDS, k=rng.randint(10, 40))).capitalize() + ".",
            }) + "\n")


def generate_gdelt(rows: int, seed: int, out) -> None:
    """A GDELT 2.0 export of `rows` rows: the real sample's rows, with new ids and dates."""
    sample = Path(__file__).resolve().parent.parent / "fixtures" / "samples" / \
        "gdelt2-20191024143000.export.CSV"
    real = [line.rstrip("\n").split("\t") for line in sample.open(encoding="utf-8")]
    rng = random.Random(seed)
    for n in range(rows):
        cells = list(rng.choice(real))
        day = f"{rng.randint(2015, 2024)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        cells[0], cells[1] = str(1_000_000_000 + n), day
        out.write("\t".join(cells) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--gdelt", type=int, default=0,
                        help="write a GDELT 2.0 export of this many rows instead")
    args = parser.parse_args()
    if args.gdelt:
        with open(args.output, "w", encoding="utf-8") as out:
            generate_gdelt(args.gdelt, args.seed, out)
        return
    if args.output == "-":
        generate(args.events, args.seed, sys.stdout)
        return
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        generate(args.events, args.seed, out)


if __name__ == "__main__":
    main()
