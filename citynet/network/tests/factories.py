"""Registry records. Everything these make is plainly synthetic ("Synthetic municipality 3")."""

import datetime

import factory

from citynet.core.names import search_keys
from citynet.network.models import (
    Country,
    Membership,
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
    Topic,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"synthetic-region-{n}")
    name_en = factory.Sequence(lambda n: f"Synthetic region {n}")
    map_center_lat = 42.6
    map_center_lng = 20.0


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Iterator(["AL", "BA", "XK", "MK", "ME", "RS"])
    region = factory.SubFactory(RegionFactory)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"Synthetic municipality {n}")
    slug = factory.Sequence(lambda n: f"synthetic-municipality-{n}")
    country = factory.SubFactory(CountryFactory)
    latitude = 42.5
    longitude = 21.0

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            self.search_text = search_keys(
                self.name_en, self.name_sr or "", self.name_sr_latn or "", self.name_ar or ""
            )
            self.save(update_fields=["search_text"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    municipality = factory.SubFactory(MunicipalityFactory)
    status = MembershipStatus.MEMBER
    started_on = datetime.date(2020, 1, 1)


def member_municipality(**kwargs) -> Municipality:
    municipality = MunicipalityFactory(**kwargs)
    MembershipFactory(municipality=municipality)
    return municipality


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Synthetic organisation {n}")
    slug = factory.Sequence(lambda n: f"synthetic-organisation-{n}")
    kind = OrganisationKind.LOCAL_NGO
    search_text = factory.LazyAttribute(lambda o: search_keys(o.name_en))


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.SubFactory(RegionFactory)
    role = PartnershipRole.LOCAL_PARTNER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Synthetic person {n}")
    email = factory.Sequence(lambda n: f"private{n}@example.test")
    phone = "+000 0000 0000"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    role = PositionRole.MAYOR
    municipality = factory.SubFactory(MunicipalityFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"synthetic-topic-{n}")
    name_en = factory.Sequence(lambda n: f"Synthetic topic {n}")
    sort_order = factory.Sequence(lambda n: n)
