"""The grants' demo content: the seed's 2018 Local Innovation Grant, and one open call plainly marked demo.

The 2018 call is what the network's Western Balkans hub page states (docs/seed: "After an open call for
expressions of interest, and a thorough review of more than 80 application forms received before the
deadline, the network announced that GUS Albania won the Local Innovation Grant for the Western
Balkans"), and nothing more: no applicant is invented ("more than 80" is kept as a reported figure), no
amount, budget or rule. The sources give neither the call's dates nor the award's day: the call's
moments below only place it in 2018 (opening at noon on 1 January, closing at the end of June; in 2018
in UTC too), and the call's description says so; the award is dated by its year only.

The demo call is for trying the journey (apply, review, decide): titled "Demo call: ...", `is_demo`,
open from the first day of the month it is loaded in, for six months, closing at 17:00 in Tirana.

Writes go through the calls' service and `citynet.core.records.save` (permission, validation, audit);
loading twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from citynet.core import records
from citynet.network.models import Organisation, Region

from . import permissions
from .models import Award, Call, CallStatus, QuestionKind
from .services import calls as call_services

ZONE = "Europe/Tirane"
SOURCE = "Strong Cities Network, Western Balkans hub page"

# --- The 2018 Local Innovation Grant (the seed's facts only) ------------------------------------------

LIG_2018 = {
    "slug": "local-innovation-grant-2018",
    "code": "WB-LIG-2018",
    "title_en": "Local Innovation Grant for the Western Balkans",
    "title_ar": "منحة الابتكار المحلي لمنطقة غرب البلقان",
    "summary_en": "The network's 2018 open call for expressions of interest in the Western Balkans: more than 80 "
    "applications were received before the deadline, and after a thorough review the grant went to GUS Albania.",
    "summary_ar": "دعوة مفتوحة للتعبير عن الاهتمام أطلقتها الشبكة سنة 2018 في منطقة غرب البلقان: وصلت أكثر من 80 "
    "استمارة طلب قبل انتهاء المهلة، وبعد دراسة شاملة فازت منظمة غوس ألبانيا (GUS) بالمنحة.",
    "description_en": "An open call for expressions of interest from organisations working locally in the "
    "Western Balkans. The sources state the call, the number of applications received and the winner; they do "
    "not give the call's exact dates, its budget or its rules. The dates recorded here only place the call in "
    "2018.",
    "description_ar": "دعوة مفتوحة للتعبير عن الاهتمام موجّهة إلى المنظمات العاملة محليًا في منطقة غرب البلقان. "
    "تذكر المصادر الدعوة وعدد الطلبات التي وصلت والجهة الفائزة، ولا تذكر التواريخ الدقيقة للدعوة ولا ميزانيتها "
    "ولا شروطها. التواريخ المسجلة هنا تضع الدعوة في سنة 2018 فقط.",
    "results_announcement_en": "After an open call for expressions of interest, and a thorough review of more "
    "than 80 application forms received before the deadline, the network announced that GUS Albania won the "
    "Local Innovation Grant for the Western Balkans.",
    "results_announcement_ar": "بعد إفساح المجال للجميع للتعبير عن اهتماماته، وبعد دراسة شاملة لأكثر من 80 "
    "استمارة طلب تلقيناها قبل انتهاء المهلة، يسرّنا الإعلان عن فوز منظمة غوس ألبانيا (GUS) بمنحة الابتكار "
    "المحلي في منطقة غرب البلقان.",
    "currency": "EUR",
    # Not stated in the sources: zero is shown as "not stated" (the model has no empty budget).
    "total_budget": Decimal(0),
    "min_award": Decimal(0),
    "max_award": Decimal(0),
    "time_zone": ZONE,
    "opens_at": datetime.datetime(2018, 1, 1, 12, 0, 0),
    "closes_at": datetime.datetime(2018, 6, 30, 23, 59, 59),
    "reported_applications": 80,
    "reported_applications_is_minimum": True,
}

GUS_AWARD = {
    "slug": "gus-albania-local-innovation-grant-2018",
    "recipient_name": "GUS Albania",
    "announced_year": 2018,
    "amount": None,
    "summary_en": "GUS Albania won the network's Local Innovation Grant for the Western Balkans in 2018, after an "
    "open call for expressions of interest and a thorough review of more than 80 applications. GUS Albania is a "
    "non-governmental organisation founded in 2015 in Tirana, the capital of Albania. It aims to strengthen "
    "civil-society organisations through trainings and conferences, and focuses on youth policy, European "
    'Union integration, and migration to and from Albania. It runs international exchanges under Erasmus+ (the "Get '
    'Started" project) and is the local partner of You.Albania, an international youth exchange that brings '
    "young people from Italy to Albania as part of Italy's national civil service. It delivers small projects "
    "in partnership or close cooperation with a member municipality.",
    "summary_ar": "فازت منظمة غوس ألبانيا (GUS) بمنحة الابتكار المحلي لمنطقة غرب البلقان سنة 2018، بعد دعوة "
    "مفتوحة للتعبير عن الاهتمام ودراسة شاملة لأكثر من 80 استمارة طلب. غوس ألبانيا منظمة غير حكومية تأسست سنة "
    "2015 في عاصمة ألبانيا، تيرانا. تهدف هذه المنظمة إلى تعزيز قدرات منظمات المجتمع المدني من خلال تقديم "
    "التدريبات وتنظيم المؤتمرات، بالإضافة إلى التركيز على السياسات الخاصة بفئة الشباب والتكامل في الاتحاد "
    "الأوروبي والهجرة من وإلى ألبانيا. كما تنظم مشاريع تبادل دولي كجزء من برنامج إراسموس+ (مشروع “غيت ستارتد”)، "
    "وهي الشريك المحلي في مشروع يو.ألبانيا، وهو برنامج تبادل دولي للشباب. وتقدّم مشاريع صغيرة بالشراكة أو "
    "بالتعاون الوثيق مع بلدية عضوة في الشبكة.",
    "source": SOURCE,
}

# --- The demo call (plainly synthetic) ---------------------------------------------------------------

DEMO_CALL = {
    "slug": "demo-call-local-resilience",
    "code": "DEMO-WB",
    "is_demo": True,
    "title_en": "Demo call: small grants for local resilience projects",
    "title_ar": "دعوة تجريبية: منح صغيرة لمشاريع الصمود المحلي",
    "summary_en": "A demo call for trying the whole journey (apply, review, decide). It is not a real call and "
    "funds nothing.",
    "summary_ar": "دعوة تجريبية لتجربة المسار كاملًا (التقديم والمراجعة والقرار). ليست دعوة حقيقية ولا تموّل شيئًا.",
    "description_en": "Demo content. Local organisations working with a member municipality of the Western "
    "Balkans propose a small project that builds local resilience: youth engagement, a local action plan, a "
    "local referral mechanism. Applications to this call are demo data and may be deleted at any time.",
    "description_ar": "محتوى تجريبي. تقترح المنظمات المحلية العاملة مع بلدية عضوة في منطقة غرب البلقان مشروعًا "
    "صغيرًا يعزّز الصمود المحلي: إشراك الشباب، أو خطة عمل محلية، أو آلية إحالة محلية. الطلبات المقدّمة إلى هذه "
    "الدعوة بيانات تجريبية وقد تُحذف في أي وقت.",
    "currency": "EUR",
    "total_budget": Decimal(50000),
    "min_award": Decimal(2000),
    "max_award": Decimal(10000),
    "time_zone": ZONE,
    "eligible_kinds": ["local_ngo"],
    "min_years_founded": 1,
    "requires_member_partner": True,
    "reviewers_per_application": 2,
    "blind_review": True,
}

DEMO_QUESTIONS = [
    {
        "sort_order": 1,
        "kind": QuestionKind.LONG_TEXT,
        "label_en": "What will your project do, and for whom?",
        "label_ar": "ماذا سيفعل مشروعكم، ولمن؟",
        "help_text_en": "Between 200 and 3,000 characters.",
        "help_text_ar": "بين 200 و3000 حرف.",
        "min_length": 200,
        "max_length": 3000,
    },
    {
        "sort_order": 2,
        "kind": QuestionKind.NUMBER,
        "label_en": "How many people will take part?",
        "label_ar": "كم شخصًا سيشارك؟",
        "min_value": Decimal(1),
        "max_value": Decimal(10000),
    },
    {
        "sort_order": 3,
        "kind": QuestionKind.CHOICE,
        "label_en": "Which theme does it address?",
        "label_ar": "ما المحور الذي يعالجه؟",
        "choices_en": "Youth engagement\nLocal action plan\nLocal referral mechanism\nOther",
        "choices_ar": "إشراك الشباب\nخطة عمل محلية\nآلية إحالة محلية\nغير ذلك",
    },
    {
        "sort_order": 4,
        "kind": QuestionKind.DATE,
        "label_en": "When would the project start?",
        "label_ar": "متى سيبدأ المشروع؟",
    },
    {
        "sort_order": 5,
        "kind": QuestionKind.FILE,
        "label_en": "Work plan (PDF)",
        "label_ar": "خطة العمل (PDF)",
        "required": False,
    },
    {
        "sort_order": 6,
        "kind": QuestionKind.BUDGET,
        "label_en": "Budget: the project's costs by category",
        "label_ar": "الميزانية: تكاليف المشروع حسب الفئة",
    },
]

DEMO_CRITERIA = [
    {
        "sort_order": 1,
        "name_en": "Relevance to local resilience",
        "name_ar": "الصلة بالصمود المحلي",
        "weight": Decimal("0.35"),
    },
    {"sort_order": 2, "name_en": "Feasibility", "name_ar": "قابلية التنفيذ", "weight": Decimal("0.25")},
    {
        "sort_order": 3,
        "name_en": "Partnership with the municipality",
        "name_ar": "الشراكة مع البلدية",
        "weight": Decimal("0.20"),
    },
    {"sort_order": 4, "name_en": "Value for money", "name_ar": "القيمة مقابل التكلفة", "weight": Decimal("0.20")},
]


def demo_call_moments(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Wall-clock moments in Tirana: the first day of `today`'s month at 00:00, and 17:00 on the last day
    of the sixth month after it."""
    opens = datetime.datetime(today.year, today.month, 1)
    month = today.month + 6
    year, month = today.year + (month - 1) // 12, (month - 1) % 12 + 1
    first_after = datetime.date(year + month // 12, month % 12 + 1, 1)
    closes_on = first_after - datetime.timedelta(days=1)
    return opens, datetime.datetime(closes_on.year, closes_on.month, closes_on.day, 17, 0, 0)


def _may_award(actor, award: Award) -> bool:
    return permissions.can_manage_call(actor, award.call)


def _save_call(*, actor, region: Region, values: dict, questions=None, criteria=None) -> Call:
    existing = Call.objects.filter(slug=values["slug"]).first()
    values = {**values, "region": region}
    if existing is None:
        return call_services.save_call(actor=actor, values=values, questions=questions, criteria=criteria)
    # Only what differs: the audit picture compares stored forms ("50000.00"), not equal values.
    zone = values.get("time_zone", existing.time_zone)
    changed = {
        name: value
        for name, value in values.items()
        if getattr(existing, name)
        != (call_services.local_moment(value, zone, field=name) if isinstance(value, datetime.datetime) else value)
    }
    if not changed:
        return existing
    return call_services.save_call(actor=actor, instance=existing, values=changed)


@transaction.atomic
def load_grants(region: Region, *, actor) -> dict:
    """The 2018 call with its award to GUS Albania, and the open demo call, in `region`; idempotent.

    Needs the registry's demo (GUS Albania's record). Side effects: audit entries for what changed.
    """
    lig = _save_call(actor=actor, region=region, values=LIG_2018)
    if lig.status != CallStatus.RESULTS_PUBLISHED:
        # The decisions' "publish results" step, as the sources record it (no application records).
        lig = records.save(
            actor=actor,
            instance=lig,
            values={"status": CallStatus.RESULTS_PUBLISHED},
            fields=["status"],
            may=permissions.can_manage_call,
        )
    gus = Organisation.objects.get(slug="gus-albania")
    award = Award.objects.filter(slug=GUS_AWARD["slug"]).first() or Award()
    award = records.save(
        actor=actor,
        instance=award,
        values={**GUS_AWARD, "call": lig, "recipient": gus},
        fields=[*GUS_AWARD, "call", "recipient"],
        may=_may_award,
    )

    existing = Call.objects.filter(slug=DEMO_CALL["slug"]).first()
    values = dict(DEMO_CALL)
    if existing is None or existing.closes_at <= timezone.now():
        # Opened (again) for months: a demo that has closed is no use for trying the journey.
        values["opens_at"], values["closes_at"] = demo_call_moments(timezone.localdate())
    demo = _save_call(actor=actor, region=region, values=values, questions=DEMO_QUESTIONS, criteria=DEMO_CRITERIA)
    if demo.status == CallStatus.DRAFT:
        demo = call_services.publish_call(actor=actor, call=demo)
    return {"call_2018": lig, "award": award, "demo_call": demo}
