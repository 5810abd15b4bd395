"""A small, bounded HTTP load generator: standard library only, loopback only.

Each of `concurrency` client processes sends GET requests one after another over its own connection
(kept alive when the server allows it, reopened when it closes) until a fixed deadline or a request
cap, whichever comes first. Processes rather than threads, so the client's own Python does not
serialise on one interpreter lock and cap the figure it reports.

A measure is a list of paths, walked in order from a cursor: client k of c takes the paths at
cursor + k, cursor + k + c, ..., so together the clients ask for each path once before any path is
asked for again, and the next run goes on from where this one stopped. `Result.wrapped` says whether
the list ran out (a response cache could then answer the repeats).
"""

import http.client
import multiprocessing
import time
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


@dataclass
class Result:
    path: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, successful responses only
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # connection errors and timeouts
    sent: int = 0  # requests sent, the unfinished ones included
    wrapped: bool = False  # the walk came back to paths already asked for

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Latency at percentile `p` (0-100), in seconds; nearest-rank."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1]

    def merge(self, other: "Result") -> "Result":
        self.seconds += other.seconds
        self.latencies.extend(other.latencies)
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.errors += other.errors
        self.sent += other.sent
        self.wrapped = self.wrapped or other.wrapped
        return self


def get(port: int, path: str, timeout: float = 30.0, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One GET to the loopback server: (status, body)."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _client(port, paths, first, stride, headers, start_at, deadline, cap, out) -> None:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10)
    while time.time() < start_at:
        time.sleep(0.001)
    sent = 0
    while sent < cap and time.time() < deadline:
        path = paths[(first + sent * stride) % len(paths)]
        sent += 1
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.will_close:
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            time.sleep(0.01)
            continue
        took = time.perf_counter() - began
        if time.time() > deadline:
            break  # finished after the window closed: not counted
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status == 200:
            latencies.append(took)
    conn.close()
    out.put((latencies, statuses, errors, sent, min(time.time(), deadline)))


def run(
    port: int,
    paths: list[str],
    *,
    concurrency: int,
    seconds: float,
    cursor: int = 0,
    headers: dict[str, str] | None = None,
    cap: int = 200_000,
) -> Result:
    """Load `paths` (walked from `cursor`) with `concurrency` clients for `seconds` (at most `cap` requests).

    The result's `sent` tells the caller where the next run starts: `cursor + sent`.
    """
    if isinstance(paths, str):
        paths = [paths]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = context.Queue()
    start_at = time.time() + 0.1  # every client connected and waiting
    deadline = start_at + seconds
    per_client = max(1, cap // concurrency)
    clients = [
        context.Process(
            target=_client,
            args=(port, paths, cursor + k, concurrency, headers or {}, start_at, deadline, per_client, queue),
            daemon=True,
        )
        for k in range(concurrency)
    ]
    for client in clients:
        client.start()
    result = Result(path=paths[0])
    finished = start_at
    most = 0
    for _ in clients:
        latencies, statuses, errors, sent, stopped = queue.get(timeout=seconds + 60)
        result.merge(Result(path=paths[0], latencies=latencies, statuses=statuses, errors=errors))
        finished = max(finished, stopped)
        most = max(most, sent)
    # Every client took `most` steps at most: the walk covered cursor .. cursor + most * concurrency.
    result.sent = most * concurrency
    result.wrapped = cursor + result.sent > len(paths)
    for client in clients:
        client.join(timeout=10)
    result.seconds = finished - start_at  # the window, shorter than `seconds` only if the cap was hit
    return result
