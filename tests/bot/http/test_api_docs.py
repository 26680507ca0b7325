"""The API's documentation is served (/docs, /redoc) from the installed package, no CDN, and the
schema it shows documents one error shape: the one every error really has."""

from __future__ import annotations

import httpx

from tests.bot.conftest import SlackSender


def test_docs_and_redoc_are_served_without_a_cdn(slack: SlackSender) -> None:
    for path in ("/docs", "/redoc"):
        page = httpx.get(f"{slack.url}{path}")
        assert page.status_code == 200, path
        assert "/openapi.json" in page.text
        assert "cdn." not in page.text and "fonts.googleapis" not in page.text, path
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert httpx.get(f"{slack.url}/static-offline-docs/{asset}").status_code == 200, asset


def test_the_schema_documents_one_error_shape_for_every_route(slack: SlackSender) -> None:
    schema = httpx.get(f"{slack.url}/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    assert "X-CSRF-Token" in schema["info"]["description"]
    ask = schema["paths"]["/api/v1/ask"]["post"]["responses"]
    for status in ("422", "503"):
        assert ask[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorPublic")
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorPublic"), (method, path, status)
