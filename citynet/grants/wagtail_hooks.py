"""Grants in the Wagtail admin: the log actions of its services, then the calls' admin and staff pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_grants_log_actions(actions):
    actions.register_action("grants.notify_decisions", _("Applicants told of decisions"), _("Applicants told"))
    actions.register_action("grants.export", _("Exported"), _("Exported"))
