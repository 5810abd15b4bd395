"""The library API: each caller gets the published resources permissions.py lets them read (the public's,
a member city's, staff's), one resource with its language versions and downloads, and the work streams;
never a draft, a proposal or a withdrawn resource, and never a members-only one to the anonymous."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.library.models import Access, ResourceKind, ResourceOrganisationRole, ResourceStatus
from citynet.library.tests import factories as library
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="XK", region=region)
    city = member_municipality(country=country, slug="library-city")
    stream = library.WorkStreamFactory(slug="synthetic-prevention", name_en="Synthetic prevention")
    topic = TopicFactory(slug="synthetic-youth", name_en="Synthetic youth")
    public = library.ResourceFactory(
        slug="public-report",
        title_en="Synthetic public report",
        title_sq="Raport sintetik publik",
        countries=[country],
        topics=[topic],
        work_streams=[stream],
        published_on=datetime.date(2016, 1, 1),
        published_precision=DatePrecision.YEAR,
    )
    library.FileVersionFactory(resource=public, language="en", page_count=12)
    library.ResourceVersionFactory(resource=public, language="sq")
    library.ResourceOrganisationFactory(
        resource=public,
        organisation=OrganisationFactory(slug="synthetic-author", name_en="Synthetic author"),
        role=ResourceOrganisationRole.AUTHOR,
    )
    members = library.ResourceFactory(slug="members-report", access=Access.MEMBERS, kind=ResourceKind.TOOLKIT)
    staff_only = library.ResourceFactory(slug="staff-report", access=Access.STAFF)
    embargoed = library.ResourceFactory(
        slug="embargoed-report", embargo_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    library.ResourceFactory(slug="draft-report", status=ResourceStatus.DRAFT, regions=[region])
    library.ResourceFactory(slug="withdrawn-report", status=ResourceStatus.WITHDRAWN, regions=[region])
    author = focal_point(city)
    library.ResourceFactory(
        slug="proposed-case-study",
        kind=ResourceKind.CASE_STUDY,
        status=ResourceStatus.PROPOSED,
        municipalities=[city],
        proposed_by=author,
    )
    return {
        "region": region,
        "city": city,
        "author": author,
        "public": public,
        "members": members,
        "staff": staff_only,
        "embargoed": embargoed,
    }


CALLERS = {
    "anonymous": lambda s: None,
    "user": lambda s: UserFactory(),
    "member": lambda s: member(s["city"]),
    "focal_point": lambda s: s["author"],
    "coordinator": lambda s: staff(Role.REGIONAL_COORDINATOR, s["region"]),
    "secretariat": lambda s: staff(Role.SECRETARIAT),
}
PUBLIC = {"public-report"}
MEMBERS = PUBLIC | {"members-report"}
STAFF = MEMBERS | {"staff-report", "embargoed-report"}
READS = {
    "anonymous": PUBLIC,
    "user": PUBLIC,
    "member": MEMBERS,
    "focal_point": MEMBERS,
    "coordinator": STAFF,
    "secretariat": STAFF,
}
UNPUBLISHED = ["draft-report", "withdrawn-report", "proposed-case-study"]


def as_caller(client, scene, who):
    user = CALLERS[who](scene)
    if user is not None:
        sign_in(client, user)


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["slug"] for item in body["items"]}


@pytest.mark.parametrize("who", list(CALLERS))
def test_the_list_has_what_the_caller_may_read_and_never_an_unpublished_resource(client, scene, who):
    as_caller(client, scene, who)

    assert slugs(client.get(f"{API}/resources")) == READS[who]


@pytest.mark.parametrize("who", list(CALLERS))
def test_a_resource_answers_whoever_may_read_it_and_is_not_found_for_the_others(client, scene, who):
    as_caller(client, scene, who)

    for slug in STAFF:
        response = client.get(f"{API}/resources/{slug}")
        assert response.status_code == (200 if slug in READS[who] else 404), slug
        if response.status_code == 404:
            assert "detail" in response.json()
    for slug in UNPUBLISHED:  # not even its editors, nor the proposer: the admin is theirs
        assert client.get(f"{API}/resources/{slug}").status_code == 404, slug


def test_members_only_never_reach_the_anonymous_whatever_the_filter(client, scene):
    for query in ["", "?kind=toolkit", "?q=Synthetic", "?limit=200", "?year=2024"]:
        assert "members-report" not in slugs(client.get(f"{API}/resources{query}")), query
    response = client.get(f"{API}/resources/members-report")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}  # the slug asked for, and nothing of the resource
    assert scene["members"].title_en not in response.content.decode()


def test_staff_without_their_second_factor_read_as_the_public(scene):
    client = Client()
    client.force_login(staff(Role.SECRETARIAT))  # signed in, but no authenticator code in this session

    assert slugs(client.get(f"{API}/resources")) == PUBLIC
    assert client.get(f"{API}/resources/staff-report").status_code == 404


def test_a_resource_has_its_versions_organisations_topics_work_streams_and_places(client, scene):
    body = client.get(f"{API}/resources/public-report").json()

    assert body["title"] == "Synthetic public report"
    assert body["titles"]["sq"] == "Raport sintetik publik"
    assert body["kind"] == "report" and body["access"] == "public"
    assert body["date"] == "2016"
    assert body["languages"] == ["en", "sq"]
    english, albanian = body["versions"]
    assert english["language"] == "en" and english["has_file"] is True
    assert english["content_type"] == "application/pdf" and english["size"] == 18 and english["page_count"] == 12
    assert english["download_url"].startswith("http://testserver/")
    assert english["download_url"].endswith("/library/public-report/download/en/")
    assert albanian == {
        "language": "sq",
        "has_file": False,
        "content_type": "",
        "size": None,
        "page_count": None,
        "download_url": None,
    }
    assert body["organisations"] == [
        {"slug": "synthetic-author", "name": "Synthetic author", "role": "author", "role_label": "Author"}
    ]
    assert body["topics"] == [{"slug": "synthetic-youth", "name": "Synthetic youth"}]
    assert body["work_streams"] == [{"slug": "synthetic-prevention", "name": "Synthetic prevention"}]
    assert body["places"] == {"regions": [], "countries": ["XK"], "municipalities": []}
    assert "search_text" not in body and "proposed_by" not in body and "review_note" not in body


def test_an_unknown_resource_is_not_found(client, scene):
    response = client.get(f"{API}/resources/no-such-resource")

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=toolkit", {"members-report"}),
        ("kind=report", MEMBERS - {"members-report"}),
        ("work_stream=synthetic-prevention", {"public-report"}),
        ("topic=synthetic-youth", {"public-report"}),
        ("region=here", {"public-report", "members-report"}),  # its own and the network-wide ones
        ("country=xk", {"public-report"}),
        ("language=sq", {"public-report"}),
        ("year=2016", {"public-report"}),
        ("year=2024", {"members-report"}),
        ("q=sintetik", {"public-report"}),  # the title in another language
        ("work_stream=nothing-here", set()),
    ],
)
def test_the_list_filters(client, scene, query, expected):
    sign_in(client, member(scene["city"]))

    assert slugs(client.get(f"{API}/resources?{query}")) == expected


@pytest.mark.parametrize(
    "query", ["region=nowhere", "country=ZZ", "kind=novel", "language=xx", "year=1066", "limit=0", "offset=-1"]
)
def test_a_filter_naming_nothing_or_out_of_bounds_is_a_422(client, scene, query):
    response = client.get(f"{API}/resources?{query}")

    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_list_pages_with_limit_and_offset(client, scene):
    sign_in(client, staff(Role.SECRETARIAT))

    first = client.get(f"{API}/resources?limit=2").json()
    rest = client.get(f"{API}/resources?limit=2&offset=2").json()

    assert first["count"] == rest["count"] == 4
    assert len(first["items"]) == len(rest["items"]) == 2
    assert {i["slug"] for i in first["items"] + rest["items"]} == STAFF


def test_the_work_streams_are_listed_for_everyone(client, scene):
    library.WorkStreamFactory(slug="synthetic-first", name_en="Synthetic first", sort_order=0)
    body = client.get(f"{API}/work-streams").json()

    assert body["count"] == 2
    assert {item["slug"] for item in body["items"]} == {"synthetic-first", "synthetic-prevention"}
    assert body["items"][0]["names"]["en"]


@pytest.mark.parametrize(
    "path", ["/resources", "/resources/public-report", "/work-streams"], ids=["list", "resource", "work streams"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(client, scene, path, method):
    sign_in(client, staff(Role.SECRETARIAT))

    response = getattr(client, method)(f"{API}{path}")

    assert response.status_code == 405
    assert response.json()["detail"]


def test_the_list_and_a_resource_run_a_fixed_number_of_queries(client, scene, django_assert_max_num_queries):
    sign_in(client, staff(Role.SECRETARIAT))
    public = scene["public"]
    stream = library.WorkStreamFactory()

    def grow(n):
        for _n in range(n):
            resource = library.ResourceFactory(access=Access.MEMBERS, work_streams=[stream])
            library.ResourceVersionFactory(resource=resource, language="en")
            library.ResourceVersionFactory(resource=resource, language="sq")
            library.ResourceOrganisationFactory(resource=public)
            public.topics.add(TopicFactory())
            public.save()

    listed = assert_queries_do_not_grow(lambda: client.get(f"{API}/resources?limit=200"), grow, sizes=(2, 20))
    one = assert_queries_do_not_grow(lambda: client.get(f"{API}/resources/public-report"), grow, sizes=(20, 40))
    streams = assert_queries_do_not_grow(lambda: client.get(f"{API}/work-streams"), grow, sizes=(40, 60))
    with django_assert_max_num_queries(12):
        assert client.get(f"{API}/resources?limit=200&kind=report&language=en").status_code == 200
    assert listed <= 12 and one <= 20 and streams <= 10
