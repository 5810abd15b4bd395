"""The Western Balkans as the seed page states it, and nothing more.

Only these members, people and organisations are real (citynet/hub/demo_content/ holds the source
page). The page says "more than 40" members but names four; the hub shows that figure as reported,
beside the count on record, and never invents the missing members.
"""

import datetime

from citynet.network import gazetteer, services
from citynet.network.models import (
    Country,
    DatePrecision,
    MembershipStatus,
    Municipality,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipRole,
    Person,
    Position,
    PositionRole,
    Region,
    ReportedFigure,
)

SOURCE = "Strong Cities Network, Western Balkans hub page"
SOURCE_AR = "شبكة المدن القوية، صفحة مركز غرب البلقان"

REGION = {
    "slug": "western-balkans",
    "name_en": "Western Balkans",
    "name_ar": "غرب البلقان",
    "name_sq": "Ballkani Perëndimor",
    "name_mk": "Западен Балкан",
    "name_sr": "Западни Балкан",
    "name_sr_latn": "Zapadni Balkan",
    "name_bs": "Zapadni Balkan",
    "summary_en": "Albania, Bosnia and Herzegovina, Kosovo, North Macedonia, Montenegro and Serbia.",
    "summary_ar": "ألبانيا والبوسنة والهرسك وكوسوفو ومقدونيا الشمالية والجبل الأسود وصربيا.",
    "map_center_lat": 42.6,
    "map_center_lng": 20.0,
    "map_zoom": 6,
}
COUNTRIES = ["AL", "BA", "XK", "MK", "ME", "RS"]

# (country, GeoNames id, official names by language, other spellings)
MUNICIPALITIES = [
    (
        "MK",
        833262,
        {"en": "Čair", "sq": "Çair", "mk": "Чаир", "sr": "Чаир", "sr-latn": "Čair", "ar": "كاير"},
        ["Cair", "Chair"],
    ),
    (
        "XK",
        787157,
        {"en": "Peja", "sq": "Pejë", "sr": "Пећ", "sr-latn": "Peć", "ar": "بيجا"},
        ["Peć", "Pec", "Peje"],
    ),
    (
        "XK",
        790674,
        {"en": "Gjilan", "sq": "Gjilan", "sr": "Гњилане", "sr-latn": "Gnjilane", "ar": "غيلان"},
        ["Gnjilane", "Gjilani"],
    ),
    (
        "XK",
        786712,
        {"en": "Prizren", "sq": "Prizren", "sr": "Призрен", "sr-latn": "Prizren", "ar": "بريزرن"},
        ["Prizreni"],
    ),
]

# (municipality, from, precision, source)
MEMBERSHIPS = [
    ("Čair", datetime.date(2016, 1, 1), DatePrecision.MONTH, f"{SOURCE}: founding member, January 2016"),
    ("Peja", datetime.date(2016, 1, 1), DatePrecision.MONTH, f"{SOURCE}: founding member, January 2016"),
    ("Gjilan", datetime.date(2016, 1, 1), DatePrecision.MONTH, f"{SOURCE}: founding member, January 2016"),
    (
        "Prizren",
        datetime.date(2018, 1, 1),
        DatePrecision.YEAR,
        f"{SOURCE}: named as a member in September 2018; the joining date is not stated",
    ),
]

ORGANISATIONS = [
    {
        "slug": "isd",
        "name_en": "Institute for Strategic Dialogue",
        "name_ar": "معهد الحوار الإستراتيجي",
        "acronym": "ISD",
        "kind": OrganisationKind.IMPLEMENTING_PARTNER,
        "description_en": "Implementing organisation of the Strong Cities Network.",
        "description_ar": "المنظمة المنفذة لشبكة المدن القوية.",
    },
    {
        "slug": "icma",
        "name_en": "International City/County Management Association",
        "name_ar": "الجمعية الدولية لإدارة المدن/المقاطعات",
        "acronym": "ICMA",
        "kind": OrganisationKind.INTERNATIONAL,
        "description_en": "Worked with ISD in 2016 and 2017 to secure regional participation, and co-hosted the "
        "regional practitioner workshop in Durrës in September 2017.",
        "description_ar": "عملت مع معهد الحوار الإستراتيجي خلال سنتي 2016 و2017 لتأمين المشاركة الإقليمية، "
        "واستضافت ورشة العمل الإقليمية للمتخصصين في دوريس في أيلول/سبتمبر 2017.",
    },
    {
        "slug": "gus-albania",
        "name_en": "GUS Albania",
        "name_ar": "غوس ألبانيا",
        "acronym": "GUS",
        "kind": OrganisationKind.LOCAL_NGO,
        "country": "AL",
        "city": "Tirana",
        "founded_year": 2015,
        "description_en": "A non-governmental organisation founded in 2015 in Tirana. It strengthens civil-society "
        "organisations through trainings and conferences, and focuses on youth policy, European Union "
        "integration, and migration to and from Albania. It runs international exchanges under Erasmus+ (the "
        '"Get Started" project) and is the local partner of You.Albania. Winner of the Local Innovation Grant '
        "for the Western Balkans in 2018.",
        "description_ar": "منظمة غير حكومية تأسست سنة 2015 في تيرانا، عاصمة ألبانيا. تهدف إلى تعزيز قدرات منظمات "
        "المجتمع المدني من خلال التدريبات والمؤتمرات، وتركز على السياسات الخاصة بالشباب والتكامل في الاتحاد "
        'الأوروبي والهجرة من وإلى ألبانيا. تنظم مشاريع تبادل دولي ضمن برنامج إراسموس+ (مشروع "غيت ستارتد") '
        "وهي الشريك المحلي لمشروع يو.ألبانيا. فازت بمنحة الابتكار المحلي لمنطقة غرب البلقان سنة 2018.",
    },
    {
        "slug": "icitap",
        "name_en": "International Criminal Investigative Training Assistance Program",
        "name_ar": "البرنامج الدولي للمساعدة والتدريب في التحقيقات الجنائية",
        "acronym": "ICITAP",
        "kind": OrganisationKind.INTERNATIONAL,
    },
    {
        "slug": "global-center",
        "name_en": "Global Center on Cooperative Security",
        "name_ar": "المركز العالمي",
        "acronym": "Global Center",
        "kind": OrganisationKind.INTERNATIONAL,
    },
    {
        "slug": "democracy-lab",
        "name_en": "Democracy Lab",
        "name_ar": "مختبر الديمقراطية",
        "kind": OrganisationKind.LOCAL_NGO,
    },
    {
        "slug": "konika-institute",
        "name_en": "Konika institute",
        "name_ar": "معهد كونيكا",
        "kind": OrganisationKind.LOCAL_NGO,
        "description_en": 'Named "Konika" in the Arabic source page; the spelling is as the page gives it.',
    },
    {
        "slug": "civil",
        "name_en": "CIVIL",
        "name_ar": "منظمة سيفيل",
        "acronym": "CIVIL",
        "kind": OrganisationKind.LOCAL_NGO,
    },
    {
        "slug": "osce",
        "name_en": "Organization for Security and Co-operation in Europe",
        "name_ar": "منظمة الأمن والتعاون في أوروبا",
        "acronym": "OSCE",
        "kind": OrganisationKind.INTERNATIONAL,
    },
    {
        "slug": "search-for-common-ground",
        "name_en": "Search for Common Ground",
        "name_ar": "منظمة البحث عن أرضية مشتركة",
        "kind": OrganisationKind.INTERNATIONAL,
    },
]

# (organisation slug, role, since, until, note)
PARTNERSHIPS = [
    ("isd", PartnershipRole.IMPLEMENTING_PARTNER, 2016, None, "Implementing organisation of the network"),
    ("icma", PartnershipRole.LOCAL_PARTNER, 2016, None, ""),
    ("icma", PartnershipRole.IMPLEMENTING_PARTNER, 2016, 2017, "Regional engagement, 2016–2017"),
    ("icma", PartnershipRole.HOST, 2017, 2017, "Co-host of the regional practitioner workshop, Durrës, 2017"),
    ("gus-albania", PartnershipRole.LOCAL_PARTNER, 2018, None, ""),
    ("icitap", PartnershipRole.LOCAL_PARTNER, None, None, ""),
    ("global-center", PartnershipRole.LOCAL_PARTNER, None, None, ""),
]

# (name, Arabic spelling, role, municipality, title en, title ar, from)
PEOPLE = [
    (
        "Mytaher Haskuka",
        "ميتاهر هاسكوكا",
        PositionRole.MAYOR,
        "Prizren",
        "Mayor of Prizren",
        "رئيس بلدية بريزرن",
        datetime.date(2018, 1, 1),
    ),
    (
        "Visar Ganiu",
        "فيسار غانيو",
        PositionRole.MAYOR,
        "Čair",
        "Mayor of Čair",
        "رئيس بلدية كاير",
        datetime.date(2018, 1, 1),
    ),
]


def load_western_balkans(*, actor, with_gazetteer: bool = True) -> Region:
    """Create or update the region and everything the seed states about it. Safe to run again."""
    region = services.save_region(
        actor=actor, instance=Region.objects.filter(slug=REGION["slug"]).first(), values=REGION
    )
    for code in COUNTRIES:
        services.save_country(
            actor=actor, instance=Country.objects.filter(code=code).first(), values={"code": code, "region": region}
        )
    countries = {str(c.code): c for c in region.countries.all()}
    for country, geonames_id, names, alternates in MUNICIPALITIES:
        services.import_municipality(
            actor=actor,
            country=countries[country],
            names=names,
            alternate_names=alternates,
            geonames_id=geonames_id,
        )
    by_name = {m.name_en: m for m in Municipality.objects.filter(country__region=region)}
    for name, started_on, precision, source in MEMBERSHIPS:
        services.record_membership(
            actor=actor,
            municipality=by_name[name],
            status=MembershipStatus.MEMBER,
            started_on=started_on,
            started_precision=precision,
            source=source,
        )
    figures = {
        ReportedFigure.Measure.MEMBERS: (40, SOURCE, SOURCE_AR),
        ReportedFigure.Measure.APPLICATIONS: (
            80,
            f"{SOURCE}: Local Innovation Grant for the Western Balkans",
            f"{SOURCE_AR}: منحة الابتكار المحلي لمنطقة غرب البلقان",
        ),
    }
    for measure, (value, source_en, source_ar) in figures.items():
        services.save_reported_figure(
            actor=actor,
            instance=ReportedFigure.objects.filter(region=region, measure=measure).first(),
            values={
                "region": region,
                "measure": measure,
                "qualifier": ReportedFigure.Qualifier.MORE_THAN,
                "value": value,
                "source_en": source_en,
                "source_ar": source_ar,
                "as_of": datetime.date(2018, 1, 1),
                "as_of_precision": DatePrecision.YEAR,
            },
        )
    organisations = {
        data["slug"]: services.save_organisation(
            actor=actor, instance=Organisation.objects.filter(slug=data["slug"]).first(), values=data
        )
        for data in ORGANISATIONS
    }
    for slug, role, since, until, note in PARTNERSHIPS:
        services.save_partnership(
            actor=actor,
            instance=Partnership.objects.filter(organisation=organisations[slug], region=region, role=role).first(),
            values={
                "organisation": organisations[slug],
                "region": region,
                "role": role,
                "started_year": since,
                "ended_year": until,
                "note_en": note,
            },
        )
    for name, arabic, role, municipality, title_en, title_ar, started_on in PEOPLE:
        person = services.save_person(
            actor=actor,
            instance=Person.objects.filter(name_en=name).first(),
            values={"name_en": name, "name_ar": arabic},
        )
        services.save_position(
            actor=actor,
            instance=Position.objects.filter(person=person, role=role, municipality=by_name[municipality]).first(),
            values={
                "person": person,
                "role": role,
                "municipality": by_name[municipality],
                "title_en": title_en,
                "title_ar": title_ar,
                "started_on": started_on,
                "started_precision": DatePrecision.YEAR,
            },
        )
    if with_gazetteer:
        gazetteer.import_region(region=region, actor=actor)
    return region
