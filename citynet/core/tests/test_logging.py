"""Every request has an id: in the response, on every log line it causes, and as one JSON access line."""

import io
import json
import logging

import pytest

from citynet.core.logging import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_log():
    """Capture the root logger's records as production writes them: JSON, with the request id."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    request_logger = logging.getLogger("citynet.request")
    old_level = request_logger.level
    request_logger.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_the_id_it_answered_with(client, json_log):
    response = client.get("/healthz")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = [entry for entry in json_log() if entry["logger"] == "citynet.request"]
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_so_its_access_log_joins_ours(client, json_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="3f1c2a9e8b7d4c6fa0e1d2c3b4a59687")
    assert response["X-Request-ID"] == "3f1c2a9e8b7d4c6fa0e1d2c3b4a59687"
    assert json_log()[-1]["request_id"] == "3f1c2a9e8b7d4c6fa0e1d2c3b4a59687"


@pytest.mark.django_db
def test_a_request_id_that_is_not_a_token_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID='x" injected="yes')
    assert response["X-Request-ID"] != 'x" injected="yes'
    assert len(response["X-Request-ID"]) == 32


def test_a_line_logged_inside_a_view_carries_the_requests_id(json_log):
    from django.http import HttpResponse
    from django.test import RequestFactory

    from citynet.core.middleware import RequestIdMiddleware

    def view(request):
        logging.getLogger("citynet.test").warning("inside the view", extra={"region": "western-balkans"})
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/somewhere"))
    (line,) = [entry for entry in json_log() if entry["logger"] == "citynet.test"]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["region"] == "western-balkans"
    assert line["message"] == "inside the view"


def test_outside_a_request_the_id_is_a_dash(json_log):
    logging.getLogger("citynet.test").warning("from the worker")
    assert json_log()[-1]["request_id"] == "-"


def test_a_traceback_stays_inside_its_json_line(json_log):
    try:
        raise ValueError("bad value")
    except ValueError:
        logging.getLogger("citynet.test").exception("it failed")
    entry = json_log()[-1]
    assert entry["message"] == "it failed"
    assert "ValueError: bad value" in entry["exc_info"]


@pytest.mark.django_db
def test_djangos_own_line_about_a_failed_response_carries_the_requests_id(client, json_log):
    """django.request logs a 503 after the middleware has returned; the id comes from the request."""
    from unittest import mock

    with mock.patch("citynet.core.views.database_ready", return_value=False):
        response = client.get("/readyz")
    assert response.status_code == 503
    (line,) = [entry for entry in json_log() if entry["logger"] == "django.request"]
    assert line["request_id"] == response["X-Request-ID"]
