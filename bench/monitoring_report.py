"""Time the monitoring report: reading the snapshot, the report data, rendering the PDF and the XLSX, a whole
generation through the background job (as a worker runs it) and closing the campaign; prints the times, the peak
memory and the PDF's pages and size, and writes them to bench/results/monitoring-<region>.json (ignored by git).

    .venv/bin/python bench/monitoring_report.py            # the demo region, fresh SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rops_bench_demo .venv/bin/python bench/monitoring_report.py
    .venv/bin/python bench/monitoring_report.py --region big   # 100 000 entities, PostgreSQL rops_bench
    .venv/bin/python bench/monitoring_report.py --region big --profile 40   # and cProfile the job (top 40)

demo: the database named by DATABASE_URL is migrated and seeded with the demo (``seed_demo``) when it has no demo
data yet (use an empty, throwaway database; a PostgreSQL one is created when missing). The accepted annual report
is read and rendered; the job generates a two-year periodic report.

big: DATABASE_URL defaults to the registry benchmark's ``postgres://postgres@127.0.0.1:5432/rops_bench``; its
100 000 entities (``bench/run.py``) and the region's programme, figures, events, certificates and closed campaign
(``bench/big_region.py``) are seeded once and reused. The annual report of the report year (2025, BENCH_REPORT_YEAR) is
created once through ``monitoring.services.report_create``, read, rendered, and generated through the job.

Seeding runs in a child process, so the peak memory (``ru_maxrss``) printed is that of the measuring process:
reading and rendering the report (and, separately, closing the campaign). Closing is measured again on every run
inside a transaction that is rolled back (the campaign is reopened, closed by ``campaign_close``, and left as it
was). Generated files go to a temporary MEDIA_ROOT that is removed afterwards.
"""

import argparse
import io
import json
import logging
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 20
TARGET_MIB = 1024


def _environment(region: str, workdir: Path) -> None:
    """Settings of each region: the demo as before (local settings, debug on for seed_demo), the big region as
    the registry benchmark (test settings, debug off, PostgreSQL)."""
    if region == "demo":
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
        os.environ["DJANGO_DEBUG"] = "true"  # seed_demo runs only with debug on
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    else:
        os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rops_bench")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(workdir / "media"))


def _setup() -> None:
    import django

    django.setup()
    logging.disable(logging.WARNING)  # WeasyPrint's font notices would drown the figures


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- seeding (in a child process) -------------------------------------------------------------------

def seed_only(region: str) -> None:
    """Migrate and seed what is missing; run as a child process by ``main``."""
    from bench.run import ensure_database

    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if region == "demo":
        from monitoring.models import Report

        if Report.objects.exists():
            print("Seed: demo data already there, skipped.")
            return
        started = time.perf_counter()
        call_command("seed_demo", quiet_logins=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"Seed: demo data in {time.perf_counter() - started:.1f} s.")
        return
    from bench import big_region
    from bench.run import ENTITIES, seed, staff_user

    seed(ENTITIES)
    year = big_region.report_year()
    if big_region.is_seeded(year):
        print(f"Seed: the region's data for {year} already there, skipped.")
        return
    print(f"Seed: the region's data for {year}:")
    done = big_region.seed_region(staff=staff_user(), year=year)
    print(f"Seed: the region's data in {done['seconds']:.1f} s (campaign_close {done['close_seconds']:.1f} s).")


# --- measuring --------------------------------------------------------------------------------------

def _timed(label: str, results: list, fn):
    start = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - start))
    return value


def _reports(region: str):
    """(the report read and rendered, a function that generates a version through the job and returns the job)."""
    from django.db import transaction

    from config.celery import app
    from monitoring import services
    from monitoring.models import Report, ReportStatus

    app.conf.task_always_eager = True  # the job runs in this process when the transaction that queues it commits
    if region == "demo":
        read = Report.objects.filter(status__in=[ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]).first()
        if read is None:
            sys.exit("No accepted report in the database: run it on an empty database to get the demo.")
        staff = read.created_by

        def generate():  # a two-year periodic report (the annual one is accepted and never generated again)
            with transaction.atomic():
                periodic = Report.objects.filter(kind=Report.Kind.PERIODIC, programme=read.programme,
                                                 year=read.year).first() or services.report_create(
                    kind=Report.Kind.PERIODIC, programme=read.programme, year_from=read.year - 1,
                    year=read.year, by=staff)
                return services.report_generate(report=periodic, by=staff)

        return read, "job: a two-year periodic report (snapshot, PDF, XLSX, stored version)", generate
    from bench import big_region
    from bench.run import staff_user
    from programmes.models import Programme, Status

    staff = staff_user()
    year = big_region.report_year()
    programme = Programme.objects.get(status=Status.IN_FORCE)
    read = Report.objects.filter(programme=programme, kind=Report.Kind.ANNUAL, year=year).first()
    if read is None:
        read = services.report_create(kind=Report.Kind.ANNUAL, programme=programme, year=year, by=staff)

    def generate():
        with transaction.atomic():
            return services.report_generate(report=read, by=staff)

    return read, f"job: the annual report {year} (snapshot, PDF, XLSX, stored version)", generate


def _close_again(campaign, staff) -> float:
    """campaign_close timed on the frozen campaign reopened, in a transaction that is rolled back."""
    from django.db import transaction

    from monitoring.models import Campaign, CampaignFigure
    from monitoring.services import campaign_close

    with transaction.atomic():
        CampaignFigure.objects.filter(campaign=campaign).delete()
        Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.OPEN, closed_at=None, closed_by=None)
        start = time.perf_counter()
        campaign_close(campaign=campaign, by=staff)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds


def _pdf_pages(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf comes with the test requirements (make bench installs them)
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def measure(region: str, profile: int = 0, pdf_path: Path | None = None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from entities.models import Entity
    from monitoring.figures import report_snapshot
    from monitoring.models import Report, Respondent, Response
    from monitoring.reports import render_report_pdf, render_report_xlsx, report_data

    started_mib = _peak_mib()
    read, job_label, generate = _reports(region)
    read = Report.objects.select_related("programme", "campaign").get(pk=read.pk)
    results: list[tuple[str, float]] = []
    snapshot = _timed(f"snapshot of the {read.year} {read.kind} report (database reads)", results,
                      lambda: report_snapshot(read))
    snapshot.update(generated_at=timezone.now().isoformat(), version=1)
    data = _timed("report data from the snapshot", results, lambda: report_data(snapshot))
    pdf = _timed("PDF (WeasyPrint)", results, lambda: render_report_pdf(data))
    xlsx = _timed("XLSX (openpyxl)", results, lambda: render_report_xlsx(data))
    if pdf_path:
        pdf_path.write_bytes(pdf)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        job = _timed(job_label + " [cProfile]", results, lambda: profiler.runcall(generate))
    else:
        job = _timed(job_label, results, generate)
    job.refresh_from_db()
    report_mib = _peak_mib()
    with CaptureQueriesContext(connection) as queries:  # counted on a separate run: capturing costs time
        report_snapshot(read)
    campaign = read.campaign if read.campaign_id and read.campaign.is_closed else None
    close = _close_again(campaign, job.requested_by) if campaign else None
    if close is not None:
        results.append((f"campaign_close of the {campaign.year} campaign (rolled back)", close))
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    version = f"SQLite {version}" if connection.vendor == "sqlite" else version
    out = {
        "region": region, "date": timezone.localdate().isoformat(), "database": version,
        "machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_average": os.getloadavg(), "entities": Entity.objects.count(), "pes": Entity.objects.pes().count(),
        "respondents": Respondent.objects.filter(campaign=campaign).count() if campaign else 0,
        "submitted": Response.objects.filter(respondent__campaign=campaign, status="submitted").count()
        if campaign else 0,
        "report": {"id": read.pk, "kind": read.kind, "year": read.year},
        "results": [{"label": label, "seconds": seconds} for label, seconds in results],
        "snapshot_queries": len(queries.captured_queries),
        "snapshot_kib": len(json.dumps(snapshot, default=str)) / 1024,
        "pdf_kib": len(pdf) / 1024, "pdf_pages": _pdf_pages(pdf), "xlsx_kib": len(xlsx) / 1024,
        "job_state": job.state,
        "peak_mib_before": started_mib, "peak_mib_report": report_mib, "peak_mib": _peak_mib(),
    }
    if profile:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(profile)
        out["profile"] = stream.getvalue()
    return out


def _print(out: dict) -> None:
    print()
    print(f"Monitoring report benchmark, {out['region']} region: {out['entities']} entities ({out['pes']} PES), "
          f"campaign {out['respondents']} respondents ({out['submitted']} submitted); {out['date']}")
    print(f"Machine: {out['machine']}, {out['cpus']} CPUs, Python {out['python']}, {out['database']}, "
          f"load average {out['load_average'][0]:.2f}")
    for r in out["results"]:
        print(f"  {r['label']:<78} {r['seconds']:7.2f} s")
    pages = f"{out['pdf_pages']} pages, " if out["pdf_pages"] else ""
    print(f"  PDF {pages}{out['pdf_kib']:.0f} KiB, XLSX {out['xlsx_kib']:.0f} KiB, snapshot "
          f"{out['snapshot_kib']:.0f} KiB in {out['snapshot_queries']} queries, job {out['job_state']}")
    print(f"  peak memory (ru_maxrss): {out['peak_mib_before']:.0f} MiB after start-up, {out['peak_mib_report']:.0f} "
          f"MiB after the report, {out['peak_mib']:.0f} MiB after closing the campaign")
    job = next((r["seconds"] for r in out["results"] if r["label"].startswith("job:")), None)
    if job is not None and not out.get("profile"):
        met = job < TARGET_SECONDS and out["peak_mib"] < TARGET_MIB
        print(f"Target: a generation under {TARGET_SECONDS} s and {TARGET_MIB} MiB: "
              f"{'met' if met else 'MISSED'} ({job:.1f} s, {out['peak_mib']:.0f} MiB)")
    if out.get("profile"):
        print(out["profile"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", choices=["demo", "big"], default="demo",
                        help="demo: the demo data; big: 100 000 entities on PostgreSQL (default: demo)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="run the job under cProfile and print its N most expensive functions")
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="also save the rendered PDF there")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        seed_only(args.region)
        return
    with tempfile.TemporaryDirectory(prefix="bench-monitoring-") as tmp:
        _environment(args.region, Path(tmp))
        # Seeding in a child process keeps its memory out of this process's ru_maxrss.
        seeding = subprocess.run([sys.executable, __file__, "--region", args.region, "--seed-only"], check=False)
        if seeding.returncode:
            sys.exit(seeding.returncode)
        _setup()
        out = measure(args.region, profile=args.profile, pdf_path=args.pdf)
    _print(out)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"monitoring-{args.region}.json").write_text(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
