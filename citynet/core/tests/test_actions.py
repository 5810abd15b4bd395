"""run_and_redirect: a service's outcome as a message, and a redirect either way."""

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from citynet.core.actions import run_and_redirect
from citynet.core.exceptions import InvalidTransition


def _post():
    request = RequestFactory().post("/somewhere/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[int, str]]:
    return [(message.level, str(message)) for message in get_messages(request)]


def test_a_success_is_said_and_the_browser_goes_back():
    request = _post()
    calls = []
    response = run_and_redirect(request, lambda: calls.append("ran"), done="Published.", back="/events/7/")
    assert calls == ["ran"]
    assert response.status_code == 302
    assert response["Location"] == "/events/7/"
    assert _said(request) == [(constants.SUCCESS, "Published.")]


def test_a_refusal_is_said_as_an_error_and_the_browser_goes_back_all_the_same():
    request = _post()

    def refuse():
        raise InvalidTransition("This event was cancelled.")

    response = run_and_redirect(request, refuse, done="Published.", back="/events/7/")
    assert response.status_code == 302
    assert response["Location"] == "/events/7/"
    assert _said(request) == [(constants.ERROR, "This event was cancelled.")]


def test_a_refusal_without_its_own_words_says_the_default_message():
    request = _post()

    def refuse():
        raise InvalidTransition()

    run_and_redirect(request, refuse, done="Published.", back="/x/")
    assert _said(request) == [(constants.ERROR, str(InvalidTransition.default_message))]


def test_the_message_may_be_made_from_the_result():
    request = _post()
    run_and_redirect(request, lambda: 3, done=lambda told: f"{told} applicants will be told.", back="/x/")
    assert _said(request) == [(constants.SUCCESS, "3 applicants will be told.")]


def test_no_message_when_the_result_says_nothing_was_done():
    request = _post()
    response = run_and_redirect(
        request, lambda: None, done=lambda result: None if result is None else "Done.", back="/x/"
    )
    assert response["Location"] == "/x/"
    assert _said(request) == []


def test_a_bug_is_not_swallowed_as_a_message():
    """Only a service's refusal becomes a message; anything else stays a server error, logged and seen."""
    request = _post()

    def broken():
        raise KeyError("oops")

    with pytest.raises(KeyError):
        run_and_redirect(request, broken, done="Done.", back="/x/")
    assert _said(request) == []
