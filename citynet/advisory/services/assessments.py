"""Writes to needs and capacity assessments: starting one, scoring its areas, finalising it; and the
versioned frameworks (questionnaires) they are made with.

- An assessment is started by the staff of the city's region, with the current framework unless told
  otherwise. A reassessment needs something to be compared with: a final, earlier assessment of the same
  city.
- Scores are created as they are given, not as empty rows up front: "not scored yet" stays distinct from
  a score of 0 ("absent"), and finalising can name exactly what is missing.
- Staff and the city's focal point (while it is a draft) score together, often at the same time: every
  score given bumps the assessment's `version`, and a score given against an older version is refused
  with a Conflict, so that nobody silently overwrites what the other just entered.
- Frameworks are network-wide: the secretariat's alone. A framework used by assessments keeps its
  scale and its areas' codes; changing them takes a new version (`new_framework_version`), so an older
  assessment still reads as it was made.

Assessments and scores are written through `citynet.core.records` (permission, row lock, validation, one
audit entry, one transaction). Frameworks are not: a save replaces their areas, matched on codes, and
refuses what would change the questionnaire older assessments were made with, which `records.save` has
no notion of; they get the same guarantees here, by hand. A framework's `edition` is the questionnaire's
edition number, not a lock counter.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Max, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from citynet.core import audit, records
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition
from citynet.core.permissions import ensure_can

from .. import permissions
from ..models import Assessment, AssessmentKind, AssessmentStatus, CapacityArea, Engagement, Framework, Score

__all__ = [
    "current_framework",
    "start_assessment",
    "score_area",
    "finalise_assessment",
    "save_framework",
    "new_framework_version",
]

# The name of the network's default framework (frameworks.py); preferred when several are current.
DEFAULT_FRAMEWORK_NAME = "Local capacity for preventing violent extremism"

ASSESSMENT_FIELDS = [
    "municipality",
    "framework",
    "engagement",
    "kind",
    "conducted_on",
    "conducted_by",
    "with_focal_point",
    "summary",
    "is_demo",
]
SCORE_FIELDS = ["assessment", "area", "score", "evidence", "comment"]
# A framework's own fields (its translated names included); `edition` and `is_current` are set by the
# services, never typed.
FRAMEWORK_FIELDS = records.editable_fields(Framework, leave_out={"edition", "is_current"})
AREA_FIELDS = records.editable_fields(CapacityArea, leave_out={"framework"})
# What an assessment made with a framework depends on: changing these takes a new version.
SCALE_FIELDS = ("scale_min", "scale_max")


def _scoring_conflict() -> Conflict:
    return Conflict(
        _(
            "Someone else saved this assessment while you were scoring it, so your score was not saved. "
            "Reload to see their changes, then give your score again."
        )
    )


# --- Assessments ---------------------------------------------------------------------------------------


def current_framework() -> Framework | None:
    """The framework new assessments use: the network's default one if it is current, else the most
    recently created current framework (one query)."""
    return (
        Framework.objects.filter(is_current=True)
        .annotate(
            is_default=Case(
                When(name_en=DEFAULT_FRAMEWORK_NAME, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("is_default", "-created_at", "-pk")
        .first()
    )


@transaction.atomic
def start_assessment(
    *,
    actor,
    municipality,
    framework: Framework | None = None,
    kind: str,
    conducted_on: datetime.date,
    with_focal_point=None,
    engagement: Engagement | None = None,
) -> Assessment:
    """Start a draft assessment of `municipality` (staff of its region). It has no scores yet: they are
    given area by area with `score_area`."""
    framework = framework or current_framework()
    if framework is None:
        raise InvalidInput(_("No assessment framework is in use yet: the secretariat sets one up first."))
    new = Assessment(municipality=municipality)
    # Refuse outsiders before telling them anything about the city's earlier assessments.
    ensure_can(permissions.can_manage, actor, new)
    if kind == AssessmentKind.REASSESSMENT:
        earlier = Assessment.objects.filter(
            municipality=municipality, status=AssessmentStatus.FINAL, conducted_on__lt=conducted_on
        )
        if not earlier.exists():
            message = _(
                "A reassessment is compared with an earlier, final assessment of the same city, and this "
                "city has none yet. Start with a baseline, or finalise the earlier assessment first."
            )
            raise InvalidTransition(message)
    if engagement is not None and engagement.region_id != municipality.country.region_id:
        message = _("This engagement is in another region than the municipality.")
        raise InvalidInput(message, errors={"engagement": [message]})
    return records.save(
        actor=actor,
        instance=new,
        values={
            "municipality": municipality,
            "framework": framework,
            "engagement": engagement,
            "kind": kind,
            "conducted_on": conducted_on,
            "conducted_by": actor if getattr(actor, "is_authenticated", False) else None,
            "with_focal_point": with_focal_point,
        },
        fields=ASSESSMENT_FIELDS,
        may=permissions.can_manage,
    )


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("framework", "municipality__country")
        .get(pk=assessment.pk)
    )


def _may_score(actor, score: Score) -> bool:
    return permissions.can_score(actor, score.assessment)


def _checked_score(framework: Framework, score) -> int:
    message = _("Give a score from %(lowest)s to %(highest)s.") % {
        "lowest": framework.scale_min,
        "highest": framework.scale_max,
    }
    if isinstance(score, bool):
        raise InvalidInput(message, errors={"score": [message]})
    try:
        value = int(score)
    except (TypeError, ValueError):
        raise InvalidInput(message, errors={"score": [message]}) from None
    if not isinstance(score, str) and value != score:  # 2.5 is not a score of 2
        raise InvalidInput(message, errors={"score": [message]})
    if not framework.scale_min <= value <= framework.scale_max:
        raise InvalidInput(message, errors={"score": [message]})
    return value


@transaction.atomic
def score_area(
    *,
    actor,
    assessment: Assessment,
    area: CapacityArea,
    score,
    evidence: str = "",
    comment: str = "",
    version: int,
) -> Score:
    """Give (or change) `area`'s score in `assessment`, with its evidence and a comment.

    `version` is the assessment's version as the person saw it: if someone else scored meanwhile, this
    is a Conflict and nothing is saved. On success the assessment's version goes up by one (and
    `assessment.version` is updated, so the caller can go on scoring).
    """
    locked = _lock(assessment)
    ensure_can(permissions.can_score, actor, locked)
    if locked.version != version:
        raise _scoring_conflict()
    if area.framework_id != locked.framework_id:
        message = _("This area is not part of the framework this assessment is made with.")
        raise InvalidInput(message, errors={"area": [message]})
    value = _checked_score(locked.framework, score)
    existing = Score.objects.filter(assessment=locked, area=area).first()
    values = {
        "assessment": locked,
        "area": area,
        "score": value,
        "evidence": (evidence or "").strip(),
        "comment": (comment or "").strip(),
    }
    before = None if existing is None else (existing.score, existing.evidence, existing.comment)
    saved = records.save(
        actor=actor,
        instance=existing or Score(assessment=locked, area=area),
        values=values,
        fields=SCORE_FIELDS,
        may=_may_score,
    )
    if before != (saved.score, saved.evidence, saved.comment):
        Assessment.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        locked.refresh_from_db(fields=["version", "updated_at"])
    assessment.version = locked.version
    return saved


@transaction.atomic
def finalise_assessment(*, actor, assessment: Assessment, version: int) -> Assessment:
    """Make a draft assessment final (staff of the region): every area of its framework must be scored.
    Final assessments are the ones compared and shown on the region's map. Finalising twice is a no-op."""
    locked = _lock(assessment)
    ensure_can(permissions.can_finalise, actor, locked)
    if locked.version != version:
        raise Conflict()
    if locked.status == AssessmentStatus.FINAL:
        return locked
    areas = list(CapacityArea.objects.filter(framework_id=locked.framework_id))
    if not areas:
        raise InvalidTransition(_("This assessment's framework has no areas to score."))
    scored = set(Score.objects.filter(assessment=locked).values_list("area_id", flat=True))
    missing = [area for area in areas if area.pk not in scored]
    if missing:
        raise InvalidTransition(
            ngettext(
                "%(count)s area is not scored yet: %(areas)s. Score it before finalising.",
                "%(count)s areas are not scored yet: %(areas)s. Score them before finalising.",
                len(missing),
            )
            % {"count": len(missing), "areas": ", ".join(area.name for area in missing)}
        )
    final = records.save(
        actor=actor,
        instance=locked,
        values={"status": AssessmentStatus.FINAL},
        fields=["status"],
        may=permissions.can_finalise,
        expected_version=version,
    )
    assessment.status, assessment.version = final.status, final.version
    return final


# --- Frameworks ------------------------------------------------------------------------------------------


def _invalid(error: ValidationError, prefix: str = "") -> InvalidInput:
    errors = {f"{prefix}{name}": list(messages) for name, messages in error.message_dict.items()}
    return InvalidInput(" ".join(m for messages in errors.values() for m in messages), errors=errors)


def _framework_picture(framework: Framework) -> dict:
    data = audit.snapshot(framework, [*FRAMEWORK_FIELDS, "edition", "is_current"])
    if framework.pk is not None:
        data["areas"] = [
            f"{area.code}: {area.name_en}" for area in CapacityArea.objects.filter(framework=framework).order_by("pk")
        ]
    return data


def _replace_areas(framework: Framework, rows: list[dict], in_use: bool) -> None:
    """Make the framework's areas what `rows` say, matched on their codes: a known code changes that area,
    a new code adds one, a missing code removes one (refused while assessments use the framework)."""
    existing = {area.code: area for area in CapacityArea.objects.filter(framework=framework)}
    codes = [row.get("code") for row in rows]
    if len(set(codes)) != len(codes):
        message = _("Each area needs its own code.")
        raise InvalidInput(message, errors={"areas": [message]})
    if in_use and set(codes) != set(existing):
        raise InvalidTransition(
            _("Assessments were made with this version of the framework: add or remove areas in a new version.")
        )
    errors: dict = {}
    for index, row in enumerate(rows):
        unknown = set(row) - set(AREA_FIELDS)
        if unknown:
            raise InvalidInput(
                _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
        area = existing.get(row.get("code")) or CapacityArea(framework=framework)
        for name, value in row.items():
            setattr(area, name, value)
        if "sort_order" not in row:
            area.sort_order = index
        try:
            area.full_clean(exclude=["framework"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"areas-{index}-{name}", []).extend(messages)
            continue
        area.save()
    if errors:
        raise InvalidInput(" ".join(m for messages in errors.values() for m in messages), errors=errors)
    CapacityArea.objects.filter(framework=framework).exclude(code__in=codes).delete()


def _make_current(actor, framework: Framework) -> None:
    """`framework` is the one version of its name used for new assessments: the others stop being it."""
    for older in (
        Framework.objects.select_for_update()
        .filter(name_en=framework.name_en, is_current=True)
        .exclude(pk=framework.pk)
    ):
        before = _framework_picture(older)
        Framework.objects.filter(pk=older.pk).update(is_current=False)
        older.is_current = False
        audit.record(actor=actor, instance=older, action="wagtail.edit", before=before, after=_framework_picture(older))


@transaction.atomic
def save_framework(
    *, actor, instance: Framework | None = None, values: dict, areas: list[dict] | None = None
) -> Framework:
    """Create or change a framework (the secretariat), and its areas when `areas` is given (dicts of the
    area's fields, matched on "code"). A new framework is version 1 and current for new assessments. Once
    assessments use a version, its scale and its set of area codes are fixed (names and descriptions may
    still be corrected); `new_framework_version` makes the next version."""
    creating = instance is None or instance.pk is None
    framework = instance or Framework()
    if not creating:
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
    ensure_can(permissions.can_manage_frameworks, actor, framework)
    before = None if creating else _framework_picture(framework)
    in_use = not creating and framework.assessments.exists()
    unknown = set(values) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    scale_before = tuple(getattr(framework, name) for name in SCALE_FIELDS)
    for name, value in values.items():
        setattr(framework, name, value)
    if in_use and tuple(getattr(framework, name) for name in SCALE_FIELDS) != scale_before:
        raise InvalidTransition(
            _("Assessments were made with this version of the framework: change its scale in a new version.")
        )
    if creating:
        framework.is_current = True
    try:
        framework.full_clean()
    except ValidationError as error:
        raise _invalid(error) from error
    framework.save()
    if areas is not None:
        _replace_areas(framework, areas, in_use)
    if framework.is_current:
        _make_current(actor, framework)
    after = _framework_picture(framework)
    if creating or before != after:
        audit.record(
            actor=actor,
            instance=framework,
            action="wagtail.create" if creating else "wagtail.edit",
            before=before,
            after=after,
        )
    return framework


@transaction.atomic
def new_framework_version(*, actor, framework: Framework) -> Framework:
    """Copy `framework` (its scale and areas) into the next version of its name, and make that version the
    one new assessments use. Assessments made with older versions keep them, and compare with newer ones
    area by area on the areas' codes."""
    ensure_can(permissions.can_manage_frameworks, actor, framework)
    source = Framework.objects.select_for_update().get(pk=framework.pk)
    latest = (
        Framework.objects.filter(name_en=source.name_en).aggregate(latest=Max("edition"))["latest"] or source.edition
    )
    copy = Framework(**{name: getattr(source, name) for name in FRAMEWORK_FIELDS}, edition=latest + 1, is_current=True)
    try:
        copy.full_clean()
        with transaction.atomic():
            copy.save()
    except ValidationError as error:
        raise _invalid(error) from error
    except IntegrityError as error:
        # Two people made the next version at the same moment: the other one's stands.
        raise Conflict() from error
    CapacityArea.objects.bulk_create(
        CapacityArea(framework=copy, **{name: getattr(area, name) for name in AREA_FIELDS})
        for area in CapacityArea.objects.filter(framework=source)
    )
    _make_current(actor, copy)
    audit.record(actor=actor, instance=copy, action="wagtail.create", after=_framework_picture(copy))
    return copy
