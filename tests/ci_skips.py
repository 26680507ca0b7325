"""Under CI a skipped test is a failure: `make test` installs everything the suite needs (Chromium,
axe-core, tesseract with French and English data, hadolint) and CI runs PostgreSQL, so a skip there
means a test that silently did not run. Only a test marked `ci_may_skip` may skip under CI; the
README ("Running the tests") lists every marker that allows it.

Loaded by tests/conftest.py; a plugin of its own so that its own test can load it alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

MAY_SKIP = "ci_may_skip"


def under_ci() -> bool:
    """CI=true (or any value but empty, 0, false), as CI services set it."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MAY_SKIP}(reason): may skip under CI (listed in the README)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or hasattr(report, "wasxfail") or not under_ci():
        return
    if item.get_closest_marker(MAY_SKIP) is not None:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped under CI, where every test must run: {reason}"
