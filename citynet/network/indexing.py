"""What the registry contributes to the one search (citynet/search): municipalities, organisations, and
people through their public positions only (names and public titles, never contact details)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from citynet.search.registry import Document, Provider, chunked, in_every_language, register

from .models import AlternateName, Municipality, Organisation, Partnership, Person, Position


def municipality_documents(ids):
    cities = Municipality.objects.select_related("country").prefetch_related("alternate_names")
    for city in chunked(cities, ids):
        names = in_every_language(city, "name")
        yield Document(
            kind="municipality",
            object_id=city.pk,
            route="hub:municipality-detail",
            route_key=city.slug,
            titles=names or {"en": city.name},
            names=[city.name, *names.values(), *(a.name for a in city.alternate_names.all())],
            summaries={code: text[:300] for code, text in in_every_language(city, "profile").items()},
            body="\n".join(in_every_language(city, "profile").values()),
            country=str(city.country.code),
            regions=[city.country.region_id],
        )


def organisation_documents(ids):
    organisations = Organisation.objects.prefetch_related("partnerships")
    for organisation in chunked(organisations, ids):
        names = in_every_language(organisation, "name")
        description = in_every_language(organisation, "description")
        yield Document(
            kind="organisation",
            object_id=organisation.pk,
            route="hub:organisation-detail",
            route_key=organisation.slug,
            titles=names or {"en": organisation.name},
            names=[organisation.name, organisation.acronym, *names.values()],
            summaries={code: text[:300] for code, text in description.items()},
            body="\n".join(description.values()),
            country=str(organisation.country or ""),
            regions=[p.region_id for p in organisation.partnerships.all()],
        )


def person_documents(ids):
    """A person is found by their name when they hold a public position, linked to its place."""
    public = Position.objects.filter(is_public=True).select_related("municipality__country", "organisation")
    people = (
        Person.objects.filter(positions__is_public=True)
        .distinct()
        .prefetch_related(Prefetch("positions", public.order_by("-started_on", "pk"), to_attr="public_positions"))
    )
    for person in chunked(people, ids):
        positions = [p for p in person.public_positions if p.municipality_id or p.organisation_id]
        if not positions:
            continue
        first = positions[0]
        place = first.municipality or first.organisation
        names = in_every_language(person, "name")
        titles_by_language: dict[str, list[str]] = {}
        for position in positions:
            where = position.municipality or position.organisation
            where_names = in_every_language(where, "name")
            for code, title in (in_every_language(position, "title") or {"en": position.get_role_display()}).items():
                titles_by_language.setdefault(code, []).append(f"{title}, {where_names.get(code) or where.name}")
        yield Document(
            kind="person",
            object_id=person.pk,
            route="hub:municipality-detail" if first.municipality_id else "hub:organisation-detail",
            route_key=place.slug,
            titles=names or {"en": person.name},
            names=[person.name, *names.values(), *person.other_spellings.split(",")],
            summaries={code: "; ".join(lines) for code, lines in titles_by_language.items()},
            country=str(first.municipality.country.code) if first.municipality_id else "",
            regions=[p.municipality.country.region_id for p in positions if p.municipality_id],
        )


register(
    Provider(
        kind="municipality",
        plural=_("Municipalities"),
        documents=municipality_documents,
        watches={Municipality: lambda city: [city.pk], AlternateName: lambda name: [name.municipality_id]},
        order=10,
    )
)
register(
    Provider(
        kind="person",
        plural=_("People"),
        documents=person_documents,
        watches={Person: lambda person: [person.pk], Position: lambda position: [position.person_id]},
        order=20,
    )
)
register(
    Provider(
        kind="organisation",
        plural=_("Organisations"),
        documents=organisation_documents,
        watches={
            Organisation: lambda organisation: [organisation.pk],
            Partnership: lambda partnership: [partnership.organisation_id],
        },
        order=30,
    )
)
