"""Eligibility screening: the call's rules checked automatically, then staff decide with a checklist.

`eligibility_checks` only reads; `screen` records the staff's decision (a reason for every exclusion),
audits it and tells the applicant after the commit.
"""

import datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition
from citynet.network.models import Country, MembershipStatus, Municipality, OrganisationKind
from citynet.network.selectors import with_membership

from .. import permissions
from ..models import Application, ApplicationStatus, Screening

RULES = {
    "kind": gettext_lazy("Kind of organisation"),
    "country": gettext_lazy("Country"),
    "founded": gettext_lazy("Years since founding"),
    "partner": gettext_lazy("Partner municipality is a member"),
}


class Check(NamedTuple):
    rule: str  # a key of RULES
    passed: bool
    detail: str  # translated, for staff

    @property
    def label(self) -> str:
        return str(RULES[self.rule])


def _kind_check(call, organisation) -> Check:
    kinds = call.eligible_kinds or []
    shown = OrganisationKind(organisation.kind).label if organisation.kind in OrganisationKind.values else "—"
    if not kinds:
        return Check("kind", True, _("Any kind may apply (%(kind)s).") % {"kind": shown})
    if organisation.kind in kinds:
        return Check("kind", True, _("%(kind)s may apply.") % {"kind": shown})
    return Check("kind", False, _("%(kind)s is not among the kinds this call accepts.") % {"kind": shown})


def _country_check(call, organisation) -> Check:
    code = organisation.country.code if organisation.country else ""
    allowed = set(call.eligible_countries or [])
    if not allowed:
        allowed = {str(c) for c in Country.objects.filter(region_id=call.region_id).values_list("code", flat=True)}
        where = _("the region's countries")
    else:
        where = _("the call's countries")
    name = organisation.country.name if code else "—"
    if code in allowed:
        return Check("country", True, _("%(country)s is among %(where)s.") % {"country": name, "where": where})
    return Check("country", False, _("%(country)s is not among %(where)s.") % {"country": name, "where": where})


def _founded_check(call, organisation) -> Check | None:
    years = call.min_years_founded
    if not years:
        return None
    closing_year = call.closes_at.astimezone(call.zone).year
    if organisation.founded_year is None:
        return Check("founded", False, _("The organisation did not say when it was founded."))
    age = closing_year - organisation.founded_year
    detail = _("Founded in %(year)s: %(age)s years before the call closes (at least %(needed)s needed).") % {
        "year": organisation.founded_year,
        "age": age,
        "needed": years,
    }
    return Check("founded", age >= years, detail)


def _partner_check(call, application, on: datetime.date) -> Check | None:
    if not call.requires_member_partner:
        return None
    if application.partner_municipality_id is None:
        return Check("partner", False, _("No partner municipality was named."))
    municipality = (
        with_membership(Municipality.objects.filter(pk=application.partner_municipality_id), on=on)
        .select_related("country")
        .first()
    )
    name = municipality.name
    if municipality.country.region_id != call.region_id:
        return Check("partner", False, _("%(city)s is not in the call's region.") % {"city": name})
    if municipality.membership_status != MembershipStatus.MEMBER:
        return Check(
            "partner",
            False,
            _("%(city)s is not a member on %(date)s.") % {"city": name, "date": on.isoformat()},
        )
    return Check("partner", True, _("%(city)s is a member on %(date)s.") % {"city": name, "date": on.isoformat()})


def eligibility_checks(application: Application, *, on: datetime.date | None = None) -> list[Check]:
    """The call's eligibility rules applied to `application`, each passed or not with a detail for staff.

    Kind and country always; years since founding (counted to the year the call closes, in its zone) and
    the partner's membership (on `on`, today by default: the network's current members) when the call
    asks for them. Reads only.
    """
    call = application.call
    organisation = application.organisation
    checks = [
        _kind_check(call, organisation),
        _country_check(call, organisation),
        _founded_check(call, organisation),
        _partner_check(call, application, on or timezone.localdate()),
    ]
    return [check for check in checks if check is not None]


def _may_screen(actor, application) -> bool:
    return permissions.can_manage_call(actor, application.call)


SCREENING_FIELDS = ["screening", "screening_checklist", "screening_reason", "screened_by", "screened_at"]


@transaction.atomic
def screen(*, actor, application: Application, eligible: bool, checklist: dict, reason: str = "") -> Application:
    """Record staff's screening of a submitted application: eligible, or excluded with a reason.

    `checklist` is the staff checklist ({item: bool}). Screening again replaces the earlier outcome.
    Side effects: one audit entry; after the commit, each person of the applying organisation gets an
    email in their own language when the outcome changed.
    """
    reason = (reason or "").strip()
    if not eligible and not reason:
        message = _("Give the reason for excluding this application: the applicant will read it.")
        raise InvalidInput(message, errors={"screening_reason": [message]})
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted application can be screened."))
    before = Application.objects.filter(pk=application.pk).values_list("screening", flat=True).first()
    outcome = Screening.ELIGIBLE if eligible else Screening.EXCLUDED
    saved = records.save(
        actor=actor,
        instance=application,
        values={
            "screening": outcome,
            "screening_checklist": {str(k): bool(v) for k, v in (checklist or {}).items()},
            "screening_reason": reason,
            "screened_by": actor,
            "screened_at": timezone.now(),
        },
        fields=SCREENING_FIELDS,
        may=_may_screen,
    )
    if before != outcome:
        from ..tasks.decisions import notify_screening

        transaction.on_commit(lambda: notify_screening.enqueue(application_id=saved.pk))
    return saved
