"""Who acts when no person does: management commands and the demo loader act as the system."""


class SystemActor:
    """The operator running a command on the server; allowed what the secretariat is, logged as nobody."""

    is_authenticated = False
    is_active = True
    is_superuser = True
    is_staff = False
    pk = None

    def __str__(self):
        return "system"


SYSTEM = SystemActor()
