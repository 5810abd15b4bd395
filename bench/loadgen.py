"""A small, bounded HTTP load generator: standard library only, loopback only.

Each of `concurrency` client processes sends GET requests one after another over its own connection
(kept alive when the server allows it, reopened when it closes) until a fixed deadline or a request
cap, whichever comes first. Processes rather than threads, so the client's own Python does not
serialise on one interpreter lock and cap the figure it reports.
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
        return self


def get(port: int, path: str, timeout: float = 30.0) -> tuple[int, bytes]:
    """One GET to the loopback server: (status, body)."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _client(port: int, path: str, start_at: float, deadline: float, cap: int, out) -> None:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10)
    while time.time() < start_at:
        time.sleep(0.001)
    sent = 0
    while sent < cap and time.time() < deadline:
        sent += 1
        began = time.perf_counter()
        try:
            conn.request("GET", path)
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
    out.put((latencies, statuses, errors, min(time.time(), deadline)))


def run(port: int, path: str, *, concurrency: int, seconds: float, cap: int = 200_000) -> Result:
    """Load `path` with `concurrency` clients for `seconds` (at most `cap` requests in all)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = context.Queue()
    start_at = time.time() + 0.1  # every client connected and waiting
    deadline = start_at + seconds
    per_client = max(1, cap // concurrency)
    clients = [
        context.Process(target=_client, args=(port, path, start_at, deadline, per_client, queue), daemon=True)
        for _ in range(concurrency)
    ]
    for client in clients:
        client.start()
    result = Result(path=path)
    finished = start_at
    for _ in clients:
        latencies, statuses, errors, stopped = queue.get(timeout=seconds + 60)
        result.merge(Result(path=path, latencies=latencies, statuses=statuses, errors=errors))
        finished = max(finished, stopped)
    for client in clients:
        client.join(timeout=10)
    result.seconds = finished - start_at  # the window, shorter than `seconds` only if the cap was hit
    return result
