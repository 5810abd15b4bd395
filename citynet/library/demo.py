"""The library's demo content: the seed's regional resources with their real titles, and a few resources
plainly marked demo whose files are generated at load time, so that search and downloads can be tried.

What the sources state (the network's Western Balkans hub page, "Regional resources", and its workshop
section), and nothing more:
- the regional assessment report for the Western Balkans;
- the full report of the regional practitioner workshop in Durrës, Albania, 12–13 September 2017 (the
  page links to it), recorded as the workshop event's report (citynet/events/demo.py loads the event);
- the inspiring case studies in the section on the network's work streams.
The sources give none of their files, authors, dates, topics or addresses, and name no work stream: the
records have none of these (no work stream is created). They are published so that readers find them, and
a resource is published only with something to read: each has a short note in English and Arabic, saying
that the hub page lists it and that the library holds no copy yet. The English titles follow the seed's
English rendering; the Arabic ones the Arabic page's own words (the page's "تقرير ... الخاصة" made to agree:
"الخاص"). The page's third line ("how other cities deal with violent extremism in their local context")
is left out: the page gives neither a title nor what it links to.

The demo resources are `is_demo`, titled "Demo: ..." ("تجريبي: ..." in Arabic), and say in their text that
they are synthetic: a guide as a PDF in English and in Arabic (WeasyPrint, with the Arabic font of
citynet/core/pdf.py; the Arabic version carries its text too, as the text read back from a PDF printed
in that font is garbled), a toolkit as a Word document, a members-only report as a PDF, and a case study of
the advisory demo's "Demo city (synthetic)" (citynet/advisory/demo.py) with its structured body. Their
texts carry the words "interinstitutional" and "mentorship" and the names Gjilan and Durrës, to search
for; they describe no real city, person or programme.

Writes go through the library's services (`save_resource`, `save_version` with an uploaded file,
`save_case_study`, `publish_resource`): permission, validation, audit, and the text extraction queued on
commit (run at once in development, by the worker in production). Loading again changes nothing: records
are found by their slugs and the services write only what differs; a language version that has its file
keeps it (a generated PDF differs in its bytes at each run); a resource staff withdrew stays withdrawn.
"""

import io
from html import escape

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation

from citynet.core import pdf
from citynet.events.demo import WORKSHOP
from citynet.events.models import Event
from citynet.network.models import Municipality, Region, Topic

from .models import Access, Resource, ResourceKind, ResourceStatus
from .services.resources import publish_resource, save_case_study, save_resource, save_version

SOURCE = "Strong Cities Network, Western Balkans hub page"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What the library says of a seed resource it holds no copy of (a published resource needs something to read).
LISTED_EN = (
    "Listed on the Strong Cities Network's Western Balkans hub page. The library holds no copy of it yet: only "
    "what the hub page states is recorded here."
)
LISTED_AR = (
    "مدرج على صفحة مركز غرب البلقان في شبكة المدن القوية. لا تحتفظ المكتبة بنسخة منه بعد: لا يُسجَّل هنا إلا ما "
    "تذكره صفحة المركز."
)

ASSESSMENT = {
    "slug": "regional-assessment-report-western-balkans",
    "kind": ResourceKind.ASSESSMENT,
    "title_en": "Regional assessment report for the Western Balkans",
    "title_ar": "تقرير التقييم الإقليمي الخاص بمنطقة غرب البلقان",
    "summary_en": "The regional assessment report for the Western Balkans, one of the regional resources of the "
    "network's Western Balkans hub page.",
    "summary_ar": "تقرير التقييم الإقليمي الخاص بمنطقة غرب البلقان، أحد الموارد الخاصة بالمنطقة على صفحة مركز غرب "
    "البلقان في شبكة المدن القوية.",
    "source": f"{SOURCE}: Regional resources",
}

WORKSHOP_REPORT = {
    "slug": "regional-practitioner-workshop-durres-2017-report",
    "kind": ResourceKind.EVENT_REPORT,
    "title_en": "Full report of the regional practitioner workshop, Durrës, Albania (12–13 September 2017)",
    "title_ar": "التقرير الكامل الخاص بورشة العمل الإقليمية للمتخصصين في دوريس، ألبانيا (12 و13 أيلول/سبتمبر 2017)",
    "summary_en": "The full report of the network's regional practitioner workshop for the Western Balkans, held on "
    "12 and 13 September 2017 in Durrës, Albania, to which the hub page links.",
    "summary_ar": "التقرير الكامل الخاص بورشة العمل الإقليمية للمتخصصين الخاصة بمنطقة غرب البلقان، التي نظمتها شبكة "
    "المدن القوية في 12 و13 أيلول/سبتمبر 2017 في دوريس، ألبانيا، والذي تحيل إليه صفحة المركز.",
    "source": f"{SOURCE}: Regional practitioner workshop, Durrës, Albania",
}

CASE_STUDIES = {
    "slug": "inspiring-case-studies-work-streams",
    # No kind of the library is a collection, and the seed gives no address for a link: it is recorded as
    # what it offers, case studies.
    "kind": ResourceKind.CASE_STUDY,
    "title_en": "Inspiring case studies, in the section on the network's work streams",
    "title_ar": "دراسات حالات ملهمة في قسم مسارات عمل الشبكة",
    "summary_en": "Inspiring case studies, in the section on the network's work streams, one of the regional "
    "resources of the network's Western Balkans hub page.",
    "summary_ar": "دراسات حالات ملهمة في قسم مسارات عمل الشبكة، أحد الموارد الخاصة بالمنطقة على صفحة مركز غرب "
    "البلقان في شبكة المدن القوية.",
    "source": f"{SOURCE}: Regional resources",
}

SEED_RESOURCES = [ASSESSMENT, WORKSHOP_REPORT, CASE_STUDIES]

# --- Demo resources (synthetic) -----------------------------------------------------------------------------

SEARCH_NOTE_EN = (
    "The names Gjilan and Durrës appear in this demo text only so that a search for them can be tried; nothing "
    "here describes either city."
)
SEARCH_NOTE_AR = (
    "يرد اسما غيلان ودوريس في هذا النص التجريبي فقط لتجربة البحث عنهما؛ ولا يصف أي شيء هنا أيًّا من المدينتين."
)

DEMO_GUIDE = {
    "slug": "demo-guide-interinstitutional-cooperation",
    "kind": ResourceKind.GUIDE,
    "access": Access.PUBLIC,
    "title_en": "Demo: guide to interinstitutional cooperation (synthetic)",
    "title_ar": "تجريبي: دليل التعاون بين المؤسسات (اصطناعي)",
    "summary_en": "Demo content: a synthetic guide, generated when the demo was loaded, for trying the library's "
    "search and downloads. Not a real publication of the network.",
    "summary_ar": "محتوى تجريبي: دليل اصطناعي أُنشئ عند تحميل المحتوى التجريبي، لتجربة البحث والتنزيل في المكتبة. "
    "ليس منشورًا حقيقيًا للشبكة.",
    "topics": ["local-referral-mechanisms"],
}
GUIDE_EN = [
    [
        "Demo content. This guide is synthetic: it was generated when the demo was loaded, so that the library's "
        "search and downloads can be tried. It describes no real city, person or programme, and none of it is a "
        "fact of the network.",
        "Interinstitutional cooperation is the habit of a municipality's departments, schools, health and social "
        "services and police working from one shared picture of a concern. This demo guide imagines how such a "
        "group might meet, share what each knows within the law, and agree who acts next.",
        SEARCH_NOTE_EN,
    ],
    [
        "A synthetic checklist: name one contact in each institution; agree what may be shared, and how it is "
        "kept; meet on a fixed day each month; write down each decision and who acts on it; review the "
        "arrangement after a year.",
        "End of the demo content.",
    ],
]
GUIDE_AR = [
    [
        "محتوى تجريبي. هذا الدليل اصطناعي: أُنشئ عند تحميل المحتوى التجريبي لتجربة البحث والتنزيل في المكتبة. لا يصف "
        "أي مدينة أو شخص أو برنامج حقيقي، وليس فيه أي حقيقة عن الشبكة.",
        "التعاون بين المؤسسات هو أن تعمل إدارات البلدية والمدارس والخدمات الصحية والاجتماعية والشرطة انطلاقًا من صورة "
        "مشتركة واحدة للمسألة. يتخيل هذا الدليل التجريبي كيف يمكن لمجموعة كهذه أن تجتمع، وتتبادل ما يعرفه كل طرف في "
        "حدود القانون، وتتفق على من يتصرف بعد ذلك.",
        SEARCH_NOTE_AR,
    ],
    [
        "قائمة مراجعة اصطناعية: تسمية جهة اتصال واحدة في كل مؤسسة؛ الاتفاق على ما يمكن تبادله وكيفية حفظه؛ الاجتماع في "
        "يوم محدد من كل شهر؛ تدوين كل قرار ومن يتولى تنفيذه؛ مراجعة الترتيب بعد سنة.",
        "نهاية المحتوى التجريبي.",
    ],
]

DEMO_TOOLKIT = {
    "slug": "demo-toolkit-mentorship",
    "kind": ResourceKind.TOOLKIT,
    "access": Access.PUBLIC,
    "title_en": "Demo: mentorship toolkit for prevention practitioners (synthetic)",
    "title_ar": "تجريبي: مجموعة أدوات الإرشاد لممارسي الوقاية (اصطناعية)",
    "summary_en": "Demo content: a synthetic toolkit as a Word document, generated when the demo was loaded. Not a "
    "real publication of the network.",
    "summary_ar": "محتوى تجريبي: مجموعة أدوات اصطناعية في مستند Word، أُنشئت عند تحميل المحتوى التجريبي. ليست منشورًا "
    "حقيقيًا للشبكة.",
    "topics": ["youth-engagement"],
}
TOOLKIT_EN = [
    "Demo content. This toolkit is synthetic: it was generated when the demo was loaded, so that the library's "
    "search and downloads can be tried. It describes no real city, person or programme.",
    "Mentorship pairs a practitioner new to prevention work with an experienced peer. The variant this demo "
    "toolkit sketches is interinstitutional mentorship, with the peer from another kind of institution: a social "
    "worker with a teacher, a municipal officer with a youth worker.",
    SEARCH_NOTE_EN,
]
TOOLKIT_TABLE = [
    ["Meeting", "What the pair does (synthetic)"],
    ["1", "Agree their goals and how often to meet"],
    ["2", "Visit each other's workplace"],
    ["3", "Review what each has learnt"],
]

DEMO_MEMBERS_REPORT = {
    "slug": "demo-members-report-local-coordination",
    "kind": ResourceKind.REPORT,
    "access": Access.MEMBERS,
    "title_en": "Demo: members-only report on local coordination (synthetic)",
    "title_ar": "تجريبي: تقرير للأعضاء فقط حول التنسيق المحلي (اصطناعي)",
    "summary_en": "Demo content: a synthetic report that only the people of member cities (and staff) may read, "
    "for trying who sees what.",
    "summary_ar": "محتوى تجريبي: تقرير اصطناعي لا يطّلع عليه إلا أفراد المدن الأعضاء (والموظفون)، لتجربة من يرى ماذا.",
    "topics": [],
}
MEMBERS_REPORT_EN = [
    [
        "Demo content, for members only. This report is synthetic: it was generated when the demo was loaded. It "
        "shows how a members-only resource is kept from the public: the people of member cities read it, others "
        "find it neither in the library nor in search.",
        "Its imagined subject is interinstitutional coordination meetings with mentorship for new members. No "
        "meeting described here took place.",
        SEARCH_NOTE_EN,
    ],
    [
        "Synthetic findings: the demo group met six times, kept one shared list of contacts and agreed a yearly "
        "review. These figures are invented for the demo.",
    ],
]

DEMO_CITY_SLUG = "demo-city"  # citynet/advisory/demo.py's synthetic municipality
DEMO_CASE_STUDY = {
    "slug": "demo-case-study-youth-council",
    "kind": ResourceKind.CASE_STUDY,
    "access": Access.PUBLIC,
    "title_en": "Demo: a youth council on prevention in Demo city (synthetic)",
    "title_ar": "تجريبي: مجلس شبابي حول الوقاية في مدينة تجريبية (اصطناعية)",
    "summary_en": "Demo content: a synthetic case study of a municipality that does not exist, for trying the "
    "library's case studies.",
    "summary_ar": "محتوى تجريبي: دراسة حالة اصطناعية لبلدية غير موجودة، لتجربة دراسات الحالة في المكتبة.",
    "topics": ["youth-engagement"],
}
CASE_STUDY_BODY = {
    "context_en": "Demo content: a synthetic case study of Demo city (synthetic), a municipality that does not "
    "exist. Its youth council, its people and its figures are imagined.",
    "context_ar": "محتوى تجريبي: دراسة حالة اصطناعية لمدينة تجريبية (اصطناعية)، وهي بلدية غير موجودة. مجلسها الشبابي "
    "وأفراده وأرقامه كلها متخيَّلة.",
    "challenge_en": "In the demo story, young people had no regular way to tell the municipality what worried them "
    "about hate and violence in their neighbourhoods.",
    "challenge_ar": "في القصة التجريبية، لم يكن لدى الشباب سبيل منتظم لإبلاغ البلدية بما يقلقهم من الكراهية والعنف "
    "في أحيائهم.",
    "approach_en": "The demo municipality set up a youth council of fifteen members (a synthetic figure) that meets "
    "the mayor's office every month, with mentorship by youth workers and interinstitutional support from schools "
    "and social services.",
    "approach_ar": "أنشأت البلدية التجريبية مجلسًا شبابيًا من خمسة عشر عضوًا (رقم اصطناعي) يجتمع بمكتب رئيس البلدية كل "
    "شهر، بإرشاد من العاملين مع الشباب ودعم من المدارس والخدمات الاجتماعية.",
    "results_en": "In the demo story the council proposed three small projects in its first year, and the "
    "municipality funded two. All figures are synthetic.",
    "results_ar": "في القصة التجريبية، اقترح المجلس ثلاثة مشاريع صغيرة في سنته الأولى، وموّلت البلدية اثنين منها. كل "
    "الأرقام اصطناعية.",
    "lessons_en": "Demo lessons: give the council a budget line of its own; let its members choose their topics; "
    "tell them what the municipality did with their proposals.",
    "lessons_ar": "دروس تجريبية: خصّصوا للمجلس بندًا في الميزانية؛ دعوا أعضاءه يختارون مواضيعهم؛ أخبروهم بما فعلته "
    "البلدية باقتراحاتهم.",
}


# --- Generated files ----------------------------------------------------------------------------------------


def pdf_document(*, language: str, title: str, pages: list[list[str]]) -> bytes:
    """A PDF of `title` and one page per list of paragraphs, as the site prints its PDFs (WeasyPrint, the
    Arabic font, the language's direction)."""
    from weasyprint import HTML  # imported here: only the loader and the printed pages need it

    with translation.override(language):
        direction = pdf.text_direction()
    sections = "".join(
        f"<section{' class=next' if index else ''}>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + "</section>"
        for index, paragraphs in enumerate(pages)
    )
    html = (
        f'<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{pdf.font_css()}\n"
        "@page { size: A4; margin: 20mm; }\n"
        'body { font-family: "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif; font-size: 11pt; }\n'
        "h1 { font-size: 18pt; } .next { break-before: page; }</style></head>"
        f"<body><h1>{escape(title)}</h1>{sections}</body></html>"
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def docx_document(*, title: str, paragraphs: list[str], table: list[list[str]]) -> bytes:
    """A Word document: `title` as its heading, the paragraphs, then a table of these rows (python-docx)."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Loading ------------------------------------------------------------------------------------------------


def _save(*, actor, values: dict) -> Resource:
    """The resource of `values["slug"]`, created or brought to `values` (the service writes only what
    differs, and logs nothing when nothing does)."""
    existing = Resource.objects.filter(slug=values["slug"]).first()
    return save_resource(actor=actor, instance=existing, values=values)


def _publish(*, actor, resource: Resource) -> Resource:
    # A draft is published; a resource staff withdrew stays withdrawn.
    if resource.status == ResourceStatus.DRAFT:
        return publish_resource(actor=actor, resource=resource)
    return resource


def _file_version(
    *, actor, resource: Resource, language: str, name: str, content_type: str, build, text: str | None = None
) -> None:
    """The version in `language` with the file `build()` makes (unless it has its file already), and
    `text`, its own text, when given."""
    if resource.versions.filter(language=language).exclude(file="").exists():
        if text is not None:
            save_version(actor=actor, resource=resource, language=language, text=text)
        return
    upload = SimpleUploadedFile(name, build(), content_type=content_type)
    save_version(actor=actor, resource=resource, language=language, text=text, upload=upload)


def _topics(slugs: list[str]) -> list[Topic]:
    """The events' demo topics of these slugs (citynet/events/demo.py), those there are."""
    return list(Topic.objects.filter(slug__in=slugs)) if slugs else []


def load_seed_resources(region: Region, *, actor) -> list[Resource]:
    """The seed's three regional resources, published, with a note in English and Arabic for their text."""
    workshop = Event.objects.filter(slug=WORKSHOP["slug"]).first()
    loaded = []
    for seed in SEED_RESOURCES:
        values = {
            **seed,
            "is_demo": False,
            "access": Access.PUBLIC,
            "published_on": None,
            "external_url": "",
            "regions": [region],
            "events": [workshop] if seed is WORKSHOP_REPORT and workshop is not None else [],
        }
        resource = _save(actor=actor, values=values)
        for language, text in (("en", LISTED_EN), ("ar", LISTED_AR)):
            save_version(actor=actor, resource=resource, language=language, text=text)
        loaded.append(_publish(actor=actor, resource=resource))
    return loaded


def _demo_values(values: dict, region: Region, **more) -> dict:
    return {**values, "is_demo": True, "source": "", "regions": [region], "topics": _topics(values["topics"]), **more}


def load_demo_resources(region: Region, *, actor) -> dict:
    """The demo guide (PDF, English and Arabic), toolkit (Word), members-only report (PDF) and case study."""
    guide = _save(actor=actor, values=_demo_values(DEMO_GUIDE, region))
    _file_version(
        actor=actor,
        resource=guide,
        language="en",
        name="demo-guide-interinstitutional-cooperation.pdf",
        content_type=PDF,
        build=lambda: pdf_document(language="en", title=DEMO_GUIDE["title_en"], pages=GUIDE_EN),
    )
    _file_version(
        actor=actor,
        resource=guide,
        language="ar",
        name="demo-guide-interinstitutional-cooperation-ar.pdf",
        content_type=PDF,
        build=lambda: pdf_document(language="ar", title=DEMO_GUIDE["title_ar"], pages=GUIDE_AR),
        # Also its text: the site's Arabic font (a subset whose letters share their dotless shapes) prints
        # well but reads back from the PDF garbled, so the text a search finds is given with the file.
        text="\n\n".join(p for page in GUIDE_AR for p in page),
    )
    toolkit = _save(actor=actor, values=_demo_values(DEMO_TOOLKIT, region))
    _file_version(
        actor=actor,
        resource=toolkit,
        language="en",
        name="demo-toolkit-mentorship.docx",
        content_type=DOCX,
        build=lambda: docx_document(title=DEMO_TOOLKIT["title_en"], paragraphs=TOOLKIT_EN, table=TOOLKIT_TABLE),
    )
    report = _save(actor=actor, values=_demo_values(DEMO_MEMBERS_REPORT, region))
    _file_version(
        actor=actor,
        resource=report,
        language="en",
        name="demo-members-report-local-coordination.pdf",
        content_type=PDF,
        build=lambda: pdf_document(language="en", title=DEMO_MEMBERS_REPORT["title_en"], pages=MEMBERS_REPORT_EN),
    )
    city = Municipality.objects.filter(slug=DEMO_CITY_SLUG).first()
    case_study = _save(
        actor=actor,
        values=_demo_values(DEMO_CASE_STUDY, region, municipalities=[city] if city is not None else []),
    )
    save_case_study(actor=actor, resource=case_study, values=CASE_STUDY_BODY)
    resources = {"guide": guide, "toolkit": toolkit, "members_report": report, "case_study": case_study}
    return {name: _publish(actor=actor, resource=resource) for name, resource in resources.items()}


@transaction.atomic
def load_library(region: Region, *, actor) -> dict:
    """The seed's regional resources and the library's demo resources; idempotent.

    Needs the events' demo (the Durrës workshop, the topics) and, for the demo case study's city, the
    advisory demo; without them the records are loaded without those links. Side effects: audit entries
    for what changed; the demo files' text extraction, queued on commit.
    """
    return {"seed": load_seed_resources(region, actor=actor), **load_demo_resources(region, actor=actor)}
