"""Where a measured URL spends its time: queries per request, and optionally a cProfile summary.

Runs in-process through Django's test client against the benchmark database (the benchmark calls
`python -m bench.probe PATH ...` with DJANGO_SETTINGS_MODULE set), so it sees exactly the data that
gunicorn served. Prints one line per URL: `queries <name> <n> <milliseconds>`. A target is
`name=path`, or `name=warm-up path<TAB>path` when the warm-up request must not be the measured one
(the API's response cache would answer a path asked for twice).
"""

import argparse
import cProfile
import io
import pstats
import time


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="+", help="name=path pairs")
    parser.add_argument("--profile", action="store_true", help="also print the top functions by own time")
    parser.add_argument("--repeat", type=int, default=20, help="requests per URL when profiling")
    parser.add_argument(
        "--signed-in", action="append", default=[], help="target=cookie-name=value: a target requested signed in"
    )
    args = parser.parse_args()
    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cookies = dict(item.split("=", 1) for item in args.signed_in)
    for target in args.targets:
        name, path = target.split("=", 1)
        warm, _tab, path = path.rpartition("\t")
        client = Client(HTTP_HOST="127.0.0.1")
        if name in cookies:
            cookie_name, cookie_value = cookies[name].split("=", 1)
            client.cookies[cookie_name] = cookie_value
        client.get(warm or path)  # warm: templates compiled, URL resolvers built
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(path)
            took = (time.perf_counter() - began) * 1000
        print(f"queries {name} {len(captured)} status={response.status_code} in_process_ms={took:.1f}", flush=True)
        if args.profile:
            for query in captured.captured_queries:
                print(f"  sql {query['time']}s {query['sql'][:300]}")
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat):
                client.get(path)
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(25)
                print(f"--- profile {name} ({args.repeat} requests, by {order}) ---")
                print(out.getvalue())


if __name__ == "__main__":
    main()
