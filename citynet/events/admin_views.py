"""Events in the Wagtail admin (/admin/events/...): the event as a viewset declaration on the core's generic
admin (its programme, speakers, documents and commitments as inline panels), and the "Events" menu with
the reports. The event's own staff pages (participants, invitations, check-in, sign-in sheets, reports,
exports) are in views/staff.py.

Who may do what comes from events.permissions (an event is its region's staff's; a network-wide one, the
secretariat's); every write is a call to services/events.py; exports of the list are neutralised against
formulas by the core and logged here.
"""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from citynet.core import records
from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import (
    LoggedExportIndexView,
    RecordRules,
    RecordsViewSet,
    RulesPermissionPolicy,
    language_panels,
)
from citynet.core.exceptions import InvalidInput
from citynet.core.templatetags.citynet import precise_date
from citynet.network import permissions as network
from citynet.network.models import Organisation, Topic

from . import permissions
from .forms import staff as staff_forms
from .models import SEATED, Event, Session
from .services import events as event_services


def choices(queryset: QuerySet, actor) -> QuerySet:
    """What staff may pick in an event's form: the regions and places they run, people of their regions,
    any topic or registry organisation (both network-wide and public); a speaker's session is limited to
    the event's own by the form."""
    model = queryset.model
    if model in (Topic, Organisation):
        return queryset
    if model is Session:
        return queryset.none()
    if model is Event:
        return permissions.scope_managed_events(queryset, actor)
    return network.scope_choices(queryset, actor)


EVENT_RULES = RecordRules(
    may_any=lambda actor, action: permissions.can_manage_events(actor),
    may=lambda actor, record, action: permissions.can_manage_event(actor, record),
    scope=permissions.scope_managed_events,
    choices=choices,
)
POLICIES = {Event: RulesPermissionPolicy(Event, EVENT_RULES)}


class EventIndexView(LoggedExportIndexView):
    """The event list with each event's seats taken; exports logged."""

    export_action = "events.export"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(seats_taken=Count("participations", filter=Q(participations__status__in=SEATED)))
        )


class DatesColumn(Column):
    """The event's dates, said only as precisely as they are known ("2017", "12 September 2017")."""

    def get_value(self, instance):
        start = precise_date(instance.starts_on, instance.date_precision)
        end = precise_date(instance.ends_on, instance.date_precision)
        return start if start == end else f"{start} – {end}"


class SeatsColumn(Column):
    def get_value(self, instance):
        taken = getattr(instance, "seats_taken", 0)
        return f"{taken} / {instance.capacity}" if instance.capacity is not None else f"{taken} / —"


class StaffPagesColumn(Column):
    """Links from an event in the list to its participants, check-in and report."""

    def get_value(self, instance):
        links = [
            (reverse(f"events_staff:{name}", args=[instance.pk]), label)
            for name, label in (
                ("participants", _("Participants")),
                ("check-in-days", _("Check-in")),
                ("report", _("Report")),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


def _delete_event(*, actor, instance):
    """Delete an event nobody registered for (a mistake); one with participants is cancelled instead."""
    if instance.participations.exists():
        raise InvalidInput(
            gettext_now(
                "People have registered for this event: cancel it instead (they will be told), do not delete it."
            )
        )
    records.delete(actor=actor, instance=instance, may=permissions.can_manage_event)


class EventViewSet(RecordsViewSet):
    model = Event
    name = "events_list"
    url_prefix = "events/list"
    icon = "date"
    menu_label = _("Events")
    menu_order = 100
    index_view_class = EventIndexView
    list_display = [
        "title",
        "region",
        "kind",
        DatesColumn("dates", label=_("Dates")),
        "status",
        "registration_mode",
        SeatsColumn("seats", label=_("Seats taken")),
        StaffPagesColumn("staff", label=_("Staff pages")),
    ]
    list_filter = ["region", "kind", "status"]
    search_fields = ["title_en", "title_ar", "slug", "venue_en"]
    list_export = [
        "slug",
        *languages("title"),
        "region",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        "date_precision",
        "time_zone",
        "host_municipality",
        "country",
        "registration_mode",
        "capacity",
        "seats_taken",
        "seats_per_city",
    ]
    export_filename = "events"
    list_select_related = ("region",)
    base_form_class = staff_forms.EventAdminForm
    save_service = event_services.save_event
    delete_service = staticmethod(_delete_event)
    session_panels = [
        language_panels("title", _("Title")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("room")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        language_panels("description", _("Description"), classname="collapsed"),
    ]
    speaker_panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("guest_name")]),
        FieldRowPanel([FieldPanel("affiliation"), FieldPanel("session")]),
        FieldRowPanel([FieldPanel("listed_publicly"), FieldPanel("sort_order")]),
    ]
    document_panels = [
        language_panels("title", _("Title")),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("is_public"), FieldPanel("sort_order")]),
        FieldPanel("file"),
    ]
    commitment_panels = [
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("due_on"), FieldPanel("is_public")]),
        FieldPanel("text"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("slug"), FieldPanel("kind")]),
        FieldPanel("is_demo"),
        language_panels("title", _("Title")),
        language_panels("summary", _("Summary"), classname="collapsed"),
        language_panels("description", _("Description"), classname="collapsed"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("host_municipality"), FieldPanel("country")]),
                language_panels("venue", _("Venue")),
                FieldPanel("online_url"),
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("date_precision")]),
            ],
            heading=_("Where and when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisers"),
                FieldPanel("partners"),
                FieldRowPanel([FieldPanel("working_languages"), FieldPanel("interpretation")]),
            ],
            heading=_("Organisers and languages"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("seats_per_city"), FieldPanel("quota_release_on")]),
                FieldRowPanel([FieldPanel("requires_confirmation"), FieldPanel("offer_hours")]),
                FieldPanel("city_approval"),
            ],
            heading=_("Registration and seats"),
        ),
        InlinePanel("sessions", heading=_("Programme"), label=_("Session"), panels=session_panels),
        InlinePanel("speakers", heading=_("Speakers"), label=_("Speaker"), panels=speaker_panels),
        InlinePanel("documents", heading=_("Reports, agendas and photos"), label=_("Document"), panels=document_panels),
        InlinePanel("commitments", heading=_("Follow-up commitments"), label=_("Commitment"), panels=commitment_panels),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("reported_participants"),
                        FieldPanel("reported_cities"),
                        FieldPanel("reported_countries"),
                    ]
                ),
                FieldPanel("reported_source"),
                language_panels("takeaways", _("Key takeaways")),
            ],
            heading=_("Outcomes"),
            classname="collapsed",
        ),
    ]

    @cached_property
    def permission_policy(self):
        return POLICIES[Event]

    @cached_property
    def rules(self):
        return EVENT_RULES

    @cached_property
    def export_headings(self):
        return {**super().export_headings, "seats_taken": _("Seats taken")}

    def service_arguments(self, form) -> dict:
        values = form.model_values()
        for name in event_services.RELATIONS:
            if name in form.cleaned_data:
                values[name] = list(form.cleaned_data[name])
        return {
            "values": values,
            "sessions": staff_forms.child_rows(form, "sessions", event_services.SESSION_FIELDS),
            "speakers": staff_forms.child_rows(form, "speakers", event_services.SPEAKER_FIELDS),
            "documents": staff_forms.child_rows(form, "documents", event_services.DOCUMENT_FIELDS),
            "commitments": staff_forms.child_rows(form, "commitments", event_services.COMMITMENT_FIELDS),
        }


class StaffMenuItem(MenuItem):
    """Shown to those who run some events (the secretariat, regional coordinators)."""

    def is_shown(self, request):
        return permissions.can_manage_events(request.user)


class EventReportsViewSet(ViewSet):
    """The reports across events: a region's (the coordinators'), the network's (the secretariat's)."""

    name = "events_reports"
    url_prefix = "events/reports"
    icon = "table"
    menu_label = _("Reports")
    menu_order = 110
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        from .views import staff

        return staff.report_patterns


class EventsViewSetGroup(ViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_order = 220
    items = (EventViewSet, EventReportsViewSet)
