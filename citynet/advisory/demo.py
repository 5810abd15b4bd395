"""The advisory app's demo content: the September 2018 city-specific consultations exactly as the seed
states them, and one plainly marked demo city whose assessment and action plan a newcomer can walk through.

What the sources state (the network's Western Balkans hub page, section "City-specific consultations in
the Western Balkans"), and nothing more:
- after the engagement and training phase, the network gave member cities an advanced advisory service;
  from 17 to 20 September 2018 its team led advisory activities in Kosovo and Macedonia;
- the team spoke with the Mayor of Prizren, Mytaher Haskuka, and the Mayor of Čair (Skopje), Visar Ganiu;
  it was briefed by the national coordinators for counter-terrorism and for P/CVE of Kosovo and of
  Macedonia; and it met ICITAP, Democracy Lab, the "Konika" institute, CIVIL, the OSCE and Search for
  Common Ground about their current and future P/CVE projects.
The sources give no day for each meeting, no notes and no summary of any one meeting: none are invented
(the meetings have no day, no notes and no public summary). The visit's public summary is the page's own
paragraph, in English (the seed's rendering, without its translator's remark on the spelling of "Konika")
and in Arabic (the original, verbatim, its typing slips included). The people and organisations are the
registry's (citynet/network/demo.py); the engagement's start is known to the year only, and its status is
"active" because the page tells the start of that phase and nothing after it.

The demo city is not a real one: the registry names no demo municipality, and the demo must never pretend
to be a real city's assessment or plan, so it is a municipality of its own, "Demo city (synthetic)" in
Kosovo (where the events' demo event is), with no membership. Everything of it is `is_demo`, and every
title says "Demo": an engagement, a final baseline assessment and a final reassessment a year later on
the network's default framework, and an adopted action plan with two goals, four actions (one overdue),
their indicators, the accepted progress reports behind their status, and one report awaiting review.
Its dates are counted from the day the demo was first loaded (kept in the baseline's date), so the plan
stays current and loading again moves nothing.

The framework is the network's default (frameworks.py) and the plan's adopted version is the plan
services' snapshot (services/plans.py). The records themselves are written with the models directly: the
demo needs what the services make only step by step, as a signed-in person, on today's dates (a held,
published visit of 2018 without notes; final assessments dated a year apart and flagged demo, which
`start_assessment` does not take; an adopted plan whose actions already carry accepted progress), and
sending no email. Loading twice changes nothing: records are found by their natural keys (slugs, the demo
flag and kind, sort order, dates) and saved only when something differs.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from citynet.network import services as network_services
from citynet.network.models import Country, Municipality, Organisation, Person, Region

from .frameworks import ensure_default_framework
from .models import (
    Action,
    ActionStatus,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Engagement,
    EngagementStatus,
    Goal,
    Indicator,
    Meeting,
    MeetingKind,
    Phase,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReviewState,
    Score,
    Visit,
    VisitStatus,
)
from .services.plans import plan_snapshot

SOURCE = "Strong Cities Network, Western Balkans hub page: City-specific consultations in the Western Balkans"

ENGAGEMENT = {
    "title_en": "Advanced advisory service to member cities",
    "title_ar": "خدمة استشارية متقدمة للمدن",
    "purpose": "After the engagement and training phase, to deepen the network's engagement and its support for "
    "infrastructure and local capacity-building initiatives in selected partner municipalities, and to identify "
    "needs and gaps in local capacity with political leaders and local decision makers. The first step: to "
    "understand local contexts better and to learn about the activities so far and the programmes that exist "
    "or are planned in the region.",
    "phase": Phase.SCOPING,
    "status": EngagementStatus.ACTIVE,
    "starts_on": datetime.date(2018, 1, 1),
    "date_precision": "year",
    "source": SOURCE,
    "is_demo": False,
}

SUMMARY_EN = (
    "From 17 to 20 September 2018 the network's team led advisory activities with member cities and local "
    "stakeholders in Kosovo and Macedonia. After the engagement and training phase, in which more than 40 "
    "municipalities across the Western Balkans (Albania, Bosnia and Herzegovina, Kosovo, Macedonia, Montenegro, "
    "Serbia) joined, the network now seeks to deepen its engagement and its support for infrastructure and local "
    "capacity-building initiatives in selected partner municipalities. The first step is to understand local "
    "contexts better and to learn about the activities so far and the programmes that exist or are planned in the "
    "region. The team spoke with the Mayor of Prizren, Mytaher Haskuka, and the Mayor of Čair (Skopje), Visar "
    "Ganiu, about the particular challenges each faces in preventing and countering violent extremism, and "
    "received briefings on the coordination of national efforts from the national coordinators for "
    "counter-terrorism and for preventing and countering violent extremism in Kosovo and in Macedonia. "
    "Recognising the central role of practitioners, civil-society actors and project implementers, the team also "
    "met local and international organisations to discuss their current and future P/CVE projects: the "
    'International Criminal Investigative Training Assistance Program (ICITAP), Democracy Lab, the "Konika" '
    "institute, CIVIL, the Organization for Security and Co-operation in Europe (OSCE), and Search for Common "
    "Ground. This marks the start of an important and exciting phase of the network's growth in the Western "
    "Balkans."
)

# The Arabic page's paragraph, verbatim.
SUMMARY_AR = (
    "من 17 إلى 20 أيلول/سبتمبر 2018، قاد فريق عمل شبكة المدن القوية نشاطات استشارية مع المدن الأعضاء "
    "وأصحاب المصلحة المحليين في كوسوفو ومقدونيا. وبعد مرحلة الإشراك والتدريب التي أدت إلى انضمام "
    "أكثر من 40 بدلية من كافة أرجاء منطقة غرب البلقان (ألبانيا – البوسنة والهرسك – كوسوفو – مقدونيا "
    "– الجبل الأسود – صربيا) إلى شبكة المدن القوية، نسعى الآن لتوطيد مشاركتنا ودعمنا للبنى التحتية "
    "ومبادرات بناء القدرات المحلية في البلديات الشريكة المختارة. ولا بد من التركيز، كخطوة أولى، على "
    "تعزيز فهمنا للسياقات والمحلية والاطلاع على النشاطات المقامة حتى تاريخه والبرامج الموجودة أو "
    "المخطط لها في هذه المنطقة. بالإضافة إلى التحدّث مع رئيس بلدية بريزرن، السيد ميتاهر هاسكوكا "
    "ورئيس بلدية كاير (سكوبيي)، السيد فيسار غانيو، بشأن التحديات الخاصة التي تواجه كُلاً منهما في "
    "مجال الوقاية من التطرّف العنيف ومكافحته، تمكن فريق عمل شبكة المدن القوية من الحصول أيضًا على "
    "ملخصات ومعلومات عن التنسيق أولاً بأوّل حول الجهود الوطنية المبذولة من منسقيّ العمل على مكافحة "
    "الإرهاب والوقاية من التطرّف العنيف ومكافحته في كل من كوسوفو ومقدونيا. وأخيرًا، إدراكًا منه "
    "لأهمية الدور المركزي المناط بالمتخصصين وجهات المجتمع المدني الفاعلة ومنفذي المشاريع، التقى فريق "
    "عمل شبكة المدن القوية بمنظمات محلية ودولية لمناقشة مشاريعهم الحالية والمستقبلية في مجال الوقاية "
    "من التطرّف العنيف ومكافحته (البرنامج الدولي للمساعدة والتدريب في التحقيقات الجنائية (ICITAP)، "
    "مختبر الديمقراطية (Democracy Lab)، معهد كونيكا، منظمة سيفيل (CIVIL)، منظمة الأمن والتعاون في "
    "أوروبا (OSCE)، منظمة البحث عن أرضية مشتركة (Search for Common Ground). هذا النشاط دليل على "
    "بداية مرحلة مهمة ومشوّقة من نمو شبكة المدن القوية في غرب البلقان عبر إشراك أعضاء مهمين في منطقة "
    "مهمة من العالم."
)

VISIT = {
    "slug": "city-specific-consultations-western-balkans-2018",
    "title_en": "City-specific consultations in the Western Balkans",
    "title_ar": "الاستشارات المخصصة للمدن في منطقة غرب البلقان",
    "status": VisitStatus.HELD,
    "starts_on": datetime.date(2018, 9, 17),
    "ends_on": datetime.date(2018, 9, 20),
    "time_zone": "Europe/Belgrade",
    "places": "Kosovo and Macedonia",
    "countries": ["XK", "MK"],
    "team_note": "The network's team",
    "agenda": "",
    "public_summary_en": SUMMARY_EN,
    "public_summary_ar": SUMMARY_AR,
    "is_published": True,
    "is_demo": False,
    "source": SOURCE,
}
# The municipalities of the consultations, by their English names in the registry.
CITIES = ["Prizren", "Čair"]

# The ten meetings, in the page's order: (kind, municipality, registry person, country, described
# counterpart, registry organisation's slug). Where the registry has the person or the organisation it is
# linked; otherwise the counterpart is described in the page's words.
MEETINGS = [
    (MeetingKind.MAYOR, "Prizren", "Mytaher Haskuka", "XK", "Mayor of Prizren", None),
    (MeetingKind.MAYOR, "Čair", "Visar Ganiu", "MK", "Mayor of Čair", None),
    (
        MeetingKind.NATIONAL_COORDINATOR,
        None,
        None,
        "XK",
        "National coordinators for counter-terrorism and for preventing and countering violent extremism, Kosovo",
        None,
    ),
    (
        MeetingKind.NATIONAL_COORDINATOR,
        None,
        None,
        "MK",
        "National coordinators for counter-terrorism and for preventing and countering violent extremism, Macedonia",
        None,
    ),
    (MeetingKind.INTERNATIONAL, None, None, "", "", "icitap"),
    (MeetingKind.CIVIL_SOCIETY, None, None, "", "", "democracy-lab"),
    (MeetingKind.CIVIL_SOCIETY, None, None, "", "", "konika-institute"),
    (MeetingKind.CIVIL_SOCIETY, None, None, "", "", "civil"),
    (MeetingKind.INTERNATIONAL, None, None, "", "", "osce"),
    (MeetingKind.INTERNATIONAL, None, None, "", "", "search-for-common-ground"),
]

# --- The demo city ------------------------------------------------------------------------------------------

DEMO_CITY = {
    "slug": "demo-city",
    "name_en": "Demo city (synthetic)",
    "name_ar": "مدينة تجريبية (اصطناعية)",
    "profile_en": "Demo content: not a real municipality. Its assessment and action plan are synthetic, for trying "
    "the advisory work.",
    "profile_ar": "محتوى تجريبي: ليست بلدية حقيقية. تقييمها وخطة عملها اصطناعيان، لتجربة العمل الاستشاري.",
}
DEMO_CITY_COUNTRY = "XK"
DEMO_NOTE = "Demo content: synthetic, not a real city's."

# Days before the day the demo was first loaded (its "today").
BASELINE_DAYS_AGO = 420
REASSESSMENT_DAYS_AGO = BASELINE_DAYS_AGO - 365  # a year after the baseline
# Synthetic scores per area of the default framework (frameworks.py): (baseline, reassessment a year later).
SCORES = {
    "coordination": (1, 2),
    "risk-assessment": (0, 1),
    "referral": (1, 2),
    "youth-engagement": (2, 3),
    "disengagement": (0, 1),
    "communications": (1, 2),
}

GOALS = [
    ("Demo: a working local referral mechanism", "تجريبي: آلية إحالة محلية فعّالة"),
    ("Demo: young people take part in prevention work", "تجريبي: مشاركة الشباب في عمل الوقاية"),
]
# (goal index, title en, title ar, owner department, due in days from "today", status, percent, budget,
#  area codes, indicator (name, unit, baseline, target, current))
ACTIONS = [
    (
        0,
        "Demo: set up the municipal coordination group",
        "تجريبي: إنشاء مجموعة التنسيق البلدية",
        "Demo: mayor's office",
        -100,
        ActionStatus.DONE,
        100,
        Decimal("2000.00"),
        ["coordination"],
        ("Demo: coordination group meetings held", "meetings", 0, 4, 4),
    ),
    (
        0,
        "Demo: agree the referral pathway with the partners",
        "تجريبي: الاتفاق على مسار الإحالة مع الشركاء",
        "Demo: department of social welfare",
        -20,  # overdue: due twenty days ago, still in progress
        ActionStatus.IN_PROGRESS,
        40,
        Decimal("5000.00"),
        ["referral", "risk-assessment"],
        ("Demo: partners signed up to the pathway", "partners", 0, 6, 2),
    ),
    (
        1,
        "Demo: youth council on prevention",
        "تجريبي: مجلس شبابي حول الوقاية",
        "Demo: department of education",
        45,
        ActionStatus.NOT_STARTED,
        0,
        Decimal("8000.00"),
        ["youth-engagement"],
        ("Demo: young people taking part", "people", 0, 30, None),
    ),
    (
        1,
        "Demo: a public campaign on the city's prevention work",
        "تجريبي: حملة عامة حول عمل المدينة في الوقاية",
        "Demo: communications office",
        200,
        ActionStatus.IN_PROGRESS,
        20,
        Decimal("5000.00"),
        ["communications"],
        ("Demo: residents reached", "people", 0, 5000, 800),
    ),
]
# The actions' accepted progress reports (action index, reported days from "today", status, percent,
# evidence): an action's status and percent are those of its last accepted report.
ACCEPTED_UPDATES = [
    (0, -104, ActionStatus.DONE, 100, "Demo: the group met four times (synthetic minutes)."),
    (1, -40, ActionStatus.IN_PROGRESS, 40, "Demo: two partners signed the pathway (synthetic)."),
    (3, -30, ActionStatus.IN_PROGRESS, 20, "Demo: the campaign's first posters (synthetic)."),
]


def _ensure(model, lookup: dict, values: dict, *, many: dict | None = None, on_create: dict | None = None):
    """The record found by `lookup`, created or brought to `values`; saved only when something differs,
    so loading twice writes nothing. `many` sets (parental) many-to-many relations; `on_create` are
    values given only to a new record (a publication time)."""
    record = model.objects.filter(**lookup).first()
    changed = record is None
    if record is None:
        record = model(**lookup, **(on_create or {}))
    for name, value in values.items():
        if record.pk is None or getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    for name, items in (many or {}).items():
        if record.pk is None or {o.pk for o in getattr(record, name).all()} != {o.pk for o in items}:
            getattr(record, name).set(items)
            changed = True
    if changed:
        record.save()
    return record


# --- The September 2018 consultations -----------------------------------------------------------------------


def load_consultations(region: Region) -> Visit:
    """The engagement, the visit of 17–20 September 2018 and its ten meetings, as the seed states them."""
    cities = {m.name_en: m for m in Municipality.objects.filter(country__region=region, name_en__in=CITIES)}
    people = {p.name_en: p for p in Person.objects.filter(name_en__in=[m[2] for m in MEETINGS if m[2]])}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=[m[5] for m in MEETINGS if m[5]])}
    existing = Visit.objects.filter(slug=VISIT["slug"]).select_related("engagement").first()
    engagement = _ensure(
        Engagement,
        {"pk": existing.engagement_id} if existing else {"region": region, "title_en": ENGAGEMENT["title_en"]},
        {**ENGAGEMENT, "region": region},
        many={"municipalities": [cities[name] for name in CITIES]},
    )
    visit = _ensure(
        Visit,
        {"slug": VISIT["slug"]},
        {**VISIT, "engagement": engagement},
        many={"municipalities": [cities[name] for name in CITIES]},
        on_create={"published_at": timezone.now()},
    )
    for order, (kind, city, person, country, described, organisation) in enumerate(MEETINGS, start=1):
        person = people.get(person)
        _ensure(
            Meeting,
            {"visit": visit, "sort_order": order},
            {
                "kind": kind,
                "held_on": None,
                "municipality": cities.get(city),
                "country": country,
                "person": person,
                "organisation": organisations.get(organisation),
                # A person from the registry speaks for themselves; otherwise the page's description.
                "counterpart": "" if person or organisation else described,
                "notes": "",
                "public_summary_en": "",
                "public_summary_ar": "",
                "is_public": True,
            },
        )
    return visit


# --- The demo city ------------------------------------------------------------------------------------------


def load_demo_city(region: Region, *, actor) -> dict:
    """The demo city and its engagement, assessments and action plan, all `is_demo` and named "Demo"."""
    city = Municipality.objects.filter(slug=DEMO_CITY["slug"]).first()
    if city is None:
        city = network_services.save_municipality(
            actor=actor,
            values={**DEMO_CITY, "country": Country.objects.get(code=DEMO_CITY_COUNTRY, region=region)},
        )
    framework = ensure_default_framework(actor)
    areas = {a.code: a for a in framework.areas.all()}

    first = Assessment.objects.filter(municipality=city, is_demo=True, kind=AssessmentKind.BASELINE).first()
    today = first.conducted_on + datetime.timedelta(days=BASELINE_DAYS_AGO) if first else timezone.localdate()

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    engagement = _ensure(
        Engagement,
        {"region": region, "is_demo": True, "title_en": "Demo: advisory engagement with Demo city (synthetic)"},
        {
            "title_ar": "تجريبي: تعاون استشاري مع مدينة تجريبية (اصطناعية)",
            "purpose": DEMO_NOTE,
            "phase": Phase.IMPLEMENTATION,
            "status": EngagementStatus.ACTIVE,
            "starts_on": day(-BASELINE_DAYS_AGO - 30),
            "date_precision": "day",
        },
        many={"municipalities": [city]},
    )
    assessments = []
    for index, (kind, days_ago) in enumerate(
        ((AssessmentKind.BASELINE, BASELINE_DAYS_AGO), (AssessmentKind.REASSESSMENT, REASSESSMENT_DAYS_AGO))
    ):
        assessment = _ensure(
            Assessment,
            {"municipality": city, "is_demo": True, "kind": kind},
            {
                "framework": framework,
                "engagement": engagement,
                "status": AssessmentStatus.FINAL,
                "conducted_on": day(-days_ago),
                "summary": DEMO_NOTE,
            },
        )
        for code, area in areas.items():
            if code in SCORES:
                _ensure(
                    Score,
                    {"assessment": assessment, "area": area},
                    {"score": SCORES[code][index], "evidence": "Demo: synthetic evidence.", "comment": DEMO_NOTE},
                )
        assessments.append(assessment)
    baseline, reassessment = assessments

    plan = _ensure(
        Plan,
        {"municipality": city, "is_demo": True, "number": 1},
        {
            "engagement": engagement,
            "baseline": baseline,
            "title_en": "Demo: local action plan of Demo city (synthetic)",
            "title_ar": "تجريبي: خطة العمل المحلية لمدينة تجريبية (اصطناعية)",
            "status": PlanStatus.ADOPTED,
            "starts_on": day(-BASELINE_DAYS_AGO + 60),
            "ends_on": day(-BASELINE_DAYS_AGO + 60 + 2 * 365),
            "language": "en",
            "budget": sum((a[7] for a in ACTIONS), Decimal("0.00")),
            "currency": "EUR",
            "funding_sources": "Demo: the municipal budget and a partner's grant (synthetic figures).",
            "public_summary_en": "Demo content: the synthetic action plan of a demo city, for trying the advisory "
            "work. Not a real city's plan.",
            "public_summary_ar": "محتوى تجريبي: خطة عمل اصطناعية لمدينة تجريبية، لتجربة العمل الاستشاري. ليست خطة "
            "مدينة حقيقية.",
            "share_publicly": True,
        },
    )
    goals = [
        _ensure(Goal, {"plan": plan, "sort_order": order}, {"text_en": text_en, "text_ar": text_ar})
        for order, (text_en, text_ar) in enumerate(GOALS, start=1)
    ]
    actions = []
    for order, row in enumerate(ACTIONS, start=1):
        goal, title_en, title_ar, owner, due_in, status, percent, budget, codes, indicator = row
        action = _ensure(
            Action,
            {"plan": plan, "sort_order": order},
            {
                "goal": goals[goal],
                "title_en": title_en,
                "title_ar": title_ar,
                "owner_department": owner,
                "starts_on": plan.starts_on,
                "due_on": day(due_in),
                "status": status,
                "percent": percent,
                "budget": budget,
                "funding_source": "Demo: municipal budget (synthetic)",
            },
            many={"areas": [areas[c] for c in codes if c in areas]},
        )
        name, unit, start, target, current = indicator
        _ensure(
            Indicator,
            {"action": action, "name_en": name},
            {
                "unit": unit,
                "baseline": Decimal(start),
                "target": Decimal(target),
                "current": None if current is None else Decimal(current),
            },
        )
        actions.append(action)
    for index, reported, status, percent, evidence in ACCEPTED_UPDATES:
        # The accepted reports that gave the actions their status and percent, as the services would.
        _ensure(
            ProgressUpdate,
            {"action": actions[index], "reported_on": day(reported)},
            {
                "status": status,
                "percent": percent,
                "evidence": evidence,
                "review": ReviewState.ACCEPTED,
                "reviewed_at": datetime.datetime.combine(day(reported + 1), datetime.time(12), tzinfo=datetime.UTC),
            },
        )
    overdue = actions[1]
    # The focal point's latest report on the overdue action, waiting for staff to review it.
    update = _ensure(
        ProgressUpdate,
        {"action": overdue, "reported_on": day(-2)},
        {
            "status": ActionStatus.IN_PROGRESS,
            "percent": 60,
            "evidence": "Demo: two more partners signed the pathway (synthetic).",
        },
        on_create={"review": ReviewState.PENDING},
    )
    # The plan as adopted, in the services' snapshot (services/plans.py); written once, since later
    # changes never rewrite what was agreed.
    if not PlanVersion.objects.filter(plan=plan, number=1).exists():
        PlanVersion.objects.create(plan=plan, number=1, snapshot=plan_snapshot(plan))
    return {
        "city": city,
        "framework": framework,
        "engagement": engagement,
        "baseline": baseline,
        "reassessment": reassessment,
        "plan": plan,
        "actions": actions,
        "update": update,
    }


@transaction.atomic
def load_advisory(region: Region, *, actor) -> dict:
    """The September 2018 consultations and the demo city's work; idempotent.

    Needs the registry's demo (Prizren, Čair, their mayors, the six organisations) and, for the capacity
    areas' topics, the events' demo (load_events). Side effects: an audit entry for the demo city, once.
    """
    visit = load_consultations(region)
    return {"visit": visit, **load_demo_city(region, actor=actor)}
