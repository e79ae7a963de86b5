"""Growth of a cold build from N1 to N2 essays, measured within one run (scripts/bench.py --growth).

    .venv/bin/python scripts/bench.py --growth 2000,5000 [--rounds 2] [--json FILE] [--keep DIR]

The performance issue asks that a cold build grow at most 2.6 x from N = 2,000 to 5,000. Measured as two
runs of the benchmark a quarter of an hour apart (the README's series), the ratio carries the machine's
drift between them: on the benchmark's virtual machine a build's speed moves by a third within an hour,
and Python-Markdown alone, whose work grows exactly with N, "grew" 2.1 to 3.6 x across eight series.

Here both sizes are built in the same run, alternated in ABBA order (round 1: N1 then N2; round 2: N2 then
N1; and so on), each in a folder of its own written before any build is timed, with no cache and no site, so
that every build is cold and no file is deleted while a build runs. Python-Markdown alone converts the same
Markdown at both sizes in each round, next to our builds: the machine's own growth for work that is linear
in N. Each round gives a ratio; the target is judged on their median, and every round's figures are kept.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import bench_corpus as corpus
import bench_measure as measure

LIMIT = 2.6  # the performance issue, point 4: build time from N = 2,000 to 5,000 grows at most 2.6 x
MEMORY_LIMIT_MB = 2048  # point 4: peak memory at N = 5,000 stays under 2 GiB


def parse(text: str) -> tuple[int, int]:
    """'2000,5000' -> (2000, 5000); the second must be larger."""
    try:
        n1, n2 = (int(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"--growth takes two sizes, smaller first, such as 2000,5000 (got {text!r})") from None
    if not 1 <= n1 < n2:
        raise ValueError(f"--growth takes two sizes, smaller first, such as 2000,5000 (got {text!r})")
    return n1, n2


def round_order(ns: tuple[int, int], r: int) -> list[int]:
    """The sizes of round r (from 0) in the order they are built: ABBA, so that the machine's drift within a run
    weighs on both sizes alike."""
    return list(ns) if r % 2 == 0 else list(ns[::-1])


def order(ns: tuple[int, int], rounds: int) -> list[tuple[int, int]]:
    """(round, N) of every build, in the order they are built."""
    return [(r, n) for r in range(rounds) for n in round_order(ns, r)]


def run(ns: tuple[int, int], rounds: int, seed: int, work: Path, log: Path, env: dict, say) -> dict:
    essays = [corpus.essay(i, seed) for i in range(ns[1])]
    sources = {n: corpus.markdown_sources(essays[:n]) for n in ns}
    say(f"growth {ns[0]:,} -> {ns[1]:,}: writing {rounds} archives of each size to {work}")
    roots = {(r, n): corpus.write_ours(work / f"ours-{n}-r{r + 1}", essays[:n]) for r, n in order(ns, rounds)}
    time.sleep(5)  # let the kernel start writing back what was just written, before the first timed build
    builds: dict = {}
    for r, n in order(ns, rounds):
        say(f"round {r + 1} of {rounds}, N = {n:,}: our cold build")
        build = measure.mkdocs_build(roots[(r, n)], log, env, strict=True)
        say(f"  {build['wall_s']:.1f} s; Python-Markdown alone")
        md = measure.run_markdown(roots[(r, n)] / "mkdocs.yml", sources[n], roots[(r, n)].parent, log)
        builds[(r, n)] = {"round": r + 1, "n": n, "ours": build,
                          "markdown": {k: md[k] for k in ("convert_s", "convert_cpu_s", "max_rss_mb")}}
    per_round = []
    for r in range(rounds):
        a, b = builds[(r, ns[0])], builds[(r, ns[1])]
        per_round.append({
            "round": r + 1, "order": round_order(ns, r),
            "ours_wall": b["ours"]["wall_s"] / a["ours"]["wall_s"],
            "ours_cpu": b["ours"]["cpu_s"] / a["ours"]["cpu_s"],
            "ours_user": (b["ours"]["cpu_s"] - b["ours"]["system_s"]) / (a["ours"]["cpu_s"] - a["ours"]["system_s"]),
            "ours_system": b["ours"]["system_s"] / a["ours"]["system_s"],
            "markdown": b["markdown"]["convert_s"] / a["markdown"]["convert_s"],
        })
    growth = {k: statistics.median(p[k] for p in per_round)
              for k in ("ours_wall", "ours_cpu", "ours_user", "ours_system", "markdown")}
    peak = statistics.median(builds[(r, ns[1])]["ours"]["max_rss_mb"] for r in range(rounds))
    return {"n": list(ns), "rounds": rounds, "builds": list(builds.values()), "per_round": per_round,
            "growth": growth, "peak_memory_mb": peak,
            "targets": [
                {"target": f"cold build {ns[0]:,} -> {ns[1]:,} essays, wall time, median of {rounds} rounds",
                 "value": growth["ours_wall"], "op": "<=", "limit": LIMIT, "met": growth["ours_wall"] <= LIMIT},
                {"target": f"peak memory of our build at N = {ns[1]:,} (MiB), median of {rounds} rounds",
                 "value": peak, "op": "<", "limit": MEMORY_LIMIT_MB, "met": peak < MEMORY_LIMIT_MB},
            ]}


def table(g: dict) -> str:
    n1, n2 = g["n"]
    rows = [("round", "order", f"ours at {n1:,} / {n2:,}, wall", "x wall", "x CPU", "x user", "x kernel",
             "x Python-Markdown")]
    for p in g["per_round"]:
        a, b = (next(x["ours"] for x in g["builds"] if x["round"] == p["round"] and x["n"] == n) for n in (n1, n2))
        rows.append((str(p["round"]), " then ".join(f"{n:,}" for n in p["order"]),
                     f"{a['wall_s']:,.2f} / {b['wall_s']:,.2f} s",
                     *(f"{p[k]:.2f}" for k in ("ours_wall", "ours_cpu", "ours_user", "ours_system", "markdown"))))
    m = g["growth"]
    rows.append(("median", "", "", *(f"{m[k]:.2f}" for k in ("ours_wall", "ours_cpu", "ours_user", "ours_system",
                                                               "markdown"))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"Growth of a cold build from N = {n1:,} to {n2:,} essays: {g['rounds']} rounds in ABBA order, in one run", ""]
    for i, r in enumerate(rows):
        lines.append(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            lines.append("-+-".join("-" * w for w in widths))
    lines += ["", "targets from the performance issue (point 4):"]
    for t in g["targets"]:
        lines.append(f"  [{'met' if t['met'] else 'MISSED'}] {t['target']}: {t['value']:.2f} {t['op']} {t['limit']}")
    return "\n".join(lines)
