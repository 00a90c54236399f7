"""The registers' legal forms mapped to the statutory legal forms of the registry (``LegalForm``, domain.md §1.1).

The KRS gives the form as text ("FUNDACJA", "STOWARZYSZENIE", "SPÓŁDZIELNIA", ...); BIR as the "szczególna forma
prawna" (symbol and name). Neither tells a social cooperative from a work cooperative, nor a non-profit company
from another company, so the name refines the suggestion, and ``compatible_forms`` lists every registry form a
register's form allows: a stored form among them is not shown as a difference.
"""

import re
import unicodedata

from ..models import REINTEGRATION_UNITS, LegalForm

# The register's form (normalised text) -> the registry forms it allows; the first is the plain suggestion.
FORM_GROUPS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("FUNDACJA", "FUNDACJE"), (LegalForm.FOUNDATION, LegalForm.OTHER_NGO)),
    (("ZWIAZEK STOWARZYSZEN", "ZWIAZKI STOWARZYSZEN"), (LegalForm.ASSOCIATION_UNION,)),
    (("STOWARZYSZENIE JEDNOSTEK SAMORZADU TERYTORIALNEGO", "ZWIAZEK GMIN", "ZWIAZKI GMIN",
      "ZWIAZEK POWIATOW", "ZWIAZKI POWIATOW"), (LegalForm.JST_ASSOCIATION,)),
    (("STOWARZYSZENIE KULTURY FIZYCZNEJ", "STOWARZYSZENIA KULTURY FIZYCZNEJ", "KLUB SPORTOWY", "ZWIAZEK SPORTOWY"),
     (LegalForm.NON_PROFIT_SPORTS_CLUB, LegalForm.ASSOCIATION)),
    (("STOWARZYSZENIE ZWYKLE", "STOWARZYSZENIA ZWYKLE"), (LegalForm.ORDINARY_ASSOCIATION,)),
    (("STOWARZYSZENIE", "STOWARZYSZENIA"), (LegalForm.ASSOCIATION, LegalForm.FIRE_BRIGADE,
                                             LegalForm.NON_PROFIT_SPORTS_CLUB, LegalForm.OTHER_NGO)),
    (("KOLO GOSPODYN WIEJSKICH", "KOLA GOSPODYN WIEJSKICH"), (LegalForm.RURAL_HOUSEWIVES,)),
    (("SPOLDZIELNIA SOCJALNA", "SPOLDZIELNIE SOCJALNE"), (LegalForm.SOCIAL_COOPERATIVE,)),
    (("SPOLDZIELNIA", "SPOLDZIELNIE"), (LegalForm.WORK_COOPERATIVE, LegalForm.SOCIAL_COOPERATIVE,
                                         LegalForm.DISABLED_COOPERATIVE, LegalForm.BLIND_COOPERATIVE,
                                         LegalForm.AGRICULTURAL_COOPERATIVE, LegalForm.OTHER)),
    (("SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA", "SPOLKI Z OGRANICZONA ODPOWIEDZIALNOSCIA", "SPOLKA AKCYJNA",
      "SPOLKI AKCYJNE", "PROSTA SPOLKA AKCYJNA", "PROSTE SPOLKI AKCYJNE"),
     (LegalForm.COMPANY, LegalForm.NON_PROFIT_COMPANY)),
    (("KOSCIELNA OSOBA PRAWNA", "KOSCIELNE OSOBY PRAWNE", "KOSCIOLY I ZWIAZKI WYZNANIOWE"),
     (LegalForm.CHURCH_ENTITY,)),
    (("GMINA", "GMINY", "POWIAT", "POWIATY", "SAMORZAD WOJEWODZTWA", "SAMORZADY WOJEWODZTW", "WOJEWODZTWO"),
     (LegalForm.LOCAL_GOVERNMENT,)),
    (("JEDNOSTKA BUDZETOWA", "JEDNOSTKI BUDZETOWE", "SAMORZADOWY ZAKLAD BUDZETOWY", "SAMORZADOWE ZAKLADY BUDZETOWE",
      "SAMODZIELNY PUBLICZNY ZAKLAD OPIEKI ZDROWOTNEJ", "SAMODZIELNE PUBLICZNE ZAKLADY OPIEKI ZDROWOTNEJ",
      "INSTYTUCJA KULTURY", "INSTYTUCJE KULTURY"), (LegalForm.PUBLIC_INSTITUTION,)),
]

# Words in a name that say which form it is (checked on the normalised name).
NAME_HINTS: list[tuple[str, str]] = [
    ("CENTRUM INTEGRACJI SPOLECZNEJ", LegalForm.CIS),
    ("KLUB INTEGRACJI SPOLECZNEJ", LegalForm.KIS),
    ("WARSZTAT TERAPII ZAJECIOWEJ", LegalForm.WTZ),
    ("WARSZTATY TERAPII ZAJECIOWEJ", LegalForm.WTZ),
    ("ZAKLAD AKTYWNOSCI ZAWODOWEJ", LegalForm.ZAZ),
    ("SPOLDZIELNIA SOCJALNA", LegalForm.SOCIAL_COOPERATIVE),
    ("SPOLDZIELNIA INWALIDOW", LegalForm.DISABLED_COOPERATIVE),
    ("SPOLDZIELNIA NIEWIDOMYCH", LegalForm.BLIND_COOPERATIVE),
    ("PRODUKCJI ROLNEJ", LegalForm.AGRICULTURAL_COOPERATIVE),
    ("ROLNICZA SPOLDZIELNIA PRODUKCYJNA", LegalForm.AGRICULTURAL_COOPERATIVE),
    ("SPOLDZIELNIA PRACY", LegalForm.WORK_COOPERATIVE),
    ("OCHOTNICZA STRAZ POZARNA", LegalForm.FIRE_BRIGADE),
    ("NON PROFIT", LegalForm.NON_PROFIT_COMPANY),
    ("NON-PROFIT", LegalForm.NON_PROFIT_COMPANY),
    ("KLUB SPORTOWY", LegalForm.NON_PROFIT_SPORTS_CLUB),
    ("KOLO GOSPODYN WIEJSKICH", LegalForm.RURAL_HOUSEWIVES),
]


def normalise(text: str) -> str:
    """Upper case without diacritics, quotes or repeated spaces: "Fundacja „Dobry Start”" -> "FUNDACJA DOBRY START"."""
    text = unicodedata.normalize("NFKD", (text or "").replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\"'„”“«»‚‘’]", "", text.upper())
    return re.sub(r"\s+", " ", text).strip()


def compatible_forms(register_form: str, *, unit: bool = False) -> tuple[str, ...]:
    """Every registry legal form the register's form allows (empty when the register's form is unknown to us)."""
    if unit:
        return tuple(REINTEGRATION_UNITS)
    text = normalise(register_form)
    for names, forms in FORM_GROUPS:
        if text in names:
            return forms
    return ()


def suggest_form(register_form: str, name: str, *, unit: bool = False) -> str:
    """The registry legal form to propose, or "" when the register's form is not one we can map."""
    allowed = compatible_forms(register_form, unit=unit)
    normalised_name = normalise(name)
    for hint, form in NAME_HINTS:
        if hint in normalised_name and (not allowed or form in allowed):
            return form
    return allowed[0] if allowed else ""
