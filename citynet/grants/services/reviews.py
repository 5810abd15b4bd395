"""Writes of the review: the call's pool of reviewers, their declared interests, assignments (automatic
and by hand), the conflict-of-interest declaration, and the review itself (a draft, then submitted).

Rules (issue 7, "Screening and review"):
- staff of the call (`permissions.can_manage_call`) run the pool and the assignments;
- a reviewer is never assigned an application they have a conflict with: a declared interest in the
  applicant organisation, in the partner municipality, or in the country of either; or being one of
  the applicant organisation's people (`conflicts_of`, the one definition);
- the reviewer declares before the application opens to them; a conflict frees the assignment (it stays
  as a record, no longer counts towards the application's reviewers, and automatic assignment fills
  the place again);
- scores stay within each criterion's scale, "not applicable" only where the criterion allows it; a
  submitted review is complete and final.

Every write goes through `citynet.core.records` (permission, row lock, version check, audit entry); the
automatic assignment, which creates thousands of rows at once, writes them in bulk with one audit entry
on the call that lists them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import audit, records
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition
from citynet.core.names import fold
from citynet.core.permissions import ensure_can

from .. import permissions
from ..models import (
    ApplicantOrganisation,
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CallStages,
    Criterion,
    Declaration,
    DeclaredInterest,
    OrganisationMember,
    PoolMember,
    Review,
    ReviewStatus,
    Score,
    Screening,
    Stage,
)

# --- Pool and interests ------------------------------------------------------------------------------


def _may_manage_pool(actor, member: PoolMember) -> bool:
    return permissions.can_manage_call(actor, member.call)


def add_to_pool(*, actor, call: Call, reviewer, max_assignments: int | None = None) -> PoolMember:
    """Put `reviewer` in `call`'s pool (staff of the call); already there: their limit is updated."""
    member = PoolMember.objects.filter(call=call, reviewer=reviewer).first() or PoolMember(call=call, reviewer=reviewer)
    return records.save(
        actor=actor,
        instance=member,
        values={"max_assignments": max_assignments},
        fields=["max_assignments"],
        may=_may_manage_pool,
    )


def remove_from_pool(*, actor, call: Call, reviewer) -> None:
    """Take `reviewer` out of `call`'s pool (staff). Their assignments stay; staff unassign them by hand."""
    member = PoolMember.objects.filter(call=call, reviewer=reviewer).first()
    if member is None:
        return
    records.delete(actor=actor, instance=member, may=_may_manage_pool)


def _may_declare_interest(actor, interest: DeclaredInterest) -> bool:
    """A reviewer's interests: the reviewer themselves, or anyone who runs calls."""
    if interest.reviewer_id == getattr(actor, "pk", None) and actor.is_active:
        return True
    if permissions.can_manage_calls(actor):
        return True
    return False


def declare_interest(
    *,
    actor,
    reviewer,
    organisation: ApplicantOrganisation | None = None,
    organisation_name: str = "",
    municipality=None,
    country: str = "",
    note="",
) -> DeclaredInterest:
    """Record what `reviewer` is tied to (an organisation, or one as they name it; a municipality; a
    country): never assigned an application from it. The reviewer declares it, or staff on their behalf."""
    organisation_name = (organisation_name or "").strip()
    if organisation is None and not organisation_name and municipality is None and not country:
        raise InvalidInput(_("Name an organisation, a municipality or a country."))
    return records.save(
        actor=actor,
        instance=DeclaredInterest(reviewer=reviewer),
        values={
            "organisation": organisation,
            "organisation_name": organisation_name,
            "municipality": municipality,
            "country": country or "",
            "note": note,
        },
        fields=["organisation", "organisation_name", "municipality", "country", "note"],
        may=_may_declare_interest,
    )


def remove_interest(*, actor, interest: DeclaredInterest) -> None:
    """Withdraw a declared interest (the reviewer themselves, or anyone who runs calls). Assignments made
    while it stood are kept; it only stops counting as a conflict from now on."""
    records.delete(actor=actor, instance=interest, may=_may_declare_interest)


def leave_pool(*, actor, call: Call, reviewer) -> None:
    """`remove_from_pool`, refused while the reviewer has submitted reviews in `call`: their scores
    count in the ranking and its progress per reviewer, so they stay in the pool they reviewed for."""
    ensure_can(permissions.can_manage_call, actor, call)
    if Review.objects.filter(
        assignment__application__call=call, assignment__reviewer=reviewer, status=ReviewStatus.SUBMITTED
    ).exists():
        raise InvalidTransition(_("This reviewer has submitted reviews for this call: they stay in its pool."))
    remove_from_pool(actor=actor, call=call, reviewer=reviewer)


# --- Conflicts -----------------------------------------------------------------------------------------


@dataclass
class Ties:
    """What one reviewer is tied to: the applications from these are conflicts."""

    organisations: set = field(default_factory=set)
    municipalities: set = field(default_factory=set)
    countries: set = field(default_factory=set)

    def conflict(self, organisation_id, organisation_country, municipality_id, municipality_country) -> bool:
        if organisation_id in self.organisations:
            return True
        if municipality_id is not None and municipality_id in self.municipalities:
            return True
        if organisation_country and organisation_country in self.countries:
            return True
        if municipality_country and municipality_country in self.countries:
            return True
        return False


def ties_of(reviewer_ids) -> dict[int, Ties]:
    """Each reviewer's ties: declared interests and membership of applicant organisations (two queries),
    and the organisations named by reviewers, matched by folded name (one more, only when there are)."""
    ties: dict[int, Ties] = defaultdict(Ties)  # only reviewers with a tie get an entry
    named: dict[str, set[int]] = defaultdict(set)  # folded organisation name -> reviewers who named it
    for reviewer_id, organisation_id, organisation_name, municipality_id, country in DeclaredInterest.objects.filter(
        reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "organisation_id", "organisation_name", "municipality_id", "country"):
        if organisation_name:
            named[fold(organisation_name)].add(reviewer_id)
        if organisation_id:
            ties[reviewer_id].organisations.add(organisation_id)
        if municipality_id:
            ties[reviewer_id].municipalities.add(municipality_id)
        if country:
            ties[reviewer_id].countries.add(str(country))
    for user_id, organisation_id in OrganisationMember.objects.filter(user_id__in=reviewer_ids).values_list(
        "user_id", "organisation_id"
    ):
        ties[user_id].organisations.add(organisation_id)
    if named:
        for organisation_id, name in ApplicantOrganisation.objects.values_list("pk", "name"):
            for reviewer_id in named.get(fold(name), ()):
                ties[reviewer_id].organisations.add(organisation_id)
    return ties


APPLICATION_FACTS = ("pk", "organisation_id", "organisation__country", "partner_municipality_id")


def _facts(application: Application) -> tuple:
    municipality = application.partner_municipality
    return (
        application.organisation_id,
        str(application.organisation.country or ""),
        application.partner_municipality_id,
        str(municipality.country.code) if municipality is not None else "",
    )


def has_conflict(reviewer, application: Application) -> bool:
    """The one conflict rule for a single pair (see the module's docstring)."""
    return ties_of([reviewer.pk])[reviewer.pk].conflict(*_facts(application))


# --- Assignment --------------------------------------------------------------------------------------


def reviewable_applications(call: Call):
    """The applications of `call` that get reviewers: submitted, not excluded at screening; in a two-stage
    call, the invited full proposals only (staff screen the expressions of interest themselves)."""
    applications = Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).exclude(
        screening=Screening.EXCLUDED
    )
    if call.stages == CallStages.TWO_STAGES:
        applications = applications.filter(stage=Stage.FULL)
    return applications


def _mix(application_id: int, reviewer_id: int) -> int:
    """A deterministic tie-break that differs from one application to the next, so that reviewers of
    equal load are not always paired the same way (Knuth's multiplicative hash)."""
    return ((application_id * 2654435761) ^ (reviewer_id * 40503)) & 0xFFFFFFFF


@transaction.atomic
def assign_automatically(*, actor, call: Call, per_application: int | None = None) -> list[tuple[int, int]]:
    """Give every reviewable application of `call` that lacks reviewers enough of them from the call's
    pool (N = `per_application`, else the call's `reviewers_per_application`); return the (application id,
    reviewer id) pairs it assigned.

    Least-loaded reviewer first (their assignments in this call, conflicts not counted), within each
    pool member's `max_assignments`, ties broken deterministically; never a conflicted reviewer, never
    one who already holds (or declared a conflict on) the application. Existing assignments are kept,
    so running it again is a no-op. An application may get fewer than N when the pool runs out of
    reviewers free of conflicts. Writes in bulk (`_insert_assignments`); one audit entry on the call lists what it created.
    Queries: a fixed handful whatever the number of applications.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)  # one assignment run per call at a time
    ensure_can(permissions.can_manage_call, actor, call)
    wanted = per_application or call.reviewers_per_application
    if wanted < 1:
        raise InvalidInput(_("Give at least one reviewer per application."))

    pool = list(PoolMember.objects.filter(call=call).values_list("reviewer_id", "max_assignments"))
    if not pool:
        return []
    limits = dict(pool)
    ties = ties_of(list(limits))

    held = defaultdict(set)  # application id -> reviewers who hold it or declared a conflict on it
    active = defaultdict(int)  # application id -> its reviewers, conflicts not counted
    load = dict.fromkeys(limits, 0)  # reviewer id -> their assignments in this call, conflicts not counted
    for application_id, reviewer_id, declaration in Assignment.objects.filter(application__call=call).values_list(
        "application_id", "reviewer_id", "declaration"
    ):
        held[application_id].add(reviewer_id)
        if declaration != Declaration.CONFLICT:
            active[application_id] += 1
            if reviewer_id in load:
                load[reviewer_id] += 1

    municipality_country = "partner_municipality__country__code"
    applications = reviewable_applications(call).order_by("pk").values_list(*APPLICATION_FACTS, municipality_country)
    created = []
    for pk, organisation_id, organisation_country, municipality_id, partner_country in applications:
        missing = wanted - active[pk]
        if missing <= 0:
            continue
        candidates = [
            reviewer_id
            for reviewer_id, limit in limits.items()
            if reviewer_id not in held[pk]
            and (limit is None or load[reviewer_id] < limit)
            and (
                reviewer_id not in ties
                or not ties[reviewer_id].conflict(
                    organisation_id, str(organisation_country or ""), municipality_id, str(partner_country or "")
                )
            )
        ]
        candidates.sort(key=lambda reviewer_id: (load[reviewer_id], _mix(pk, reviewer_id), reviewer_id))
        for reviewer_id in candidates[:missing]:
            load[reviewer_id] += 1
            held[pk].add(reviewer_id)
            created.append((pk, reviewer_id))
    if not created:
        return []
    _insert_assignments(created, assigned_by=actor)
    audit.record(
        actor=actor,
        instance=call,
        action="wagtail.edit",
        before={"automatic_assignments": []},
        after={"automatic_assignments": [list(pair) for pair in created]},
    )
    return created


def _insert_assignments(pairs: list[tuple[int, int]], *, assigned_by) -> None:
    """Insert automatic assignments with one prepared statement run for every row (executemany).

    Why not bulk_create: building 15,000 model instances and batching them under SQLite's variable
    limit took over a second of the two the issue allows for 5,000 applications; executemany of one
    plain INSERT takes a fraction of it on SQLite and PostgreSQL alike. The unique constraint on
    (application, reviewer) stays the backstop against a double run (the call's row lock prevents one).
    """
    meta = Assignment._meta
    quote = connection.ops.quote_name
    columns = {
        "application": None,
        "reviewer": None,
        "assigned_by": getattr(assigned_by, "pk", None),
        "automatic": True,
        "assigned_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        "declaration": Declaration.PENDING.value,
        "declaration_note": "",
    }
    names = ", ".join(quote(meta.get_field(name).column) for name in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    fixed = list(columns.values())[2:]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})",  # noqa: S608 - names from _meta
            [(application_id, reviewer_id, *fixed) for application_id, reviewer_id in pairs],
        )


def _may_assign(actor, assignment: Assignment) -> bool:
    return permissions.can_manage_call(actor, assignment.application.call)


def assign(*, actor, application: Application, reviewer) -> Assignment:
    """Assign `reviewer` to `application` by hand (staff of the call). Refused when the reviewer is not
    in the call's pool, has a conflict with it, or the application is not up for review; an existing
    assignment is returned as it is (a conflict declared on it stays declared)."""
    ensure_can(permissions.can_manage_call, actor, application.call)
    existing = Assignment.objects.filter(application=application, reviewer=reviewer).first()
    if existing is not None:
        if existing.declaration == Declaration.CONFLICT:
            raise InvalidInput(_("This reviewer declared a conflict of interest with this application."))
        return existing
    if not reviewable_applications(application.call).filter(pk=application.pk).exists():
        raise InvalidTransition(_("Only submitted applications that were not excluded are reviewed."))
    if not PoolMember.objects.filter(call_id=application.call_id, reviewer=reviewer).exists():
        raise InvalidInput(_("Add the reviewer to the call's pool first."))
    if has_conflict(reviewer, application):
        raise InvalidInput(_("This reviewer has a conflict of interest with this application."))
    return records.save(
        actor=actor,
        instance=Assignment(application=application, reviewer=reviewer, assigned_by=actor, automatic=False),
        values={},
        fields=[],
        may=_may_assign,
    )


def unassign(*, actor, assignment: Assignment) -> None:
    """Take an assignment back (staff of the call); refused once its review was submitted. A draft
    review goes with it."""
    ensure_can(_may_assign, actor, assignment)
    if Review.objects.filter(assignment=assignment, status=ReviewStatus.SUBMITTED).exists():
        raise InvalidTransition(_("This review was submitted: the assignment can no longer be taken back."))
    records.delete(actor=actor, instance=assignment, may=_may_assign)


# --- Declaration ---------------------------------------------------------------------------------------


def declare(*, actor, assignment: Assignment, conflict: bool, note: str = "") -> Assignment:
    """The reviewer declares whether they have a conflict of interest with the application, before it
    opens to them. No conflict: they may read and score it. A conflict: the assignment is freed (kept as
    a record that no longer counts; staff or the next automatic run give the place to someone else) and
    the application stays closed to them. Declaring the same again is a no-op; changing one's
    declaration is refused (staff reassign instead)."""
    ensure_can(permissions.can_declare, actor, assignment)
    wanted = Declaration.CONFLICT if conflict else Declaration.NO_CONFLICT
    current = Assignment.objects.get(pk=assignment.pk)
    if current.declaration == wanted:
        return current
    if current.declaration != Declaration.PENDING:
        raise InvalidTransition(_("You have already declared for this application."))
    if conflict and not note.strip():
        raise InvalidInput(
            _("Say briefly what the conflict is."),
            errors={"declaration_note": [_("Say briefly what the conflict is.")]},
        )
    return records.save(
        actor=actor,
        instance=current,
        values={"declaration": wanted, "declaration_note": note.strip(), "declared_at": timezone.now()},
        fields=["declaration", "declaration_note", "declared_at"],
        may=permissions.can_declare,
    )


# --- Reviews -----------------------------------------------------------------------------------------


def _criteria(call_id: int) -> dict[int, Criterion]:
    return {criterion.pk: criterion for criterion in Criterion.objects.filter(call_id=call_id)}


def _check_scores(criteria: dict[int, Criterion], scores: dict) -> dict[int, tuple]:
    """`scores` as {criterion id: (value, not_applicable, comment)}, each checked against its criterion."""
    checked, errors = {}, {}
    for key, given in scores.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, TypeError, ValueError):
            raise InvalidInput(_("A score was given for a criterion that is not in this call's rubric.")) from None
        value = given.get("value")
        not_applicable = bool(given.get("not_applicable"))
        comment = (given.get("comment") or "").strip()
        name = f"score_{criterion.pk}"
        if value in ("", None):
            value = None
        else:
            try:
                value = int(value)
            except (TypeError, ValueError):
                errors[name] = [_("Give a whole number.")]
                continue
        if not_applicable and not criterion.allow_not_applicable:
            errors[name] = [_("This criterion cannot be marked not applicable.")]
        elif not_applicable and value is not None:
            errors[name] = [_("Give a score or mark it not applicable, not both.")]
        elif value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors[name] = [
                _("Give a score from %(low)s to %(high)s.") % {"low": criterion.scale_min, "high": criterion.scale_max}
            ]
        checked[criterion.pk] = (value, not_applicable, comment)
    if errors:
        raise InvalidInput(" ".join(m for messages in errors.values() for m in messages), errors=errors)
    return checked


def _scores_picture(review: Review) -> dict:
    if review.pk is None:
        return {"scores": {}}
    rows = Score.objects.filter(review=review).order_by("criterion_id")
    return {"scores": {str(s.criterion_id): [s.value, s.not_applicable, s.comment] for s in rows}}


def _write_scores(review: Review, checked: dict[int, tuple]) -> None:
    existing = {score.criterion_id: score for score in Score.objects.filter(review=review)}
    changed, new = [], []
    for criterion_id, (value, not_applicable, comment) in checked.items():
        score = existing.get(criterion_id)
        if score is None:
            new.append(
                Score(
                    review=review,
                    criterion_id=criterion_id,
                    value=value,
                    not_applicable=not_applicable,
                    comment=comment,
                )
            )
        elif (score.value, score.not_applicable, score.comment) != (value, not_applicable, comment):
            score.value, score.not_applicable, score.comment = value, not_applicable, comment
            changed.append(score)
    if changed:
        Score.objects.bulk_update(changed, ["value", "not_applicable", "comment"])
    if new:
        Score.objects.bulk_create(new)


def _may_review(actor, review: Review) -> bool:
    return permissions.can_review(actor, review.assignment)


def _locked_review(assignment: Assignment) -> Review:
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    return review or Review(assignment=assignment)


@transaction.atomic
def save_review(
    *, actor, assignment: Assignment, scores: dict, comment: str | None = None, expected_version: int | None = None
) -> Review:
    """Save the reviewer's draft: `scores` is {criterion id: {"value": int|None, "not_applicable": bool,
    "comment": str}} (criteria left out keep their saved score), `comment` the overall comment (None: kept).

    Refused unless the reviewer may review (`permissions.can_review`: assigned, no conflict declared,
    application still submitted); a submitted review cannot change (InvalidTransition); a stale
    `expected_version` is a Conflict. Values must lie within each criterion's scale and "not applicable"
    only where the criterion allows it (InvalidInput, keyed `score_<criterion id>`). Nothing changed:
    nothing written. One audit entry with the scores before and after.
    """
    assignment = Assignment.objects.select_related("application__call").get(pk=assignment.pk)
    ensure_can(permissions.can_review, actor, assignment)
    review = _locked_review(assignment)
    if review.status == ReviewStatus.SUBMITTED:
        raise InvalidTransition(_("This review was submitted: it can no longer be changed."))
    if review.pk and expected_version is not None and review.version != expected_version:
        raise Conflict()
    checked = _check_scores(_criteria(assignment.application.call_id), scores)
    comment = review.comment if comment is None else comment.strip()
    before = _scores_picture(review)["scores"]
    after = {**before, **{str(k): list(v) for k, v in checked.items()}}
    if review.pk and before == after and review.comment == comment:
        return review
    return records.save(
        actor=actor,
        instance=review,
        values={"comment": comment},
        fields=["comment"],
        may=_may_review,
        expected_version=expected_version,
        then=lambda saved: _write_scores(saved, checked),
        extra_snapshot=_scores_picture,
    )


def submit_review(
    *,
    actor,
    assignment: Assignment,
    scores: dict | None = None,
    comment: str | None = None,
    expected_version: int | None = None,
) -> Review:
    """Submit the review, saving `scores` and `comment` first when given (as `save_review`).

    Every criterion must be scored or marked not applicable (InvalidInput listing those missing; the
    draft saved just before is kept). A submitted review is final; submitting it again returns it
    unchanged (a double click submits once). The submission itself locks the review row.
    """
    assignment = Assignment.objects.select_related("application__call").get(pk=assignment.pk)
    existing = Review.objects.filter(assignment=assignment).first()
    if existing is not None and existing.status == ReviewStatus.SUBMITTED:
        ensure_can(permissions.can_declare, actor, assignment)
        return existing
    check_version = expected_version
    if scores is not None or comment is not None or existing is None:
        # The draft's save checks the version; the submission below locks the row again.
        try:
            review = save_review(
                actor=actor,
                assignment=assignment,
                scores=scores or {},
                comment=comment,
                expected_version=expected_version,
            )
        except InvalidTransition:
            # Submitted meanwhile by the same reviewer's other click: submitting twice submits once.
            return Review.objects.get(assignment=assignment, status=ReviewStatus.SUBMITTED)
        check_version = None
    else:
        review = existing
    ensure_can(permissions.can_review, actor, assignment)
    criteria = _criteria(assignment.application.call_id)

    def complete(locked: Review) -> None:
        done = {
            criterion_id
            for criterion_id, value, not_applicable in Score.objects.filter(review=locked).values_list(
                "criterion_id", "value", "not_applicable"
            )
            if value is not None or not_applicable
        }
        missing = [criterion for pk, criterion in criteria.items() if pk not in done]
        if missing:
            raise InvalidInput(
                _("Score every criterion, or mark it not applicable where allowed, before submitting: %(names)s.")
                % {"names": ", ".join(str(c) for c in missing)},
                errors={f"score_{c.pk}": [_("Give a score.")] for c in missing},
            )

    with transaction.atomic():
        # A second click that waited for this row finds the review submitted and changes nothing.
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status == ReviewStatus.SUBMITTED:
            return locked
        return records.save(
            actor=actor,
            instance=locked,
            values={"status": ReviewStatus.SUBMITTED, "submitted_at": timezone.now()},
            fields=["status", "submitted_at"],
            may=_may_review,
            expected_version=check_version,
            prepare=complete,
            extra_snapshot=_scores_picture,
        )
