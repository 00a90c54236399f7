"""docker-compose.yml runs what production needs, and .env.example documents every setting."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service_with_a_health_check():
    services = _compose()["services"]
    for name in ["postgres", "redis", "web", "worker", "beat"]:
        assert name in services, name
        assert "healthcheck" in services[name], f"{name} has no health check"


def test_compose_runs_gunicorn_a_worker_and_beat_on_postgres_and_redis():
    services = _compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in ["web", "worker", "beat"]:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_web_health_check_uses_healthz():
    assert "/healthz" in " ".join(_compose()["services"]["web"]["healthcheck"]["test"])


def test_env_example_documents_every_environment_variable_the_settings_read():
    source = "\n".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env reads found"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_env_example_can_be_sourced_by_a_shell():
    import subprocess

    script = 'set -euo pipefail; set -a; . ./.env.example; echo "$ROPS_NAME|$DJANGO_DEFAULT_FROM_EMAIL"'
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Regionalny Ośrodek Polityki Społecznej w Toruniu|ROPS <no-reply@rops.example.pl>"


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            pins[re.sub(r"[-_.]+", "-", re.sub(r"\[.*\]", "", name)).lower()] = version.strip()
    return pins


def test_the_constraints_pin_every_requirement_at_the_same_version():
    """A rebuild installs what was tested: every direct pin is in requirements/constraints.txt at the same
    version (run `make constraints` after changing requirements/*.txt)."""
    constraints = _pins(ROOT / "requirements/constraints.txt")
    for name in ("base.txt", "test.txt"):
        for package, version in _pins(ROOT / "requirements" / name).items():
            assert constraints.get(package) == version, f"{package}=={version} ({name}) is not in the constraints"


def test_installs_and_ci_use_the_constraints_and_the_audit():
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("-c requirements/constraints.txt") == 2
    ci = (ROOT / ".ci/run").read_text()
    assert "pip_audit --strict --no-deps --disable-pip -r requirements/constraints.txt" in ci
    assert "pip-audit==" in (ROOT / "requirements/test.txt").read_text()
