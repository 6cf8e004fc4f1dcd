"""Generate large, realistic news corpora for the benchmarks, as JSON Lines.

Paragraphs come from real news: the bundled sample corpus and, when ../shared/data is
present, PolNeAR (train and dev articles) and BASIL body paragraphs. They are shuffled
into new documents of 4 to 30 paragraphs, with variation so that nothing is trivially
cached or repeated: every number is redrawn (same number of digits), surnames after
titles ("Mr. Smith", "Sen. Jones") and full names with a common first name are swapped
for others, 70% of the paragraphs have a later sentence (one without quote marks) replaced by
a sentence of another paragraph (or one added), and each document gets a random outlet, date and title. About 1% of the
documents are exact copies of an earlier one (wire copy), as in real feeds, so the
duplicate flags have work to do. The seed is fixed: the same size gives the same file.

One JSON object per line: ``doc_id``, ``title``, ``published``, ``outlet``, ``text``
(paragraphs separated by blank lines), so ``framing.load_corpus`` finds exactly the
requested number of paragraphs.

Usage::

    python benchmarks/generate_corpus.py --sizes 10000 100000 1000000 --out benchmarks/out
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20261128
OUT = Path(__file__).resolve().parent / "out"

OUTLETS = [
    "The Daily Ledger",
    "Northern Courier",
    "Capital Times",
    "Harbor Gazette",
    "Metro Post",
    "The Evening Standard-Herald",
    "Valley News Wire",
    "Coastal Tribune",
    "The Observer Review",
    "Plains Chronicle",
    "Riverside Journal",
    "Global Newsdesk",
]
FIRST_NAMES = [
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Nancy",
    "Lisa",
    "Daniel",
    "Paul",
    "Mark",
    "Donald",
    "George",
    "Kenneth",
    "Steven",
    "Edward",
    "Brian",
    "Ronald",
    "Anthony",
    "Kevin",
    "Jason",
    "Matthew",
    "Gary",
    "Emily",
    "Donna",
    "Michelle",
    "Carol",
    "Amanda",
    "Melissa",
    "Deborah",
    "Stephanie",
    "Rebecca",
    "Laura",
    "Sharon",
    "Cynthia",
    "Anna",
    "Hillary",
    "Bernie",
    "Ted",
    "Marco",
    "Jeb",
    "Chris",
    "Mike",
    "Ben",
    "Carly",
    "Rand",
]
SURNAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Okafor",
    "Novak",
    "Lindqvist",
    "Brennan",
    "Takahashi",
    "Schneider",
    "Kowalski",
    "Haddad",
    "Moreau",
]
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\. ([A-Z][a-z]+)\b")
_FULL = re.compile(r"\b(" + "|".join(FIRST_NAMES) + r") ([A-Z][a-z]{2,})\b")
_NUMBER = re.compile(r"\d+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_QUOTE_CHARS = set("\"\u201c\u201d\u2018\u2019'")


def paragraph_pool() -> list[str]:
    """Real news paragraphs: the sample corpus, PolNeAR train/dev and BASIL (if present)."""
    import framing
    from framing.datasets import dataset_path

    texts = framing.load_sample_corpus(errors="ignore").paragraphs["text"].tolist()
    sources = {"sample corpus": len(texts)}
    if dataset_path("polnear").is_dir():
        from framing.datasets.units import polnear_units

        pol = polnear_units(("train", "dev"))["text"].tolist()
        texts += pol
        sources["PolNeAR train+dev"] = len(pol)
    if dataset_path("basil").is_dir():
        from framing.datasets.units import basil_units

        bas = basil_units()["text"].tolist()
        texts += bas
        sources["BASIL"] = len(bas)
    pool = []
    for t in texts:
        t = re.sub(r"\s+", " ", t).strip()  # one paragraph: no blank lines inside
        if 40 <= len(t) <= 2500:
            pool.append(t)
    print(f"paragraph pool: {len(pool)} ({sources})", file=sys.stderr)
    return pool


def plain_sentences(pool: list[str]) -> list[str]:
    """Sentences of the pool without quote marks (safe to move between paragraphs)."""
    out = []
    for t in pool:
        for s in _SENTENCE.split(t):
            if 30 <= len(s) <= 400 and not (_QUOTE_CHARS & set(s)):
                out.append(s)
    return out


def vary(text: str, rng: random.Random, sentences: list[str] | None = None) -> str:
    """Redraw numbers, swap titled surnames and common full names, and (70% of the time)
    replace a later sentence without quote marks by one from another paragraph, or add
    one when there is none."""
    if sentences:
        parts = _SENTENCE.split(text)
        free = [i for i, s in enumerate(parts) if i > 0 and not (_QUOTE_CHARS & set(s))]
        if rng.random() < 0.7:
            if free:
                parts[rng.choice(free)] = rng.choice(sentences)
            else:
                parts.append(rng.choice(sentences))
            text = " ".join(parts)

    def number(m: re.Match) -> str:
        n = len(m.group())
        if n == 1:
            return str(rng.randint(1, 9))
        return str(rng.randint(10 ** (n - 1), 10**n - 1))

    text = _NUMBER.sub(number, text)
    text = _TITLED.sub(lambda m: f"{m.group(1)}. {rng.choice(SURNAMES)}", text)
    text = _FULL.sub(lambda m: f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", text)
    return text


def generate(n_paragraphs: int, path: Path, pool: list[str], seed: int = SEED) -> dict:
    """Write a corpus of exactly ``n_paragraphs`` paragraphs to ``path`` (JSON Lines)."""
    rng = random.Random(seed + n_paragraphs)
    sentences = plain_sentences(pool)
    start = datetime(2016, 1, 1, tzinfo=timezone.utc)
    order: list[int] = []
    written = docs = dups = 0
    earlier: list[dict] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        while written < n_paragraphs:
            left = n_paragraphs - written
            if earlier and rng.random() < 0.01:
                copy = rng.choice(earlier)
                if copy["n"] <= left:
                    rec = dict(copy["rec"], doc_id=f"bench-{docs:07d}")
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    written += copy["n"]
                    docs += 1
                    dups += 1
                    continue
            k = min(rng.randint(4, 30), left)
            paras = []
            for _ in range(k):
                if not order:
                    order = list(range(len(pool)))
                    rng.shuffle(order)
                paras.append(vary(pool[order.pop()], rng, sentences))
            title = " ".join(paras[0].split()[:9]).rstrip(",.;:")
            published = start + timedelta(minutes=rng.randint(0, 8 * 365 * 24 * 60))
            rec = {
                "doc_id": f"bench-{docs:07d}",
                "title": title,
                "published": published.isoformat(),
                "outlet": rng.choice(OUTLETS),
                "text": "\n\n".join(paras),
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if len(earlier) < 1000:
                earlier.append({"rec": rec, "n": k})
            elif rng.random() < 0.05:
                earlier[rng.randrange(len(earlier))] = {"rec": rec, "n": k}
            written += k
            docs += 1
    tmp.replace(path)
    return {"path": str(path), "paragraphs": written, "documents": docs, "duplicates": dups}


def corpus_path(out: Path, n: int) -> Path:
    return Path(out) / f"corpus_{n}.jsonl"


def ensure(sizes: list[int], out: Path = OUT, force: bool = False) -> dict[int, Path]:
    """Generate the corpora of the given sizes that do not exist yet."""
    paths = {n: corpus_path(out, n) for n in sizes}
    todo = [n for n, p in paths.items() if force or not p.exists()]
    if todo:
        pool = paragraph_pool()
        for n in todo:
            info = generate(n, paths[n], pool)
            print(json.dumps(info), file=sys.stderr)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default %(default)s)")
    ap.add_argument("--force", action="store_true", help="regenerate existing files")
    args = ap.parse_args(argv)
    for n, p in ensure(args.sizes, args.out, args.force).items():
        print(f"{n}\t{p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
