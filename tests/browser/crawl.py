"""Crawling the pages the demo reaches: same-origin links, one page per URL shape, bounded, no files."""

import re
from urllib.parse import urldefrag, urlsplit

from django.core.management import call_command
from django.test.utils import override_settings
from playwright.sync_api import Error as PlaywrightError


def seed_demo():
    with override_settings(DEBUG=True), open("/dev/null", "w") as quiet:
        call_command("seed_demo", quiet_logins=True, stdout=quiet)


MAX_PAGES_PER_ROLE = 60
# Not pages: files, feeds, the API, the admin (its own test), and what ends the session.
SKIP = re.compile(
    r"(/wyloguj|/logout|/admin/|/api/|/i18n/|\.(pdf|csv|json|xlsx|yaml|ics|xml|zip|rdf|ttl)$|/pdf/$|/pobierz/"
    r"|/pliki/\d+/|/dokumenty/\d+/|/zalaczniki/\d+/|/wersje/\d+/|/healthz|/static/|/media/)"
)


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


def crawl(
    page, origin: str, check, seen: set[str], start: str = "/", limit: int = MAX_PAGES_PER_ROLE,
) -> tuple[list[str], list[str]]:
    """Breadth-first from ``start``; ``seen`` (URL shapes already checked, shared by the roles) keeps the crawl
    to one page per template: each role checks its home page and what the roles before it did not reach."""
    queue, queued, visited, problems = [start], {pattern_of(start)}, [], []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        try:
            response = page.goto(path)
        except PlaywrightError as exc:  # a file (a download), not a page
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = pattern_of(urlsplit(page.url).path)
        if response.status >= 400 or (landed in seen and path != start):
            continue  # refused, or sent on to a page already checked (the login page)
        seen.add(landed)
        visited.append(path)
        problems += [f"{path}: {problem}" for problem in check(page)]
        for link in same_origin_links(page, origin):
            if pattern_of(link) not in seen and pattern_of(link) not in queued:
                queued.add(pattern_of(link))
                queue.append(link)
    return visited, problems
