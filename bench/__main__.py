"""`make bench`: measure citynet under load against a bare Django view, on PostgreSQL and gunicorn.

Steps: (re)create a PostgreSQL database of its own, migrate, load the seed's demo content, add plainly
synthetic municipalities and memberships (bench/data.py), start gunicorn on a free loopback port,
check that every measured URL answers 200 with the expected content, warm up, then load each URL for
a fixed time in alternating rounds (so a busy neighbour on the machine slows every URL alike) and
print one line per measure: figure, unit, and the ratio to its target where one is set. A missed
target is printed as MISSED but still exits 0: this is a measurement, not a test. A URL that does
not answer 200 exits 1.

Options: `python -m bench --help`. Environment: BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/citynet_bench; its name must contain "bench", since it is dropped).
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

from . import loadgen

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/citynet_bench"


def _hub_ok(body: bytes, args) -> str | None:
    text = body.decode("utf-8", "replace")
    if "Western Balkans" not in text:
        return "the page does not name the region"
    return None


def _api_ok(body: bytes, args) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        return "not JSON"
    if not isinstance(data, dict) or "items" not in data or "count" not in data:
        return 'not a list answer ({"items": [...], "count": N})'
    if len(data["items"]) != 50:
        return f"{len(data['items'])} items, not 50"
    if data["count"] < args.municipalities:
        return f"count {data['count']} < {args.municipalities}: the synthetic data is missing"
    return None


@dataclass(frozen=True)
class Measure:
    name: str
    path: str
    target: float | None = None  # at least this fraction of `against`'s requests per second
    against: str | None = None
    check: Callable[[bytes, argparse.Namespace], str | None] | None = None


MEASURES = [
    Measure("bare_view", "/bench/bare"),
    Measure("constant_response", "/bench/constant"),
    Measure("hub_page", "/en/western-balkans/", target=1 / 3, against="bare_view", check=_hub_ok),
    Measure("api_municipalities", "/api/v1/municipalities?limit=50", target=1 / 2, against="bare_view", check=_api_ok),
]


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
    """Fresh planner statistics after the bulk load, as autovacuum would give a real database."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


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


def probe_queries(measures: list[Measure], env: dict[str, str], *, profile: bool) -> dict[str, str]:
    """Queries per request of each URL (and with `profile`, its SQL and cProfile summary on stderr)."""
    probe = subprocess.run(  # noqa: S603 (our own argv)
        [sys.executable, "-m", "bench.probe", *[f"{m.name}={m.path}" for m in measures], *(["--profile"] * profile)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
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


def report(results: dict[str, loadgen.Result], queries: dict[str, str]) -> list[str]:
    lines = []
    for measure in MEASURES:
        result = results.get(measure.name)
        if result is None:
            continue
        line = f"{measure.name} {result.rps:.1f} req/s"
        base = results.get(measure.against) if measure.against else None
        if measure.target is not None and base is not None and base.rps:
            ratio = result.rps / base.rps
            verdict = "ok" if ratio >= measure.target else "MISSED"
            short = measure.against.removesuffix("_view")
            line += f" ratio_to_{short} {ratio:.2f} target {measure.target:.2f} {verdict}"
        lines.append(line)
        lines.append(f"{measure.name}_p50 {fmt_ms(result.percentile(50))} ms")
        lines.append(f"{measure.name}_p95 {fmt_ms(result.percentile(95))} ms")
        if measure.name in queries:
            lines.append(f"{measure.name}_queries {queries[measure.name]} queries/request")
        bad = {s: n for s, n in result.statuses.items() if s != 200}
        if bad or result.errors:
            lines.append(f"{measure.name}_failures {sum(bad.values()) + result.errors} requests (statuses {bad})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="load time per URL, split into rounds [10]")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds over the URLs [5]")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up seconds per URL [2]")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections [4]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers [2]")
    parser.add_argument("--municipalities", type=int, default=5000, help="synthetic municipalities [5000]")
    parser.add_argument("--members", type=int, default=400, help="of which current members [400]")
    parser.add_argument(
        "--only", action="append", choices=[m.name for m in MEASURES], help="measure only these; repeatable"
    )
    parser.add_argument("--reuse-db", action="store_true", help="keep an already populated benchmark database")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database afterwards")
    parser.add_argument("--profile", action="store_true", help="print SQL and a cProfile summary per URL")
    args = parser.parse_args()
    background = os.getloadavg()[0]

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
    python = sys.executable

    if args.reuse_db and synthetic_rows(url) >= args.municipalities:
        say(f"reusing database {_database_name(url)}")
    else:
        say(f"creating database {_database_name(url)}")
        recreate_database(url)
        say(
            f"migrating, loading the seed's demo content (no gazetteer), adding {args.municipalities} "
            f"synthetic municipalities ({args.members} members)"
        )
        _run(
            [python, "-m", "bench.data", f"--municipalities={args.municipalities}", f"--members={args.members}"],
            env,
            stdout=sys.stderr,
        )
        analyze(url)

    measures = [m for m in MEASURES if not args.only or m.name in args.only]
    port = free_port()
    log = VAR / "gunicorn.log"
    say(f"starting gunicorn: {args.workers} sync workers on {loadgen.LOOPBACK}:{port} (log: {log})")
    server = start_gunicorn(port, args.workers, env, log)
    failed: list[str] = []
    results: dict[str, loadgen.Result] = {}
    try:
        wait_ready(server, port, log)
        for measure in measures:
            try:
                status, body = loadgen.get(port, measure.path)
            except OSError as error:
                status, body = None, str(error).encode()
            problem = (
                f"status {status}: {body[:200]!r}"
                if status != 200
                else (measure.check(body, args) if measure.check else None)
            )
            if problem:
                failed.append(measure.name)
                print(f"{measure.name} FAILED: GET {measure.path} -> {problem}", flush=True)
        measures = [m for m in measures if m.name not in failed]
        say(f"warming up ({args.warmup:g} s per URL)")
        for measure in measures:
            loadgen.run(port, measure.path, concurrency=args.concurrency, seconds=args.warmup)
        per_round = args.seconds / args.rounds
        say(f"measuring: {args.seconds:g} s per URL in {args.rounds} rounds, {args.concurrency} clients")
        for _round in range(args.rounds):
            for measure in measures:
                result = loadgen.run(port, measure.path, concurrency=args.concurrency, seconds=per_round)
                results.setdefault(measure.name, loadgen.Result(path=measure.path)).merge(result)
    finally:
        stop(server)

    queries = probe_queries(measures, env, profile=args.profile) if measures else {}

    print(
        f"# {args.municipalities} synthetic municipalities ({args.members} members) + the seed's demo content; "
        f"gunicorn {args.workers} sync workers; {args.concurrency} clients; {args.seconds:g} s per URL; "
        f"{os.cpu_count()} CPUs, load average {background:.1f} before the run (other work on the machine)"
    )
    for line in report(results, queries):
        print(line, flush=True)
    if not args.keep_db:
        drop_database(url)
    say("done")
    broken = [m for m, r in results.items() if r.errors or any(s != 200 for s in r.statuses)]
    return 1 if failed or broken else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"bench FAILED: {' '.join(map(str, error.cmd))} exited with {error.returncode}", file=sys.stderr)
        sys.exit(2)
