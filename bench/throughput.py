"""Throughput of the registry list under gunicorn against a trivial view with the same session (`make bench`).

    .venv/bin/python bench/throughput.py            # after bench/run.py has seeded rops_bench
    BENCH_SECONDS=20 BENCH_CLIENTS=4 .venv/bin/python bench/throughput.py

Starts gunicorn (2 sync workers, as production runs it: persistent database connections, ``CONN_MAX_AGE``) on the
benchmark database, signs the benchmark's staff member in once, and lets ``BENCH_CLIENTS`` threads request each
address in turn for ``BENCH_SECONDS`` with that session cookie. The trivial view is ``/healthz`` (one database
round trip) behind the same middleware; the issue's target is the registry list at >= 30 % of its rate. The
generator shares the machine with the server: the ratio is the figure to read, not the absolute rates.
"""

import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.gunicorn_settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rops_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# Registry-wide figures kept between requests, as production keeps them (the test settings turn it off).
os.environ.setdefault("REGISTRY_FIGURES_KEPT_SECONDS", "86400")

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
TARGET = 0.30


def session_cookie() -> str:
    """A signed-in session of the benchmark's staff member, made as the login view makes it."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from run import staff_user  # the same staff member as bench/run.py

    client = Client()
    client.force_login(staff_user())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def rate(path: str, cookie: str, seconds: float, clients: int) -> tuple[float, int, int]:
    """Requests per second over ``seconds`` with ``clients`` threads; (rate, ok, other statuses)."""
    ok, bad = [0], [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            conn.close()
            with lock:
                (ok if response.status == 200 else bad)[0] += 1

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (ok[0] + bad[0]) / (time.monotonic() - started), ok[0], bad[0]


def main() -> None:
    cookie = session_cookie()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(WORKERS), "--log-level", "warning"], cwd=ROOT, env=os.environ.copy())
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        cases = [("trivial view /healthz", "/healthz"), ("registry list /rejestr/", "/rejestr/"),
                 ("registry search 'Zielony'", "/rejestr/?q=Zielony")]
        for _label, path in cases:  # warm both workers
            rate(path, cookie, 2, CLIENTS)
        results = {label: rate(path, cookie, SECONDS, CLIENTS) for label, path in cases}
    finally:
        server.terminate()
        server.wait(10)
    trivial = results["trivial view /healthz"][0]
    print(f"gunicorn -w {WORKERS}, {CLIENTS} clients, {SECONDS:.0f} s per case, load {os.getloadavg()[0]:.2f}")
    print(f"{'case':32} {'req/s':>8} {'of trivial':>11} {'200':>6} {'other':>6}")
    for label, (per_second, ok, bad) in results.items():
        print(f"{label:32} {per_second:8.1f} {per_second / trivial:10.0%} {ok:6d} {bad:6d}")
    share = results["registry list /rejestr/"][0] / trivial
    verdict = 'met' if share >= TARGET else 'not met'
    print(f"Target: registry list >= {TARGET:.0%} of the trivial view's rate: {verdict}")
    if any(bad for _rate, _ok, bad in results.values()):
        raise SystemExit("Some requests did not answer 200: the session or the database is not what was expected.")


if __name__ == "__main__":
    main()
