"""Hub pages for tests: a region's hub page, added under the network home as an editor would."""

import datetime

from wagtail.models import Locale

from citynet.hub.models import NetworkHomePage, RegionPage
from citynet.network.models import ReportedFigure
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    PartnershipFactory,
    RegionFactory,
    member_municipality,
)


def region_page(region, *, title: str, intro: str = "", language: str = "en") -> RegionPage:
    """A published hub page for `region` under the network home of `language` (the demo's pages must exist)."""
    home = NetworkHomePage.objects.get(locale__language_code=language)
    page = home.add_child(
        instance=RegionPage(
            locale=Locale.objects.get(language_code=language), title=title, slug=region.slug, region=region, intro=intro
        )
    )
    page.save_revision().publish()
    return page


def synthetic_region():
    """A synthetic region of two countries (Portugal, Spain) with two members, a figure, a partner and its hub
    page; nobody set its map's centre. Returns the region."""
    region = RegionFactory(
        slug="synthetic-test-region", name_en="Synthetic test region", map_center_lat=0, map_center_lng=0
    )
    portugal = CountryFactory(code="PT", region=region)
    spain = CountryFactory(code="ES", region=region)
    member_municipality(
        name_en="Synthetic Atlantic city",
        slug="synthetic-atlantic-city",
        country=portugal,
        latitude=38.7,
        longitude=-9.1,
    )
    member_municipality(
        name_en="Synthetic inland city", slug="synthetic-inland-city", country=spain, latitude=40.4, longitude=-3.7
    )
    MunicipalityFactory(name_en="Synthetic prospective town", country=spain)
    ReportedFigure.objects.create(
        region=region,
        measure=ReportedFigure.Measure.MEMBERS,
        qualifier="more_than",
        value=9,
        source="Synthetic report",
        as_of=datetime.date(2024, 1, 1),
    )
    PartnershipFactory(region=region, organisation__name_en="Synthetic partner foundation")
    region_page(region, title="Synthetic test region hub", intro="<p>A synthetic region for tests.</p>")
    return region
