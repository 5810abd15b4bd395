"""What the advisory work contributes to the one search (citynet/search): published consultations, with
what their public summaries and public meetings say; never a meeting's notes, an assessment or a draft."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from citynet.search.registry import Document, Provider, chunked, in_every_language, register

from .models import Meeting, Visit
from .permissions import scope_public_meetings, scope_published_visits


def consultation_documents(ids):
    visits = scope_published_visits(Visit.objects.select_related("engagement")).prefetch_related(
        "municipalities__country", Prefetch("meetings", scope_public_meetings(Meeting.objects.all()), to_attr="shown")
    )
    for visit in chunked(visits, ids):
        titles = in_every_language(visit, "title")
        cities = list(visit.municipalities.all())
        body = [
            visit.places,
            *(text for city in cities for text in in_every_language(city, "name").values()),
            *(text for meeting in visit.shown for text in in_every_language(meeting, "public_summary").values()),
        ]
        countries = {str(code) for code in visit.countries or [] if isinstance(code, str)}
        countries |= {str(city.country.code) for city in cities}
        yield Document(
            kind="consultation",
            object_id=visit.pk,
            route="advisory:consultation",
            route_key=visit.slug,
            titles=titles or {"en": visit.title},
            names=list(titles.values()) or [visit.title],
            summaries=in_every_language(visit, "public_summary"),
            body="\n".join(t for t in body if t),
            country=sorted(countries)[0] if len(countries) == 1 else "",
            countries=sorted(countries),
            year=visit.starts_on.year,
            regions=[visit.engagement.region_id],
            is_demo=visit.is_demo,
        )


register(
    Provider(
        kind="consultation",
        plural=_("Consultations"),
        documents=consultation_documents,
        watches={Visit: lambda visit: [visit.pk], Meeting: lambda meeting: [meeting.visit_id]},
        order=70,
    )
)
