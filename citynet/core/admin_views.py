"""The staff admin's generic pieces, for every app: a few viewset declarations make an app's admin.

An app declares, per model, a `RecordsViewSet` with
- `rules`: a `RecordRules` built from the app's permissions.py (who may see, add, change, delete
  which records, and what they may pick in forms); Wagtail's permission policy asks nothing else;
- `save_service(actor=, instance=, values=, expected_version=, **children)` and
  `delete_service(actor=, instance=)`: the app's services, which the admin calls like every other
  caller (they own validation, locking, the version check and the audit entry);
- panels, list columns, filters and exports as usual in Wagtail.

What every such admin then gets: listings, edit, delete, history and usage scoped to the editor (a
record outside their scope is a 404, whatever the URL), a service's refusal shown at the form
instead of an error page, a stale form refused with the conflict message, history with the values
before and after each change, and CSV/XLSX exports whose every cell is safe from formula injection.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from . import audit
from .admin_forms import ScopedAdminForm, field_label, language_columns, language_label, translation_columns
from .exceptions import DomainError
from .forms import show_at_form
from .records import has_version

# Actions that make a record visible to an editor (Wagtail asks for any of these).
VISIBLE = ["add", "change", "delete", "view"]


class LinkColumn(Column):
    """A link from a row to one of its own pages (`url_name` takes the record's pk)."""

    def __init__(self, *args, url_name: str, text, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_name, self.text = url_name, text

    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class CountColumn(Column):
    """A count annotated on the list's queryset under the column's name."""

    def get_value(self, instance):
        return getattr(instance, self.name, 0)


@dataclass(frozen=True)
class RecordRules:
    """An app's permission rules for one kind of record, in the shape the generic admin asks for them.

    Each callable is one of the app's permissions.py functions (or a lambda over one): the admin has
    no rule of its own.
    """

    may_any: Any  # (actor, action) -> bool: may take `action` on some records of this kind
    may: Any  # (actor, record, action) -> bool: on this record
    scope: Any  # (queryset, actor) -> the records `actor` may see in the admin
    choices: Any  # (queryset, actor) -> the records `actor` may pick in this kind's forms


class RulesPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission policy, answered from the app's rules; Django's model permissions play no part."""

    def __init__(self, model, rules: RecordRules):
        super().__init__(model)
        self.rules = rules

    def user_has_permission(self, user, action):
        return bool(self.rules.may_any(user, action))

    def user_has_permission_for_instance(self, user, action, instance):
        return bool(self.rules.may(user, instance, action))

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        if not any(self.rules.may_any(user, action) for action in actions):
            return queryset.none()
        return self.rules.scope(queryset, user)

    def _staff(self):
        # The few accounts that can hold a permission at all; each is then asked the app's own rule.
        return get_user_model().objects.filter(Q(is_superuser=True) | Q(roles__isnull=False), is_active=True).distinct()

    def users_with_any_permission(self, actions):
        allowed = [u.pk for u in self._staff() if any(self.rules.may_any(u, a) for a in actions)]
        return get_user_model().objects.filter(pk__in=allowed)

    def users_with_any_permission_for_instance(self, actions, instance):
        allowed = [u.pk for u in self._staff() if any(self.rules.may(u, instance, a) for a in actions)]
        return get_user_model().objects.filter(pk__in=allowed)


# --- Views ------------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """A cell starting with = + - @ (or a tab or return) is run as a formula by spreadsheet programs."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


class ScopedMixin:
    """Objects outside the editor's scope do not exist for them (404), whatever the URL."""

    def scoped_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, VISIBLE)


class RecordsIndexView(ScopedMixin, generic.IndexView):
    list_select_related = ()
    search_function = None  # (queryset, query) -> queryset; set by the viewset

    def get_base_queryset(self):
        queryset = self.scoped_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def search_queryset(self, queryset):
        if self.is_searching and self.search_function is not None:
            return self.search_function(queryset, self.search_query)
        return super().search_queryset(queryset)

    def preprocess_field_value(self, field, value, export_format):
        # Every column, related objects included, in both formats: the cleaning runs on the text
        # that reaches the file, after Wagtail has turned the value into it.
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise_formula(value) if isinstance(value, str) else value


class LoggedExportIndexView(RecordsIndexView):
    """A listing whose spreadsheet exports each leave an audit entry: who, what, in which format, when."""

    export_action = "records.export"  # the app's log action ("grants.export"), registered in its hooks

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        user = self.request.user
        audit.record(
            actor=user,
            instance=user,
            action=self.export_action,
            before={},
            after={
                "export": str(self.model._meta.verbose_name_plural),
                "format": spreadsheet_format,
                "rows": queryset.count(),
                "filters": self.request.GET.urlencode(),
            },
        )
        return response


class ScopedObjectMixin(ScopedMixin):
    """Fetch the object within the editor's scope (404 outside it), then check `object_permission`."""

    object_permission = "change"

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.object_permission, instance):
            raise PermissionDenied
        return instance


class ServiceSaveMixin:
    """Save through the app's service; its refusal (permission, conflict, invalid input) is shown at the form.

    The service starts again from the stored record (it locks and re-reads it): what form validation
    wrote onto `self.object` is never saved as such.
    """

    save_service = None  # set by the viewset
    service_arguments = None  # set by the viewset

    def save_instance(self):
        form = self.form
        original = self.model() if getattr(self, "object", None) is None else self.object
        return self.save_service(
            actor=self.request.user,
            instance=original,
            expected_version=form.cleaned_data.get("based_on_version"),
            **self.service_arguments(form),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            show_at_form(form, error)
            # Wagtail's banner: its own "could not be saved" line, then the form's own errors below it.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class RecordsCreateView(ServiceSaveMixin, generic.CreateView):
    pass


class RecordsEditView(ScopedObjectMixin, ServiceSaveMixin, generic.EditView):
    pass


class RecordsDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_permission = "delete"
    delete_service = None  # set by the viewset

    def delete_action(self):
        self.delete_service(actor=self.request.user, instance=self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, str(error.message))
            return redirect(reverse(self.edit_url_name, args=(quote(self.object.pk),)))


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return Truncator(str(value)).chars(80)


class ChangesColumn(Column):
    """The fields an entry changed, each with its value before and after."""

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model

    def get_value(self, instance):
        changed = (instance.data or {}).get("changed") or {}
        if not changed:
            return None
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></li>",
                (
                    (field_label(self.model, name), _shown(values[0]), _shown(values[1]))
                    for name, values in changed.items()
                ),
            ),
        )


class RecordsHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()

    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns.insert(1, ChangesColumn("changes", label=_("Changes"), model=self.model))
        return columns


class RecordsUsageView(ScopedMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


# --- Viewsets ---------------------------------------------------------------------------------------


def language_panels(field: str, heading, **kwargs) -> MultiFieldPanel:
    """One panel with the field's column in every language."""
    return MultiFieldPanel([FieldPanel(name) for name in language_columns(field)], heading=heading, **kwargs)


class RecordsViewSet(ModelViewSet):
    """An app's records in the admin: scoped by its rules, written through its services, audited, exportable."""

    index_view_class = RecordsIndexView
    add_view_class = RecordsCreateView
    edit_view_class = RecordsEditView
    delete_view_class = RecordsDeleteView
    history_view_class = RecordsHistoryView
    usage_view_class = RecordsUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    # The reference index would add work to every write (imports too) for a usage view that has
    # little to show for plain records.
    add_to_reference_index = False
    list_select_related = ()
    search_function = None
    base_form_class = ScopedAdminForm
    panels = []
    rules: RecordRules = None
    save_service = None
    delete_service = None

    @cached_property
    def permission_policy(self):
        return RulesPermissionPolicy(self.model, self.rules)

    def get_common_view_kwargs(self, **kwargs):
        # The admin's forms send GET and POST. Django's form and delete views would also take PUT and
        # DELETE, and a DELETE deletes without the service and its audit entry: 405 (URL x role matrix).
        return super().get_common_view_kwargs(http_method_names=["get", "post", "head", "options"], **kwargs)

    def service_arguments(self, form) -> dict:
        """What the save service gets from a valid form: the model's fields; override to add children."""
        return {"values": form.model_values()}

    def _service_kwargs(self):
        return {"save_service": type(self).save_service, "service_arguments": self.service_arguments}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related, search_function=type(self).search_function, **kwargs
        )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(**self._service_kwargs(), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(**self._service_kwargs(), **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(delete_service=type(self).delete_service, **kwargs)

    def get_edit_handler(self):
        base_form = type(self.base_form_class.__name__, (self.base_form_class,), {"choices_rule": self.rules.choices})
        panels = list(self.panels)
        if has_version(self.model):
            panels.append(FieldPanel("based_on_version"))
        return ObjectList(panels, base_form_class=base_form).bind_to_model(self.model)

    @cached_property
    def export_headings(self):
        columns = translation_columns(self.model)
        # A viewset that declares no export has Wagtail's UNDEFINED sentinel here, which is not iterable.
        exported = self.list_export if isinstance(self.list_export, (list, tuple)) else []
        return {
            name: language_label(columns[name][0].verbose_name, columns[name][1])
            for name in exported
            if name in columns
        }
