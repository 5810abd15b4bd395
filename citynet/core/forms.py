"""A service's refusal shown where the person will look: at the fields it names, else above the form.

Services raise DomainError (InvalidInput carries `errors={field: [messages]}`); every view and the
generic admin show it through these two functions, so a refusal is never an error page.
"""

from .exceptions import DomainError


def place_error(form, error: DomainError) -> bool:
    """Add the error's messages to the form's fields it names; whether any field took one."""
    placed = False
    for field, messages in getattr(error, "errors", {}).items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    return placed


def show_at_form(form, error: DomainError) -> None:
    """At the fields the error names, or else as the form's own error."""
    if not place_error(form, error):
        form.add_error(None, str(error.message))
