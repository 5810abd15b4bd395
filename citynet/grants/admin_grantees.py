"""Grants after award in the staff admin: the agreement, its tranches and the reports the grantee owes.

A declaration on citynet.core.admin_views, like the registry's; every save is
`services.grantees.set_up_grant`, every rule `permissions.can_manage_grant` and friends.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from citynet.core.admin_views import RecordRules, RecordsViewSet, RulesPermissionPolicy

from . import permissions
from .models import Application, Call, Grant, Outcome
from .services import grantees


def _scope_managed_grants(queryset, actor):
    """The grants of the calls `actor` runs (grantees see theirs on the site, not in the admin)."""
    return queryset.filter(application__call__in=permissions.scope_managed_calls(Call.objects.all(), actor))


def _choices(queryset, actor):
    """In the grant's form: only awarded applications of the calls `actor` runs."""
    if queryset.model is Application:
        return permissions.scope_managed_applications(queryset, actor).filter(decision__outcome=Outcome.AWARD)
    return queryset.none()


RULES = RecordRules(
    may_any=lambda actor, action: action in {"view", "add", "change"} and permissions.can_manage_calls(actor),
    may=lambda actor, grant, action: action in {"view", "add", "change"} and permissions.can_manage_grant(actor, grant),
    scope=_scope_managed_grants,
    choices=_choices,
)
POLICIES = {Grant: RulesPermissionPolicy(Grant, RULES)}


def save_grant(*, actor, instance, values, expected_version=None, tranches=(), reports=()):
    return grantees.set_up_grant(
        actor=actor,
        application=values.get("application") or instance.application,
        values={k: v for k, v in values.items() if k != "application"},
        tranches=list(tranches),
        reports=list(reports),
        instance=instance if instance.pk else None,
        expected_version=expected_version,
    )


def _rows(formset, fields) -> list[dict]:
    return [
        {name: data.get(name) for name in fields}
        for data in formset.cleaned_data
        if data and not data.get("DELETE") and all(data.get(name) not in (None, "") for name in fields[:2])
    ]


class GrantViewSet(RecordsViewSet):
    model = Grant
    name = "grant_agreements"
    url_prefix = "grants/agreements"
    icon = "doc-full"
    menu_label = _("Grant agreements")
    menu_order = 240
    rules = RULES
    permission_policy = POLICIES[Grant]
    list_display = ["application", "amount", "starts_on", "ends_on"]
    list_select_related = ("application__call",)
    list_export = ["application", "application.call", "amount", "agreement_signed_on", "starts_on", "ends_on"]
    export_filename = "grants"
    save_service = save_grant
    panels = [
        FieldPanel("application"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("agreement_signed_on")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        InlinePanel(
            "tranches",
            heading=_("Payment tranches"),
            label=_("Tranche"),
            panels=[FieldRowPanel([FieldPanel("due_on"), FieldPanel("amount"), FieldPanel("paid_on")])],
        ),
        InlinePanel(
            "reports",
            heading=_("Reports and milestones"),
            label=_("Report"),
            panels=[FieldRowPanel([FieldPanel("kind"), FieldPanel("title"), FieldPanel("due_on")])],
        ),
    ]

    def service_arguments(self, form) -> dict:
        return {
            **super().service_arguments(form),
            "tranches": _rows(form.formsets["tranches"], ("due_on", "amount", "paid_on")),
            "reports": _rows(form.formsets["reports"], ("kind", "title", "due_on")),
        }
