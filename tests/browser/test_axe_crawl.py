"""axe-core over every page the demo reaches, for each role: log in, crawl the same-origin links from the home
page (one page per URL pattern, bounded), run axe on each and fail on any critical or serious violation.

axe-core comes with `axe-playwright-python` (requirements/test.txt); nothing is fetched at run time."""

import pytest

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

from .crawl import crawl, seed_demo
from .test_certification_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"critical", "serious"}


def test_no_critical_or_serious_axe_violation_on_any_page_of_any_role(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    seed_demo()
    axe = Axe()

    def check(page):
        results = axe.run(page, options={"resultTypes": ["violations"]})
        return [
            f"{v['id']} ({v['impact']}) " + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in BLOCKING
        ]

    origin = live_server.url
    report, pages, seen = [], {}, set()
    for demo_user in DEMO_USERS:
        login(page, demo_user.email, DEMO_PASSWORD)
        visited, problems = crawl(page, origin, check, seen)
        pages[demo_user.key] = visited
        report += [f"[{demo_user.key}] {problem}" for problem in problems]
    # Anonymous visitors: the public pages (registration, statement, open data).
    page.context.clear_cookies()
    visited, problems = crawl(page, origin, check, seen, start="/konto/logowanie/")
    pages["anonymous"] = visited
    report += [f"[anonymous] {problem}" for problem in problems]
    counts = {role: len(visited) for role, visited in pages.items()}
    print(counts, pages)  # what was checked, shown with -s
    assert not report, "\n".join(report + [str(counts)])
    assert all(count > 0 for count in counts.values()), pages
    assert sum(counts.values()) > 40, pages
