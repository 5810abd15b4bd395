"""What the events contribute to the one search (citynet/search): every event past drafting, with its
programme's session titles; never a participant."""

from django.utils.translation import gettext_lazy as _

from citynet.search.registry import Document, Provider, chunked, in_every_language, register

from .models import Event, Session
from .permissions import scope_public_events


def event_documents(ids):
    events = scope_public_events(Event.objects.select_related("host_municipality__country")).prefetch_related(
        "topics", "sessions"
    )
    for event in chunked(events, ids):
        titles = in_every_language(event, "title")
        host = event.host_municipality
        country = str(host.country.code) if host else str(event.country or "")
        body = [
            *in_every_language(event, "description").values(),
            *in_every_language(event, "venue").values(),
            *in_every_language(event, "takeaways").values(),
            *(text for session in event.sessions.all() for text in in_every_language(session, "title").values()),
            *(in_every_language(host, "name").values() if host else ()),
        ]
        yield Document(
            kind="event",
            object_id=event.pk,
            route="events:detail",
            route_key=event.slug,
            titles=titles or {"en": event.title},
            names=list(titles.values()) or [event.title],
            summaries=in_every_language(event, "summary"),
            body="\n".join(body),
            country=country,
            year=event.starts_on.year,
            regions=[event.region_id] if event.region_id else [],
            topics=[topic.pk for topic in event.topics.all()],
            languages=[code for code in event.working_languages or [] if isinstance(code, str)],
            is_demo=event.is_demo,
        )


register(
    Provider(
        kind="event",
        plural=_("Events"),
        documents=event_documents,
        watches={Event: lambda event: [event.pk], Session: lambda session: [session.event_id]},
        order=40,
    )
)
