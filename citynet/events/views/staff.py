"""The event's staff pages in the admin, /admin/events/<pk>/...: participants (approve, decline, cancel,
add), invitations, seats, check-in per day (phone-friendly), the printable sign-in sheet, the event's
report, exports; publishing and cancelling the event. And the reports across events
(/admin/events/reports/), a region's or the network's.

Registered by wagtail_hooks with `register_admin_urls` (so Wagtail's admin access check runs first);
each view also asks for the second factor and fetches the event through the actor's scope: another
region's event is a 404. Views parse input, call a service or a selector, render; a service's refusal is
shown on the page.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from citynet.accounts.second_factor import second_factor_required
from citynet.core import exports
from citynet.core.actions import run_and_redirect
from citynet.core.exceptions import DomainError
from citynet.core.forms import place_error
from citynet.network import permissions as network
from citynet.network.models import Organisation

from .. import permissions
from ..forms.staff import STATUS_FILTER, ExportForm, InviteCityForm, InvitePersonForm, ParticipantForm
from ..models import LIVE, Invitation
from ..selectors import staff as selectors
from ..services import events as event_services
from ..services import participation as participation_services
from ..services import staff as staff_services
from ..tasks.invitations import invitation_url

PAGE_SIZE = 100


def _event(request, event_pk):
    event = selectors.get_managed_event(actor=request.user, pk=event_pk)
    if event is None:
        raise Http404
    return event


def _show_error(request, error: DomainError, form=None):
    """A service's refusal: at the form's fields where it names them, else as a message."""
    if form is None or not place_error(form, error):
        messages.error(request, str(error.message))


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _back(event) -> str:
    """Where an action on the event's participants, invitations or status goes back to."""
    return reverse("events_staff:participants", args=[event.pk])


def _context(event, active: str, **extra) -> dict:
    return {"event": event, "active": active, **extra}


def _participant_form(event, actor, data=None) -> ParticipantForm:
    return ParticipantForm(
        data,
        municipalities=selectors.invitable_municipalities(event, actor),
        organisations=Organisation.objects.order_by("name_en"),
    )


# --- Participants, invitations, seats ----------------------------------------------------------------------


@require_http_methods(["GET"])
@second_factor_required
def participants(request, event_pk):
    """The event's participants (needs included: this is the organisers' page), filters, actions; its
    invitations; its seats."""
    return _participants_page(request, _event(request, event_pk))


def _participants_page(request, event, participant_form=None, status=200):
    filters = {
        "status": request.GET.get("status") or None,
        "q": (request.GET.get("q") or "").strip() or None,
    }
    if filters["status"] not in {None, *dict(STATUS_FILTER)}:
        filters["status"] = None
    queryset = selectors.list_participants(event=event, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    invitations = [(invitation, invitation_url(invitation)) for invitation in selectors.list_invitations(event)]
    return render(
        request,
        "events/staff/participants.html",
        _context(
            event,
            "participants",
            page=page,
            filters=filters,
            status_choices=STATUS_FILTER,
            counts=selectors.status_counts(event),
            seats=selectors.seat_summary(event),
            invitations=invitations,
            participant_form=participant_form or _participant_form(event, request.user),
            city_form=InviteCityForm(municipalities=selectors.invitable_municipalities(event, request.user)),
            person_form=InvitePersonForm(),
            query=request.GET.copy(),
        ),
        status=status,
    )


# Lazy: said in the language of the request that shows the message, not of the process that loaded this.
ACTIONS = {
    "approve": (participation_services.approve, gettext_lazy("Approved.")),
    "decline": (participation_services.decline, gettext_lazy("Declined.")),
    "cancel": (
        participation_services.cancel,
        gettext_lazy("Cancelled; the next person on the waiting list moves up."),
    ),
}


@require_http_methods(["POST"])
@second_factor_required
def participant_action(request, event_pk, pk, action):
    """Approve, decline or cancel one participant (the services decide what the status allows)."""
    event = _event(request, event_pk)
    if action not in ACTIONS:
        raise Http404
    participation = selectors.get_participation(event, pk)
    if participation is None:
        raise Http404
    service, done = ACTIONS[action]
    return run_and_redirect(
        request, lambda: service(actor=request.user, participation=participation), done=done, back=_back(event)
    )


@require_http_methods(["POST"])
@second_factor_required
def add_participant(request, event_pk):
    """Register a participant for them (a delegate, an expert): seats and waiting list apply as to anyone."""
    event = _event(request, event_pk)
    form = _participant_form(event, request.user, request.POST)
    if form.is_valid():
        try:
            participation = participation_services.register(
                actor=request.user, event=event, values=form.cleaned_data, for_self=False
            )
        except DomainError as error:
            _show_error(request, error, form)
        else:
            messages.success(
                request,
                _("%(name)s is registered: %(status)s.")
                % {"name": participation.name, "status": participation.get_status_display()},
            )
            return redirect("events_staff:participants", event.pk)
    return _participants_page(request, event, form, status=422)


@require_http_methods(["POST"])
@second_factor_required
def invite_city(request, event_pk):
    event = _event(request, event_pk)
    form = InviteCityForm(request.POST, municipalities=selectors.invitable_municipalities(event, request.user))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("events_staff:participants", event.pk)
    return run_and_redirect(
        request,
        lambda: staff_services.invite_city(
            actor=request.user, event=event, municipality=form.cleaned_data["municipality"]
        ),
        done=_("The city's invitation link is below: copy it to its focal point."),
        back=_back(event),
    )


@require_http_methods(["POST"])
@second_factor_required
def invite_person(request, event_pk):
    event = _event(request, event_pk)
    form = InvitePersonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("events_staff:participants", event.pk)
    return run_and_redirect(
        request,
        lambda: staff_services.invite_person(
            actor=request.user, event=event, email=form.cleaned_data["email"], language=form.cleaned_data["language"]
        ),
        done=_("The invitation is on its way by email."),
        back=_back(event),
    )


@require_http_methods(["POST"])
@second_factor_required
def revoke_invitation(request, event_pk, pk):
    event = _event(request, event_pk)
    invitation = Invitation.objects.select_related("event").filter(event=event, pk=pk).first()
    if invitation is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: staff_services.revoke_invitation(actor=request.user, invitation=invitation),
        done=_("The invitation link no longer works."),
        back=_back(event),
    )


# --- Publishing and cancelling ---------------------------------------------------------------------------------


@require_http_methods(["POST"])
@second_factor_required
def publish(request, event_pk):
    event = _event(request, event_pk)
    return run_and_redirect(
        request,
        lambda: event_services.publish_event(actor=request.user, event=event),
        done=_("The event is published."),
        back=_back(event),
    )


@require_http_methods(["GET", "POST"])
@second_factor_required
def cancel_event(request, event_pk):
    """A confirmation (GET), then the cancellation (POST): every live participant is told by email."""
    event = _event(request, event_pk)
    if request.method == "POST":
        return run_and_redirect(
            request,
            lambda: event_services.cancel_event(actor=request.user, event=event),
            done=_("The event is cancelled; its participants are being told."),
            back=_back(event),
        )
    live = selectors.status_counts(event)
    return render(
        request,
        "events/staff/cancel.html",
        _context(event, "participants", live=sum(live.get(status, 0) for status in LIVE)),
    )


# --- Check-in and the sign-in sheet -----------------------------------------------------------------------------


def _day(event, day: str) -> datetime.date:
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if parsed not in event.days():
        raise Http404
    return parsed


@require_http_methods(["GET"])
@second_factor_required
def check_in_days(request, event_pk):
    """The event's days, each with its check-in list and sign-in sheet."""
    event = _event(request, event_pk)
    return render(request, "events/staff/check_in_days.html", _context(event, "check-in", days=event.days()))


@require_http_methods(["GET"])
@second_factor_required
def check_in(request, event_pk, day):
    """One day's check-in list: confirmed participants with a large toggle each; counts at the top."""
    event = _event(request, event_pk)
    day = _day(event, day)
    q = (request.GET.get("q") or "").strip() or None
    people = list(selectors.check_in_list(event, day, q))
    return render(
        request,
        "events/staff/check_in.html",
        _context(event, "check-in", day=day, people=people, q=q, counts=selectors.check_in_counts(event, day)),
    )


@require_http_methods(["POST"])
@second_factor_required
def check_in_toggle(request, event_pk, day, pk):
    """Check one person in (present=1) or take it back (present=0); sending it twice changes nothing."""
    event = _event(request, event_pk)
    day = _day(event, day)
    participation = selectors.get_participation(event, pk)
    if participation is None:
        raise Http404
    present = request.POST.get("present") != "0"
    try:
        if present:
            staff_services.check_in(actor=request.user, participation=participation, day=day)
        else:
            staff_services.undo_check_in(actor=request.user, participation=participation, day=day)
    except DomainError as error:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": str(error.message)}, status=422)
        _show_error(request, error)
    else:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"present": present, **selectors.check_in_counts(event, day)})
    url = reverse("events_staff:check-in", args=[event.pk, day.isoformat()])
    q = (request.POST.get("q") or "").strip()
    return redirect(url + (f"?{urlencode({'q': q})}" if q else "") + f"#p{participation.pk}")


@require_http_methods(["GET"])
@second_factor_required
def sign_in_sheet(request, event_pk, day):
    """A printable sign-in sheet for one day: name, city or organisation, a column to sign; by city."""
    event = _event(request, event_pk)
    day = _day(event, day)
    people = list(selectors.check_in_list(event, day))
    return render(request, "events/staff/sign_in_sheet.html", {"event": event, "day": day, "people": people})


# --- Reports and exports ----------------------------------------------------------------------------------------


def _download(request, *, instance, what: str, name: str, headings, rows, fmt: str) -> HttpResponse:
    """The file, with an audit entry saying who exported what, in which format, when."""
    return exports.download(
        actor=request.user,
        instance=instance,
        action="events.export",
        what=what,
        name=name,
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


@require_http_methods(["GET"])
@second_factor_required
def report(request, event_pk):
    """The event's figures: participants by country, city, gender and role; cities per topic; knowledge
    before and after (the paired change) and satisfaction."""
    event = _event(request, event_pk)
    events = type(event).objects.filter(pk=event.pk)
    return render(request, "events/staff/report.html", _context(event, "report", report=selectors.report_of(events)))


@require_http_methods(["GET"])
@second_factor_required
def report_export(request, event_pk, fmt):
    """The event's figures as a file (counts only, no names), logged."""
    event = _event(request, event_pk)
    if fmt not in exports.FORMATS:
        raise Http404
    headings, rows = selectors.report_rows(selectors.report_of(type(event).objects.filter(pk=event.pk)))
    return _download(request, instance=event, what="report", name=event.slug, headings=headings, rows=rows, fmt=fmt)


@require_http_methods(["GET", "POST"])
@second_factor_required
def participants_export(request, event_pk, fmt):
    """A warning about the personal data in the file (GET), then the file (POST, confirmed), logged."""
    event = _event(request, event_pk)
    if fmt not in exports.FORMATS:
        raise Http404
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        headings, rows = selectors.participant_rows(event)
        return _download(
            request, instance=event, what="participants", name=event.slug, headings=headings, rows=rows, fmt=fmt
        )
    return render(
        request,
        "events/staff/export.html",
        _context(event, "participants", form=form, fmt=fmt),
        status=422 if request.method == "POST" else 200,
    )


def _report_region(request):
    """The region asked for (?region=<id>) among those the actor runs; none: the network (secretariat)."""
    regions = selectors.report_regions(request.user)
    wanted = request.GET.get("region")
    if wanted:
        region = regions.filter(pk=wanted).first() if wanted.isdigit() else None
        if region is None:
            raise Http404
        return region, regions
    if network.manages_every_region(request.user):
        return None, regions
    region = regions.first()
    if region is None:
        raise Http404
    return region, regions


@require_http_methods(["GET"])
@second_factor_required
def reports_index(request):
    """A region's figures across its events (coordinators: their regions), or the network's (secretariat)."""
    if not permissions.can_manage_events(request.user):
        raise Http404
    region, regions = _report_region(request)
    events = selectors.report_events(actor=request.user, region=region)
    return render(
        request,
        "events/staff/reports.html",
        {
            "region": region,
            "regions": regions,
            "report": selectors.report_of(events),
            "network": region is None,
            "network_allowed": network.manages_every_region(request.user),
        },
    )


@require_http_methods(["GET"])
@second_factor_required
def reports_export(request, fmt):
    if not permissions.can_manage_events(request.user) or fmt not in exports.FORMATS:
        raise Http404
    region, _regions = _report_region(request)
    headings, rows = selectors.report_rows(
        selectors.report_of(selectors.report_events(actor=request.user, region=region))
    )
    instance = region if region is not None else request.user
    name = region.slug if region is not None else "network"
    return _download(request, instance=instance, what="report", name=name, headings=headings, rows=rows, fmt=fmt)


staff_patterns = [
    path("participants/", participants, name="participants"),
    path("participants/add/", add_participant, name="add-participant"),
    path("participants/<int:pk>/<str:action>/", participant_action, name="participant-action"),
    path("participants/export/<str:fmt>/", participants_export, name="participants-export"),
    path("invitations/city/", invite_city, name="invite-city"),
    path("invitations/person/", invite_person, name="invite-person"),
    path("invitations/<int:pk>/revoke/", revoke_invitation, name="revoke-invitation"),
    path("publish/", publish, name="publish"),
    path("cancel/", cancel_event, name="cancel"),
    path("check-in/", check_in_days, name="check-in-days"),
    path("check-in/<str:day>/", check_in, name="check-in"),
    path("check-in/<str:day>/<int:pk>/", check_in_toggle, name="check-in-toggle"),
    path("sign-in-sheet/<str:day>/", sign_in_sheet, name="sign-in-sheet"),
    path("report/", report, name="report"),
    path("report/export/<str:fmt>/", report_export, name="report-export"),
]

# Mounted by wagtail_hooks under /admin/: /admin/events/<pk>/...
urlpatterns = [path("events/<int:event_pk>/", include((staff_patterns, "events_staff")))]

# The reports viewset's pages (admin_views.EventReportsViewSet): /admin/events/reports/...
report_patterns = [
    path("", reports_index, name="index"),
    path("export/<str:fmt>/", reports_export, name="export"),
]
