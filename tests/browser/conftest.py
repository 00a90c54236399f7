import os

import pytest

from tests.browser_support import CHROMIUM_ARGS, chromium_path


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("No system Chromium (apt-get install chromium chromium-driver): browser tests skipped.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _territories(request):
    """Browser tests run in transactions that are flushed afterwards, which empties the TERC units a migration
    loaded; put them back for each test that uses the database (the one rule in the root conftest)."""
    if "django_db" not in request.keywords:
        return
    request.getfixturevalue("transactional_db")
    from conftest import restore_reference_data

    restore_reference_data()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    page = context.new_page()
    yield page
    context.close()
