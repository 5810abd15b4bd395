"""`make bench`: measure citynet under load against a bare Django view, on PostgreSQL and gunicorn.

For each size (5,000 and 50,000 municipalities by default): (re)create a PostgreSQL database of its
own, migrate, load the seed's demo content, add plainly synthetic municipalities, memberships, people
and one signed-in synthetic member (bench/data.py), start gunicorn on a free loopback port, check
that each measure's first URLs answer 200 with the expected content, warm up, then load each measure
for a fixed time in alternating rounds (so a busy neighbour on the machine slows every measure
alike) and print one line per measure: figure, unit, and the ratio to its target where one is set.
Each measure walks a list of many distinct URLs (bench/urls.py), so no response cache flatters it;
only `api_cached` asks for the same few URLs again, on purpose. A missed target is printed as MISSED
but still exits 0: this is a measurement, not a test. A URL that does not answer 200 exits 1.

Options: `python -m bench --help`. Environment: BENCH_SIZES (e.g. 5000 or 5000,50000), BENCH_QUICK=1,
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/citynet_bench; its name must contain
"bench", since it is dropped).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from . import data, loadgen, urls

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/citynet_bench"


def _page_ok(*words: str):
    def check(body: bytes, facts: dict) -> str | None:
        text = body.decode("utf-8", "replace")
        missing = [w for w in words if w not in text]
        return f"the page does not say {missing}" if missing else None

    return check


def _api_ok(*, items: bool = True):
    def check(body: bytes, facts: dict) -> str | None:
        try:
            data = json.loads(body)
        except ValueError:
            return "not JSON"
        if isinstance(data, dict) and "items" in data:
            if "count" not in data:
                return 'not a list answer ({"items": [...], "count": N})'
            if items and not data["items"]:
                return "no items"
        elif not isinstance(data, dict | list):
            return "not an API answer"
        return None

    return check


@dataclass(frozen=True)
class Measure:
    name: str
    paths: Callable[[dict], list[str]]  # from the facts bench.data wrote
    target: float | None = None  # at least this fraction of `against`'s requests per second
    against: str | None = None
    check: Callable[[bytes, dict], str | None] | None = None  # checked on the first few paths
    signed_in: bool = False  # as the synthetic member (their session cookie)
    staff: bool = False  # signed in as the synthetic secretariat instead (second factor passed)
    cached: bool = False  # the same few URLs again and again, warmed first: response-cache hits
    note: str = ""

    def session(self, facts: dict) -> dict | None:
        """The session cookie (name, value) this measure's requests carry, if any."""
        if self.staff:
            return facts["staff_session"]
        return facts["session"] if self.signed_in else None

    def headers(self, facts: dict) -> dict[str, str] | None:
        cookie = self.session(facts)
        return {"Cookie": f"{cookie['name']}={cookie['value']}"} if cookie else None


PUBLIC, API, CACHED = 1 / 3, 1 / 2, 1 / 2
SEARCH = 1 / 2  # issue 10: the one search at half the bare view
MEASURES = [
    Measure("bare_view", lambda facts: ["/bench/bare"], note="yardstick"),
    Measure("constant_response", lambda facts: ["/bench/constant"], note="yardstick for cached pages"),
    Measure("hub_anonymous", urls.hub, PUBLIC, "bare_view", _page_ok("<html"), note="7 languages"),
    Measure("hub_member", urls.hub, PUBLIC, "bare_view", _page_ok("<html"), signed_in=True, note="7 languages"),
    Measure("municipality_pages", urls.municipality_pages, PUBLIC, "bare_view", _page_ok("<html")),
    Measure("members_directory", urls.members_directory, PUBLIC, "bare_view", _page_ok("<html")),
    Measure("search_page", urls.search_page, SEARCH, "bare_view", _page_ok("<html"), note="the one search"),
    Measure("search_api", urls.one_search_api, SEARCH, "bare_view", _api_ok(items=False), note="/api/v1/search"),
    Measure("api_search", urls.api_search, API, "bare_view", _api_ok(items=False)),
    Measure("api_list", urls.api_list, API, "bare_view", _api_ok()),
    Measure("api_cached", urls.api_cached, CACHED, "constant_response", _api_ok(), cached=True),
    Measure("call_pages", urls.call_pages, PUBLIC, "bare_view", _page_ok("<html"), note="400 calls"),
    Measure("award_pages", urls.award_pages, PUBLIC, "bare_view", _page_ok("<html"), note="200 awards"),
    Measure("reviewer_queue", urls.reviewer_queue, None, None, _page_ok("<html"), signed_in=True),
    Measure("event_pages", urls.event_pages, PUBLIC, "bare_view", _page_ok("<html"), note="1,000 of 10,000 events"),
    Measure("event_list", urls.event_list, PUBLIC, "bare_view", _page_ok("<html")),
    Measure("events_feed", urls.events_feed, None, None, _page_ok("BEGIN:VCALENDAR"), note="the region's iCalendar"),
    Measure(
        "consultation_pages",
        urls.consultation_pages,
        PUBLIC,
        "bare_view",
        _page_ok("<html"),
        note="1,000 of 3,600 published visits",
    ),
    Measure("consultation_list", urls.consultation_list, PUBLIC, "bare_view", _page_ok("<html")),
    Measure(
        "capacity_view",
        urls.capacity_view,
        PUBLIC,
        "bare_view",
        _page_ok("<html"),
        staff=True,
        note="2,000 assessed cities, as the secretariat",
    ),
]
# Timed once while the data is made (bench/grants.py): seconds, and the bound.
TIMINGS = {"grants_assignment_seconds": ("grants_assignment", 2.0, "5,000 applications x 3 of 50 reviewers")}


STARTED = time.time()


def say(message: str) -> None:
    print(f"# [{time.time() - STARTED:5.1f} s] {message}", file=sys.stderr, flush=True)


def _run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603 (our own argv)


def _database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: the benchmark's database name must contain 'bench'.")
    return name


def _maintenance_url(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/postgres"))


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = _database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = _database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def analyze(url: str) -> None:
    """Planner statistics and a visibility map after the bulk load, as autovacuum gives a real database.

    Without the VACUUM, PostgreSQL cannot answer from an index alone (index-only scans) until
    autovacuum gets round to the fresh tables, and deep pages measure the bulk load, not the site.
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def synthetic_rows(url: str) -> int:
    """How many synthetic municipalities an existing benchmark database holds (0 if none or no database)."""
    import psycopg

    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM network_municipality WHERE slug LIKE 'synthetic-%'").fetchone()
            return row[0]
    except psycopg.Error:
        return 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((loadgen.LOOPBACK, 0))
        return s.getsockname()[1]


def shared_cache(size: int) -> dict[str, str]:
    """Redis as production runs it (docs/deploy.md), emptied for this run; the workers share it.

    With the per-process memory cache instead, the thousands of distinct URLs the measures walk evict
    the hub's fragments (300 entries at most), and the hub rebuilds on nearly every request.
    """
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url).flushdb()
    except Exception as error:  # any failure: measure with the memory cache, and say so
        say(f"no Redis at {url} ({error}); measuring with each worker's memory cache")
        return {}
    return {"REDIS_URL": url, "CACHE_KEY_PREFIX": f"citynet-bench-{size}"}


def start_gunicorn(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind={loadgen.LOOPBACK}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--no-control-socket",
        "--log-level=warning",
        "--error-logfile=-",
    ]
    handle = log.open("w")
    return subprocess.Popen(  # noqa: S603 (our own argv)
        command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # the group we started: gunicorn's arbiter and its workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_ready(process: subprocess.Popen, port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log}:\n{log.read_text()[-3000:]}")
        try:
            status, _body = loadgen.get(port, "/readyz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not become ready in {timeout:.0f} s; see {log}")


def probe_queries(measures: list[Measure], facts: dict, env: dict[str, str], *, profile: bool) -> dict[str, str]:
    """Queries per request of each measure's first URL (and with `profile`, SQL and cProfile on stderr)."""
    command = [sys.executable, "-m", "bench.probe"]
    command += [
        f"--signed-in={m.name}={cookie['name']}={cookie['value']}" for m in measures if (cookie := m.session(facts))
    ]
    # Warm up on one path, count another: a response cache would answer a path asked for twice.
    # (For the cached measure, the same path twice: it counts what a cache hit costs.)
    command += [f"{m.name}={(m.paths(facts) * 2)[0]}\t{(m.paths(facts) * 2)[0 if m.cached else 1]}" for m in measures]
    probe = subprocess.run(  # noqa: S603 (our own argv)
        [*command, *(["--profile"] * profile)], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if probe.returncode:
        say(f"counting queries failed (exit {probe.returncode}):\n{probe.stderr[-3000:]}")
    queries = {}
    for line in probe.stdout.splitlines():
        if line.startswith("queries "):
            _word, name, count, *_rest = line.split()
            queries[name] = count
        elif profile:
            print(line, file=sys.stderr)
    return queries


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def report(size: int, results: dict[str, loadgen.Result], queries: dict[str, str], facts: dict) -> list[str]:
    lines = []
    for key, (name, bound, what) in TIMINGS.items():
        if key in facts:
            verdict = "ok" if facts[key] <= bound else "MISSED"
            lines.append(f"{name}@{size} {facts[key]:.2f} s target <= {bound:.1f} s {verdict} ({what})")
    burst = facts.get("events_burst")
    if burst:
        exact = burst["seats_taken"] == burst["seats"] and burst["promotions"] == burst["cancellations"]
        lines.append(
            f"events_burst@{size} seats_taken {burst['seats_taken']} of {burst['seats']} waiting {burst['waiting']} "
            f"promotions {burst['promotions']} after {burst['cancellations']} cancellations; seats after "
            f"{burst['seats_after']}; errors {burst['errors']} {'ok' if exact and not burst['errors'] else 'MISSED'} "
            f"({burst['people']} people at once, at most {burst['connections']} database connections)"
        )
        lines.append(f"events_burst@{size}_p50 {burst['p50_ms']:.1f} ms from the release to the answer")
        lines.append(f"events_burst@{size}_p95 {burst['p95_ms']:.1f} ms from the release to the answer")
        if "wall_s" in burst:
            lines.append(
                f"events_burst@{size}_each {burst['wall_s'] * 1000 / burst['people']:.1f} ms per registration "
                f"({burst['people']} in {burst['wall_s']:.1f} s)"
            )
        if burst["first_error"]:
            lines.append(f"events_burst@{size}_first_error {burst['first_error']}")
    for measure in MEASURES:
        result = results.get(measure.name)
        if result is None:
            continue
        name = f"{measure.name}@{size}"
        line = f"{name} {result.rps:.1f} req/s"
        base = results.get(measure.against) if measure.against else None
        if measure.target is not None and base is not None and base.rps:
            ratio = result.rps / base.rps
            verdict = "ok" if ratio >= measure.target else "MISSED"
            short = measure.against.removesuffix("_view").removesuffix("_response")
            line += f" ratio_to_{short} {ratio:.2f} target {measure.target:.2f} {verdict}"
        lines.append(line)
        lines.append(f"{name}_p50 {fmt_ms(result.percentile(50))} ms")
        lines.append(f"{name}_p95 {fmt_ms(result.percentile(95))} ms")
        distinct = len(measure.paths(facts))
        walked = "all distinct" if not result.wrapped else "walked more than once"
        if measure.cached:
            walked = "the same URLs again: response-cache hits"
        lines.append(f"{name}_urls {distinct} distinct URLs ({result.sent} requests sent; {walked})")
        if measure.name in queries:
            lines.append(f"{name}_queries {queries[measure.name]} queries/request")
        bad = {s: n for s, n in result.statuses.items() if s != 200}
        if bad or result.errors:
            lines.append(f"{name}_failures {sum(bad.values()) + result.errors} requests (statuses {bad})")
    return lines


def check_urls(port: int, measures: list[Measure], facts: dict) -> list[str]:
    """Each measure's first few URLs answer 200 with the expected content; prints and returns the failures."""
    failed = []
    for measure in measures:
        for path in measure.paths(facts)[:3]:
            try:
                status, body = loadgen.get(port, path, headers=measure.headers(facts))
            except OSError as error:
                status, body = None, str(error).encode()
            problem = (
                f"status {status}: {body[:200]!r}"
                if status != 200
                else (measure.check(body, facts) if measure.check else None)
            )
            if problem:
                failed.append(measure.name)
                print(f"{measure.name} FAILED: GET {path} -> {problem}", flush=True)
                break
    return failed


def bench_size(size: int, args, base_env: dict[str, str]) -> tuple[list[str], bool]:
    """Populate the database with `size` municipalities, serve it, load every measure; (report lines, ok)."""
    url = base_env["DATABASE_URL"]
    env = base_env
    facts_file = VAR / f"facts-{size}.json"
    python = sys.executable
    background = os.getloadavg()[0]
    members = args.members if args.members is not None else data.default_members(size)
    if args.reuse_db and facts_file.exists() and synthetic_rows(url) == size:
        say(f"[{size}] reusing database {_database_name(url)}")
    else:
        say(f"[{size}] creating database {_database_name(url)}")
        recreate_database(url)
        say(
            f"[{size}] migrating, loading the seed's demo content (no gazetteer), adding {size} "
            f"synthetic municipalities ({members} members) and a signed-in synthetic member"
        )
        _run(
            [python, "-m", "bench.data", f"--municipalities={size}", f"--members={members}", f"--facts={facts_file}"],
            env,
            stdout=sys.stderr,
        )
        analyze(url)
    facts = json.loads(facts_file.read_text())

    only = {name for chosen in args.only or [] for name in GROUPS.get(chosen, [chosen])}
    measures = [m for m in MEASURES if not only or m.name in only or m.name in YARDSTICKS]
    env = {**env, **shared_cache(size)}
    port = free_port()
    log = VAR / "gunicorn.log"
    say(f"[{size}] starting gunicorn: {args.workers} sync workers on {loadgen.LOOPBACK}:{port} (log: {log})")
    server = start_gunicorn(port, args.workers, env, log)
    results: dict[str, loadgen.Result] = {}
    cursors: dict[str, int] = {}
    try:
        wait_ready(server, port, log)
        failed = check_urls(port, measures, facts)
        measures = [m for m in measures if m.name not in failed]
        paths = {m.name: m.paths(facts) for m in measures}
        say(f"[{size}] warming up ({args.warmup:g} s per measure)")
        for measure in measures:
            headers = measure.headers(facts)
            if measure.cached:  # every URL once, so that the measure then reads the response cache
                for path in paths[measure.name]:
                    loadgen.get(port, path, headers=headers)
            warm = loadgen.run(
                port, paths[measure.name], concurrency=args.concurrency, seconds=args.warmup, headers=headers
            )
            cursors[measure.name] = warm.sent
        per_round = args.seconds / args.rounds
        say(f"[{size}] measuring: {args.seconds:g} s per measure in {args.rounds} rounds, {args.concurrency} clients")
        for _round in range(args.rounds):
            for measure in measures:
                result = loadgen.run(
                    port,
                    paths[measure.name],
                    concurrency=args.concurrency,
                    seconds=per_round,
                    cursor=cursors[measure.name],
                    headers=measure.headers(facts),
                )
                cursors[measure.name] += result.sent
                results.setdefault(measure.name, loadgen.Result(path=measure.name)).merge(result)
        for name, result in results.items():
            result.wrapped = cursors[name] > len(paths[name])
            result.sent = cursors[name]
    finally:
        stop(server)

    queries = probe_queries(measures, facts, env, profile=args.profile) if measures else {}
    lines = [
        f"# {size} synthetic municipalities ({members} members, {facts.get('municipalities', size)} in all with "
        f"the seed's) + the seed's demo content; gunicorn {args.workers} sync workers; {args.concurrency} clients; "
        f"{args.seconds:g} s per measure; {os.cpu_count()} CPUs, load average {background:.1f} before the run "
        f"(other work on the machine)"
    ]
    lines += [f"{name}@{size} FAILED" for name in failed]
    lines += report(size, results, queries, facts)
    for line in lines:
        print(line, flush=True)
    broken = [m for m, r in results.items() if r.errors or any(s != 200 for s in r.statuses)]
    return lines, not (failed or broken)


YARDSTICKS = {"bare_view", "constant_response"}
GROUPS = {
    "events": ["event_pages", "event_list", "events_feed"],
    "advisory": ["consultation_pages", "consultation_list", "capacity_view"],
    "search": ["search_page", "search_api"],
}


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from None
    if not sizes or any(n < 100 for n in sizes):
        raise argparse.ArgumentTypeError("sizes are numbers of municipalities, at least 100 each")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes(os.environ.get("BENCH_SIZES", "5000,50000")),
        help="synthetic municipalities, one run each; also BENCH_SIZES [5000,50000]",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        default=os.environ.get("BENCH_QUICK", "") not in ("", "0"),
        help="3 s per measure in 3 rounds, 1 s warm-up: a few minutes in all; also BENCH_QUICK=1",
    )
    parser.add_argument("--seconds", type=float, default=None, help="load time per measure, split into rounds [10]")
    parser.add_argument("--rounds", type=int, default=None, help="alternating rounds over the measures [5]")
    parser.add_argument("--warmup", type=float, default=None, help="warm-up seconds per measure [2]")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections [4]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers [2]")
    parser.add_argument("--members", type=int, default=None, help="current members [8 %% of the municipalities]")
    parser.add_argument(
        "--only",
        action="append",
        choices=[m.name for m in MEASURES] + list(GROUPS),
        help="measure only these (and the yardsticks); repeatable; 'events' for every events measure",
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep an already populated benchmark database")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--profile", action="store_true", help="print SQL and a cProfile summary per measure")
    args = parser.parse_args()
    quick = {"seconds": 3, "rounds": 3, "warmup": 1} if args.quick else {"seconds": 10, "rounds": 5, "warmup": 2}
    for option, value in quick.items():
        if getattr(args, option) is None:
            setattr(args, option, value)
    if args.reuse_db and len(args.sizes) > 1:
        parser.error("--reuse-db keeps one database: give one size (--sizes N)")

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "static").mkdir(exist_ok=True)
    ok = True
    summary = []
    for size in args.sizes:
        lines, size_ok = bench_size(size, args, env)
        ok = ok and size_ok
        summary += [line for line in lines if not line.startswith("#") and " req/s" in line]
    if not args.keep_db:
        drop_database(url)
    if len(args.sizes) > 1:
        print("# summary: requests per second, and the ratio to the target's yardstick in the same run")
        for line in summary:
            print(line, flush=True)
    say(f"done in {time.time() - STARTED:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"bench FAILED: {' '.join(map(str, error.cmd))} exited with {error.returncode}", file=sys.stderr)
        sys.exit(2)
