"""Running calls at the same moment, each in its own thread and database connection (PostgreSQL tests)."""

import threading
from collections.abc import Callable

from django.db import connections


def run_together(calls: list[Callable[[], object]]) -> tuple[list, list]:
    """Start every call together (a barrier releases them at once); return (results, exceptions).

    Each thread closes its connections when done, so the test database can be flushed afterwards.
    """
    barrier = threading.Barrier(len(calls))
    results: list = []
    errors: list = []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
