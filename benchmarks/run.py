"""Benchmark the full analysis against nltk sentence splitting and VADER, and Dask 2 vs 1.

For each corpus size (paragraphs), in fresh subprocesses so that each peak memory is its
own:

``full``
    :func:`framing.stream.analyze_to_dir` to Parquet (quotes, speakers, tone, frames,
    aggregation), chunk size 500, one process, BLAS limited to one thread. Model loading
    is timed separately from the analysis.
``nltk``
    ``nltk.tokenize.PunktSentenceTokenizer()`` (untrained, no downloads) on every
    paragraph: sentence splitting alone.
``vader``
    ``vaderSentiment`` ``SentimentIntensityAnalyzer().polarity_scores`` on every
    paragraph: lexicon sentiment alone.

Each child reports wall time, CPU time (user + system) and its peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``). Throughput per core is paragraphs per
CPU second of the single-process run (the machine may be shared; CPU time is what one
core spent). Baselines read the same paragraphs (the corpus's blank-line blocks) into
memory first; only the processing loop is timed.

``--dask-size N`` also runs :func:`framing.scale.analyze_dask_to_dir` on the N-paragraph
corpus with a local cluster of one worker and then of two workers (one thread each;
models loaded before timing; sending them to the workers is timed) and reports the speed-up.
``--profile`` profiles the single-process run on the smallest size with pyinstrument (in
a separate run, not the timed one) and writes the text report next to the results.

Usage::

    python benchmarks/run.py --sizes 10000 100000 --dask-size 10000 --profile
    python benchmarks/run.py --sizes 1000000            # the 1M run (about an hour)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import OUT, ensure  # noqa: E402

ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONWARNINGS": "ignore",
}


# --- children ---------------------------------------------------------------------------------


def _usage() -> dict:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "peak_rss_mb": ru.ru_maxrss / 1024,  # kilobytes on Linux
        "children_peak_rss_mb": kids.ru_maxrss / 1024,
    }


def _paragraphs(path: str) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            out += [p.strip() for p in text.split("\n\n") if p.strip()]
    return out


def child_full(corpus: str, out: str, profile: str | None = None) -> dict:
    t0 = time.perf_counter()
    from framing.analysis import _models
    from framing.stream import analyze_to_dir

    tone, frames, _, _ = _models(None, None)  # cached: analyze_to_dir reuses them
    t1 = time.perf_counter()
    cpu1 = _usage()["cpu_s"]
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    result = analyze_to_dir(corpus, out, format="parquet", chunk_size=500, progress=False)
    t2 = time.perf_counter()
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(
            profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
        )
    use = _usage()
    return {
        "paragraphs": result.counts["paragraphs"],
        "documents": result.counts["documents"],
        "quotes": result.counts["quotes"],
        "load_s": t1 - t0,
        "wall_s": t2 - t1,
        "cpu_s": use["cpu_s"] - cpu1,
        "peak_rss_mb": use["peak_rss_mb"],
    }


def child_nltk(corpus: str) -> dict:
    from nltk.tokenize import PunktSentenceTokenizer

    paras = _paragraphs(corpus)
    tok = PunktSentenceTokenizer()
    cpu0, t0 = _usage()["cpu_s"], time.perf_counter()
    n = sum(len(tok.tokenize(p)) for p in paras)
    t1 = time.perf_counter()
    use = _usage()
    return {
        "paragraphs": len(paras),
        "sentences": n,
        "wall_s": t1 - t0,
        "cpu_s": use["cpu_s"] - cpu0,
        "peak_rss_mb": use["peak_rss_mb"],
    }


def child_vader(corpus: str) -> dict:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    paras = _paragraphs(corpus)
    sia = SentimentIntensityAnalyzer()
    cpu0, t0 = _usage()["cpu_s"], time.perf_counter()
    total = sum(sia.polarity_scores(p)["compound"] for p in paras)
    t1 = time.perf_counter()
    use = _usage()
    return {
        "paragraphs": len(paras),
        "mean_compound": total / max(len(paras), 1),
        "wall_s": t1 - t0,
        "cpu_s": use["cpu_s"] - cpu0,
        "peak_rss_mb": use["peak_rss_mb"],
    }


def child_dask(corpus: str, out: str, n_workers: int, chunk_size: int = 50) -> dict:
    import distributed

    import framing.scale as scale
    from framing.analysis import _models

    tone, frames, _, _ = _models(None, None)
    with (
        distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: 8787 may be taken
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        t0 = time.perf_counter()
        c0 = time.process_time()
        result = scale.analyze_dask_to_dir(
            corpus,
            out,
            format="parquet",
            scheduler=client,
            chunk_size=chunk_size,
            tone_model=tone,
            frame_model=frames,
        )
        t1 = time.perf_counter()
        c1 = time.process_time()
    return {
        "n_workers": n_workers,
        "chunk_size": chunk_size,
        "paragraphs": result.counts["paragraphs"],
        "wall_s": t1 - t0,
        # CPU of the driver process (it also hosts the scheduler) during the run: on a
        # two-core machine this competes with the two workers
        "driver_cpu_s": c1 - c0,
        "driver_peak_rss_mb": _usage()["peak_rss_mb"],
    }


CHILDREN = {"full": child_full, "nltk": child_nltk, "vader": child_vader, "dask": child_dask}


# --- the parent ---------------------------------------------------------------------------------


def run_child(kind: str, *args: str) -> dict:
    env = {**os.environ, **ONE_THREAD}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *map(str, args)]
    load0 = os.getloadavg()[0]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{proc.stderr[-4000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["load_before"] = round(load0, 2)
    res["load_after"] = round(os.getloadavg()[0], 2)
    print(f"  {kind}: {json.dumps(res)}", file=sys.stderr, flush=True)
    return res


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def table(results: dict) -> str:
    head = (
        "| paragraphs | full: wall s | full: para/s (wall) | full: para/s per CPU s | "
        "full: peak RSS MB | nltk punkt: para/s per CPU s | VADER: para/s per CPU s | "
        "full / VADER | full / nltk |\n|---|---|---|---|---|---|---|---|---|"
    )
    rows = [head]
    for size, r in results["sizes"].items():
        f, n, v = r["full"], r["nltk"], r["vader"]
        pf = f["paragraphs"] / f["cpu_s"]
        pn = n["paragraphs"] / n["cpu_s"]
        pv = v["paragraphs"] / v["cpu_s"]
        rows.append(
            f"| {int(size):,} | {f['wall_s']:.1f} | {f['paragraphs'] / f['wall_s']:,.0f} | "
            f"{pf:,.0f} | {f['peak_rss_mb']:,.0f} | {pn:,.0f} | {pv:,.0f} | "
            f"{pf / pv:.2f} | {pf / pn:.3f} |"
        )
    d = results.get("dask")
    if d:
        rows.append("")
        rows.append(
            f"Dask on the {d['paragraphs']:,}-paragraph corpus: one worker "
            f"{d['one']['wall_s']:.1f} s, two workers {d['two']['wall_s']:.1f} s, "
            f"speed-up {d['one']['wall_s'] / d['two']['wall_s']:.2f}x."
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dask-size", type=int, default=None, help="corpus size for Dask 2 vs 1")
    ap.add_argument(
        "--dask-chunk-size",
        type=int,
        default=50,
        help="documents per Dask task (default %(default)s: enough tasks for two workers)",
    )
    ap.add_argument("--profile", action="store_true", help="pyinstrument on the smallest size")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--skip", nargs="*", default=[], choices=["full", "nltk", "vader"])
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        if kind == "dask":
            rest[2:] = [int(x) for x in rest[2:]]
        print(json.dumps(CHILDREN[kind](*rest)))
        return 0

    sizes = sorted(set(args.sizes + ([args.dask_size] if args.dask_size else [])))
    paths = ensure(sizes, args.out)
    results: dict = {
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "sizes": {},
    }
    for size in sorted(set(args.sizes)):
        print(f"{size:,} paragraphs", file=sys.stderr, flush=True)
        corpus = paths[size]
        r = {}
        if "full" not in args.skip:
            r["full"] = run_child("full", corpus, args.out / f"run_{size}")
        if "nltk" not in args.skip:
            r["nltk"] = run_child("nltk", corpus)
        if "vader" not in args.skip:
            r["vader"] = run_child("vader", corpus)
        results["sizes"][str(size)] = r
    if args.profile:  # a separate run: the profiler slows the analysis down
        size = min(args.sizes)
        prof = args.out / f"profile_{size}.txt"
        print(f"profiling on {size:,} paragraphs", file=sys.stderr, flush=True)
        results["profile"] = run_child("full", paths[size], args.out / "run_profile", prof)
        results["profile"]["report"] = str(prof)
    if args.dask_size:
        corpus = paths[args.dask_size]
        print(f"dask on {args.dask_size:,} paragraphs", file=sys.stderr, flush=True)
        one = run_child("dask", corpus, args.out / "dask_1", 1, args.dask_chunk_size)
        two = run_child("dask", corpus, args.out / "dask_2", 2, args.dask_chunk_size)
        results["dask"] = {"paragraphs": args.dask_size, "one": one, "two": two}
    results["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    stamp = results["started"].replace(":", "").replace("-", "")[:15]
    name = "results_" + "_".join(str(s) for s in sorted(set(args.sizes))) + f"_{stamp}.json"
    (args.out / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.skip:
        print(table(results))
    print(f"results: {args.out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
