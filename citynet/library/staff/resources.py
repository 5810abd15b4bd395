"""The staff's admin of the knowledge library (/admin/library/...): its viewsets on the core's generic admin,
its own pages, and their permission policies. Registered by ../wagtail_hooks.py.

- Resources (/admin/library/resources/): the list (kind, status, access; search by title in any
  language), the form with the organisations as an inline panel, saved in one transaction by
  save_resource; the resource's page (/admin/library/resources/<pk>/page/) with its language versions
  (add or replace one, with its file; delete one), its case study's body, publishing and withdrawing.
- The review queue (/admin/library/review/): the proposed case studies of the editor's regions, each to
  publish or to return to its author with a note.
- Work streams (/admin/library/work-streams/): the secretariat's, with their names in every language.

Who may: the secretariat every resource, a coordinator the resources of their regions, asked of
../permissions.py and nothing else; another region's resource is a 404; everyone else never passes the
admin's door. Every write is a call to ../services/.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from citynet.accounts.second_factor import second_factor_required
from citynet.core.actions import run_and_redirect
from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import (
    CountColumn,
    LinkColumn,
    LoggedExportIndexView,
    RecordRules,
    RecordsEditView,
    RecordsViewSet,
    RulesPermissionPolicy,
    language_panels,
)
from citynet.core.exceptions import DomainError
from citynet.core.forms import show_at_form
from citynet.network import permissions as network
from citynet.network.models import Country, Municipality, Organisation, Region, Topic

from .. import permissions
from ..models import CaseStudy, Resource, ResourceKind, ResourceOrganisation, ResourceVersion, WorkStream
from ..services import proposals
from ..services import resources as services
from . import resource_forms

EXPORT_ACTION = "library.export"  # registered by ../wagtail_hooks.py


# --- Rules -------------------------------------------------------------------------------------------------


def choices(queryset: QuerySet, actor) -> QuerySet:
    """What staff may pick in these forms: any work stream, topic, organisation, event or grant call (the
    network's, shared); the places of their regions (the service checks the resource stays in them)."""
    model = queryset.model
    if model in (Region, Country, Municipality):
        return network.scope_choices(queryset, actor)
    if model is ResourceOrganisation:  # the rows of the resource's form (their ids)
        return queryset.filter(resource__in=permissions.scope_editable(Resource.objects.all(), actor))
    if model in (WorkStream, Topic, Organisation) or model._meta.label in ("events.Event", "grants.Call"):
        return queryset
    return queryset.none()


def _may_any(actor, action) -> bool:
    if action == "add":
        return permissions.can_add(actor)
    return permissions.is_staff(actor)


RULES = RecordRules(
    may_any=_may_any,
    may=lambda actor, record, action: permissions.can_edit(actor, record),
    scope=permissions.scope_editable,
    choices=choices,
)


WORK_STREAM_RULES = RecordRules(
    may_any=permissions.can_manage_work_streams,
    may=permissions.can_manage_work_streams,
    scope=lambda queryset, actor: queryset if permissions.can_manage_work_streams(actor) else queryset.none(),
    choices=lambda queryset, actor: queryset.none(),
)

POLICIES = {
    Resource: RulesPermissionPolicy(Resource, RULES),
    WorkStream: RulesPermissionPolicy(WorkStream, WORK_STREAM_RULES),
}


class StaffMenuItem(MenuItem):
    """Shown to the library's staff (the secretariat, regional coordinators)."""

    def is_shown(self, request):
        return permissions.is_staff(request.user)


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_work_streams(request.user)


# --- Services as the generic admin calls them ------------------------------------------------------------


def _new_or(instance):
    return instance if instance is not None and instance.pk is not None else None


def save_resource(*, actor, instance, expected_version=None, values):
    return services.save_resource(
        actor=actor, instance=_new_or(instance), values=values, expected_version=expected_version
    )


def delete_resource(*, actor, instance):
    services.delete_resource(actor=actor, resource=instance)


# --- Columns -----------------------------------------------------------------------------------------------


class LanguagesColumn(Column):
    """The languages the resource exists in (its versions, prefetched)."""

    def get_value(self, instance):
        return ", ".join(version.language for version in instance.versions.all()) or "—"


# --- Viewsets ----------------------------------------------------------------------------------------------


def search_resources(queryset: QuerySet, query: str) -> QuerySet:
    """Resources by their title in any language, or by their slug."""
    text = query.strip()
    if not text:
        return queryset.none()
    matched = Q(slug__icontains=text)
    for column in languages("title"):
        matched |= Q(**{f"{column}__icontains": text})
    return queryset.filter(matched)


class LibraryIndexView(LoggedExportIndexView):
    export_action = EXPORT_ACTION


class ResourceIndexView(LibraryIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related(Prefetch("versions", queryset=ResourceVersion.objects.only("pk", "resource", "language")))
            .annotate(organisation_count=Count("organisations", distinct=True))
        )


class WorkStreamIndexView(LibraryIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(resource_count=Count("resources"))


class ResourceEditView(RecordsEditView):
    """The resource's form, with a button to its own page (versions, case study, publishing)."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                gettext_lazy("Versions, case study and publishing"),
                url=reverse("library_staff:resource", args=[self.object.pk]),
                icon_name="view",
            ),
        ]


class LibraryViewSet(RecordsViewSet):
    index_view_class = LibraryIndexView
    menu_item_class = StaffMenuItem

    @cached_property
    def permission_policy(self):
        return POLICIES[self.model]


class ResourceViewSet(LibraryViewSet):
    model = Resource
    name = "library_resources"
    url_prefix = "library/resources"
    icon = "doc-full"
    menu_label = gettext_lazy("Resources")
    menu_order = 100
    rules = RULES
    index_view_class = ResourceIndexView
    edit_view_class = ResourceEditView
    list_display = [
        "title",
        "kind",
        "status",
        "access",
        "published_on",
        LanguagesColumn("languages", label=gettext_lazy("Languages")),
        LinkColumn("page", label="", url_name="library_staff:resource", text=gettext_lazy("Versions and publishing")),
    ]
    list_filter = ["kind", "status", "access"]
    search_fields = ["title_en"]
    search_function = search_resources
    list_export = ["slug", *languages("title"), "kind", "status", "access", "published_on", "embargo_until"]
    export_filename = "library-resources"
    base_form_class = resource_forms.ResourceAdminForm
    save_service = staticmethod(save_resource)
    delete_service = staticmethod(delete_resource)
    organisation_panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")])]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("access")]),
        language_panels("title", gettext_lazy("Title")),
        FieldPanel("slug"),
        language_panels("summary", gettext_lazy("Summary"), classname="collapsed"),
        MultiFieldPanel(
            [FieldPanel("work_streams"), FieldPanel("topics")],
            heading=gettext_lazy("Work streams and topics"),
        ),
        MultiFieldPanel(
            [FieldPanel("regions"), FieldPanel("countries"), FieldPanel("municipalities")],
            heading=gettext_lazy("Where it concerns"),
        ),
        MultiFieldPanel([FieldPanel("events"), FieldPanel("calls")], heading=gettext_lazy("Where it came from")),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("published_precision"), FieldPanel("embargo_until")]),
        FieldPanel("external_url"),
        InlinePanel(
            "organisations",
            heading=gettext_lazy("Organisations"),
            label=gettext_lazy("Organisation"),
            panels=organisation_panels,
        ),
        FieldRowPanel([FieldPanel("is_demo"), FieldPanel("source")]),
    ]

    def service_arguments(self, form) -> dict:
        """The form's fields, its relations, and its organisation rows as (organisation, role)."""
        values = form.model_values()
        if not values.get("slug"):  # left empty: the service makes one for a new resource, keeps the old one
            values.pop("slug", None)
        for name in services.RELATIONS:
            if name in form.cleaned_data:
                values[name] = list(form.cleaned_data.get(name) or [])
        values["organisations"] = resource_forms.organisation_pairs(form)
        return {"values": values}


class WorkStreamViewSet(LibraryViewSet):
    model = WorkStream
    name = "library_work_streams"
    url_prefix = "library/work-streams"
    icon = "tag"
    menu_label = gettext_lazy("Work streams")
    menu_order = 120
    menu_item_class = SecretariatMenuItem
    rules = WORK_STREAM_RULES
    index_view_class = WorkStreamIndexView
    list_display = ["name", "slug", "sort_order", CountColumn("resource_count", label=gettext_lazy("Resources"))]
    search_fields = ["name_en"]
    list_export = ["slug", *languages("name"), "sort_order"]
    export_filename = "library-work-streams"
    save_service = staticmethod(services.save_work_stream)
    delete_service = staticmethod(services.delete_work_stream)
    panels = [
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
        language_panels("name", gettext_lazy("Name")),
        language_panels("description", gettext_lazy("Description"), classname="collapsed"),
    ]


# --- The staff's own pages -----------------------------------------------------------------------------------


def _staff_only(request) -> None:
    if not permissions.is_staff(request.user):
        raise Http404


def _resource(request, pk) -> Resource:
    """The resource, if the editor may edit it; otherwise it does not exist for them."""
    _staff_only(request)
    resource = (
        permissions.scope_editable(Resource.objects.all(), request.user)
        .prefetch_related("regions", "countries", "municipalities", "work_streams")
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def _page(resource: Resource) -> str:
    return reverse("library_staff:resource", args=[resource.pk])


def _render_page(request, resource: Resource, *, version_form=None, body_form=None, status=200):
    versions = list(resource.versions.all())
    body = CaseStudy.objects.filter(resource=resource).first()
    if resource.kind == ResourceKind.CASE_STUDY and body_form is None:
        body_form = resource_forms.CaseStudyForm(instance=body, initial={"based_on_version": resource.version})
    organisations = ResourceOrganisation.objects.filter(resource=resource).select_related("organisation")
    return render(
        request,
        "library/staff/resource.html",
        {
            "resource": resource,
            "versions": versions,
            "organisations": organisations,
            "version_form": version_form or resource_forms.VersionForm(),
            "body_form": body_form if resource.kind == ResourceKind.CASE_STUDY else None,
            "can_review": permissions.can_review(request.user, resource),
        },
        status=status,
    )


@require_http_methods(["GET"])
@second_factor_required
def resource_page(request, pk):
    """The resource's page: its language versions (with their extraction), its case study's body, publishing."""
    return _render_page(request, _resource(request, pk))


@require_http_methods(["POST"])
@second_factor_required
def add_version(request, pk):
    """Add or replace the version in one language; a refused file is shown at its field, nothing saved."""
    resource = _resource(request, pk)
    form = resource_forms.VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.save_version(
                actor=request.user,
                resource=resource,
                language=form.cleaned_data["language"],
                text=form.cleaned_data["text"] or None,
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            return run_and_redirect(
                request, lambda: None, done=_("The language version is saved."), back=_page(resource)
            )
    return _render_page(request, resource, version_form=form)


@require_http_methods(["POST"])
@second_factor_required
def delete_version(request, pk, version_pk):
    resource = _resource(request, pk)
    version = ResourceVersion.objects.filter(resource=resource, pk=version_pk).first()
    if version is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.delete_version(actor=request.user, version=version),
        done=_("The language version is deleted."),
        back=_page(resource),
    )


@require_http_methods(["POST"])
@second_factor_required
def save_case_study(request, pk):
    """The case study's sections and contact; a refusal is shown at the form (a stale one saves nothing)."""
    resource = _resource(request, pk)
    body = CaseStudy.objects.filter(resource=resource).first()
    form = resource_forms.CaseStudyForm(request.POST, instance=body)
    if form.is_valid():
        try:
            services.save_case_study(
                actor=request.user,
                resource=resource,
                values=form.section_values(),
                expected_version=form.cleaned_data.get("based_on_version"),
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            return run_and_redirect(request, lambda: None, done=_("The case study is saved."), back=_page(resource))
    return _render_page(request, resource, body_form=form)


@require_http_methods(["POST"])
@second_factor_required
def publish(request, pk):
    resource = _resource(request, pk)
    return run_and_redirect(
        request,
        lambda: services.publish_resource(actor=request.user, resource=resource),
        done=_("The resource is published in the library."),
        back=_page(resource),
    )


@require_http_methods(["POST"])
@second_factor_required
def withdraw(request, pk):
    resource = _resource(request, pk)
    return run_and_redirect(
        request,
        lambda: services.withdraw_resource(actor=request.user, resource=resource),
        done=_("The resource is withdrawn from the library."),
        back=_page(resource),
    )


# --- The review queue ------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
@second_factor_required
def review_queue(request):
    """The proposed case studies awaiting the editor's review, oldest first."""
    _staff_only(request)
    proposals_ = (
        permissions.scope_review_queue(Resource.objects.all(), request.user)
        .select_related("proposed_by")
        .prefetch_related("municipalities")
        .order_by("updated_at", "pk")
    )
    return render(
        request,
        "library/staff/review.html",
        {"proposals": list(proposals_)},
    )


def _proposal(request, pk) -> Resource:
    _staff_only(request)
    resource = permissions.scope_review_queue(Resource.objects.all(), request.user).filter(pk=pk).first()
    if resource is None:
        raise Http404
    return resource


@require_http_methods(["POST"])
@second_factor_required
def publish_proposal(request, pk):
    resource = _proposal(request, pk)
    return run_and_redirect(
        request,
        lambda: proposals.publish_proposal(actor=request.user, resource=resource),
        done=_("The case study is published."),
        back=reverse("library_review:index"),
    )


@require_http_methods(["POST"])
@second_factor_required
def return_proposal(request, pk):
    """Return a proposal to its author with a note (required: the form says so, nothing changes)."""
    resource = _proposal(request, pk)
    form = resource_forms.ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a note to the author: what to change before they propose it again."))
        return redirect(reverse("library_review:index"))
    return run_and_redirect(
        request,
        lambda: proposals.return_proposal(actor=request.user, resource=resource, note=form.cleaned_data["note"]),
        done=_("The case study is returned to its author with your note."),
        back=reverse("library_review:index"),
    )


class ReviewViewSet(ViewSet):
    """The review queue of proposed case studies, in the "Library" menu."""

    name = "library_review"
    url_prefix = "library/review"
    icon = "tasks"
    menu_label = gettext_lazy("Review queue")
    menu_order = 110
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return review_patterns


# Viewset classes for the "Library" menu, in menu order.
VIEWSETS = [ResourceViewSet, ReviewViewSet, WorkStreamViewSet]

staff_patterns = [
    path("resources/<int:pk>/page/", resource_page, name="resource"),
    path("resources/<int:pk>/versions/", add_version, name="add-version"),
    path("resources/<int:pk>/versions/<int:version_pk>/delete/", delete_version, name="delete-version"),
    path("resources/<int:pk>/case-study/", save_case_study, name="case-study"),
    path("resources/<int:pk>/publish/", publish, name="publish"),
    path("resources/<int:pk>/withdraw/", withdraw, name="withdraw"),
]

review_patterns = [
    path("", review_queue, name="index"),
    path("<int:pk>/publish/", publish_proposal, name="publish"),
    path("<int:pk>/return/", return_proposal, name="return"),
]

# The library's own admin pages (paths below /admin/), in a namespace of their own.
urlpatterns = [path("library/", include((staff_patterns, "library_staff")))]
