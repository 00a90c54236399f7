"""Time the monitoring report for the demo data: reading the snapshot, rendering the PDF and the XLSX, and a
whole generation through the background job (as a worker runs it). Prints the times and the peak memory.

    .venv/bin/python bench/monitoring_report.py            # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rops_bench .venv/bin/python bench/monitoring_report.py

The database named by DATABASE_URL is migrated and seeded with the demo when it has no demo data yet (use an
empty, throwaway database). Generated files go to a temporary MEDIA_ROOT that is removed afterwards.
"""

import logging
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(workdir: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_DEBUG"] = "true"  # seed_demo runs only with debug on
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    logging.disable(logging.WARNING)  # WeasyPrint's font notices would drown the figures


def _seed() -> float:
    from django.core.management import call_command

    from monitoring.models import Report

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Report.objects.exists():
        call_command("seed_demo", quiet_logins=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return time.perf_counter() - start


def _timed(label: str, results: list, fn):
    start = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - start))
    return value


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-monitoring-") as tmp:
        _setup(Path(tmp))
        from django.db import transaction
        from django.utils import timezone

        from monitoring import services
        from monitoring.figures import report_snapshot
        from monitoring.models import Report, ReportStatus
        from monitoring.reports import render_report_pdf, render_report_xlsx, report_data

        seeded = _seed()
        accepted = Report.objects.filter(status__in=[ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]).first()
        if accepted is None:
            sys.exit("No accepted report in the database: run it on an empty database to get the demo.")
        results: list[tuple[str, float]] = []
        snapshot = _timed(f"snapshot of the {accepted.year} report (database reads)", results,
                          lambda: report_snapshot(accepted))
        snapshot.update(generated_at=timezone.now().isoformat(), version=1)
        data = _timed("report data from the snapshot", results, lambda: report_data(snapshot))
        pdf = _timed("PDF (WeasyPrint)", results, lambda: render_report_pdf(data))
        xlsx = _timed("XLSX (openpyxl)", results, lambda: render_report_xlsx(data))

        # A whole generation through the job, for a two-year periodic report (the annual one is accepted). The
        # job runs in this process (eagerly) when the transaction that queues it commits, as in the demo.
        from config.celery import app

        app.conf.task_always_eager = True
        staff = accepted.created_by

        def generate():
            with transaction.atomic():
                periodic = Report.objects.filter(kind=Report.Kind.PERIODIC, programme=accepted.programme,
                                                 year=accepted.year).first() or services.report_create(
                    kind=Report.Kind.PERIODIC, programme=accepted.programme, year_from=accepted.year - 1,
                    year=accepted.year, by=staff)
                return periodic, services.report_generate(report=periodic, by=staff)

        periodic, job = _timed("job: a two-year periodic report (snapshot, PDF, XLSX, stored version)", results,
                               generate)
        job.refresh_from_db()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux

        from django.db import connection

        print(f"Monitoring report benchmark ({connection.vendor}, demo data seeded in {seeded:.1f} s)")
        for label, seconds in results:
            print(f"  {label:<78} {seconds:7.2f} s")
        print(f"  PDF {len(pdf) / 1024:.0f} KiB, XLSX {len(xlsx) / 1024:.0f} KiB, job {job.get_state_display()}; "
              f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
