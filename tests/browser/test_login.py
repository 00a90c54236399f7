import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_reaches_the_dashboard(page, staff):
    page.goto("/")
    # The public entrance, with the way in for staff and members.
    page.get_by_role("link", name="Zaloguj się (pracownicy, członkowie komitetu, PES)").click()
    assert "/konto/logowanie/" in page.url
    page.get_by_label("Adres e-mail").fill(staff.email)
    page.get_by_label("Hasło").fill("test-password-123")
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/moje-sprawy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Moje sprawy"
    assert page.get_by_role("navigation", name="Nawigacja główna").is_visible()
    # The skip link is the first stop of the keyboard and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Przejdź do treści głównej"
