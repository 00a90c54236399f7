"""Reflow at 320 CSS px (WCAG 1.4.10, what 200-400 % zoom gives): no page of the demo scrolls sideways as a
whole; wide tables scroll inside their own .table-responsive box, buttons and selects wrap or shrink."""

import pytest

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

from .crawl import crawl, seed_demo
from .test_certification_journey import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.right > root.clientWidth + 1 && !el.closest('.table-responsive, .visually-hidden');
  }).slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
  return `${root.scrollWidth} > ${root.clientWidth}: ${wide.join(' | ')}`;
}"""


def test_no_page_scrolls_sideways_at_320_px(browser, live_server):
    seed_demo()
    context = browser.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 320, "height": 640})
    page = context.new_page()

    def check(page):
        overflow = page.evaluate(OVERFLOW)
        return [overflow] if overflow else []

    report, seen = [], set()
    for demo_user in DEMO_USERS:
        login(page, demo_user.email, DEMO_PASSWORD)
        report += [f"[{demo_user.key}] {p}" for p in crawl(page, live_server.url, check, seen, limit=80)[1]]
    context.clear_cookies()
    report += [f"[anonymous] {p}" for p in crawl(page, live_server.url, check, seen, start="/konto/logowanie/")[1]]
    context.close()
    assert len(seen) > 40
    assert not report, "\n".join(report)
