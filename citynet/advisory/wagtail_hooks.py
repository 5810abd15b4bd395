"""Advisory work in the Wagtail admin: the permission policies first, then the "Advisory" menu, gathered
from the three parts of the staff's work (staff/visits.py: engagements, visits, the stakeholder map;
staff/assessments.py: frameworks, assessments, the region's capacity; staff/plans.py: action plans and
the review of progress), and their own pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from .staff import assessments, plans, visits

PARTS = (visits, assessments, plans)

# Policies must be registered before anything asks Wagtail for one (it would then make a fallback).
for part in PARTS:
    for model, policy in part.POLICIES.items():
        register_permission_policy(model, policy, exact_class=True)


class AdvisoryViewSetGroup(ViewSetGroup):
    menu_label = _("Advisory")
    menu_icon = "group"
    menu_order = 230
    items = tuple(viewset for part in PARTS for viewset in part.VIEWSETS)


@hooks.register("register_admin_viewset")
def register_advisory_viewsets():
    if AdvisoryViewSetGroup.items:
        return AdvisoryViewSetGroup()
    return []


@hooks.register("register_admin_urls")
def register_advisory_staff_urls():
    return [pattern for part in PARTS for pattern in part.urlpatterns]


@hooks.register("register_log_actions")
def register_advisory_log_actions(actions):
    actions.register_action("advisory.export", _("Exported"), _("Exported"))
