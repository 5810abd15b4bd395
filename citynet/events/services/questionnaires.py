"""The before/after questionnaires: when each is open, and saving a participant's answers.

- Before: from registration until the end of the event's first day (on the event's own calendar).
- After: from the event's last day, for `AFTER_DAYS` days.
Only a confirmed participant answers, and only their own questionnaire; one answer per phase, which
they may change while the questionnaire is open. The change in knowledge is read from the two answers.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted

from .. import permissions
from ..models import Participation, ParticipationStatus, Phase, QuestionnaireResponse

AFTER_DAYS = 90
FIELDS = ["participation", "phase", "knowledge", "satisfaction", "comment"]


def _today(participation: Participation) -> datetime.date:
    return timezone.now().astimezone(participation.event.zone).date()


def is_open(participation: Participation, phase: str, today: datetime.date | None = None) -> bool:
    """Whether the `phase` questionnaire takes answers today (for a confirmed participant)."""
    event = participation.event
    if participation.status != ParticipationStatus.CONFIRMED or not event.days():
        return False
    today = today or _today(participation)
    if phase == Phase.BEFORE:
        return today <= event.starts_on
    if phase == Phase.AFTER:
        return event.ends_on <= today <= event.ends_on + datetime.timedelta(days=AFTER_DAYS)
    return False


def open_phases(participation: Participation, today: datetime.date | None = None) -> list[str]:
    return [phase for phase in Phase.values if is_open(participation, phase, today)]


def _may_answer(actor, response: QuestionnaireResponse) -> bool:
    return permissions.can_answer_questionnaire(actor, response.participation)


@transaction.atomic
def save_response(
    *, actor, participation: Participation, phase: str, values: dict, today: datetime.date | None = None
) -> QuestionnaireResponse:
    """Save (or change) `actor`'s answers to the `phase` questionnaire; every topic of the event needs a score."""
    participation = Participation.objects.select_related("event").get(pk=participation.pk)
    if not permissions.can_answer_questionnaire(actor, participation):
        raise NotPermitted()
    if phase not in Phase.values:
        raise InvalidInput(_("There is no such questionnaire."))
    if not is_open(participation, phase, today):
        raise InvalidTransition(_("This questionnaire is closed."))
    topic_ids = {str(pk) for pk in participation.event.topics.values_list("pk", flat=True)}
    knowledge = {str(key): value for key, value in (values.get("knowledge") or {}).items()}
    missing = topic_ids - set(knowledge)
    if missing or set(knowledge) - topic_ids:
        raise InvalidInput(
            _("Give each of the event's topics a score from 1 to 5."),
            errors={"knowledge": [_("Give each of the event's topics a score from 1 to 5.")]},
        )
    satisfaction = values.get("satisfaction") if phase == Phase.AFTER else None
    if phase == Phase.AFTER and satisfaction is None:
        raise InvalidInput(
            _("Say how satisfied you are, from 1 to 5."), errors={"satisfaction": [_("Give a score from 1 to 5.")]}
        )
    response = (
        QuestionnaireResponse.objects.select_for_update().filter(participation=participation, phase=phase).first()
    )
    return records.save(
        actor=actor,
        instance=response or QuestionnaireResponse(participation=participation, phase=phase),
        values={
            "participation": participation,
            "phase": phase,
            "knowledge": knowledge,
            "satisfaction": satisfaction,
            "comment": (values.get("comment") or "").strip() if phase == Phase.AFTER else "",
        },
        fields=FIELDS,
        may=_may_answer,
    )
