"""Under CI a skip is a failure, except for tests marked `ci_may_skip` (tests/ci_skips.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT

SAMPLE = """
import pytest

def test_skipped_without_saying_so():
    pytest.skip("tesseract is not installed")

@pytest.mark.skipif(True, reason="no PostgreSQL")
def test_skipped_by_a_condition():
    pass

@pytest.mark.ci_may_skip("needs a GPU")
def test_allowed_to_skip():
    pytest.skip("no GPU")

@pytest.mark.xfail(reason="known")
def test_expected_to_fail():
    assert False

def test_that_runs():
    pass
"""


def outcomes(tmp_path: Path, ci: str | None) -> dict[str, str]:
    """Each sample test's outcome, run by a pytest of its own with only the CI plugin loaded."""
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), **({"CI": ci} if ci is not None else {})}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.ci_skips",
            "-rA",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--rootdir",
            str(tmp_path),
            "-c",
            "/dev/null",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    found = {}
    for line in done.stdout.splitlines():
        for outcome in ("PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL"):
            if line.startswith(outcome) and "::" in line:
                found[line.split("::")[1].split()[0]] = outcome
            elif line.startswith(outcome) and "test_sample.py" in line:  # SKIPPED [1] file:line: reason
                found.setdefault("skipped", "")
                found["skipped"] += line
    return found


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_a_skip_fails_unless_its_marker_allows_it(tmp_path: Path, ci: str) -> None:
    found = outcomes(tmp_path, ci)
    assert found["test_skipped_without_saying_so"] == "FAILED"
    assert found["test_skipped_by_a_condition"] == "ERROR"  # refused in its setup, where skipif acts
    assert found["test_expected_to_fail"] == "XFAIL"
    assert found["test_that_runs"] == "PASSED"
    assert "no GPU" in found["skipped"] and "tesseract" not in found["skipped"]


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_skips_stay_skips(tmp_path: Path, ci: str | None) -> None:
    found = outcomes(tmp_path, ci)
    assert not {"FAILED", "ERROR"} & set(found.values())
    assert (
        "tesseract" in found["skipped"]
        and "no PostgreSQL" in found["skipped"]
        and "no GPU" in found["skipped"]
    )
