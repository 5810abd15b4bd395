"""Role assignments in the Wagtail admin, for the secretariat only. Every write goes through the services."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from citynet.core.exceptions import InvalidInput

from . import services
from .models import Role, RoleAssignment
from .permissions import can_manage_roles


class RoleAssignmentPermissionPolicy(BasePermissionPolicy):
    """Only the secretariat (and superusers) see or change role assignments; everyone else: nothing."""

    def user_has_permission(self, user, action):
        return can_manage_roles(user)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        return queryset if can_manage_roles(user) else queryset.none()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(roles__role=Role.SECRETARIAT), is_active=True)
            .distinct()
        )


register_permission_policy(RoleAssignment, RoleAssignmentPermissionPolicy(RoleAssignment), exact_class=True)


class RoleAssignmentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("email")
            if self.instance.pk:
                # Changing the role keeps the account; to give someone else a role, add a new assignment.
                self.fields["user"].disabled = True
        if "region" in self.fields:
            self.fields["region"].help_text = _("Regional coordinators only.")
        if "municipality" in self.fields:
            self.fields["municipality"].help_text = _("City focal points and members only.")

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            try:
                services.check_scope(services.as_role(role), cleaned.get("region"), cleaned.get("municipality"))
            except InvalidInput as error:
                self.add_error("region" if role == Role.REGIONAL_COORDINATOR else None, str(error.message))
        return cleaned


def _scope(form) -> dict:
    return {"region": form.cleaned_data.get("region"), "municipality": form.cleaned_data.get("municipality")}


class RoleAssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "region", "municipality")


class RoleAssignmentCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.assign_role(actor=self.request.user, user=data["user"], role=data["role"], **_scope(self.form))


class RoleAssignmentEditView(generic.EditView):
    def save_instance(self):
        original = RoleAssignment.objects.select_related("user", "region", "municipality").get(pk=self.object.pk)
        return services.change_role(
            actor=self.request.user, assignment=original, role=self.form.cleaned_data["role"], **_scope(self.form)
        )


class RoleAssignmentDeleteView(generic.DeleteView):
    def delete_action(self):
        assignment = self.object
        services.revoke_role(
            actor=self.request.user,
            user=assignment.user,
            role=assignment.role,
            region=assignment.region,
            municipality=assignment.municipality,
        )


class RoleAssignmentViewSet(ModelViewSet):
    model = RoleAssignment
    icon = "key"
    menu_label = _("Roles")
    menu_order = 210
    add_to_admin_menu = True
    index_view_class = RoleAssignmentIndexView
    add_view_class = RoleAssignmentCreateView
    edit_view_class = RoleAssignmentEditView
    delete_view_class = RoleAssignmentDeleteView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["user", "role", "region", "municipality", "created_at"]
    list_filter = ["role", "region"]
    search_fields = ["user__email", "user__display_name"]
    list_export = ["user.email", "user", "role", "region", "municipality", "created_at"]
    export_headings = {"user.email": _("Email address"), "user": _("Account")}
    export_filename = "role-assignments"
    ordering = ["user__email", "role"]

    def get_common_view_kwargs(self, **kwargs):
        # The admin's forms send GET and POST. Django's form and delete views would also take PUT and
        # DELETE, and a DELETE revokes a role without the service and its audit entry: 405.
        return super().get_common_view_kwargs(http_method_names=["get", "post", "head", "options"], **kwargs)

    def get_edit_handler(self):
        panels = [
            FieldPanel("user"),
            FieldPanel("role"),
            FieldRowPanel([FieldPanel("region"), FieldPanel("municipality")]),
        ]
        return ObjectList(panels, base_form_class=RoleAssignmentForm).bind_to_model(self.model)


@hooks.register("register_admin_viewset")
def register_role_assignment_viewset():
    return RoleAssignmentViewSet("role_assignments")
