"""Participants' and focal points' pages: registering, an invitation's landing, a city's delegates, a
participation (cancel, confirm, substitute, approve, decline), one's own events, the certificate of
attendance and the before/after questionnaires.

Thin: each view finds what the person may see (anything else is a 404), calls a service and redirects
back with a message; a service's refusal is shown at the form (`show_at_form`) or as a message, never as
a server error. Every POST may be sent twice: the second finds the first one's result.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from citynet.core.actions import run_and_redirect
from citynet.core.exceptions import DomainError
from citynet.core.forms import show_at_form

from .. import permissions
from ..forms.participation import DelegateForm, QuestionnaireForm, RegisterForm
from ..models import LIVE, ParticipationStatus, Phase, QuestionnaireResponse, RegistrationMode
from ..selectors import certificates
from ..selectors import participation as selectors
from ..services import participation as services
from ..services import questionnaires

# What each status means for the person, in a sentence (the participation page and the lists).
MEANING = {
    ParticipationStatus.PENDING: gettext_lazy("Your request waits for a decision; it does not hold a seat yet."),
    ParticipationStatus.WAITING: gettext_lazy(
        "The event is full: you are on the waiting list and get a seat when one frees."
    ),
    ParticipationStatus.OFFERED: gettext_lazy(
        "A seat is held for you: confirm it before the time shown, or it passes on."
    ),
    ParticipationStatus.CONFIRMED: gettext_lazy("You have a seat at this event."),
    ParticipationStatus.DECLINED: gettext_lazy("The request was not approved."),
    ParticipationStatus.CANCELLED: gettext_lazy("This registration was cancelled."),
    ParticipationStatus.LAPSED: gettext_lazy("The seat offered was not confirmed in time and went to the next person."),
}


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


def _event_or_404(request, slug):
    event = selectors.visible_event(request.user, slug)
    if event is None:
        raise Http404
    return event


def _participation_or_404(request, slug, pk):
    participation = selectors.participation_for(request.user, slug, pk)
    if participation is None:
        raise Http404
    return participation


def _detail_url(participation) -> str:
    return reverse("events:participation", args=[participation.event.slug, participation.pk])


def _status_message(request, participation) -> None:
    status = participation.status
    if status == ParticipationStatus.CONFIRMED:
        messages.success(request, _("You are registered: your place is confirmed."))
    elif status == ParticipationStatus.WAITING:
        messages.info(request, _("The event is full: you are on the waiting list."))
    elif status == ParticipationStatus.PENDING:
        messages.info(request, _("Your request was received: it waits for approval."))
    elif status == ParticipationStatus.OFFERED:
        messages.info(request, _("A seat is held for you: confirm it to keep it."))


# --- Registering oneself ------------------------------------------------------------------------------


def _refusal(request, event, invitation) -> str | None:
    """Why the person cannot register now (None: they can); the services decide again on submit."""
    if permissions.can_manage_event(request.user, event):
        return None
    if event.registration_mode == RegistrationMode.NONE:
        return _("Registration for this event is not on this site.")
    if not event.registration_is_open():
        return _("Registration for this event is not open.")
    if event.registration_mode == RegistrationMode.INVITATION and invitation is None:
        return _("This event is by invitation only: use the link in your invitation.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def register(request, slug):
    """A person asks for a place for themselves (through an invitation's link where the event needs one)."""
    event = _event_or_404(request, slug)
    token = request.POST.get("invitation") or request.GET.get("invitation") or ""
    invitation = services.live_invitation(event, token)
    if token and invitation is None and request.method == "GET":
        messages.warning(request, _("This invitation link is not valid (any more): ask the organisers for a new one."))
    existing = selectors.own_participation(request.user, event)
    if existing is not None:
        messages.info(request, _("You are already registered for this event."))
        return redirect(_detail_url(existing))
    refusal = _refusal(request, event, invitation)
    if refusal is not None:
        if request.method == "POST":
            messages.error(request, refusal)
        return render(request, "events/participation/register.html", {"event": event, "refusal": refusal})
    user = request.user
    form = RegisterForm(
        request.POST if request.method == "POST" else None,
        municipalities=selectors.municipality_choices(event),
        organisations=selectors.organisation_choices(),
        invited_city=invitation.municipality if invitation else None,
        initial={"name": str(user), "language": user.preferred_language or request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.register(
                actor=user, event=event, values=form.values(), invitation=invitation, for_self=True
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            if not permissions.can_view_participation(user, participation):
                # Their email was registered already, by their city's focal point: that registration stands.
                messages.info(request, _("You are already registered for this event, by your city."))
                return redirect("events:mine")
            _status_message(request, participation)
            return redirect(_detail_url(participation))
    return render(
        request,
        "events/participation/register.html",
        {"event": event, "form": form, "invitation": invitation, "token": token if invitation else ""},
        status=422 if form.is_bound else 200,
    )


@require_safe
def invitation(request, slug, token):
    """The landing of an invitation link: the event, the city (or person) invited, and what to do."""
    event = _event_or_404(request, slug)
    found = services.live_invitation(event, token)
    if found is None:
        raise Http404
    may_register_delegates = found.municipality is not None and permissions.can_register_for_city(
        request.user, found.municipality
    )
    return render(
        request,
        "events/participation/invitation.html",
        {
            "event": event,
            "invitation": found,
            "own": selectors.own_participation(request.user, event),
            "may_register_delegates": may_register_delegates,
            "open": event.registration_is_open(),
        },
    )


# --- A city's delegates --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request, slug):
    """A city's focal point registers its delegates and sees them (status, cancel, substitute)."""
    event = _event_or_404(request, slug)
    cities = selectors.delegate_cities(request.user, event)
    if not cities:
        raise Http404
    chosen = request.POST.get("city") or request.GET.get("city")
    city = next((c for c in cities if str(c.pk) == chosen), cities[0] if len(cities) == 1 or not chosen else None)
    if city is None:
        raise Http404
    here = f"{reverse('events:delegates', args=[event.slug])}?city={city.pk}"
    invitation = selectors.city_invitation(event, city)
    staff = permissions.can_manage_event(request.user, event)
    refusal = None
    if not staff:
        if not event.registration_is_open():
            refusal = _("Registration for this event is not open.")
        elif event.registration_mode == RegistrationMode.INVITATION and invitation is None:
            refusal = _("This event is by invitation only, and your city has not been invited.")
    form = DelegateForm(
        request.POST if request.method == "POST" and refusal is None else None,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST":
        if refusal is not None:
            messages.error(request, refusal)
            return redirect(here)
        if form.is_valid():
            values = {**form.values(), "municipality": city}
            email = values["email"].strip().lower()
            twice = event.participations.filter(email=email, municipality=city, status__in=LIVE).first()
            if twice is not None:
                messages.info(request, _("%(name)s is already registered.") % {"name": twice.name})
                return redirect(here)
            try:
                participation = services.register(
                    actor=request.user, event=event, values=values, invitation=invitation, for_self=False
                )
            except DomainError as error:
                show_at_form(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered: %(status)s.")
                    % {"name": participation.name, "status": participation.get_status_display()},
                )
                return redirect(here)
    return render(
        request,
        "events/participation/delegates.html",
        {
            "event": event,
            "cities": cities,
            "city": city,
            "invitation": invitation,
            "refusal": refusal,
            "form": form,
            "delegates": list(selectors.city_delegates(event, city)),
            "here": here,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


# --- One participation ------------------------------------------------------------------------------


@login_required
@require_safe
def participation_detail(request, slug, pk):
    participation = _participation_or_404(request, slug, pk)
    event = participation.event
    user = request.user
    attended = certificates.has_certificate(participation)
    own = permissions.is_own(user, participation)
    return render(
        request,
        "events/participation/detail.html",
        {
            "participation": participation,
            "event": event,
            "meaning": MEANING.get(participation.status, ""),
            "own": own,
            "position": selectors.waiting_position(participation),
            "may_cancel": participation.is_live and permissions.can_cancel(user, participation),
            "may_confirm": participation.status == ParticipationStatus.OFFERED
            and permissions.can_cancel(user, participation),
            "may_substitute": participation.is_live and permissions.can_substitute(user, participation),
            "may_approve": participation.status == ParticipationStatus.PENDING
            and permissions.can_approve(user, participation),
            "online_url": event.online_url if participation.status == ParticipationStatus.CONFIRMED else "",
            "certificate": attended and permissions.can_download_certificate(user, participation),
            "phases": questionnaires.open_phases(participation)
            if permissions.can_answer_questionnaire(user, participation)
            else [],
            "answered": set(participation.responses.values_list("phase", flat=True)) if own else set(),
        },
    )


def _act(request, slug, pk, action, done):
    """Run one of the participation's actions (a service) and go back with its message."""
    participation = _participation_or_404(request, slug, pk)
    return run_and_redirect(
        request,
        lambda: action(participation),
        # None: nothing was left to do, and the action said so itself.
        done=lambda result: None if result is None else done,
        back=_safe_next(request) or _detail_url(participation),
    )


@login_required
@require_POST
def cancel(request, slug, pk):
    def action(participation):
        if not participation.is_live:
            messages.info(request, _("This registration was already cancelled."))
            return None
        return services.cancel(actor=request.user, participation=participation)

    return _act(request, slug, pk, action, _("The registration was cancelled."))


@login_required
@require_POST
def confirm(request, slug, pk):
    def action(participation):
        if participation.status == ParticipationStatus.CONFIRMED:
            messages.info(request, _("Your place is confirmed."))
            return None
        return services.confirm_offer(actor=request.user, participation=participation)

    return _act(request, slug, pk, action, _("Your place is confirmed."))


def _decide(request, slug, pk, service, done):
    def action(participation):
        if participation.status != ParticipationStatus.PENDING and permissions.can_approve(request.user, participation):
            messages.info(
                request,
                _("This request was already decided: %(status)s.") % {"status": participation.get_status_display()},
            )
            return None
        return service(actor=request.user, participation=participation)

    return _act(request, slug, pk, action, done)


@login_required
@require_POST
def approve(request, slug, pk):
    return _decide(request, slug, pk, services.approve, _("The request was approved."))


@login_required
@require_POST
def decline(request, slug, pk):
    return _decide(request, slug, pk, services.decline, _("The request was declined."))


@login_required
@require_http_methods(["GET", "POST"])
def substitute(request, slug, pk):
    """A city's focal point (or the event's staff) sends another delegate in this one's place."""
    participation = _participation_or_404(request, slug, pk)
    if not permissions.can_substitute(request.user, participation):
        raise Http404
    if participation.replaced_by_id:
        messages.info(request, _("This delegate was already replaced."))
        return redirect(_detail_url(participation.replaced_by))
    if not participation.is_live:
        messages.error(request, _("Only a live registration can be handed to another delegate."))
        return redirect(_detail_url(participation))
    form = DelegateForm(
        request.POST if request.method == "POST" else None,
        initial={"role": participation.role, "language": participation.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.substitute(actor=request.user, participation=participation, values=form.values())
        except DomainError as error:
            show_at_form(form, error)
        else:
            messages.success(
                request, _("%(name)s now takes the place of %(old)s.") % {"name": new.name, "old": participation.name}
            )
            return redirect(_detail_url(new))
    return render(
        request,
        "events/participation/substitute.html",
        {"participation": participation, "event": participation.event, "form": form},
        status=422 if form.is_bound else 200,
    )


# --- Certificates and questionnaires -------------------------------------------------------------------


@login_required
@require_safe
def certificate(request, slug, pk):
    """The certificate of attendance as a PDF, in the participant's language, for who attended."""
    participation = _participation_or_404(request, slug, pk)
    if not permissions.can_download_certificate(request.user, participation):
        raise Http404
    if not certificates.has_certificate(participation):
        raise Http404
    response = HttpResponse(certificates.certificate_pdf(participation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{participation.event.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, slug, pk, phase):
    """The participant's before/after questionnaire: knowledge of each topic, satisfaction afterwards."""
    participation = _participation_or_404(request, slug, pk)
    if phase not in Phase.values or not permissions.can_answer_questionnaire(request.user, participation):
        raise Http404
    event = participation.event
    response = QuestionnaireResponse.objects.filter(participation=participation, phase=phase).first()
    is_open = questionnaires.is_open(participation, phase)
    topics = list(event.topics.order_by("pk"))
    form = QuestionnaireForm(
        request.POST if request.method == "POST" and is_open else None,
        topics=topics,
        phase=phase,
        initial=QuestionnaireForm.initial_from(response),
    )
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("This questionnaire is closed."))
            return redirect(_detail_url(participation))
        if form.is_valid():
            try:
                questionnaires.save_response(
                    actor=request.user, participation=participation, phase=phase, values=form.values()
                )
            except DomainError as error:
                show_at_form(form, error)
            else:
                messages.success(request, _("Thank you: your answers were saved."))
                return redirect(_detail_url(participation))
    return render(
        request,
        "events/participation/questionnaire.html",
        {
            "participation": participation,
            "event": event,
            "phase": phase,
            "form": form,
            "response": response,
            "is_open": is_open,
        },
        status=422 if form.is_bound else 200,
    )


# --- One's own events ----------------------------------------------------------------------------------


@login_required
@require_safe
def mine(request):
    """The person's own participations; for a focal point, their cities' delegates and requests to decide."""
    user = request.user
    return render(
        request,
        "events/participation/mine.html",
        {
            "participations": list(selectors.my_participations(user)),
            "delegates": list(selectors.my_cities_delegates(user)),
            "awaiting": list(selectors.awaiting_my_approval(user)),
            "is_focal_point": bool(permissions.focal_point_city_ids(user)),
        },
    )


def _participation(suffix, view, name):
    return path(f"events/<slug:slug>/participations/<int:pk>/{suffix}", view, name=name)


urlpatterns = [
    path("events/<slug:slug>/register/", register, name="register"),
    path("events/<slug:slug>/invitation/<str:token>/", invitation, name="invitation"),
    path("events/<slug:slug>/delegates/", delegates, name="delegates"),
    _participation("", participation_detail, "participation"),
    _participation("cancel/", cancel, "cancel"),
    _participation("confirm/", confirm, "confirm"),
    _participation("approve/", approve, "approve"),
    _participation("decline/", decline, "decline"),
    _participation("substitute/", substitute, "substitute"),
    _participation("certificate.pdf", certificate, "certificate"),
    _participation("questionnaire/<str:phase>/", questionnaire, "questionnaire"),
    path("my/events/", mine, name="mine"),
]
