"""The registry of background job kinds.

A job kind is a function ``handler(job, progress) -> JobResult`` registered once by name with
``@job_handler("kind")``. Handlers read ``job.params``, report progress with ``progress(percent,
message)`` and return the file they produced; they never write the Job themselves.

A document kept on its own record (a sealed certificate, minutes or resolution, a report version) is stored
once: the handler returns ``JobResult.of_record(field, filename)`` and the job's result points at that file
instead of holding a copy of it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .models import Job


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes = b""
    content_type: str = "application/pdf"
    stored: str = ""   # the storage name of a file its record keeps: the job links to it (no second copy)

    @classmethod
    def of_record(cls, field, filename: str, content_type: str = "application/pdf") -> "JobResult":
        """The file a record keeps (``field``: its FieldFile, saved): the job's download serves that file."""
        if not field:
            raise ValueError("A job can point only at a file its record has saved.")
        return cls(filename=filename, stored=field.name, content_type=content_type)


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
