"""What the library contributes to the one search (citynet/search): published resources with their
language versions' text (typed, or extracted from their files) and their case study's body, each found
only by those who may read it (its access level and embargo, permissions.py's rule)."""

from django.utils.translation import gettext_lazy as _

from citynet.search.registry import Document, Provider, chunked, in_every_language, register

from .models import CaseStudy, Resource, ResourceStatus, ResourceVersion

CASE_STUDY_SECTIONS = ("context", "challenge", "approach", "results", "lessons")


def resource_documents(ids):
    resources = (
        Resource.objects.filter(status=ResourceStatus.PUBLISHED)
        .select_related("case_study")
        .prefetch_related("versions", "topics", "regions", "countries", "municipalities__country")
    )
    for resource in chunked(resources, ids):
        titles = in_every_language(resource, "title")
        versions = list(resource.versions.all())
        case_study = getattr(resource, "case_study", None)
        body = [text for version in versions for text in (version.text, version.extracted_text) if text]
        if case_study is not None:
            body += [
                text for section in CASE_STUDY_SECTIONS for text in in_every_language(case_study, section).values()
            ]
        cities = list(resource.municipalities.all())
        countries = {str(c.code) for c in resource.countries.all()} | {str(city.country.code) for city in cities}
        regions = {r.pk for r in resource.regions.all()} | {c.region_id for c in resource.countries.all()}
        regions |= {city.country.region_id for city in cities}
        yield Document(
            kind="resource",
            object_id=resource.pk,
            route="library:resource",
            route_key=resource.slug,
            titles=titles or {"en": resource.title},
            names=list(titles.values()) or [resource.title],
            summaries=in_every_language(resource, "summary"),
            body="\n".join(body),
            access=resource.access,
            available_on=resource.embargo_until,
            country=sorted(countries)[0] if len(countries) == 1 else "",
            countries=sorted(countries),
            year=resource.published_on.year if resource.published_on else None,
            regions=sorted(regions),
            topics=[topic.pk for topic in resource.topics.all()],
            languages=sorted({version.language for version in versions}),
            is_demo=resource.is_demo,
        )


register(
    Provider(
        kind="resource",
        plural=_("Library resources"),
        documents=resource_documents,
        watches={
            Resource: lambda resource: [resource.pk],
            ResourceVersion: lambda version: [version.resource_id],
            CaseStudy: lambda case_study: [case_study.resource_id],
        },
        order=80,
    )
)
