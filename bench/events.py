"""Plainly synthetic events at the issue's scale, for the benchmark only, and the registration burst.

- `EVENTS` events ("Synthetic event 00042" in English, Arabic and Serbian; `is_demo`), most of them
  published, in the demo region (some network-wide), from 2015 to a year ahead, hosted by synthetic
  municipalities, each with two of the seed's topics: the event pages, the list and the region's
  iCalendar feed are measured over them;
- `PARTICIPATIONS` participations spread over them ("Synthetic participant 000042", emails at
  bench.invalid), mostly confirmed, from synthetic municipalities, with roles and genders, so figures
  and reports count real numbers of rows;
- the registration burst (`registration_burst`), on PostgreSQL: `BURST` synthetic accounts ask at once
  for a place at an open event with `SEATS` free seats, through `services.participation.register`
  (each in its own thread and database connection); then `CANCELLATIONS` of the seated cancel at once.
  It reports the seats taken (exactly `SEATS`), the people waiting, the promotions (one per
  cancellation), and the time per registration: from the release to the answer (median and 95th
  percentile, queueing behind the others included), and the burst's whole time over its registrations
  (what one costs when they are served one after another). The threads share one Python process (and
  its interpreter lock), so they queue longer here than requests spread over a site's workers would.
  PostgreSQL allows 100 connections by default: the 200 threads are released together and at most
  `CONNECTIONS` hold a connection at any moment (the rest wait their turn at the door, timed too).

Rows are bulk-created (no per-row services) and deterministic; nothing here could pass for a real event.
"""

import datetime
import random
import statistics
import threading
import time

EVENTS = 10_000
PARTICIPATIONS = 200_000
BURST = 200
SEATS = 20
CANCELLATIONS = 5
CONNECTIONS = 60
BURST_SLUG = "synthetic-burst-event"
LABEL = {"en": "Synthetic event {n}", "ar": "فعالية اصطناعية {n}", "sr": "Синтетички догађај {n}"}


def generate(*, region_slug: str, seed: int = 2017) -> dict:
    from django.utils import timezone

    from citynet.core.actors import SYSTEM
    from citynet.events.demo import load_topics
    from citynet.events.models import (
        Event,
        EventKind,
        EventStatus,
        Gender,
        ParticipantRole,
        Participation,
        ParticipationStatus,
        RegistrationMode,
    )
    from citynet.events.services.figures import recount_all
    from citynet.network.models import Municipality, Region, Topic

    load_topics(actor=SYSTEM)  # the seed's five training topics, as the demo loads them
    rng = random.Random(seed)
    region = Region.objects.get(slug=region_slug)
    today = timezone.localdate()
    cities = list(
        Municipality.objects.filter(country__region=region, slug__startswith="synthetic-").values_list("pk", flat=True)
    )
    topics = list(Topic.objects.values_list("pk", flat=True))
    kinds = EventKind.values
    width = len(str(EVENTS))

    events = []
    for n in range(1, EVENTS + 1):
        number = str(n).zfill(width)
        starts_on = today + datetime.timedelta(days=rng.randint(-3650, 365))
        events.append(
            Event(
                region=None if n % 50 == 0 else region,
                slug=f"synthetic-event-{number}",
                kind=rng.choice(kinds),
                status=EventStatus.DRAFT if n % 20 == 0 else EventStatus.PUBLISHED,
                is_demo=True,
                **{f"title_{lang}": label.format(n=number) for lang, label in LABEL.items()},
                summary_en="Synthetic event for the benchmark; not a real event.",
                description_en="Synthetic description. " * 20,
                host_municipality_id=rng.choice(cities) if cities else None,
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=rng.randint(0, 2)),
                registration_mode=RegistrationMode.OPEN if starts_on > today else RegistrationMode.NONE,
                capacity=rng.choice([20, 30, 40, None]),
            )
        )
    events = Event.objects.bulk_create(events, batch_size=2000)
    if topics:
        through = Event.topics.through
        through.objects.bulk_create(
            [through(event_id=e.pk, topic_id=t) for e in events for t in rng.sample(topics, min(2, len(topics)))],
            batch_size=5000,
        )

    roles, genders = ParticipantRole.values, Gender.values
    statuses = [ParticipationStatus.CONFIRMED] * 8 + [ParticipationStatus.WAITING, ParticipationStatus.CANCELLED]
    per_event = PARTICIPATIONS // EVENTS
    now = timezone.now()
    rows = []
    made = 0
    for event in events:
        for k in range(per_event):
            made += 1
            status = rng.choice(statuses)
            rows.append(
                Participation(
                    event_id=event.pk,
                    name=f"Synthetic participant {made:06d}",
                    email=f"synthetic-participant-{made:06d}@bench.invalid",
                    municipality_id=rng.choice(cities) if cities and k % 5 else None,
                    organisation_name="" if k % 5 else "Synthetic organisation",
                    role=rng.choice(roles),
                    gender=rng.choice(genders),
                    status=status,
                    confirmed_at=now if status == ParticipationStatus.CONFIRMED else None,
                    queued_at=now,
                )
            )
        if len(rows) >= 20_000:
            Participation.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Participation.objects.bulk_create(rows, batch_size=5000)
    recount_all()  # bulk rows skip the models' signals: count every event's figures once
    published = [e.slug for e in events if e.status == EventStatus.PUBLISHED]
    return {
        "events": rng.sample(published, min(1000, len(published))),
        "made": {"events": len(events), "participations": made},
    }


def _at_once(actions, connections_at_once: int) -> list:
    """Run each action in its own thread, released together; (seconds, result or error) of each.

    At most `connections_at_once` actions hold a database connection at a time (a semaphore at the door);
    each one's time runs from the release, so waiting at the door counts."""
    from django.db import connections

    start = threading.Barrier(len(actions))
    door = threading.BoundedSemaphore(connections_at_once)
    results: list = [None] * len(actions)

    def run(i):
        start.wait(timeout=60)
        began = time.perf_counter()
        try:
            with door:
                try:
                    outcome = actions[i]()
                finally:
                    connections.close_all()
        except Exception as error:  # counted in the report
            outcome = error
        results[i] = (time.perf_counter() - began, outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def registration_burst(*, region_slug: str) -> dict:
    """`BURST` people at once for `SEATS` free seats, then `CANCELLATIONS` cancellations at once."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from citynet.accounts.models import User
    from citynet.events.models import SEATED, Event, EventStatus, Participation, ParticipationStatus, RegistrationMode
    from citynet.events.services import participation as services
    from citynet.network.models import Region

    if connection.vendor != "postgresql":
        return {}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the notices, not printed
    region = Region.objects.get(slug=region_slug)
    starts_on = timezone.localdate() + datetime.timedelta(days=30)
    event = Event.objects.create(
        region=region,
        slug=BURST_SLUG,
        status=EventStatus.PUBLISHED,
        is_demo=True,
        title_en="Synthetic burst event",
        starts_on=starts_on,
        ends_on=starts_on,
        registration_mode=RegistrationMode.OPEN,
        capacity=SEATS,
    )
    people = [
        User.objects.create_user(email=f"synthetic-burst-{n:03d}@bench.invalid", password=None) for n in range(BURST)
    ]
    connection.close()

    def register(person):
        return services.register(
            actor=person, event=Event.objects.get(pk=event.pk), values={"name": f"Synthetic {person.email}"}
        )

    began = time.perf_counter()
    outcomes = _at_once([lambda p=p: register(p) for p in people], CONNECTIONS)
    wall = time.perf_counter() - began
    errors = [o for _s, o in outcomes if isinstance(o, Exception)]
    times = sorted(seconds for seconds, _o in outcomes)
    seated = list(Participation.objects.filter(event=event, status__in=SEATED).select_related("user"))
    waiting_before = Participation.objects.filter(event=event, status=ParticipationStatus.WAITING).count()
    leaving = seated[:CANCELLATIONS]
    connection.close()
    cancelled = _at_once(
        [
            (lambda p=p: services.cancel(actor=p.user, participation=Participation.objects.get(pk=p.pk)))
            for p in leaving
        ],
        CONNECTIONS,
    )
    errors += [o for _s, o in cancelled if isinstance(o, Exception)]
    seats_after = Participation.objects.filter(event=event, status__in=SEATED).count()
    waiting_after = Participation.objects.filter(event=event, status=ParticipationStatus.WAITING).count()
    return {
        "events_burst": {
            "people": BURST,
            "seats": SEATS,
            "seats_taken": len(seated),
            "waiting": waiting_before,
            "cancellations": len(leaving),
            "promotions": waiting_before - waiting_after,
            "seats_after": seats_after,
            "errors": len(errors),
            "first_error": repr(errors[0])[:300] if errors else "",
            "p50_ms": statistics.median(times) * 1000 if times else 0.0,
            "p95_ms": times[max(0, int(len(times) * 0.95) - 1)] * 1000 if times else 0.0,
            "connections": CONNECTIONS,
            "wall_s": wall,
        }
    }
