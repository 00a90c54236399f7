"""Programme import and export in the shape of ``programmes/data/kp-programme.yaml`` (docs/programme-format.md).

``programme_parse`` checks a whole document first and reports every problem with its path
(``priorities[2].specific_goals[0].number``); ``programmes.services.programme_import`` writes nothing unless
it is clean.
``programme_to_data`` rebuilds the same structure, so exporting an imported programme gives it back.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from .models import Indicator, Programme

LIMITS = {"name": 300, "priority": 500, "goal": 500, "indicator": 500, "unit": 50, "body": 300}
# A programme file is a few dozen kilobytes and a few thousand nodes; these bounds keep a hostile file (a "billion
# laughs" of aliases, a huge document) from costing the server more than a moment.
MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 50_000


class _RefusedYaml(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader without anchors and aliases (a programme never needs them, a YAML bomb always does) and
    with a cap on the number of nodes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _RefusedYaml("alias")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _RefusedYaml("anchor")
        self._nodes = getattr(self, "_nodes", 0) + 1
        if self._nodes > MAX_NODES:
            raise _RefusedYaml("nodes")
        return super().compose_node(parent, index)


@dataclass
class ParseResult:
    data: dict | None = None
    errors: list[str] = field(default_factory=list)

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")


def _text(result, node, key, path, *, limit=None, required=True):
    value = node.get(key) if isinstance(node, dict) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            result.error(f"{path}.{key}", "brak wymaganej wartości")
        return None
    if not isinstance(value, str | int | float):
        result.error(f"{path}.{key}", "oczekiwano tekstu")
        return None
    value = str(value)
    if limit and len(value) > limit:
        result.error(f"{path}.{key}", f"tekst za długi ({len(value)} znaków, limit {limit})")
    return value


def _number(result, node, key, path):
    value = node.get(key) if isinstance(node, dict) else None
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        result.error(f"{path}.{key}", "oczekiwano liczby")
        return None


def _indicators(result, node, path) -> None:
    items = node.get("indicators", []) if isinstance(node, dict) else []
    if not isinstance(items, list):
        result.error(f"{path}.indicators", "oczekiwano listy")
        return
    for i, item in enumerate(items):
        ipath = f"{path}.indicators[{i}]"
        if not isinstance(item, dict):
            result.error(ipath, "oczekiwano słownika")
            continue
        _text(result, item, "name", ipath, limit=LIMITS["indicator"])
        _text(result, item, "unit", ipath, limit=LIMITS["unit"])
        for key in ("baseline", "target", "target_change"):
            _number(result, item, key, ipath)
        if item.get("direction", "increase") not in ("increase", "decrease"):
            result.error(f"{ipath}.direction", "dozwolone: increase, decrease")


def programme_parse(text: str) -> ParseResult:
    result = ParseResult()
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        result.errors.append(f"plik: za duży (limit {MAX_FILE_BYTES // 1024} KB)")
        return result
    try:
        document = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except _RefusedYaml as exc:
        reason = {"alias": "aliasy (*nazwa) nie są dozwolone", "anchor": "kotwice (&nazwa) nie są dozwolone",
                  "nodes": f"za wiele elementów (limit {MAX_NODES})"}[str(exc)]
        result.errors.append(f"plik: {reason}")
        return result
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (wiersz {mark.line + 1}, kolumna {mark.column + 1})" if mark else ""
        result.errors.append(f"plik: niepoprawny YAML{where}")
        return result
    if not isinstance(document, dict) or not isinstance(document.get("programme"), dict):
        result.errors.append("programme: brak sekcji programme")
        return result
    p = document["programme"]
    _text(result, p, "name", "programme", limit=LIMITS["name"])
    _text(result, p, "responsible_body", "programme", limit=LIMITS["body"])
    period, region, goal = p.get("period") or {}, p.get("region") or {}, p.get("main_goal") or {}
    for key in ("start_year", "end_year"):
        if not isinstance(period.get(key), int):
            result.error(f"programme.period.{key}", "oczekiwano roku (liczby całkowitej)")
    if isinstance(period.get("start_year"), int) and isinstance(period.get("end_year"), int) \
            and period["end_year"] < period["start_year"]:
        result.error("programme.period.end_year", "rok końcowy wcześniejszy niż początkowy")
    teryt = str(region.get("teryt", ""))
    if not (len(teryt) == 2 and teryt.isdigit() and 2 <= int(teryt) <= 32 and int(teryt) % 2 == 0):
        result.error("programme.region.teryt", "kod województwa TERYT to parzysta liczba 02–32")
    _text(result, goal, "text", "programme.main_goal")
    if goal.get("indicator") is not None:
        _text(result, goal["indicator"], "text", "programme.main_goal.indicator", limit=LIMITS["indicator"])
        _number(result, goal["indicator"], "target_change", "programme.main_goal.indicator")
    _indicators(result, p, "programme")
    priorities = p.get("priorities")
    if not isinstance(priorities, list) or not priorities:
        result.error("programme.priorities", "oczekiwano niepustej listy priorytetów")
        return result
    seen: set[str] = set()
    for i, priority in enumerate(priorities):
        path = f"priorities[{i}]"
        if not isinstance(priority, dict):
            result.error(path, "oczekiwano słownika")
            continue
        number = str(priority.get("number", "")).strip()
        if not number:
            result.error(f"{path}.number", "brak numeru")
        elif number in seen:
            result.error(f"{path}.number", f"numer {number} się powtarza")
        seen.add(number)
        _text(result, priority, "name", path, limit=LIMITS["priority"])
        _indicators(result, priority, path)
        for j, goal_node in enumerate(priority.get("specific_goals") or []):
            gpath = f"{path}.specific_goals[{j}]"
            gnumber = str(goal_node.get("number", "")).strip() if isinstance(goal_node, dict) else ""
            if not gnumber:
                result.error(f"{gpath}.number", "brak numeru")
            elif not gnumber.startswith(f"{number}."):
                result.error(f"{gpath}.number", f"numer {gnumber} nie zaczyna się od numeru priorytetu {number}")
            elif gnumber in seen:
                result.error(f"{gpath}.number", f"numer {gnumber} się powtarza")
            seen.add(gnumber)
            if not isinstance(goal_node, dict):
                continue
            _text(result, goal_node, "name", gpath, limit=LIMITS["goal"])
            _indicators(result, goal_node, gpath)
            for k, direction in enumerate(goal_node.get("intervention_directions") or []):
                dpath = f"{gpath}.intervention_directions[{k}]"
                did = str(direction.get("id", "")).strip() if isinstance(direction, dict) else ""
                if not did:
                    result.error(f"{dpath}.id", "brak numeru")
                elif not did.startswith(f"{gnumber}."):
                    result.error(f"{dpath}.id", f"numer {did} nie zaczyna się od numeru celu {gnumber}")
                elif did in seen:
                    result.error(f"{dpath}.id", f"numer {did} się powtarza")
                seen.add(did)
                _text(result, direction, "text", dpath)
    if not result.errors:
        result.data = document
    return result


def _number_out(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _indicator_out(ind: Indicator) -> dict:
    out = {"name": ind.name}
    for key, value in [("measure", ind.measure), ("unit", ind.unit), ("baseline", _number_out(ind.baseline_value)),
                       ("baseline_year", ind.baseline_year), ("target", _number_out(ind.target_value)),
                       ("target_change", _number_out(ind.target_change)), ("target_year", ind.target_year),
                       ("direction", ind.trend), ("source", ind.data_source), ("frequency", ind.frequency),
                       ("computation", ind.computation)]:
        if value not in (None, ""):
            out[key] = value
    return out


def programme_to_data(programme: Programme) -> dict:
    """The programme in the import shape (for YAML export and round trips)."""
    indicators = list(programme.indicators.select_related("priority", "goal"))
    main = next((i for i in indicators if i.level == "programme" and i.order == 0), None)
    p: dict = {"name": programme.name}
    if programme.source:
        p["source"] = programme.source
    p["period"] = {"label": programme.period_label, "start_year": programme.start_year,
                   "end_year": programme.end_year}
    if not programme.period_label:
        del p["period"]["label"]
    p["region"] = {"name": programme.region_name, "teryt": programme.region_code}
    p["responsible_body"] = programme.responsible_body
    p["main_goal"] = {"text": programme.main_goal}
    if main is not None:
        fields = {"text": main.name, "measure": main.measure, "target_change": _number_out(main.target_change),
                  "target_type": main.trend, "unit": main.unit, "computation": main.computation}
        p["main_goal"]["indicator"] = {k: v for k, v in fields.items() if v not in (None, "")}
    extra = [_indicator_out(i) for i in indicators if i.level == "programme" and i is not main]
    if extra:
        p["indicators"] = extra
    p["priorities"] = []
    for priority in programme.priorities.prefetch_related("goals__directions"):
        number = int(priority.number) if priority.number.isdigit() else priority.number
        node: dict = {"number": number, "name": priority.name}
        if priority.name_variants:
            node["name_variants"] = priority.name_variants
        own = [_indicator_out(i) for i in indicators if i.priority_id == priority.pk]
        if own:
            node["indicators"] = own
        node["specific_goals"] = []
        for goal in priority.goals.all():
            gnode: dict = {"number": goal.number, "name": goal.name}
            gown = [_indicator_out(i) for i in indicators if i.goal_id == goal.pk]
            if gown:
                gnode["indicators"] = gown
            gnode["intervention_directions"] = [{"id": d.number, "text": d.text} for d in goal.directions.all()]
            node["specific_goals"].append(gnode)
        p["priorities"].append(node)
    return {"programme": p}


def programme_to_yaml(programme: Programme) -> str:
    return yaml.safe_dump(programme_to_data(programme), allow_unicode=True, sort_keys=False, width=1000)
