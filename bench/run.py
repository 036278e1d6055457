"""casebuilder's benchmarks: each figure of the README's table, measured on this machine.

    python bench/run.py                 # everything (about 25 minutes on 2 cores)
    python bench/run.py --quick         # smaller sizes, one run each (a few minutes): a smoke test
    python bench/run.py --only check --only noop --repeat 5

Each figure is the median of several runs (``--repeat``, default 3), with the min and max; the
1,000-application run is made once (it takes minutes). Every command is run as a user runs it: a
fresh ``casebuilder`` process, timed from start to exit, its memory sampled every 0.1 s (the sum
of the resident memory of the process and its workers, and the proportional share ``Pss``, which
counts memory shared between the workers once). Inputs are generated into bench/results/tmp/
(``gen_case.py``, ``gen_roster.py``); results go to bench/results/latest.md and latest.json,
with the machine they ran on. Benchmarks are not tests: the test suite stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
WORK = RESULTS / "tmp"
SNAPSHOT = WORK / "snapshot"
BIN = [sys.executable, "-m", "casebuilder"]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))


def take_snapshot() -> str:
    """Copy casebuilder's code and templates, and run that copy: a benchmark measures one version
    even while the working tree is being edited (an edit would also make every output out of date)."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(REPO / "casebuilder", SNAPSHOT / "casebuilder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates", SNAPSHOT / "templates")
    sys.path.insert(0, str(SNAPSHOT))
    os.environ["PYTHONPATH"] = os.pathsep.join([str(SNAPSHOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        return "unknown"
    return head + (" + working tree" if dirty else "")

import gen_case  # noqa: E402
import gen_roster  # noqa: E402


# --- measuring --------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found, frontier = [pid], [pid]
    table: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                table.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    while frontier:
        kids = [k for p in frontier for k in table.get(p, [])]
        found += kids
        frontier = kids
    return found


def _memory(pids: list[int]) -> tuple[float, float]:
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def run(cmd: list, env: dict | None = None, *, check: bool = True) -> dict:
    """Run a command; return its wall time, peak memory (MB: RSS sum, PSS sum) and output."""
    environment = {**os.environ, **(env or {})}
    started = time.perf_counter()
    process = subprocess.Popen([str(c) for c in _flat(cmd)], env=environment, cwd=WORK, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak = [0.0, 0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _memory(_children(process.pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    thread.join()
    if check and process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({process.returncode}):\n{out}\n{err}")
    return {"seconds": seconds, "rss_mb": peak[0], "pss_mb": peak[1], "stdout": out, "stderr": err,
            "code": process.returncode}


def busy(interval: float = 2.0) -> float:
    """The share of all cores busy over ``interval`` seconds (from /proc/stat)."""
    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]
    total0, idle0 = sample()
    time.sleep(interval)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


QUIET: list[float] = []


def wait_for_quiet(limit: float = 0.12, patience: float = 120.0) -> float:
    """Wait (up to ``patience`` seconds) until the machine is idle but for us, so that timings measure
    casebuilder rather than whatever else runs on the machine; return the busy share found."""
    deadline = time.time() + patience
    while True:
        share = busy()
        if share <= limit or time.time() > deadline:
            QUIET.append(share)
            return share
        time.sleep(3)


def _flat(cmd: list) -> list:
    return [part for item in cmd for part in (item if isinstance(item, list) else [item])]


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def fmt(entry: dict, unit: str = "s", digits: int = 2) -> str:
    if entry["runs"] == 1:
        return f"{entry['median']:.{digits}f} {unit} (1 run)"
    return (f"{entry['median']:.{digits}f} {unit} (min {entry['min']:.{digits}f}, max {entry['max']:.{digits}f}, "
            f"{entry['runs']} runs)")


def machine() -> dict:
    import pydantic
    import weasyprint
    import yaml

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "memory_mb": memory, "os": platform.platform(),
            "python": platform.python_version(), "weasyprint": weasyprint.__version__,
            "pydantic": pydantic.VERSION, "pyyaml": yaml.__version__, "libyaml": yaml.__with_libyaml__,
            "load_average_at_start": os.getloadavg()}


# --- the benchmarks ---------------------------------------------------------------------------------

def bench_loading(repeat: int, files: int) -> dict:
    """Records per second: PyYAML's pure-Python loader, its libyaml C loader, casebuilder's reader
    (libyaml events, with positions and limits), and casebuilder's parse cache (warm)."""
    import yaml

    from casebuilder.load.cache import ParseCache
    from casebuilder.load.yamlsafe import read_yaml

    case = WORK / f"load-{files}"
    if not case.exists():
        gen_case.generate(case, files, 10)
    paths = sorted((case / "evidence" / "synthetic").glob("*.yaml"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    result = {}

    def rate(fn) -> dict:
        values = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            values.append(len(paths) / (time.perf_counter() - started))
        return spread(values)

    result["pyyaml SafeLoader (pure Python)"] = rate(lambda: [yaml.load(t, Loader=yaml.SafeLoader) for t in texts])
    result["pyyaml CSafeLoader (libyaml)"] = rate(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
    result["casebuilder reader (libyaml events, positions)"] = rate(lambda: [read_yaml(p, p.name) for p in paths])
    os.environ["CASEBUILDER_CACHE_DIR"] = str(WORK / "cache-loading")
    os.environ.pop("CASEBUILDER_NO_CACHE", None)
    shutil.rmtree(WORK / "cache-loading", ignore_errors=True)
    filler = ParseCache(case)
    for p in paths:
        filler.read(p, p.name, read_yaml)
    filler.save()

    def cached() -> None:
        pack = ParseCache(case)
        for p in paths:
            pack.read(p, p.name, read_yaml)

    result["casebuilder parse cache (warm)"] = rate(cached)
    return {"files": len(paths), "records_per_second": result}


def big_case(records: int, facts: int) -> Path:
    case = WORK / f"case-{records}-{facts}"
    if not case.exists():
        gen_case.generate(case, records, facts)
    return case


def bench_check(repeat: int, records: int, facts: int) -> dict:
    """check on a synthetic case: cold (empty cache) and warm (cache filled), fresh processes."""
    case = big_case(records, facts)
    cache = WORK / "cache-check"
    cold, warm = [], []
    for _ in range(repeat):
        wait_for_quiet(patience=300)
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run([BIN, "check", case], {"CASEBUILDER_CACHE_DIR": str(cache)}))
        warm.append(run([BIN, "check", case], {"CASEBUILDER_CACHE_DIR": str(cache)}))
    assert "No problems found." in warm[-1]["stdout"], warm[-1]["stdout"][-500:]
    return {"records": records, "facts": facts,
            "cold": spread([r["seconds"] for r in cold]), "warm": spread([r["seconds"] for r in warm]),
            "cold_memory_mb": max(r["rss_mb"] for r in cold), "warm_memory_mb": max(r["rss_mb"] for r in warm)}


def sample_case() -> Path:
    case = WORK / "sample"
    if not case.exists():
        run([BIN, "new", case])
    return case


def bench_noop(repeat: int, records: int, facts: int) -> dict:
    """build with nothing changed: the sample case (every kind it builds), fresh processes."""
    case = sample_case()
    out = WORK / "sample-out"
    env = {"CASEBUILDER_CACHE_DIR": str(WORK / "cache-noop")}
    shutil.rmtree(out, ignore_errors=True)
    first = run([BIN, "build", case, "--out", out], env, check=False)
    kinds = []
    if first["code"] != 0:  # a template being rewritten: time the kinds that build
        from casebuilder.dossier.kinds import KINDS

        for kind in KINDS:
            trial = run([BIN, "build", case, "--out", WORK / "kind-trial", "--kind", kind, "--force"], env, check=False)
            if trial["code"] == 0:
                kinds += ["--kind", kind]
        run([BIN, "build", case, "--out", out, *kinds], env)
    values = []
    while len(values) < repeat:
        result = run([BIN, "build", case, "--out", out, *kinds], env)
        if "Up to date" in result["stdout"]:
            values.append(result["seconds"])
        else:  # casebuilder's own templates changed in between (they are part of the inputs): again
            print("   (rebuilt: an input changed; timing again)", flush=True)
    documents = len([p for p in out.glob("*.pdf")])
    from casebuilder.load.cache import folder_digest

    os.environ["CASEBUILDER_CACHE_DIR"] = str(WORK / "cache-noop")
    big = big_case(records, facts)
    folder_digest(big)
    hashing = []
    for _ in range(repeat):
        started = time.perf_counter()
        folder_digest(big)
        hashing.append(time.perf_counter() - started)
    return {"documents": documents, "kinds": kinds[1::2] or "all", "noop": spread(values),
            "inputs_digest_big_case": spread(hashing)}


def roster_for(rows: int) -> Path:
    path = WORK / f"roster-{rows}.csv"
    if not path.exists():
        gen_roster.generate(sample_case(), path, rows)
    return path


def bench_overhead(repeat: int, packs: int) -> dict:
    """End-to-end applications time against WeasyPrint alone on the same HTML; --jobs 2 against 1.
    The runs are interleaved (the machine drifts), each after waiting for the machine to be quiet."""
    case, roster = sample_case(), roster_for(packs)
    env = {"CASEBUILDER_CACHE_DIR": str(WORK / "cache-apps")}
    weasy_jobs = _weasyprint_jobs(case, roster)
    one, two, alone, quiet = [], [], [], []
    for _ in range(repeat):
        for jobs, into in ((1, one), (2, two)):
            out = WORK / f"apps-{packs}-j{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            quiet.append(wait_for_quiet())
            into.append(run([BIN, "applications", case, "--roster", roster, "--out", out, "--jobs", jobs], env))
        quiet.append(wait_for_quiet())
        alone.append(_weasyprint_pass(case, weasy_jobs, paused=True))
    quiet.append(wait_for_quiet())
    gc_on = [_weasyprint_pass(case, weasy_jobs, paused=False)]
    pages = sum(e["pages"] for e in json.loads((WORK / f"apps-{packs}-j1" / "index.json").read_text())["packs"])
    e2e, weasy = spread([r["seconds"] for r in one]), spread(alone)
    return {"packs": packs, "pages": pages, "jobs1": e2e, "jobs2": spread([r["seconds"] for r in two]),
            "weasyprint_alone": weasy, "weasyprint_alone_gc_on": spread(gc_on),
            "overhead_ratio": e2e["median"] / weasy["median"],
            "overhead_ratio_gc_on": e2e["median"] / gc_on[0],
            "speedup_jobs2": e2e["median"] / statistics.median(r["seconds"] for r in two),
            "memory_jobs2_mb": max(r["rss_mb"] for r in two), "pss_jobs2_mb": max(r["pss_mb"] for r in two),
            "busy_before_runs": quiet}


def _weasyprint_jobs(case: Path, roster: Path) -> list[tuple[str, bytes]]:
    """The HTML (and embedded case data) of every pack, made as casebuilder makes them."""
    from casebuilder.roster.packs import KIND, Packs
    from casebuilder.pipeline.check import full_check
    from casebuilder.dossier.context import build_context
    from casebuilder.dossier.kinds import Planned
    from casebuilder.integrity.manifest import case_data, to_json
    from casebuilder.roster.rows import read_roster

    checked = full_check(case)
    roster_read = read_roster(roster, checked.case, library=checked.library)
    shared = Packs(checked.case, checked.library, checked.findings, roster_read)
    jobs = []
    for row in shared.rows:
        sub = shared.case_for(row)
        planned = Planned(shared.kind, row.filename, "court", row.applicant_id)
        context = build_context(sub, planned, shared.library, [*shared.findings, *row.findings])
        jobs.append((shared.renderer.env.render(f"{KIND}.html", context), to_json(case_data(sub, context, "court"))))
    shared.warm()
    return jobs


def _weasyprint_pass(case: Path, jobs: list[tuple[str, bytes]], paused: bool) -> float:
    """Seconds WeasyPrint alone takes to lay out and write every pack's HTML with casebuilder's options
    (PDF/A-3b, tagged, two attachments, the same fetcher for the built-in stylesheets)."""
    import gc

    import weasyprint

    from casebuilder.integrity.manifest import CASE_DATA
    from casebuilder.render.pdf import CaseFetcher
    from casebuilder.render.theme import CASE_URL

    total = 0.0
    for html, data in jobs:
        if paused:
            gc.disable()
        started = time.perf_counter()
        document = weasyprint.HTML(string=html, base_url=CASE_URL + "document.html",
                                   url_fetcher=CaseFetcher(case)).render(pdf_variant="pdf/a-3b", pdf_tags=True)
        document.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True,
                           attachments=[weasyprint.Attachment(string=data, name=CASE_DATA),
                                        weasyprint.Attachment(string=b"{}", name="manifest.json")])
        total += time.perf_counter() - started
        gc.enable()
    return total


def bench_thousand(packs: int, jobs: int) -> dict:
    """The big one: ``packs`` applications end to end, then again with nothing changed."""
    case, roster = sample_case(), roster_for(packs)
    out = WORK / f"apps-{packs}-big"
    env = {"CASEBUILDER_CACHE_DIR": str(WORK / "cache-apps")}
    shutil.rmtree(out, ignore_errors=True)
    quiet = wait_for_quiet(patience=900)
    first = run([BIN, "applications", case, "--roster", roster, "--out", out, "--jobs", jobs], env)
    for _ in range(3):
        again = run([BIN, "applications", case, "--roster", roster, "--out", out, "--jobs", jobs], env)
        if f"Built 0 pack(s), {packs} already up to date" in again["stdout"]:
            break
        print("   (rebuilt: casebuilder's templates or code changed in between; timing again)", flush=True)
    index = json.loads((out / "index.json").read_text())
    pages = sum(e["pages"] for e in index["packs"])
    return {"packs": len(index["packs"]), "pages": pages, "jobs": jobs, "seconds": first["seconds"], "busy_before": quiet,
            "rss_mb": first["rss_mb"], "pss_mb": first["pss_mb"], "rerun_seconds": again["seconds"],
            "summary": first["stdout"].strip().splitlines()[-2:]}


def bench_profile(packs: int) -> dict:
    """Where the time of an applications run goes: its own phase timings and a cProfile of the parent
    (one job, so that the renders run in the profiled process)."""
    import cProfile
    import io
    import pstats

    from casebuilder.pipeline.applications import build_applications

    case, roster = sample_case(), roster_for(packs)
    out = WORK / f"apps-{packs}-profile"
    shutil.rmtree(out, ignore_errors=True)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = build_applications(case, roster, out=out, jobs=1)
    profiler.disable()
    wall = time.perf_counter() - started
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(25)
    (RESULTS / "profile.txt").write_text(text.getvalue())
    buckets = _buckets(stats)
    return {"packs": packs, "wall_profiled": wall, "phases": dict(sorted(result.timings.items(), key=lambda x: -x[1])),
            "by_library": buckets}


def _buckets(stats) -> dict:
    """Own time (tottime) summed by where the code lives."""
    totals: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():
        if "weasyprint" in filename:
            key = "weasyprint: " + filename.split("weasyprint/")[-1].split("/")[0].removesuffix(".py")
        elif "fontTools" in filename or "pydyf" in filename:
            key = "pdf writing (pydyf, fontTools)"
        elif "tinycss2" in filename or "cssselect2" in filename or "tinyhtml5" in filename:
            key = "html and css parsing"
        elif "casebuilder" in filename:
            key = "casebuilder"
        elif "jinja2" in filename:
            key = "jinja2"
        elif "pydantic" in filename:
            key = "pydantic"
        elif filename == "~":
            key = "built-in functions (C: pango via cffi, zlib, hashing ...)"
        else:
            key = "other Python"
        totals[key] = totals.get(key, 0.0) + tottime
    total = sum(totals.values())
    return {k: {"seconds": v, "share": v / total} for k, v in sorted(totals.items(), key=lambda x: -x[1])}


# --- report -------------------------------------------------------------------------------------------

def report(found: dict) -> str:
    m = found["machine"]
    lines = ["# casebuilder benchmark results", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_mb']:,} MB; {m['os']}; Python {m['python']}, "
             f"WeasyPrint {m['weasyprint']}, pydantic {m['pydantic']}, PyYAML {m['pyyaml']} "
             f"(libyaml {'yes' if m['libyaml'] else 'no'}). Load average at start: "
             f"{', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}. {found['date']}, casebuilder "
             f"{found.get('version', '')}.", "",
             "| Figure | Target | Result |", "|---|---|---|"]
    if "loading" in found:
        x = found["loading"]
        for name, entry in x["records_per_second"].items():
            lines.append(f"| Loading {x['files']:,} small records, one file each: {name} | — | "
                         f"{fmt(entry, 'records/s', 0)} |")
    if "check" in found:
        x = found["check"]
        lines.append(f"| `check`, {x['records']:,} records + {x['facts']:,} facts, warm | < 2 s | {fmt(x['warm'])}, "
                     f"peak {x['warm_memory_mb']:.0f} MB |")
        lines.append(f"| `check`, same case, cold (empty cache) | < 10 s | {fmt(x['cold'])}, "
                     f"peak {x['cold_memory_mb']:.0f} MB |")
    if "noop" in found:
        x = found["noop"]
        lines.append(f"| `build` with nothing changed (sample case, {x['documents']} documents) | < 1 s | "
                     f"{fmt(x['noop'])} |")
        lines.append(f"| (hashing the inputs of the 10,000-record case for that test) | — | "
                     f"{fmt(x['inputs_digest_big_case'])} |")
    if "overhead" in found:
        x = found["overhead"]
        lines.append(f"| `applications`, {x['packs']} packs ({x['pages']:,} pages), `--jobs 1`, end to end | — | "
                     f"{fmt(x['jobs1'])} |")
        lines.append(f"| WeasyPrint alone, same HTML and options (GC paused as casebuilder does) | — | "
                     f"{fmt(x['weasyprint_alone'])} |")
        lines.append(f"| End-to-end time / WeasyPrint alone | < 1.15 | {x['overhead_ratio']:.3f} "
                     f"({x['overhead_ratio_gc_on']:.3f} against WeasyPrint with the GC on: "
                     f"{fmt(x['weasyprint_alone_gc_on'])}) |")
        lines.append(f"| `applications`, {x['packs']} packs, `--jobs 2` | — | {fmt(x['jobs2'])}, peak "
                     f"{x['memory_jobs2_mb']:.0f} MB RSS ({x['pss_jobs2_mb']:.0f} MB PSS) |")
        lines.append(f"| Speed-up of `--jobs 2` over `--jobs 1` | — | {x['speedup_jobs2']:.2f}× |")
        if x.get("busy_before_runs"):
            lines.append(f"| (other work on the machine just before these runs: {min(x['busy_before_runs']):.0%}"
                         f"–{max(x['busy_before_runs']):.0%} of the cores) | | |")
    if "thousand" in found:
        x = found["thousand"]
        lines.append(f"| **{x['packs']:,} applications** ({x['pages']:,} pages), `--jobs {x['jobs']}`, end to end | "
                     f"< 15 min, < 1 GB | {x['seconds'] / 60:.1f} min (1 run); peak {x['rss_mb']:.0f} MB RSS summed "
                     f"over all processes, {x['pss_mb']:.0f} MB PSS |")
        lines.append(f"| The same run again, nothing changed | — | {x['rerun_seconds']:.2f} s |")
        if "busy_before" in x:
            lines.append(f"| (other work on the machine just before the run: {x['busy_before']:.0%} of the cores) | | |")
    if "profile" in found:
        x = found["profile"]
        lines += ["", f"## Where the time goes (one applications run, {x['packs']} packs, `--jobs 1`, profiled)", "",
                  "| Phase | Seconds |", "|---|---|"]
        lines += [f"| {k} | {v:.2f} |" for k, v in x["phases"].items()]
        lines += ["", "| Own time by code | Share |", "|---|---|"]
        lines += [f"| {k} | {v['share']:.1%} |" for k, v in x["by_library"].items()]
    lines += ["", "Reproduce: `python bench/run.py` (see bench/run.py for options)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="Smaller sizes and one run each.")
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--only", action="append", default=[],
                        choices=["loading", "check", "noop", "overhead", "thousand", "profile"])
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 3)
    records, facts = (2_000, 400) if args.quick else (10_000, 2_000)
    packs, many = (6, 20) if args.quick else (100, 1_000)
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    version = take_snapshot()
    latest = RESULTS / "latest.json"
    found = json.loads(latest.read_text()) if args.only and latest.exists() else {}
    found["machine"] = machine()
    found["version"] = version
    found["date"] = time.strftime("%Y-%m-%d %H:%M")
    wanted = args.only or ["loading", "check", "noop", "overhead", "profile", "thousand"]
    steps = {"loading": lambda: bench_loading(repeat, records),
             "check": lambda: bench_check(max(repeat, 3), records, facts),
             "noop": lambda: bench_noop(max(repeat, 3), records, facts),
             "overhead": lambda: bench_overhead(repeat, packs),
             "profile": lambda: bench_profile(min(packs, 20)),
             "thousand": lambda: bench_thousand(many, 2)}
    for name in wanted:
        started = time.perf_counter()
        print(f"== {name} ...", flush=True)
        found[name] = steps[name]()
        print(f"   done in {time.perf_counter() - started:.0f} s", flush=True)
        latest.write_text(json.dumps(found, indent=2, default=str) + "\n")
        (RESULTS / "latest.md").write_text(report(found))
    print(report(found))


if __name__ == "__main__":
    main()
