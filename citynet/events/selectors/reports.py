"""The figures donors and the network ask for: who took part (by country, municipality, gender and role),
which cities each topic reached, and what the questionnaires say (the change in knowledge, not just its
average; satisfaction).

Each function takes a queryset (or list) of participations or events and answers in a fixed number of
queries, whatever the number of participations: the counting happens in the database; the
questionnaires' answers (a JSON score per topic) are read once as plain values.

Only confirmed participations count as participants; `attended` counts those checked in on at least
one day. These are aggregates: no name, no email. The staff pages (views/staff.py), the exports and the
API (public aggregates) read them; the caller scopes the events or participations to what the reader
may see.
"""

from collections import defaultdict
from statistics import mean

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from citynet.network.models import Municipality, Topic

from ..models import (
    Attendance,
    Event,
    Gender,
    ParticipantRole,
    Participation,
    ParticipationStatus,
    Phase,
    QuestionnaireResponse,
)

OVERALL = "all"


def _event_ids(events):
    if isinstance(events, QuerySet):
        return events.values("pk")
    return [event.pk if isinstance(event, Event) else event for event in events]


def _confirmed(participations) -> QuerySet:
    if not isinstance(participations, QuerySet):
        participations = Participation.objects.filter(pk__in=[p.pk for p in participations])
    return participations.filter(status=ParticipationStatus.CONFIRMED).annotate(
        was_there=Exists(Attendance.objects.filter(participation=OuterRef("pk")))
    )


def _counts(queryset, field) -> dict:
    """{value of `field`: (participants, attended)} in one query."""
    rows = (
        queryset.order_by()
        .values(field)
        .annotate(count=Count("pk", distinct=True), attended=Count("pk", filter=Q(was_there=True), distinct=True))
    )
    return {row[field]: (row["count"], row["attended"]) for row in rows}


def _rows(counts: dict, label) -> list[dict]:
    rows = [
        {"key": key if key is not None else "", "label": label(key), "count": count, "attended": attended}
        for key, (count, attended) in counts.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], str(row["label"])))


def participant_breakdown(participations) -> dict:
    """Confirmed participants by country, municipality, gender and role, each row
    {"key", "label", "count", "attended"}; plus "total" and "attended" overall. Five queries."""
    confirmed = _confirmed(participations)
    # A participant's country: their municipality's; for an organisation's people, the organisation's.
    by_city_country = _counts(confirmed.filter(municipality__isnull=False), "municipality__country__code")
    by_organisation_country = _counts(confirmed.filter(municipality__isnull=True), "organisation__country")
    by_country: dict = defaultdict(lambda: (0, 0))
    for source in (by_city_country, by_organisation_country):
        for code, (count, attended) in source.items():
            code = str(code or "")
            before = by_country[code]
            by_country[code] = (before[0] + count, before[1] + attended)
    by_municipality = _counts(confirmed, "municipality")
    names = {m.pk: str(m) for m in Municipality.objects.filter(pk__in=[k for k in by_municipality if k])}
    by_gender = _counts(confirmed, "gender")
    by_role = _counts(confirmed, "role")
    genders = dict(Gender.choices)
    roles = dict(ParticipantRole.choices)
    total = sum(count for count, _attended in by_role.values())
    attended = sum(value for _count, value in by_role.values())
    return {
        "by_country": _rows(dict(by_country), lambda code: str(countries.name(code)) if code else _("Not known")),
        "by_municipality": _rows(
            by_municipality, lambda pk: names.get(pk, "") if pk else _("No municipality (organisations)")
        ),
        "by_gender": _rows(by_gender, lambda code: str(genders.get(code or "", code))),
        "by_role": _rows(by_role, lambda code: str(roles.get(code, code))),
        "total": total,
        "attended": attended,
    }


def turnout(participations) -> dict:
    """Cancellations, and no-shows: confirmed people never checked in at an event that is over and whose
    attendance was taken (an event without any check-in says nothing about who came). One query."""
    today = timezone.localdate()
    checked_in = Attendance.objects.filter(participation=OuterRef("pk"))
    taken_at_event = Attendance.objects.filter(participation__event=OuterRef("event"))
    return participations.aggregate(
        cancelled=Count("pk", filter=Q(status=ParticipationStatus.CANCELLED)),
        no_shows=Count(
            "pk",
            filter=Q(status=ParticipationStatus.CONFIRMED, event__ends_on__lt=today)
            & ~Exists(checked_in)
            & Exists(taken_at_event),
        ),
    )


def cities_per_topic(events) -> list[dict]:
    """For each topic of `events`: how many distinct municipalities had a confirmed participant (the
    attended are confirmed) at its events. Rows {"topic": slug, "label", "cities", "events"}; two queries."""
    ids = _event_ids(events)
    topics = Topic.objects.filter(events__in=ids).annotate(count=Count("events", distinct=True)).order_by()
    reached = {
        row["event__topics"]: row["cities"]
        for row in Participation.objects.filter(
            event__in=ids, status=ParticipationStatus.CONFIRMED, municipality__isnull=False
        )
        .order_by()
        .values("event__topics")
        .annotate(cities=Count("municipality", distinct=True))
    }
    rows = [
        {"topic": topic.slug, "label": str(topic), "cities": reached.get(topic.pk, 0), "events": topic.count}
        for topic in topics
    ]
    return sorted(rows, key=lambda row: (-row["cities"], row["label"]))


def _answers(events):
    """[(participation id, event id, phase, knowledge dict, satisfaction)] of `events`, one query."""
    return list(
        QuestionnaireResponse.objects.filter(participation__event__in=_event_ids(events))
        .order_by()
        .values_list("participation_id", "participation__event_id", "phase", "knowledge", "satisfaction")
    )


def _average(values) -> float | None:
    return round(mean(values), 2) if values else None


def _change_row(scores: dict) -> dict:
    """scores: {participation id: {"before": n, "after": n}} for one topic (or all of them)."""
    before = [s["before"] for s in scores.values() if "before" in s]
    after = [s["after"] for s in scores.values() if "after" in s]
    pairs = [s["after"] - s["before"] for s in scores.values() if "before" in s and "after" in s]
    return {
        "responses": len(before) + len(after),
        "paired": len(pairs),
        "before": _average(before),
        "after": _average(after),
        # The change is read from the people who answered both: never the difference of two averages
        # over different people.
        "change": _average(pairs),
    }


def knowledge_change(events) -> list[dict]:
    """Per topic: {"topic": slug, "label", "responses", "paired", "before", "after", "change"}, and a last
    row with topic "all" over every (person, topic) score. Two queries."""
    per_topic: dict = defaultdict(dict)
    for participation_id, _event_id, phase, knowledge, _satisfaction in _answers(events):
        for topic_id, score in (knowledge or {}).items():
            if str(topic_id).isdigit() and isinstance(score, int):
                per_topic[int(topic_id)].setdefault(participation_id, {})[phase] = score
    topics = {topic.pk: topic for topic in Topic.objects.filter(pk__in=list(per_topic))}
    rows = []
    overall: dict = {}
    for topic_id, scores in per_topic.items():
        topic = topics.get(topic_id)
        if topic is None:
            continue  # a topic deleted since
        rows.append({"topic": topic.slug, "label": str(topic), **_change_row(scores)})
        for participation_id, score in scores.items():
            overall[(participation_id, topic_id)] = score
    rows.sort(key=lambda row: row["label"])
    rows.append({"topic": OVERALL, "label": _("All topics"), **_change_row(overall)})
    return rows


def satisfaction(events) -> dict:
    """{"responses", "average", "distribution": [{"key": 1..5, "count"}]} of the after-event answers."""
    answers = QuestionnaireResponse.objects.filter(
        participation__event__in=_event_ids(events), phase=Phase.AFTER, satisfaction__isnull=False
    ).order_by()
    counts = {row["satisfaction"]: row["count"] for row in answers.values("satisfaction").annotate(count=Count("pk"))}
    responses = sum(counts.values())
    average = sum(score * count for score, count in counts.items()) / responses if responses else None
    return {
        "responses": responses,
        "average": round(average, 2) if average is not None else None,
        "distribution": [{"key": score, "count": counts.get(score, 0)} for score in range(1, 6)],
    }


def questionnaires_by_event(events) -> list[dict]:
    """Per event: {"event": Event, "responses", "paired", "before", "after", "change", "satisfaction"} over
    all its topics' scores. Two queries."""
    per_event: dict = defaultdict(dict)
    satisfied: dict = defaultdict(list)
    for participation_id, event_id, phase, knowledge, score in _answers(events):
        for topic_id, value in (knowledge or {}).items():
            if str(topic_id).isdigit() and isinstance(value, int):
                per_event[event_id].setdefault((participation_id, topic_id), {})[phase] = value
        if phase == Phase.AFTER and score is not None:
            satisfied[event_id].append(score)
    ids = set(per_event) | set(satisfied)
    rows = []
    for event in Event.objects.filter(pk__in=ids).order_by("-starts_on", "pk"):
        rows.append(
            {
                "event": event,
                **_change_row(per_event.get(event.pk, {})),
                "satisfaction": _average(satisfied.get(event.pk, [])),
            }
        )
    return rows
