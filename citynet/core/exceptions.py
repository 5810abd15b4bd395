"""Domain errors: a code and a translated, user-safe message. HTTP status lives in the API layer."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class NotPermitted(DomainError):
    code = "not_permitted"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    code = "not_found"
    default_message = _("Not found.")


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = _("This change is not possible in the record's current state.")


class Conflict(DomainError):
    code = "conflict"
    default_message = _("Someone else changed this record while you were editing it. Reload and try again.")


class InvalidInput(DomainError):
    code = "invalid"
    default_message = _("Some of the information given is not valid.")

    def __init__(self, message=None, *, code: str | None = None, errors: dict | None = None):
        super().__init__(message, code=code)
        # {field name: [messages]} when the input was checked field by field (forms show them at the field).
        self.errors = errors or {}

    @classmethod
    def at(cls, field: str, message) -> "InvalidInput":
        """One field's refusal, shown at that field by the forms: `raise InvalidInput.at("ends_on", _(...))`."""
        return cls(message, errors={field: [message]})


STATUS_FOR = {
    NotPermitted: 403,
    NotFound: 404,
    InvalidTransition: 409,
    Conflict: 409,
    InvalidInput: 422,
    DomainError: 400,
}


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_FOR:
            return STATUS_FOR[cls]
    return 400
