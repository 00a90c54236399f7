"""axe-core over every page the demo reaches, for each role: log in, crawl the same-origin links from the home
page (one page per URL pattern, bounded), run axe on each and fail on any critical or serious violation.

axe-core comes with `axe-playwright-python` (requirements/test.txt); nothing is fetched at run time."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from core.demo import DEMO_PASSWORD, DEMO_USERS

from .test_certification_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES_PER_ROLE = 60
# Not pages: files, feeds, the API, the admin (its own test), and what ends the session.
SKIP = re.compile(
    r"(/wyloguj|/logout|/admin/|/api/|/i18n/|\.(pdf|csv|json|xlsx|yaml|ics|xml|zip|rdf|ttl)$|/pdf/$|/pobierz/"
    r"|/pliki/\d+/|/dokumenty/\d+/|/zalaczniki/\d+/|/wersje/\d+/|/healthz|/static/|/media/)"
)
BLOCKING = {"critical", "serious"}


def pattern_of(path: str) -> str:
    """One page per URL shape: /komitet/posiedzenia/3/ and /komitet/posiedzenia/4/ are the same template."""
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "UUID", path))


def same_origin_links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        href, _ = urldefrag(href)
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        found.append(parts.path)  # the query (filters, pages) gives no new template
    return found


def crawl(page, origin: str, axe, seen: set[str], start: str = "/") -> tuple[list[str], list[str]]:
    """Breadth-first from ``start``; ``seen`` (URL shapes already checked, shared by the roles) keeps the crawl
    to one page per template: each role checks its home page and what the roles before it did not reach."""
    queue, queued, visited, problems = [start], {pattern_of(start)}, [], []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        response = page.goto(path)
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = pattern_of(urlsplit(page.url).path)
        if response.status >= 400 or (landed in seen and path != start):
            continue  # refused, or sent on to a page already checked (the login page)
        seen.add(landed)
        visited.append(path)
        results = axe.run(page, options={"resultTypes": ["violations"]})
        for violation in results.response["violations"]:
            if violation["impact"] in BLOCKING:
                targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
        for link in same_origin_links(page, origin):
            if pattern_of(link) not in seen and pattern_of(link) not in queued:
                queued.add(pattern_of(link))
                queue.append(link)
    return visited, problems


def test_no_critical_or_serious_axe_violation_on_any_page_of_any_role(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    with override_settings(DEBUG=True):
        call_command("seed_demo", quiet_logins=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    axe = Axe()
    origin = live_server.url
    report, pages, seen = [], {}, set()
    for demo_user in DEMO_USERS:
        login(page, demo_user.email, DEMO_PASSWORD)
        visited, problems = crawl(page, origin, axe, seen)
        pages[demo_user.key] = visited
        report += [f"[{demo_user.key}] {problem}" for problem in problems]
    # Anonymous visitors: the public pages (registration, statement, open data).
    page.context.clear_cookies()
    visited, problems = crawl(page, origin, axe, seen, start="/konto/logowanie/")
    pages["anonymous"] = visited
    report += [f"[anonymous] {problem}" for problem in problems]
    counts = {role: len(visited) for role, visited in pages.items()}
    print(counts, pages)  # what was checked, shown with -s
    assert not report, "\n".join(report + [str(counts)])
    assert all(count > 0 for count in counts.values()), pages
    assert sum(counts.values()) > 40, pages
