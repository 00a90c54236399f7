"""Benchmark of the registry pages at 100 000 entities on PostgreSQL (`make bench`).

    .venv/bin/python bench/run.py              # creates and migrates rops_bench, seeds once, measures
    DATABASE_URL=postgres://... BENCH_ENTITIES=100000 BENCH_REPEAT=30 .venv/bin/python bench/run.py

Every page is requested through Django's test Client as a logged-in staff member, the whole request (middleware,
session, query, template, streamed body) is timed, and the queries of one request are counted with
CaptureQueriesContext. The seed is fictional (valid check digits, no real organisations) and is reused when the
database already holds enough entities. Results are also written to bench/results/latest.json (ignored by git).
"""

import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rops_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# Registry-wide figures kept between requests, as production keeps them (the test settings turn it off).
os.environ.setdefault("REGISTRY_FIGURES_KEPT_SECONDS", "86400")

ENTITIES = int(os.environ.get("BENCH_ENTITIES", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
BATCH = 5000
TARGET_MS = 150

WORDS = ["Zielony", "Wspólny", "Dobry", "Nowy", "Słoneczny", "Wiślany", "Leśny", "Otwarty", "Jasny", "Srebrny",
         "Złoty", "Cichy", "Bliski", "Rodzinny", "Pomocny", "Tęczowy", "Młody", "Stary", "Mocny", "Żywy"]


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet (PostgreSQL only)."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    with psycopg.connect(host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432, user=config["USER"],
                         password=config["PASSWORD"] or None, dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created database {config['NAME']}")


def seed(total: int) -> None:
    """Bulk-insert fictional entities (valid NIP/REGON from entities.identifiers) up to ``total``, once."""
    from django.conf import settings
    from django.db import connection

    from entities.demo import NAMES, PREFIX
    from entities.identifiers import fake_nip, fake_regon
    from entities.models import Entity, LegalForm, PsStatus, Territory

    existing = Entity.objects.count()
    if existing >= total:
        print(f"Seed: {existing} entities already there, skipped.")
        return
    started = time.perf_counter()
    rng = random.Random(2026 + existing)
    gminy = list(Territory.objects.seats().filter(code__startswith=settings.ROPS_VOIVODESHIP_CODE).values_list(
        "code", "name"))
    used = set(Entity.objects.exclude(nip=None).values_list("nip", flat=True))
    forms = list(PREFIX) + [LegalForm.ASSOCIATION] * 30 + [LegalForm.FOUNDATION] * 20 + [
        LegalForm.RURAL_HOUSEWIVES] * 10 + [LegalForm.FIRE_BRIGADE] * 10 + [LegalForm.LOCAL_GOVERNMENT] * 2
    today = date.today()  # noqa: DTZ011 - a calendar date for fictional records
    batch: list[Entity] = []
    for n in range(existing, total):
        nip = fake_nip(rng)
        while nip in used:
            nip = fake_nip(rng)
        used.add(nip)
        form = rng.choice(forms)
        code, gmina = rng.choice(gminy)
        prefix = PREFIX.get(form, "Gmina")
        batch.append(Entity(
            name=f"{prefix} „{rng.choice(WORDS)} {rng.choice(NAMES)}” w {gmina}",
            short_name=f"{prefix.split()[0]} {rng.choice(NAMES)} {n}", legal_form=form, nip=nip,
            regon=fake_regon(rng), krs=f"{5_000_000 + n:010d}" if rng.random() < 0.6 else None, seat_id=code,
            address=f"ul. Przykładowa {n % 200 + 1}", postal_code=f"8{rng.randint(5, 9)}-{rng.randint(100, 999)}",
            email=f"biuro{n}@pes.example.pl", registered_on=today - timedelta(days=rng.randint(100, 8000)),
            is_active=rng.random() < 0.9,
        ))
        if len(batch) == BATCH:
            Entity.objects.bulk_create(batch)
            batch = []
    Entity.objects.bulk_create(batch)
    # About 8 % of the entities hold a PS status (the list shows it for every row).
    ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True))
    statuses = [PsStatus(entity_id=pk, kind=PsStatus.Kind.STATUTORY, ps_type=PsStatus.Type.REINTEGRATION,
                         granted_on=today - timedelta(days=rng.randint(10, 900)))
                for pk in rng.sample(ids, k=len(ids) * 8 // 100)]
    PsStatus.objects.bulk_create(statuses, batch_size=BATCH)
    with connection.cursor() as cursor:  # as autovacuum would, so counts can use index-only scans
        for table in ("entities_entity", "entities_psstatus", "entities_territory"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    elapsed = time.perf_counter() - started
    print(f"Seed: {total - existing} entities and {len(statuses)} PS statuses in {elapsed:.1f} s.")


def staff_user():
    from accounts.models import Role, User
    from accounts.services import user_create

    user = User.objects.filter(email="bench.staff@example.com").first()
    return user or user_create(email="bench.staff@example.com", first_name="Bench", last_name="Staff",
                               roles=[Role.ROPS_STAFF])


def _body(response) -> int:
    return len(b"".join(response.streaming_content)) if response.streaming else len(response.content)


def measure(client, label: str, url: str, params: dict, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _body(client.get(url, params))  # warm up caches and connection
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        size = _body(response)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (label, response.status_code)
    # Counted on separate requests (capturing costs time), the fewer of two: once a minute the session's idle
    # time is renewed (BEGIN, UPDATE, COMMIT: SESSION_REFRESH_SECONDS) on whichever request comes, which is not
    # the page's own work and would make two pages of one list look different.
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            _body(client.get(url, params))
        counts.append(len(queries.captured_queries))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"label": label, "url": url, "params": params, "repeat": repeat, "median_ms": statistics.median(times),
            "p95_ms": p95, "queries": min(counts), "bytes": size}


def _page_ids(html: str) -> list[int]:
    """Ids of the entities linked from the registry table, in order (the rows the page shows)."""
    import re

    from django.urls import reverse

    prefix = re.escape(reverse("entities:detail", args=[0]).rsplit("0/", 1)[0])
    return [int(pk) for pk in re.findall(rf'<td><a href="{prefix}(\d+)/">', html)]


def side_by_side(client, url: str, params: dict, repeat: int) -> dict | None:
    """A registry list request against its raw-SQL floor, interleaved round by round so that a machine whose speed
    drifts (a shared host) slows all three alike: the page as it is served (its count kept while the registry has
    not changed, entities/kept.py), the same page counting its rows (the first request of a filter after a
    write), and the floor: the count and the page the view sends, run by hand through psycopg on a separate
    connection (no Django: no middleware, session, ORM or template), with the PS flags of the rows shown when
    the page reads them apart; and, in the same rounds, the two signed-in pages of bench/urls.py that have no
    content of their own (what any page costs before its rows). Medians in ms; None when the page's queries are
    not found; checks that the floor's ids are the page's."""
    import psycopg
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    counting = override_settings(REGISTRY_FIGURES_KEPT_SECONDS=0)
    with counting, CaptureQueriesContext(connection) as captured:
        html = client.get(url, params).content.decode()
    table = '"entities_entity"'
    sqls = [q["sql"] for q in captured.captured_queries if f"FROM {table}" in q["sql"]]
    count = next((q for q in sqls if q.startswith("SELECT COUNT(")), None)
    page = next((q for q in sqls if q.startswith(f"SELECT {table}.") and " LIMIT " in q), None)
    if count is None or page is None:
        return None
    # The PS flags of the rows shown, read for the page's rows (entities.selectors.ps_flags_set): part of the rows.
    flags = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "entities_psstatus"')]
    settings = connection.settings_dict
    times: dict[str, list[float]] = {"ours": [], "counted": [], "floor": [], "nothing": [], "empty": []}
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None,
                         dbname=settings["NAME"], autocommit=True) as raw:
        ids = [row[0] for row in raw.execute(page).fetchall()]
        _body(client.get(url, params))
        for _ in range(repeat):
            started = time.perf_counter()
            _body(client.get(url, params))
            times["ours"].append((time.perf_counter() - started) * 1000)
            with counting:
                started = time.perf_counter()
                _body(client.get(url, params))
                times["counted"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            raw.execute(count).fetchone()
            raw.execute(page).fetchall()
            for statement in flags:
                raw.execute(statement).fetchall()
            times["floor"].append((time.perf_counter() - started) * 1000)
            # What every signed-in page costs before its content (bench/urls.py), in the same round.
            for fixed in ("nothing", "empty"):
                started = time.perf_counter()
                _body(client.get(f"/bench/{fixed}/"))
                times[fixed].append((time.perf_counter() - started) * 1000)
    shown = _page_ids(html)
    if ids != shown:
        raise SystemExit(f"The floor's rows are not the page's for {params}: {ids[:5]} / {shown[:5]}")
    return {**{name: statistics.median(values) for name, values in times.items()}, "rows": len(ids)}


def superuser():
    from accounts.models import User

    user = User.objects.filter(email="bench.admin@example.com").first()
    if user is None:
        user = User.objects.create_superuser(email="bench.admin@example.com", password=None)
    return user


def history_entity(changes: int):
    """An entity with ``changes`` recorded changes (created once, reused), including its area of activity."""
    from entities.models import Entity, Territory

    name = f"Fundacja „Historia {changes}” (benchmark)"
    entity = Entity.objects.filter(name=name).first()
    if entity is not None:
        return entity
    entity = Entity.objects.create(name=name, short_name=f"Historia {changes}")
    powiaty = list(Territory.objects.filter(level="powiat").order_by("code")[:3])
    for n in range(changes):
        entity.short_name = f"Historia {changes} / {n}"
        entity.save()
        if n % 5 == 0:
            entity.activity_area.set(powiaty[: n % 3 + 1])
    return entity


# Every paginated list page of the application besides the registry (measured at two page sizes).
LIST_PAGES = ("events:list", "events:public_list", "monitoring:campaigns", "monitoring:reports", "certification:list",
              "certification:register", "committee:list", "committee:meeting_list", "programmes:list",
              "entities:registry_tasks", "entities:catalogue", "accounts:registration_list",
              "opendata:bip_resolutions")


def extra_cases(client) -> list[dict]:
    """The sector dashboard and a drill-down, change histories of 10, 50 and 200 changes, the event with the most
    registrations, the campaign with the most respondents (those of bench/big_region.py when it was seeded), and
    the other list pages of the application."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from events.models import Event
    from monitoring.models import Campaign
    from programmes.models import ActionPlan

    repeat = max(5, REPEAT // 3)
    out = []
    pages = [("dashboard", reverse("monitoring:dashboard"), {}),
             ("drill-down: persons at risk employed", reverse("monitoring:figure",
                                                              args=["pes_employees_at_risk", 2025]), {})]
    for changes in (10, 50, 200):
        entity = history_entity(changes)
        pages.append((f"history, {changes} changes", reverse("core:history", args=["entities", "entity", entity.pk]),
                      {}))
    event = Event.objects.annotate(n=Count("registrations")).order_by("-n").first()
    if event is not None:
        pages.append((f"event page, {event.n} registrations", reverse("events:detail", args=[event.pk]), {}))
    campaign = Campaign.objects.annotate(n=Count("respondents")).order_by("-n").first()
    if campaign is not None:
        pages.append((f"campaign page, {campaign.n} respondents", reverse("monitoring:campaign", args=[campaign.pk]),
                      {}))
    # The paginated lists that belong to one object: an action plan's tasks (the plan with the most).
    plan = ActionPlan.objects.annotate(n=Count("tasks")).order_by("-n").first()
    if plan is not None:
        url = reverse("programmes:plan", args=[plan.pk])
        pages.append((f"list: programmes:plan ({plan.n} tasks)", url, {}))
        pages.append((f"list: programmes:plan ({plan.n} tasks), last page", url, {"page": "999999"}))
    for name in LIST_PAGES:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        # Page 1 (a full page) and the last page (fewer rows: Django's get_page answers the last page for a
        # number past the end): the same number of queries whatever the rows shown.
        pages.append((f"list: {name}", url, {}))
        pages.append((f"list: {name}, last page", url, {"page": "999999"}))
    for label, url, params in pages:
        try:
            out.append(measure(client, label, url, params, repeat))
        except AssertionError as exc:
            print(f"skipped {label}: {exc}")
    # The dashboard as it is the first time after a write: every registry-wide figure computed (entities/kept.py).
    from django.test import override_settings

    with override_settings(REGISTRY_FIGURES_KEPT_SECONDS=0):
        out.insert(1, measure(client, "dashboard, figures computed (after a write)", reverse("monitoring:dashboard"),
                              {}, repeat))
    return out


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from entities.models import Entity

    call_command("migrate", verbosity=0)
    seed(ENTITIES)
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"  # the application's URLs and the two empty pages of side_by_side
    client = Client()
    client.force_login(staff_user())
    list_url = reverse("entities:list")
    sample = Entity.objects.filter(nip__isnull=False).order_by("pk")[ENTITIES // 2]
    filtered = {"powiat": "0415", "group": "ngo"}
    cases = [
        ("list (page 1 of 50)", list_url, {}, REPEAT),
        ("list, page 1000", list_url, {"page": "1000"}, REPEAT),
        ("filtered: powiat + kind", list_url, filtered, REPEAT),
        ("filtered: PS now, active", list_url, {"ps": "true", "is_active": "true"}, REPEAT),
        ("search: one word", list_url, {"q": "Słoneczny"}, REPEAT),
        ("search: two words", list_url, {"q": "zielony razem"}, REPEAT),
        ("search: common word", list_url, {"q": "fundacja"}, REPEAT),
        ("search: NIP with dashes", list_url, {"q": f"{sample.nip[:3]}-{sample.nip[3:6]}-{sample.nip[6:]}"}, REPEAT),
        ("detail", reverse("entities:detail", args=[sample.pk]), {}, REPEAT),
        ("CSV export, filtered", list_url, {**filtered, "export": "csv"}, REPEAT),
        ("CSV export, whole registry", list_url, {"export": "csv"}, max(3, REPEAT // 10)),
    ]
    results = [measure(client, *case) for case in cases]
    # The same requests through the raw-SQL floor and the Django admin's changelist of the entities.
    admin = Client()
    admin.force_login(superuser())
    admin_url = reverse("admin:entities_entity_changelist")
    compared = {"list (page 1 of 50)": {}, "filtered: powiat + kind": None, "search: one word": {"q": "Słoneczny"},
                "search: two words": {"q": "zielony razem"},
                "search: NIP with dashes": {"q": cases[7][2]["q"].replace("-", "")}}

    for r in results:
        if r["label"] in compared:
            r["side"] = side_by_side(client, r["url"], r["params"], REPEAT)
            admin_params = compared[r["label"]]
            if admin_params is not None:
                r["admin"] = measure(admin, "admin " + r["label"], admin_url, admin_params, max(5, REPEAT // 3))
    extra = extra_cases(client)
    sizes = {size: measure(client, f"list, {size} per page", list_url, {"per_page": str(size)}, REPEAT)
             for size in (25, 100)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    count = Entity.objects.count()
    print()
    print(f"Registry benchmark: {count} entities, {REPEAT} requests per case, {date.today()}")  # noqa: DTZ011
    print(f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {version}")
    print()
    print(f"{'case':32} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'n':>4}")
    for r in results:
        print(f"{r['label']:32} {r['median_ms']:10.1f} {r['p95_ms']:9.1f} {r['queries']:8d} {r['repeat']:4d}")
    print()
    # Interleaved (side_by_side): "ours", the page as it is served while the registry has not changed (its count
    # kept, entities/kept.py); "counted", the same page counting its rows (the first request of a filter after a
    # write), as the floor does; the ratios of each to the floor.
    # "empty": the signed-in page with no content of its own (bench/urls.py) in the same rounds; "own/floor":
    # what the page costs beyond it, against the floor.
    print(f"{'registry page vs floor':32} {'ours ms':>10} {'counted':>8} {'floor ms':>9} {'ratio':>6} "
          f"{'counted':>8} {'empty ms':>9} {'own/floor':>10} {'admin ms':>9} {'admin q':>8}")
    for r in results:
        side = r.get("side")
        if side:
            admin = r.get("admin")
            print(f"{r['label']:32} {side['ours']:10.1f} {side['counted']:8.1f} {side['floor']:9.1f} "
                  f"{side['ours'] / side['floor']:6.1f} {side['counted'] / side['floor']:8.1f} "
                  f"{side['empty']:9.1f} {(side['ours'] - side['empty']) / side['floor']:10.1f} "
                  + (f"{admin['median_ms']:9.1f} {admin['queries']:8d}" if admin else f"{'—':>9} {'—':>8}"))
    sides = [r["side"] for r in results if r.get("side")]
    if sides:
        print("A signed-in request answering nothing (its session, user and access): "
              f"{statistics.median(s['nothing'] for s in sides):.1f} ms; the empty page (the base template and its "
              f"navigation): {statistics.median(s['empty'] for s in sides):.1f} ms (medians of the same rounds).")
    print()
    print(f"{'other pages':44} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'n':>4}")
    for r in extra:
        print(f"{r['label']:44} {r['median_ms']:10.1f} {r['p95_ms']:9.1f} {r['queries']:8d} {r['repeat']:4d}")
    print(f"Load average after the run: {_load()}")
    print()
    print("Queries per list request by page size: " + ", ".join(
        f"{size} rows → {r['queries']} queries ({r['median_ms']:.1f} ms)" for size, r in sizes.items()))
    checked = [r for r in results if r["label"].startswith(("list (", "search: one", "search: two"))]
    missed = [r["label"] for r in checked if r["median_ms"] >= TARGET_MS]
    print(f"Target: list and search under {TARGET_MS} ms median: " + ("met" if not missed else f"MISSED {missed}"))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"entities": count, "repeat": REPEAT, "postgres": version,
                                                 "machine": platform.platform(), "cpus": os.cpu_count(),
                                                 "results": results, "page_sizes": sizes,
                                                 "other_pages": extra, "load": _load()}, indent=2, default=str))
    by_list = {r["label"].removesuffix(", last page"): r["queries"] for r in extra
               if r["label"].startswith("list: ") and not r["label"].endswith(", last page")}
    grown = [r["label"] for r in extra if r["label"].endswith(", last page")
             and by_list.get(r["label"].removesuffix(", last page")) != r["queries"]]
    if sizes[25]["queries"] != sizes[100]["queries"] or grown:
        raise SystemExit(f"The number of queries depends on the rows shown: {grown or 'the registry'}.")


if __name__ == "__main__":
    main()
