"""The registry of background job kinds.

A job kind is a function ``handler(job, progress) -> JobResult`` registered once by name with
``@job_handler("kind")``. Handlers read ``job.params``, report progress with ``progress(percent,
message)`` and return the file they produced; they never write the Job themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Job


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes
    content_type: str = "application/pdf"


Progress = Callable[[int, str], None]
Handler = Callable[[Job, Progress], JobResult]

_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        if kind in _HANDLERS and _HANDLERS[kind] is not fn:
            raise ValueError(f"Job kind {kind!r} is registered twice.")
        _HANDLERS[kind] = fn
        return fn

    return register


def get_handler(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"Unknown job kind {kind!r}.") from None


def registered_kinds() -> list[str]:
    return sorted(_HANDLERS)
