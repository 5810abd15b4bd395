"""Staff writes of grant records that are not a step of the cycle: correcting a published award, linking an
applicant organisation to the registry's record. Each through `citynet.core.records` (audited)."""

from citynet.core import records
from citynet.network import permissions as network

from .. import permissions
from ..models import ApplicantOrganisation, Award

AWARD_FIELDS = records.editable_fields(Award)
# What the secretariat corrects on an applicant's profile; the people and contact details stay theirs.
ORGANISATION_FIELDS = ["name", "acronym", "kind", "country", "city", "founded_year", "website", "registry_organisation"]


def may_manage_award(actor, award: Award) -> bool:
    return award.call_id is not None and permissions.can_manage_call(actor, award.call)


def save_award(*, actor, instance: Award | None = None, values: dict, expected_version: int | None = None) -> Award:
    """Create or correct an award (staff of its call: before and after the change). Audited."""
    return records.save(
        actor=actor,
        instance=instance or Award(),
        values=values,
        fields=AWARD_FIELDS,
        may=may_manage_award,
        expected_version=expected_version,
    )


def delete_award(*, actor, instance: Award) -> None:
    """Withdraw a published award (staff of its call). Audited with its last values."""
    records.delete(actor=actor, instance=instance, may=may_manage_award)


def may_manage_applicant_organisations(actor, organisation=None) -> bool:
    """Applicant organisations apply across regions: the secretariat's to correct, nobody else's."""
    if network.manages_every_region(actor):
        return True
    return False


def save_applicant_organisation(
    *, actor, instance: ApplicantOrganisation, values: dict, expected_version: int | None = None
) -> ApplicantOrganisation:
    """Correct an applicant organisation's profile or link it to the registry (the secretariat). Audited."""
    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=ORGANISATION_FIELDS,
        may=may_manage_applicant_organisations,
        expected_version=expected_version,
    )
