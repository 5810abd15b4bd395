"""Plainly synthetic grants at the issue's scale, for the benchmark only.

- `CALLS` published calls in the demo region (titled "Synthetic call 0042" in every language), half of
  them closed with their results published and one synthetic award each ("Synthetic NGO 0042"), so the
  public call and award pages are measured over many distinct records;
- one synthetic call with 5,000 submitted applications from 5,000 synthetic organisations and a pool of
  50 synthetic reviewers (some with declared interests), whose automatic assignment of 3 reviewers each
  is timed here (`grants_assignment`, target: within 2 s);
- the benchmark's signed-in synthetic member is also one of the pool's reviewers, so the reviewer's
  queue is measured with that session.

Rows are bulk-created (no per-row services) and deterministic; nothing here could pass for a real call.
"""

import datetime
import random
import time
from decimal import Decimal

CALLS = 400
APPLICATIONS = 5000
REVIEWERS = 50
PER_APPLICATION = 3
LABEL = {"en": "Synthetic call {n}", "ar": "دعوة اصطناعية {n}", "sr": "Синтетички позив {n}"}


def generate(*, region_slug: str, member_email: str, seed: int = 2018) -> dict:
    from django.utils import timezone

    from citynet.accounts.models import User
    from citynet.core.actors import SYSTEM
    from citynet.grants.models import (
        ApplicantOrganisation,
        Application,
        ApplicationStatus,
        Award,
        Call,
        CallStatus,
        Criterion,
        DeclaredInterest,
        PoolMember,
        Question,
    )
    from citynet.grants.services import reviews
    from citynet.network.models import Region

    rng = random.Random(seed)
    region = Region.objects.get(slug=region_slug)
    now = timezone.now()
    width = len(str(CALLS))

    calls = []
    for n in range(1, CALLS + 1):
        closed = n % 2 == 0
        number = str(n).zfill(width)
        calls.append(
            Call(
                region=region,
                slug=f"synthetic-call-{number}",
                code=f"SYN-{number}",
                **{f"title_{lang}": label.format(n=number) for lang, label in LABEL.items()},
                summary_en="Synthetic call for the benchmark; not a real call.",
                description_en="Synthetic description. " * 20,
                is_demo=True,
                status=CallStatus.RESULTS_PUBLISHED if closed else CallStatus.PUBLISHED,
                total_budget=Decimal(100_000),
                min_award=Decimal(1_000),
                max_award=Decimal(20_000),
                opens_at=now - datetime.timedelta(days=400 if closed else 10),
                closes_at=now - datetime.timedelta(days=300)
                if closed
                else now + datetime.timedelta(days=rng.randint(5, 90)),
            )
        )
    calls = Call.objects.bulk_create(calls)
    Question.objects.bulk_create(
        Question(call=call, sort_order=i, label_en=f"Synthetic question {i}") for call in calls for i in range(5)
    )
    Criterion.objects.bulk_create(
        Criterion(call=call, sort_order=i, name_en=f"Synthetic criterion {i}", weight=Decimal(1 + i))
        for call in calls
        for i in range(4)
    )
    awards = Award.objects.bulk_create(
        Award(
            call=call,
            slug=f"synthetic-award-{call.code.lower()}",
            recipient_name=f"Synthetic NGO {call.code}",
            amount=Decimal(rng.randint(1, 20) * 1000),
            summary_en="A synthetic award for the benchmark; not a real award.",
            announced_year=2024,
        )
        for call in calls
        if call.status == CallStatus.RESULTS_PUBLISHED
    )

    # The assignment's call: 5,000 submitted applications, 50 reviewers.
    big = calls[0]
    organisations = ApplicantOrganisation.objects.bulk_create(
        ApplicantOrganisation(
            name=f"Synthetic NGO {n:05d}", country=rng.choice(["AL", "BA", "XK", "MK", "ME", "RS"]), founded_year=2010
        )
        for n in range(APPLICATIONS)
    )
    Application.objects.bulk_create(
        Application(
            call=big,
            organisation=organisation,
            title=f"Synthetic project {n:05d}",
            status=ApplicationStatus.SUBMITTED,
            reference=f"{big.code}-{n:05d}",
            number=n,
            submitted_at=now,
            requested_amount=Decimal(rng.randint(1, 20) * 1000),
        )
        for n, organisation in enumerate(organisations)
    )
    member = User.objects.get(email=member_email)
    reviewers = [member] + [
        User.objects.create_user(email=f"synthetic-reviewer-{n:02d}@bench.invalid", password=None)
        for n in range(1, REVIEWERS)
    ]
    PoolMember.objects.bulk_create(PoolMember(call=big, reviewer=reviewer) for reviewer in reviewers)
    DeclaredInterest.objects.bulk_create(
        DeclaredInterest(reviewer=reviewers[n], country=code) for n, code in enumerate(["AL", "RS", "XK"], start=1)
    )

    began = time.perf_counter()
    reviews.assign_automatically(actor=SYSTEM, call=big, per_application=PER_APPLICATION)
    seconds = time.perf_counter() - began
    return {
        "calls": [call.slug for call in calls],
        "awards": [award.slug for award in awards],
        "grants_assignment_seconds": seconds,
        "made": {"calls": len(calls), "awards": len(awards), "applications": APPLICATIONS, "reviewers": REVIEWERS},
    }
