"""Plainly synthetic advisory work at the issue's scale, for the benchmark only.

- `VISITS` visits of one synthetic engagement per `CITIES_PER_ENGAGEMENT` cities ("Synthetic visit 00042",
  `is_demo`), most of them held and published, with `MEETINGS_PER_VISIT` meetings each (20,000 in all:
  synthetic counterparts, synthetic notes that must never reach a public page, public summaries);
  the published consultation pages and list are measured over them;
- a baseline and a reassessment, both final, on the network's default framework, for `ASSESSED` synthetic
  cities of the region (synthetic scores): the region's capacity view is measured over them;
- `PLANS` synthetic local action plans over those cities (goals, actions, indicators), some shared
  publicly;
- a synthetic secretariat account (`synthetic-secretariat@bench.invalid`) signed in as if it had passed
  its second factor, whose session the capacity view is measured with.

Rows are bulk-created (no per-row services) and deterministic; nothing here could pass for a real visit,
assessment or plan.
"""

import datetime
import random

VISITS = 4_000
MEETINGS_PER_VISIT = 5
ASSESSED = 2_000
PLANS = 5_000
CITIES_PER_ENGAGEMENT = 10
STAFF_EMAIL = "synthetic-secretariat@bench.invalid"
LABEL = {"en": "Synthetic visit {n}", "ar": "زيارة اصطناعية {n}", "sr": "Синтетичка посета {n}"}


def sign_in_staff() -> dict:
    """The synthetic secretariat account, signed in with password and second factor (as allauth records
    them), so the staff's pages let it in; its session cookie."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from citynet.accounts import services
    from citynet.accounts.models import Role, User
    from citynet.core.actors import SYSTEM

    user = User.objects.create_user(email=STAFF_EMAIL, password=None, display_name="Synthetic secretariat (benchmark)")
    services.assign_role(actor=SYSTEM, user=user, role=Role.SECRETARIAT)  # groups and all, as the secretariat gives it
    TOTP.activate(user, generate_totp_secret())
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    request.session[SESSION_KEY] = str(user.pk)
    request.session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    record_authentication(request, user, method="password")
    record_authentication(request, user, method="mfa", type=Authenticator.Type.TOTP)
    request.session.set_expiry(24 * 3600)
    request.session.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": request.session.session_key}


def generate(*, region_slug: str, seed: int = 2018) -> dict:
    from django.utils import timezone

    from citynet.advisory.frameworks import ensure_default_framework
    from citynet.advisory.models import (
        Action,
        ActionStatus,
        Assessment,
        AssessmentKind,
        AssessmentStatus,
        CapacityArea,
        Engagement,
        Goal,
        Indicator,
        Meeting,
        MeetingKind,
        Plan,
        PlanStatus,
        Score,
        Visit,
    )
    from citynet.core.actors import SYSTEM
    from citynet.network.models import Municipality, Region

    rng = random.Random(seed)
    region = Region.objects.get(slug=region_slug)
    today = timezone.localdate()
    cities = list(
        Municipality.objects.filter(country__region=region, slug__startswith="synthetic-")
        .order_by("pk")
        .values_list("pk", "country__code")
    )
    if not cities:
        return {"consultations": [], "made": {}}
    width = len(str(VISITS))

    engagements = Engagement.objects.bulk_create(
        Engagement(
            region=region,
            title_en=f"Synthetic engagement {n:04d}",
            purpose="Synthetic engagement for the benchmark; not real advisory work.",
            status="active",
            starts_on=today - datetime.timedelta(days=3000),
            is_demo=True,
        )
        for n in range(1, len(cities) // CITIES_PER_ENGAGEMENT + 2)
    )
    visits, visit_cities = [], []
    now = timezone.now()
    for n in range(1, VISITS + 1):
        number = str(n).zfill(width)
        city, code = cities[rng.randrange(len(cities))]
        starts_on = today - datetime.timedelta(days=rng.randint(30, 3000))
        published = n % 10 != 0
        visits.append(
            Visit(
                engagement=engagements[rng.randrange(len(engagements))],
                slug=f"synthetic-visit-{number}",
                **{f"title_{lang}": label.format(n=number) for lang, label in LABEL.items()},
                status="held",
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=rng.randint(0, 3)),
                places="Synthetic town",
                countries=[code],
                public_summary_en="Synthetic public summary of a consultation, for the benchmark. " * 4,
                public_summary_ar="ملخص عام اصطناعي لاستشارة، لأغراض القياس.",
                is_published=published,
                published_at=now if published else None,
                is_demo=True,
            )
        )
        visit_cities.append(city)
    visits = Visit.objects.bulk_create(visits, batch_size=2000)
    through = Visit.municipalities.through
    through.objects.bulk_create(
        [through(visit_id=v.pk, municipality_id=c) for v, c in zip(visits, visit_cities, strict=True)], batch_size=5000
    )
    kinds = MeetingKind.values
    meetings = []
    for visit, city in zip(visits, visit_cities, strict=True):
        for k in range(MEETINGS_PER_VISIT):
            meetings.append(
                Meeting(
                    visit=visit,
                    kind=rng.choice(kinds),
                    counterpart=f"Synthetic counterpart {visit.pk}-{k}",
                    municipality_id=city if k % 2 else None,
                    held_on=visit.starts_on,
                    notes="Synthetic confidential notes: never public.",
                    public_summary_en="Synthetic public summary of a meeting.",
                    is_public=k != MEETINGS_PER_VISIT - 1,
                    sort_order=k,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=5000)

    framework = ensure_default_framework(actor=SYSTEM)
    areas = list(CapacityArea.objects.filter(framework=framework))
    assessed = [pk for pk, _code in cities[:ASSESSED]]
    assessments = []
    for city in assessed:
        baseline_on = today - datetime.timedelta(days=rng.randint(400, 1200))
        reassessed_on = baseline_on + datetime.timedelta(days=365)
        for kind, on in ((AssessmentKind.BASELINE, baseline_on), (AssessmentKind.REASSESSMENT, reassessed_on)):
            assessments.append(
                Assessment(
                    municipality_id=city,
                    framework=framework,
                    kind=kind,
                    status=AssessmentStatus.FINAL,
                    conducted_on=on,
                    summary="Synthetic assessment for the benchmark.",
                    is_demo=True,
                )
            )
    assessments = Assessment.objects.bulk_create(assessments, batch_size=2000)
    Score.objects.bulk_create(
        [
            Score(
                assessment=a,
                area=area,
                score=rng.randint(framework.scale_min, framework.scale_max),
                evidence="Synthetic evidence.",
            )
            for a in assessments
            for area in areas
        ],
        batch_size=5000,
    )

    plans = []
    for n in range(PLANS):
        city = assessed[n % len(assessed)]
        starts_on = today - datetime.timedelta(days=rng.randint(0, 1500))
        plans.append(
            Plan(
                municipality_id=city,
                title_en=f"Synthetic action plan {n + 1:05d}",
                status=rng.choice([PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.ADOPTED, PlanStatus.CLOSED]),
                starts_on=starts_on,
                ends_on=starts_on + datetime.timedelta(days=730),
                public_summary_en="Synthetic public summary of an action plan.",
                share_publicly=n % 3 == 0,
                is_demo=True,
            )
        )
    plans = Plan.objects.bulk_create(plans, batch_size=2000)
    goals = Goal.objects.bulk_create(
        [Goal(plan=p, text_en=f"Synthetic goal {k + 1}", sort_order=k) for p in plans for k in range(2)],
        batch_size=5000,
    )
    statuses = ActionStatus.values
    actions = Action.objects.bulk_create(
        [
            Action(
                plan_id=goal.plan_id,
                goal=goal,
                title_en=f"Synthetic action {goal.pk}-{k + 1}",
                owner_department="Synthetic department",
                due_on=today + datetime.timedelta(days=rng.randint(-200, 400)),
                status=rng.choice(statuses),
                percent=rng.randint(0, 100),
                sort_order=k,
            )
            for goal in goals
            for k in range(2)
        ],
        batch_size=5000,
    )
    Indicator.objects.bulk_create(
        [Indicator(action=a, name_en="Synthetic indicator", unit="people", baseline=0, target=100) for a in actions],
        batch_size=5000,
    )
    published = [v.slug for v in visits if v.is_published]
    return {
        "consultations": rng.sample(published, min(1000, len(published))),
        "made": {
            "visits": len(visits),
            "meetings": len(meetings),
            "assessments": len(assessments),
            "plans": len(plans),
            "actions": len(actions),
        },
    }
