"""Grants in the Wagtail admin: permission policies first, then the "Grants" menu, the call's staff pages
(views/staff.py, under /admin/grants/calls/<pk>/) and the log actions of the grants' services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import admin_grantees
from .admin_views import POLICIES, GrantsViewSetGroup
from .views import staff

# Policies must be registered before anything asks Wagtail for one (it would then make a fallback).
for model, policy in {**POLICIES, **admin_grantees.POLICIES}.items():
    register_permission_policy(model, policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    return GrantsViewSetGroup()


@hooks.register("register_admin_urls")
def register_grants_staff_urls():
    from .views import staff_stages  # two-stage calls: invitations to a full proposal

    return [*staff.urlpatterns, *staff_stages.urlpatterns]


@hooks.register("register_log_actions")
def register_grants_log_actions(actions):
    actions.register_action("grants.notify_decisions", _("Applicants told of decisions"), _("Applicants told"))
    actions.register_action("grants.export", _("Exported"), _("Exported"))
