"""A page's button: run one service, say how it went, go back.

Most POSTs that are not a form to fill in (approve, publish, revoke, ...) have the same shape: call the
service; its refusal (a DomainError) becomes an error message, its success a success message; then
redirect, so that reloading the page never sends the POST again. `run_and_redirect` is that shape once,
so no view shows a refusal as a server error or forgets the message. A form's refusal belongs at the
form instead (`core.forms.show_at_form`).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from .exceptions import DomainError


def run_and_redirect(
    request,
    action: Callable[[], Any],
    *,
    done: str | Callable[[Any], str | None] | None,
    back: str,
) -> HttpResponseRedirect:
    """Call `action()`; a DomainError it raises is shown as an error message, otherwise `done` as a success
    message, then redirect to `back` (a URL) either way.

    `done` is the message, or a function of the action's result giving it (for a count, or None when
    nothing was done and the action already said so); None or an empty message shows nothing.
    """
    try:
        result = action()
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        message = done(result) if callable(done) else done
        if message:
            messages.success(request, message)
    return redirect(back)
