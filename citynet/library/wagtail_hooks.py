"""The knowledge library in the Wagtail admin: the permission policies first, then the "Library" menu
(staff/resources.py: resources with their own pages, the review queue of proposed case studies, work
streams) and the library's own pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from .staff import resources

PARTS = (resources,)

# Policies must be registered before anything asks Wagtail for one (it would then make a fallback).
for part in PARTS:
    for model, policy in part.POLICIES.items():
        register_permission_policy(model, policy, exact_class=True)


class LibraryViewSetGroup(ViewSetGroup):
    menu_label = _("Library")
    menu_icon = "doc-full-inverse"
    menu_order = 240  # after Advisory (230)
    items = tuple(viewset for part in PARTS for viewset in part.VIEWSETS)


@hooks.register("register_admin_viewset")
def register_library_viewsets():
    return LibraryViewSetGroup()


@hooks.register("register_admin_urls")
def register_library_staff_urls():
    return [pattern for part in PARTS for pattern in part.urlpatterns]


@hooks.register("register_log_actions")
def register_library_log_actions(actions):
    actions.register_action("library.export", _("Exported"), _("Exported"))
