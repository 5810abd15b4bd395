"""Events in the Wagtail admin: the permission policy first, then the "Events" menu (events, reports), the
event's staff pages (views/staff.py, under /admin/events/<pk>/) and the log actions of the staff's services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import POLICIES, EventsViewSetGroup
from .views import staff

# Policies must be registered before anything asks Wagtail for one (it would then make a fallback).
for model, policy in POLICIES.items():
    register_permission_policy(model, policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


@hooks.register("register_admin_urls")
def register_events_staff_urls():
    return staff.urlpatterns


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    actions.register_action("events.export", _("Exported"), _("Exported"))
