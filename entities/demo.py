"""About 200 fictional entities across the powiaty of the voivodeship, every legal form, valid identifiers
(generated check digits, no real organisations or persons), OWES for the subregions and JST cooperation."""

import random
from datetime import date, timedelta

from django.conf import settings

from .identifiers import fake_nip, fake_regon, local_regon
from .models import (
    AtRiskCategory,
    Contact,
    Entity,
    JstCooperation,
    LegalForm,
    Owes,
    Product,
    PsStatus,
    Representation,
    Territory,
    YearlyFigures,
)

NAMES = ["Razem", "Nadzieja", "Dobry Start", "Wspólna Sprawa", "Pod Dębem", "Kujawianka", "Zielony Zakątek",
         "Pomocna Dłoń", "Nowe Horyzonty", "Tęcza", "Przystań", "Słoneczko", "Krok Dalej", "Wiślana",
         "Perspektywa", "Promyk", "Dolina Drwęcy", "Most", "Szansa", "Kłos", "Pracownia Marzeń", "Sosna",
         "Bursztyn", "Zdrój", "Koniczyna", "Integracja", "Ogniwo", "Klucz", "Lipa", "Jutrzenka"]
PREFIX = {
    LegalForm.SOCIAL_COOPERATIVE: "Spółdzielnia Socjalna", LegalForm.WORK_COOPERATIVE: "Spółdzielnia Pracy",
    LegalForm.DISABLED_COOPERATIVE: "Spółdzielnia Inwalidów", LegalForm.BLIND_COOPERATIVE: "Spółdzielnia Niewidomych",
    LegalForm.AGRICULTURAL_COOPERATIVE: "Rolnicza Spółdzielnia Produkcyjna", LegalForm.FOUNDATION: "Fundacja",
    LegalForm.ASSOCIATION: "Stowarzyszenie", LegalForm.ORDINARY_ASSOCIATION: "Stowarzyszenie zwykłe",
    LegalForm.ASSOCIATION_UNION: "Związek Stowarzyszeń", LegalForm.RURAL_HOUSEWIVES: "Koło Gospodyń Wiejskich",
    LegalForm.FIRE_BRIGADE: "Ochotnicza Straż Pożarna", LegalForm.CHURCH_ENTITY: "Caritas Parafii",
    LegalForm.JST_ASSOCIATION: "Związek Gmin", LegalForm.NON_PROFIT_COMPANY: "Społeczna Spółka z o.o.",
    LegalForm.NON_PROFIT_SPORTS_CLUB: "Klub Sportowy", LegalForm.OTHER_NGO: "Fundacja Rozwoju",
    LegalForm.CIS: "Centrum Integracji Społecznej", LegalForm.KIS: "Klub Integracji Społecznej",
    LegalForm.WTZ: "Warsztat Terapii Zajęciowej", LegalForm.ZAZ: "Zakład Aktywności Zawodowej",
}
# How many of each legal form (about 200 in all): the sector is mostly NGOs, then cooperatives and units.
COUNTS = {LegalForm.FOUNDATION: 40, LegalForm.ASSOCIATION: 45, LegalForm.SOCIAL_COOPERATIVE: 30,
          LegalForm.RURAL_HOUSEWIVES: 12, LegalForm.CIS: 8, LegalForm.KIS: 8, LegalForm.WTZ: 12, LegalForm.ZAZ: 4}
CATEGORIES = [("product", "rękodzieło"), ("product", "żywność"), ("service", "gastronomia"),
              ("service", "usługi porządkowe"), ("service", "usługi opiekuńcze"), ("product", "krawiectwo"),
              ("service", "remonty i budownictwo"), ("service", "turystyka")]
PRODUCT_NAMES = {"rękodzieło": "Ceramika i rękodzieło", "żywność": "Przetwory i wypieki",
                 "gastronomia": "Catering i obsługa wydarzeń", "usługi porządkowe": "Sprzątanie i utrzymanie zieleni",
                 "usługi opiekuńcze": "Opieka wytchnieniowa", "krawiectwo": "Szycie i naprawa odzieży",
                 "remonty i budownictwo": "Drobne remonty", "turystyka": "Zagroda edukacyjna"}
# The subregions the OWES serve (powiat codes of kujawsko-pomorskie).
SUBREGIONS = {
    "Bydgoski OWES": ["0461", "0403", "0409", "0410", "0413", "0419"],
    "Toruński OWES": ["0463", "0415", "0406", "0417", "0402", "0416"],
    "Włocławski OWES": ["0464", "0418", "0408", "0411", "0401", "0412"],
    "Grudziądzki OWES": ["0462", "0405", "0404", "0414", "0407"],
}


def _krs(n: int) -> str:
    return f"{1000000 + n:010d}"


def seed(*, cast, stdout) -> None:
    rng = random.Random(204)  # noqa: S311 - reproducible fictional data
    voivodeship = settings.ROPS_VOIVODESHIP_CODE
    gminy = list(Territory.objects.seats().filter(code__startswith=voivodeship).select_related("parent"))
    jst_gminy = gminy[:16]
    forms = [form for form, count in COUNTS.items() for _ in range(count)]
    others = [f for f in PREFIX if f not in COUNTS]
    forms += others + others  # every other legal form appears twice
    entities: list[Entity] = []
    used_nips: set[str] = set()
    today = date.today()  # noqa: DTZ011 - a calendar date for fictional records
    for n, form in enumerate(forms):
        nip = fake_nip(rng)
        while nip in used_nips:
            nip = fake_nip(rng)
        used_nips.add(nip)
        gmina = rng.choice(gminy)
        # the seat after a dash: "w" would need the locative ("w Toruniu"), which the TERYT names do not give
        name = f"{PREFIX[form]} „{NAMES[n % len(NAMES)]}” – {gmina.name}" if n >= len(NAMES) else \
            f"{PREFIX[form]} „{NAMES[n]}”"
        unit = form in {LegalForm.CIS, LegalForm.KIS, LegalForm.WTZ, LegalForm.ZAZ}
        entities.append(Entity(
            name=name, short_name=f"{PREFIX[form].split()[0]} {NAMES[n % len(NAMES)]}", legal_form=form,
            nip=None if unit else nip, regon=fake_regon(rng), krs=None if unit or form in {
                LegalForm.ORDINARY_ASSOCIATION, LegalForm.RURAL_HOUSEWIVES} else _krs(n),
            seat=gmina, address=f"ul. Przykładowa {n + 1}", postal_code=f"8{rng.randint(5, 9)}-{rng.randint(100, 999)}",
            email=f"biuro{n}@pes.example.pl", website=f"https://pes{n}.example.pl",
            description="Podmiot ekonomii społecznej działający na rzecz społeczności lokalnej.",
            registered_on=today - timedelta(days=rng.randint(120, 5000)),
        ))
    # The demo PES user's social cooperative keeps a recognisable name.
    entities[60].name = "Spółdzielnia Socjalna „Razem” w Toruniu"
    entities[60].short_name = "SS Razem"
    entities[60].legal_form = LegalForm.SOCIAL_COOPERATIVE
    entities[60].seat = Territory.objects.get(code="0463011")
    jst = [Entity(name=f"Gmina {g.name}" if g.code[-1] != "1" else f"Miasto {g.name}",
                  legal_form=LegalForm.LOCAL_GOVERNMENT, nip=fake_nip(rng), regon=fake_regon(rng), seat=g,
                  email=f"urzad{g.code}@gmina.example.pl") for g in jst_gminy]
    Entity.objects.bulk_create(entities + jst)
    entities = list(Entity.objects.exclude(legal_form=LegalForm.LOCAL_GOVERNMENT).order_by("pk"))
    jst = list(Entity.objects.filter(legal_form=LegalForm.LOCAL_GOVERNMENT).order_by("pk"))
    # Reintegration units are run by founding entities (associations, foundations, gminy).
    founders = [e for e in entities if e.legal_form in {LegalForm.ASSOCIATION, LegalForm.FOUNDATION}]
    # Each has the 14-digit REGON of a local unit of its founder, which an import finds it by.
    for number, unit in enumerate((e for e in entities if e.is_reintegration_unit), start=1):
        unit.parent = rng.choice(founders + jst)
        unit.regon = local_regon(unit.parent.regon, number)
        unit.save(update_fields=["parent", "regon"])
    coop = next(e for e in entities if e.short_name == "SS Razem")
    Representation.objects.create(user=cast["pes"], entity=coop)
    Contact.objects.create(entity=coop, name="Jan Spółdzielczy", role="prezes zarządu",
                           email="pes@rops.example.pl", is_public=True)
    # Products, figures, PS statuses.
    products, figures, statuses = [], [], []
    for e in entities:
        for kind, category in rng.sample(CATEGORIES, k=rng.randint(1, 2)):
            products.append(Product(entity=e, kind=kind, category=category, name=PRODUCT_NAMES[category],
                                    description="Wytwarzane i świadczone lokalnie."))
        for year in (today.year - 2, today.year - 1):
            total = rng.randint(2, 40)
            at_risk = {AtRiskCategory.LONG_TERM_UNEMPLOYED: rng.randint(0, total // 3),
                       AtRiskCategory.DISABLED: rng.randint(0, total // 3)}
            figures.append(YearlyFigures(entity=e, year=year, employees_total=total,
                                         at_risk={k.value: v for k, v in at_risk.items()}))
        if e.legal_form in {LegalForm.SOCIAL_COOPERATIVE, LegalForm.FOUNDATION} and rng.random() < 0.5:
            statuses.append(PsStatus(entity=e, kind=PsStatus.Kind.STATUTORY,
                                     ps_type=rng.choice(PsStatus.Type.values),
                                     decision_number=f"WPS-II.{rng.randint(100, 999)}.{today.year - 1}",
                                     granted_on=today - timedelta(days=rng.randint(30, 700))))
    Product.objects.bulk_create(products)
    YearlyFigures.objects.bulk_create(figures)
    PsStatus.objects.bulk_create(statuses)
    # A few legacy statuses, one of them expired.
    for e, valid in zip(entities[100:104], [365, 200, 30, -40], strict=True):
        PsStatus.objects.create(entity=e, kind=PsStatus.Kind.LEGACY, granted_on=today - timedelta(days=900),
                                valid_until=today + timedelta(days=valid))
    # OWES for the four subregions, run by associations.
    operators = [e for e in entities if e.legal_form == LegalForm.ASSOCIATION][:4]
    for operator, (name, powiaty) in zip(operators, SUBREGIONS.items(), strict=True):
        # Accredited three years ago until the end of next year, whenever the demo is loaded.
        owes = Owes.objects.create(operator=operator, name=name, accredited_on=date(today.year - 3, 8, 1),
                                   accreditation_number=f"OWES/{rng.randint(10, 99)}/{today.year - 3}",
                                   accredited_until=date(today.year + 1, 12, 31))
        owes.subregion.set(powiaty)
    # JST cooperation records.
    for g in jst:
        for year in (today.year - 2, today.year - 1):
            kind = rng.choice(JstCooperation.Kind.values)
            record = JstCooperation.objects.create(jst=g, year=year, kind=kind,
                                                   value=rng.randint(5, 400) * 1000,
                                                   description="Współpraca z lokalnymi PES.")
            record.counterparts.set(rng.sample(entities, k=2))
    stdout.write(f"  entities: {Entity.objects.count()} entities, {Owes.objects.count()} OWES")
