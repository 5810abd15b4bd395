"""Library records. Everything these make is plainly synthetic ("Synthetic report 3")."""

import datetime

import factory
from django.core.files.base import ContentFile

from citynet.library.models import (
    Access,
    CaseStudy,
    ExtractionStatus,
    Resource,
    ResourceKind,
    ResourceOrganisation,
    ResourceOrganisationRole,
    ResourceStatus,
    ResourceVersion,
    WorkStream,
)
from citynet.network.tests.factories import OrganisationFactory

# The smallest valid PDF's bytes are not needed here: files that must be read are made by tests/documents.py.
NOT_A_DOCUMENT = b"<html><body>Synthetic page pretending to be a PDF</body></html>"


class WorkStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStream
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"synthetic-work-stream-{n}")
    name_en = factory.Sequence(lambda n: f"Synthetic work stream {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published public report (add regions, countries, municipalities, topics with their names)."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"synthetic-resource-{n}")
    kind = ResourceKind.REPORT
    title_en = factory.Sequence(lambda n: f"Synthetic report {n}")
    summary_en = "A synthetic resource, made for a test."
    published_on = datetime.date(2024, 5, 1)
    access = Access.PUBLIC
    status = ResourceStatus.PUBLISHED
    is_demo = True

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
            self.save()  # a clusterable model keeps its relations in memory until saved

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)
            self.save()  # a clusterable model keeps its relations in memory until saved

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)
            self.save()  # a clusterable model keeps its relations in memory until saved

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()  # a clusterable model keeps its relations in memory until saved

    @factory.post_generation
    def work_streams(self, create, extracted, **kwargs):
        if create and extracted:
            self.work_streams.set(extracted)
            self.save()  # a clusterable model keeps its relations in memory until saved


class ResourceVersionFactory(factory.django.DjangoModelFactory):
    """A language version with a text of its own (give `file=` for a file)."""

    class Meta:
        model = ResourceVersion

    resource = factory.SubFactory(ResourceFactory)
    language = "en"
    text = "Synthetic text of a resource's language version."
    extraction = ExtractionStatus.NONE


class FileVersionFactory(ResourceVersionFactory):
    """A language version with a (synthetic, unreadable) PDF-named file, as stored after the checks."""

    text = ""
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 synthetic", name="synthetic.pdf"))
    original_name = "synthetic.pdf"
    content_type = "application/pdf"
    size = 18
    extraction = ExtractionStatus.PENDING


class ResourceOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceOrganisation

    resource = factory.SubFactory(ResourceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ResourceOrganisationRole.AUTHOR


class CaseStudyFactory(factory.django.DjangoModelFactory):
    """A case study's body on a published case-study resource."""

    class Meta:
        model = CaseStudy

    resource = factory.SubFactory(ResourceFactory, kind=ResourceKind.CASE_STUDY)
    context_en = "Synthetic context."
    challenge_en = "Synthetic challenge."
    approach_en = "Synthetic approach."
    results_en = "Synthetic results."
    lessons_en = "Synthetic lessons."
