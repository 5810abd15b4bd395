"""The events' demo content: the network's training topics, the seed's 2017 programme, and one upcoming
event plainly marked demo.

What the sources state (the network's Western Balkans hub page), and nothing more:
- the five training topics: "The trainings covered risk assessment processes, local action plans, youth
  engagement strategies, local referral mechanisms, and working with former violent extremists on
  programmes that reverse radicalisation and support disengagement from violent groups" (the Arabic
  names are the Arabic page's own words);
- three training meetings in Balkan countries, in Kosovo, Albania and Montenegro, during 2017, held by
  ISD with ICMA: no titles, dates or places beyond that, so each is recorded as "Training meeting,
  <country> (2017)", dated to the year only, without a host city;
- the regional practitioner workshop in Durrës, Albania, on 12 and 13 September 2017, hosted by the
  network's partners and ICMA: member cities from all six countries of the region (kept as a reported
  figure, with its source), experts and international partner organisations; opening sessions with
  national figures and regional mayors. The sources give no session times, speakers or participants, so
  the workshop has no programme and no participants here; the opening sessions are told in its
  description. Its host city is the registry's Durrës where the gazetteer has loaded it; otherwise only its
  country (the title names the city).
- The network's International Summit is not recorded: the sources give no date for it.

The demo event is for trying registration: "Demo: ..." in every language filled, `is_demo`, open
registration with 12 seats, two days six weeks after it is loaded (moved on again when loaded after it
ended), in Peja, a founding member city; a programme of three synthetic sessions.

Writes go through the services (`save_topic`, `save_event`, `publish_event`: permission, validation,
audit); loading twice changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from citynet.network.models import DatePrecision, Municipality, Organisation, Region, Topic
from citynet.network.services import save_topic

from .models import Event, EventKind, EventStatus, RegistrationMode, SessionKind
from .services.events import publish_event, save_event

SOURCE = "Strong Cities Network, Western Balkans hub page"

TOPICS = [
    {
        "slug": "risk-assessment",
        "sort_order": 1,
        "name_en": "Risk assessment",
        "name_ar": "تقييم المخاطر",
        "description_en": "Risk assessment processes.",
        "description_ar": "عمليات تقييم المخاطر.",
    },
    {
        "slug": "local-action-plans",
        "sort_order": 2,
        "name_en": "Local action plans",
        "name_ar": "خطط العمل المحلية",
        "description_en": "",
        "description_ar": "",
    },
    {
        "slug": "youth-engagement",
        "sort_order": 3,
        "name_en": "Youth engagement strategies",
        "name_ar": "إستراتيجيات إشراك الشباب",
        "description_en": "",
        "description_ar": "",
    },
    {
        "slug": "local-referral-mechanisms",
        "sort_order": 4,
        "name_en": "Local referral mechanisms",
        "name_ar": "آليات الإحالة المحلية",
        "description_en": "",
        "description_ar": "",
    },
    {
        "slug": "former-violent-extremists",
        "sort_order": 5,
        "name_en": "Working with former violent extremists",
        "name_ar": "العمل مع المتطرفين العنيفين السابقين",
        "description_en": "Programmes that reverse radicalisation and support disengagement from violent groups.",
        "description_ar": "برامج عكس عملية التحوّل نحو الراديكالية وفكّ الارتباط بالمجموعات العنيفة.",
    },
]

# (slug, country, time zone, English country name, Arabic country name)
TRAININGS = [
    ("training-meeting-kosovo-2017", "XK", "Europe/Belgrade", "Kosovo", "كوسوفو"),
    ("training-meeting-albania-2017", "AL", "Europe/Tirane", "Albania", "ألبانيا"),
    ("training-meeting-montenegro-2017", "ME", "Europe/Podgorica", "Montenegro", "الجبل الأسود"),
]

WORKSHOP = {
    "slug": "regional-practitioner-workshop-durres-2017",
    "kind": EventKind.WORKSHOP,
    "title_en": "Regional practitioner workshop, Durrës",
    "title_ar": "ورشة العمل الإقليمية للمتخصصين، دوريس",
    "summary_en": "The network's regional practitioner workshop for the Western Balkans, in Durrës, Albania, on 12 "
    "and 13 September 2017, with member cities from all six countries of the region.",
    "summary_ar": "ورشة العمل الإقليمية للمتخصصين الخاصة بمنطقة غرب البلقان، في دوريس، ألبانيا، في 12 و13 "
    "أيلول/سبتمبر 2017، بمشاركة مدن عضوة من الدول الست في المنطقة.",
    "description_en": "The network held its regional practitioner workshop for the Western Balkans on 12 and 13 "
    "September 2017 in Durrës, Albania. Member cities from Albania, Bosnia and Herzegovina, Kosovo, Macedonia, "
    "Montenegro and Serbia were joined by organisations, experts and international partner organisations. The "
    "workshop was hosted by the network's partners and ICMA, and built on the training sessions held during the "
    "year in Kosovo, Albania and Montenegro. Beside the practitioners' training, opening sessions brought together "
    "national figures and regional mayors to build cooperation among the more than forty member cities of the "
    "region. A full report of the workshop exists.",
    "description_ar": "نظمت شبكة المدن القوية ورشة العمل الإقليمية للمتخصصين الخاصة بمنطقة غرب البلقان في 12 و13 "
    "أيلول/سبتمبر 2017 في دوريس، ألبانيا. انضم إلى المدن العضوة في الشبكة من ألبانيا، والبوسنة والهرسك، "
    "وكوسوفو، ومقدونيا والجبل الأسود وصربيا منظمات وخبراء ومنظمات دولية على شراكة مع الشبكة. استضاف ورشة العمل "
    "هذه شركاء الشبكة والجمعية الدولية لإدارة المدن/المقاطعات (ICMA)، واستندت إلى جلسات التدريب التي أقيمت خلال "
    "السنة في كوسوفو وألبانيا والجبل الأسود. بالإضافة إلى التدريبات المخصصة للمتخصصين، جمعت الجلسات الافتتاحية "
    "شخصيات وطنية مهمة ورؤساء بلديات إقليميين لبناء علاقات تعاون بين الأعضاء الذين يفوق عددهم الأربعين مدينة من "
    "كافة أنحاء المنطقة. يوجد تقرير كامل خاص بورشة العمل.",
    "country": "AL",
    "time_zone": "Europe/Tirane",
    "starts_on": datetime.date(2017, 9, 12),
    "ends_on": datetime.date(2017, 9, 13),
    "date_precision": DatePrecision.DAY,
    "registration_mode": RegistrationMode.NONE,
    "reported_countries": 6,
    "reported_source": f"{SOURCE}: member cities from Albania, Bosnia and Herzegovina, Kosovo, Macedonia, "
    "Montenegro and Serbia",
    "takeaways_en": "",
}

DEMO_EVENT = {
    "slug": "demo-training-local-referral-mechanisms",
    "kind": EventKind.TRAINING,
    "is_demo": True,
    "title_en": "Demo: training on local referral mechanisms",
    "title_ar": "تجريبي: تدريب حول آليات الإحالة المحلية",
    "summary_en": "A demo event for trying registration. It is not a real event: nobody will meet.",
    "summary_ar": "فعالية تجريبية لتجربة التسجيل. ليست فعالية حقيقية: لن يجتمع أحد.",
    "description_en": "Demo content. Two days on how a municipality sets up a local referral mechanism with its "
    "partners. Registrations for this event are demo data and may be deleted at any time.",
    "description_ar": "محتوى تجريبي. يومان حول كيفية إنشاء البلدية آلية إحالة محلية مع شركائها. التسجيلات في هذه "
    "الفعالية بيانات تجريبية وقد تُحذف في أي وقت.",
    "venue_en": "Demo venue",
    "venue_ar": "مكان تجريبي",
    "time_zone": "Europe/Belgrade",
    "date_precision": DatePrecision.DAY,
    "registration_mode": RegistrationMode.OPEN,
    "capacity": 12,
    "working_languages": ["sq", "sr", "en"],
}

# (day, start, end, kind, English title, Arabic title): wall-clock times in Peja.
DEMO_SESSIONS = [
    (0, (9, 30), (11, 0), SessionKind.OPENING, "Demo: welcome and introductions", "تجريبي: الترحيب والتعارف"),
    (
        0,
        (11, 30),
        (13, 0),
        SessionKind.TRAINING,
        "Demo: mapping a city's referral partners",
        "تجريبي: رسم خريطة شركاء الإحالة في المدينة",
    ),
    (
        1,
        (9, 30),
        (12, 0),
        SessionKind.BREAKOUT,
        "Demo: drafting a referral pathway",
        "تجريبي: صياغة مسار إحالة",
    ),
]
DEMO_HOST = "Peja"
DEMO_WEEKS_AHEAD = 6


def demo_event_dates(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Two days, six weeks after `today`."""
    starts = today + datetime.timedelta(weeks=DEMO_WEEKS_AHEAD)
    return starts, starts + datetime.timedelta(days=1)


def _demo_sessions(starts_on: datetime.date) -> list[dict]:
    return [
        {
            "title_en": title_en,
            "title_ar": title_ar,
            "kind": kind,
            "starts_at": datetime.datetime.combine(starts_on + datetime.timedelta(days=day), datetime.time(*start)),
            "ends_at": datetime.datetime.combine(starts_on + datetime.timedelta(days=day), datetime.time(*end)),
        }
        for day, start, end, kind, title_en, title_ar in DEMO_SESSIONS
    ]


def _changed(existing, values: dict) -> dict:
    """Only what differs (relations compared as sets): loading twice writes nothing, logs nothing."""
    changed = {}
    for name, value in values.items():
        current = getattr(existing, name)
        if name in ("topics", "organisers", "partners"):
            if {o.pk for o in current.all()} != {o.pk for o in value}:
                changed[name] = value
        elif current != value:
            changed[name] = value
    return changed


def _save(*, actor, values: dict, sessions=None) -> Event:
    existing = Event.objects.filter(slug=values["slug"]).first()
    if existing is None:
        event = save_event(actor=actor, values=values, sessions=sessions)
    else:
        changed = _changed(existing, values)
        event = save_event(actor=actor, instance=existing, values=changed, sessions=sessions) if changed else existing
    if event.status == EventStatus.DRAFT:
        event = publish_event(actor=actor, event=event)
    return event


def load_topics(*, actor) -> list[Topic]:
    """The five training topics the seed names, in its order (staff may add more in the admin)."""
    topics = []
    for values in TOPICS:
        existing = Topic.objects.filter(slug=values["slug"]).first()
        if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
            topics.append(existing)
            continue
        topics.append(save_topic(actor=actor, instance=existing, values=values))
    return topics


@transaction.atomic
def load_events(region: Region, *, actor) -> dict:
    """The topics, the three 2017 trainings, the Durrës workshop and the upcoming demo event; idempotent.

    Needs the registry's demo (ISD, ICMA, Peja). Side effects: audit entries for what changed.
    """
    topics = load_topics(actor=actor)
    organisers = list(Organisation.objects.filter(slug__in=["isd", "icma"]).order_by("slug"))

    trainings = []
    for slug, country, zone, name_en, name_ar in TRAININGS:
        trainings.append(
            _save(
                actor=actor,
                values={
                    "slug": slug,
                    "region": region,
                    "kind": EventKind.TRAINING,
                    "title_en": f"Training meeting, {name_en} (2017)",
                    "title_ar": f"اجتماع تدريبي، {name_ar} (2017)",
                    "summary_en": f"One of the network's three training meetings in Balkan countries in 2017, held in "
                    f"{name_en} by ISD with ICMA. The sources give its year, not its date or city.",
                    "summary_ar": f"أحد الاجتماعات التدريبية الثلاثة التي أقامتها الشبكة في دول البلقان سنة 2017، أقيم في "
                    f"{name_ar} بتنظيم من معهد الحوار الإستراتيجي والجمعية الدولية لإدارة المدن/المقاطعات. تذكر "
                    "المصادر سنته لا تاريخه ولا مدينته.",
                    "country": country,
                    "time_zone": zone,
                    "starts_on": datetime.date(2017, 1, 1),
                    "ends_on": datetime.date(2017, 1, 1),
                    "date_precision": DatePrecision.YEAR,
                    "registration_mode": RegistrationMode.NONE,
                    "topics": topics,
                    "organisers": organisers,
                },
            )
        )

    durres = Municipality.objects.filter(country__code="AL", name_en__in=["Durrës", "Durres"]).first()
    workshop = _save(
        actor=actor,
        values={**WORKSHOP, "region": region, "host_municipality": durres, "organisers": organisers},
    )

    peja = Municipality.objects.get(country__region=region, name_en=DEMO_HOST)
    existing = Event.objects.filter(slug=DEMO_EVENT["slug"]).first()
    values = {**DEMO_EVENT, "region": region, "host_municipality": peja, "country": "XK"}
    sessions = None
    today = timezone.localdate()
    if existing is None or existing.starts_on <= today:
        # Placed (again) six weeks ahead: a demo that has begun is no use for trying registration.
        values["starts_on"], values["ends_on"] = demo_event_dates(today)
        sessions = _demo_sessions(values["starts_on"])
    values["topics"] = [t for t in topics if t.slug == "local-referral-mechanisms"]
    demo = _save(actor=actor, values=values, sessions=sessions)
    return {"topics": topics, "trainings": trainings, "workshop": workshop, "demo": demo}
