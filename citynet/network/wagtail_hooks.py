"""The registry in the Wagtail admin: permission policies first, then the "Network registry" menu."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import POLICIES, RegistryViewSetGroup

# Policies must be registered before anything asks Wagtail for one (it would then make a fallback).
for model, policy in POLICIES.items():
    register_permission_policy(model, policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    return RegistryViewSetGroup()
