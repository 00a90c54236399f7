"""Polish a native reader accepts, over the pages the demo reaches for each role: no known English words, no
English msgid left untranslated, no number followed by a unit in the wrong plural form ("5 wnioski", "1 osób"),
no count with decimals ("400,00 osoby"), no nested parentheses ("Komitet (Regionalny Komitet … (RKRES))")."""

import functools
import html as html_lib
import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from accounts.demo import DEMO_USERS
from accounts.models import User

pytestmark = pytest.mark.django_db

# unit: (one, few, many); the form after 1, after 2-4 (not 12-14), after the rest.
UNITS = {
    "wniosek": ("wniosek", "wnioski", "wniosków"), "osoba": ("osoba", "osoby", "osób"),
    "podmiot": ("podmiot", "podmioty", "podmiotów"), "miejsce": ("miejsce", "miejsca", "miejsc"),
    "uczestnik": ("uczestnik", "uczestników", "uczestników"), "głos": ("głos", "głosy", "głosów"),
    "członek": ("członek", "członków", "członków"), "błąd": ("błąd", "błędy", "błędów"),
    "pytanie": ("pytanie", "pytania", "pytań"), "odpowiedź": ("odpowiedź", "odpowiedzi", "odpowiedzi"),
    "zadanie": ("zadanie", "zadania", "zadań"), "wydarzenie": ("wydarzenie", "wydarzenia", "wydarzeń"),
}
UNITS["uczestnik"] = ("uczestnik", "uczestników", "uczestników")  # "2 uczestników" is the genitive count form
FORMS = {form: unit for unit, forms in UNITS.items() for form in forms}
NUMBER_UNIT = re.compile(r"(?<![\d,.])(\d{1,3}(?:[  ]\d{3})*|\d+)(,\d+)? (" + "|".join(sorted(FORMS, key=len,
                         reverse=True)) + r")\b")
ENGLISH = re.compile(r"\b(Survey|None|True|False|Unknown|Submit|Yes|No|Save|Cancel|Delete|Edit|the|of|and|Draft"
                     r"|Submitted|Download|Search|Back|Next|Previous|Please|Error|Loading|Close|Closed|Add|Remove"
                     r"|Show|Hide|Name|Date|Home|Login|Password|Required|Optional|Total|Vote|Present|Passed|Failed)\b")
# The one percentage style is "41,3%" (core.computations.percent_text): no decimal point, no space before the sign.
# Read in the text with its cells apart (a cell "2024" beside a header "% celu" is not a percentage).
WRONG_PERCENT = re.compile(r"(?<![\d.,])\d+(?:[.]\d+[ \xa0]?%|[ \xa0]%)")
ROOT = Path(__file__).resolve().parent.parent
GROUP_SPAN = 160  # a "(" left open longer than this is a truncated text, not a group
SKIP = re.compile(r"(/wyloguj|/logout|/admin/|/api/|/i18n/|\.(pdf|csv|json|xlsx|yaml|ics|xml|zip|rdf|ttl)$|/pdf/$"
                  r"|/pobierz/|/wzor/|/pliki/\d+/|/dokumenty/\d+/|/zalaczniki/\d+/|/wersje/\d+/|/healthz|/static/)")


def plural_form(n: int) -> int:
    if n == 1:
        return 0
    return 1 if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else 2


def text_of(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|code|pre)\b.*?</\1>", " ", page)
    page = re.sub(r'(?s)<[^>]*\blang="en"[^>]*>.*?</[^>]+>', " ", page)  # the language switcher
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


@functools.cache
def english_msgids() -> frozenset[str]:
    """Messages of three words or more that Polish translates: seen verbatim on a page, they went untranslated
    (a `_()` inside an f-string, a string never marked, a catalogue of the wrong app)."""
    found = set()
    for po_path in ROOT.glob("**/locale/pl/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        found |= {e.msgid for e in polib.pofile(str(po_path)) if e.msgstr and e.msgstr != e.msgid
                  and len(e.msgid.split()) >= 3 and not re.search(r"[%{<]", e.msgid)}
    return frozenset(found)


def nested_parentheses(text: str) -> list[str]:
    found, opened = [], []
    for i, char in enumerate(text):
        if opened and i - opened[0] > GROUP_SPAN:
            opened = []
        if char == "(":
            opened.append(i)
            if len(opened) == 2:
                found.append(text[max(0, opened[0] - 30):i + 40])
        elif char == ")" and opened:
            opened.pop()
    return found


def problems_of(text: str, msgids: frozenset[str] = frozenset()) -> list[str]:
    found = []
    flat = re.sub(r"\s+", " ", text)  # for the phrase checks; the count check keeps cells apart
    for match in NUMBER_UNIT.finditer(text):
        number, decimals, word = match.groups()
        if decimals:
            found.append(f"a count with decimals: {match.group(0)!r}")
            continue
        n = int(re.sub(r"\D", "", number))
        expected = UNITS[FORMS[word]][plural_form(n)]
        if word != expected:
            found.append(f"{match.group(0)!r} should be {number} {expected}")
    found += [f"English: {m.group(0)!r} in …{text[max(0, m.start() - 40):m.end() + 20]!r}…"
              for m in ENGLISH.finditer(text)]
    found += [f"nested parentheses: …{snippet!r}…" for snippet in nested_parentheses(flat)]
    found += [f"a percentage not in the style 41,3%: {m.group(0)!r}" for m in WRONG_PERCENT.finditer(text)]
    found += [f"untranslated: {msgid!r}" for msgid in msgids if msgid in flat]
    return found


def test_the_checks_catch_what_they_should():
    assert problems_of("5 wnioski")
    assert problems_of("2 wniosków")
    assert problems_of("1 osób")
    assert problems_of("400,00 osoby")
    assert problems_of("Mapa: Survey")
    assert problems_of("udział 41.3%")
    assert problems_of("kworum 50 %")
    assert not problems_of("udział 41,3%, 50%")
    assert problems_of("Rada (Regionalny Komitet Rozwoju Ekonomii Społecznej (RKRES))")
    assert problems_of("Fundacja Razem (Podmiot ekonomii społecznej (PES), 7)")
    assert problems_of("Ankieta: Opinion of the Committee", frozenset({"Opinion of the Committee"}))
    assert not problems_of("1 wniosek, 2 wnioski, 5 wniosków, 22 osoby, 12 osób, 3 846 osób, 29 miejsc")
    assert not problems_of("Komitet – Regionalny Komitet Rozwoju Ekonomii Społecznej (RKRES), zob. (1) i (2)")
    assert not problems_of("Działania (np. targi " + "x" * GROUP_SPAN + " (RKRES)")  # a truncated text


def test_polish_pages_of_the_demo_read_as_polish(client):
    with override_settings(DEBUG=True), open("/dev/null", "w") as quiet:
        call_command("seed_demo", quiet_logins=True, stdout=quiet)
    report, seen = [], set()
    for demo_user in DEMO_USERS:
        client.force_login(User.objects.get(email=demo_user.email))
        queue, checked = ["/"], 0
        while queue and checked < 60:
            path = queue.pop(0)
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            checked += 1
            page = response.content.decode()
            report += [f"[{demo_user.key}] {path}: {p}" for p in problems_of(text_of(page), english_msgids())]
            for href in re.findall(r'href="(/[^"]*)"', page):
                href = urlsplit(urldefrag(html_lib.unescape(href))[0]).path
                shape = re.sub(r"/\d+(?=/|$)", "/N", href)
                if not SKIP.search(href) and shape not in seen:
                    seen.add(shape)
                    queue.append(href)
        client.logout()
    assert len(seen) > 40
    assert not report, "\n".join(sorted(set(report)))
