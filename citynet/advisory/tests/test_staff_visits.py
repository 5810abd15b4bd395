"""The staff's admin for engagements, visits with their meetings, and the stakeholder map, as the secretariat
and the region's coordinators use it; and who is turned away (another region's coordinator: 404; a focal
point, a member, an anonymous visitor: never past the admin's door). Notes stay with the staff, exports are
safe from formulas, a stale form saves nothing, and every list and map costs a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.advisory.models import Engagement, Meeting, MeetingKind, Project, Visit, VisitStatus
from citynet.advisory.selectors.stakeholders import municipality_map
from citynet.advisory.staff.visits import picture
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


@pytest.fixture
def region():
    return RegionFactory(slug="here")


@pytest.fixture
def country(region):
    return CountryFactory(code="XK", region=region)


@pytest.fixture
def city(country):
    return MunicipalityFactory(name_en="Synthetic Čair", slug="synthetic-cair", country=country)


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def engagement(region, city):
    return advisory.EngagementFactory(region=region, municipalities=[city], title_en="Synthetic advisory service")


@pytest.fixture
def visit(engagement, city):
    visit = advisory.VisitFactory(engagement=engagement, title_en="Synthetic consultation")
    visit.municipalities.set([city])
    visit.save()
    return visit


@pytest.fixture
def meeting(visit, city):
    return advisory.MeetingFactory(visit=visit, kind=MeetingKind.MAYOR, municipality=city, notes=NOTES)


@pytest.fixture
def project(city):
    project = advisory.ProjectFactory(
        organisation=OrganisationFactory(name_en="Synthetic institute"), municipality=city, country=city.country
    )
    project.topics.set([TopicFactory(name_en="Synthetic youth work")])
    return project


def text_of(response) -> str:
    return response.getvalue().decode("utf-8") if response.streaming else response.content.decode("utf-8")


# --- Who gets in ---------------------------------------------------------------------------------------------

PAGES = {
    "engagements": lambda s: "/admin/advisory/engagements/",
    "engagement form": lambda s: f"/admin/advisory/engagements/edit/{s.engagement.pk}/",
    "engagement page": lambda s: reverse("advisory_visits:engagement", args=[s.engagement.pk]),
    "visits": lambda s: "/admin/advisory/visits/",
    "visit form": lambda s: f"/admin/advisory/visits/edit/{s.visit.pk}/",
    "visit page": lambda s: reverse("advisory_visits:visit", args=[s.visit.pk]),
    "meetings export": lambda s: reverse("advisory_visits:meetings-export", args=[s.visit.pk, "csv"]),
    "projects": lambda s: "/admin/advisory/projects/",
    "project form": lambda s: f"/admin/advisory/projects/edit/{s.project.pk}/",
    "maps": lambda s: reverse("advisory_stakeholders:index"),
    "municipality map": lambda s: reverse("advisory_stakeholders:municipality", args=[s.city.pk]),
    "country map": lambda s: reverse("advisory_stakeholders:country", args=[s.city.country_id]),
    "map export": lambda s: reverse("advisory_stakeholders:municipality-export", args=[s.city.pk, "xlsx"]),
}
LISTS = {"engagements", "visits", "projects", "maps"}


def people(region, city):
    return {
        "secretariat": lambda: staff(Role.SECRETARIAT),
        "coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, region),
        "other_coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")),
        "focal_point": lambda: focal_point(city),
        "member": lambda: member(city),
        "user": UserFactory,
    }


@pytest.mark.parametrize(
    "role", ["secretariat", "coordinator", "other_coordinator", "focal_point", "member", "user", "anonymous"]
)
def test_each_page_for_each_role(client, role, region, city, engagement, visit, meeting, project):
    scene = type("Scene", (), {"engagement": engagement, "visit": visit, "project": project, "city": city})
    if role != "anonymous":
        sign_in(client, people(region, city)[role]())
    for name, url in PAGES.items():
        response = client.get(url(scene))
        if role in ("secretariat", "coordinator"):
            assert response.status_code == 200, name
        elif role == "other_coordinator":
            assert response.status_code == (200 if name in LISTS else 404), name
            if name in LISTS:
                assert "Synthetic advisory service" not in text_of(response)
        else:
            assert response.status_code == 302, name
            assert "login" in response["Location"], name
        if role not in ("secretariat", "coordinator"):
            assert NOTES not in text_of(response)


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "member", "anonymous"])
def test_outsiders_cannot_publish_or_unpublish(client, role, region, city, visit):
    if role != "anonymous":
        sign_in(client, people(region, city)[role]())
    for action in ("publish", "unpublish"):
        response = client.post(reverse(f"advisory_visits:{action}", args=[visit.pk]))
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "login" in response["Location"]
    visit.refresh_from_db()
    assert not visit.is_published


def test_staff_without_their_second_factor_are_sent_to_enter_it(client, visit, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("advisory_visits:visit", args=[visit.pk]))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


# --- Engagements -------------------------------------------------------------------------------------------


def engagement_data(region, city, **values):
    return {
        "region": region.pk,
        "phase": "scoping",
        "status": "active",
        "title_en": "Synthetic new engagement",
        "title_ar": "تعاون استشاري تجريبي",
        "purpose": "Synthetic purpose.",
        "municipalities": [city.pk],
        "starts_on": "2026-01-05",
        "date_precision": "day",
        **values,
    }


def test_a_coordinator_creates_an_engagement_of_their_region(client, region, city, coordinator):
    sign_in(client, coordinator)
    page = client.get("/admin/advisory/engagements/new/")
    far = MunicipalityFactory(name_en="Synthetic far city", country=CountryFactory(code="RS", region=RegionFactory()))
    assert "Synthetic Čair" in page.text and "Synthetic far city" not in page.text

    response = client.post(
        "/admin/advisory/engagements/new/", engagement_data(region, city, lead_staff=[coordinator.pk])
    )

    assert response.status_code == 302, response.context["form"].errors
    engagement = Engagement.objects.get(title_en="Synthetic new engagement")
    assert list(engagement.municipalities.all()) == [city]
    assert list(engagement.lead_staff.all()) == [coordinator]
    refused = client.post("/admin/advisory/engagements/new/", engagement_data(region, far, title_en="Synthetic far"))
    assert refused.status_code == 200
    assert not Engagement.objects.filter(title_en="Synthetic far").exists()


def test_a_stale_engagement_form_saves_nothing(client, region, city, engagement, coordinator):
    sign_in(client, coordinator)
    stale = engagement.version
    Engagement.objects.filter(pk=engagement.pk).update(version=stale + 1)

    response = client.post(
        f"/admin/advisory/engagements/edit/{engagement.pk}/",
        engagement_data(region, city, title_en="Synthetic lost update", based_on_version=stale),
    )

    assert response.status_code == 200
    assert "changed" in response.text.lower()
    engagement.refresh_from_db()
    assert engagement.title_en == "Synthetic advisory service"


def test_bad_input_is_a_message_not_an_error_page(client, region, city, coordinator):
    sign_in(client, coordinator)
    response = client.post(
        "/admin/advisory/engagements/new/",
        engagement_data(region, city, starts_on="2026-13-45", ends_on="2025-01-01"),
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.text
    assert not Engagement.objects.exists()


def test_the_engagement_list_finds_a_city_in_any_spelling_and_its_page_lists_the_visits(
    client, engagement, visit, coordinator
):
    sign_in(client, coordinator)
    found = client.get("/admin/advisory/engagements/?q=Cair")
    assert "Synthetic advisory service" in found.text
    assert "Synthetic advisory service" not in client.get("/admin/advisory/engagements/?q=Prizren").text
    filtered = client.get(f"/admin/advisory/engagements/?status=active&phase=scoping&region={engagement.region_id}")
    assert filtered.status_code == 200

    page = client.get(reverse("advisory_visits:engagement", args=[engagement.pk]))

    assert "Synthetic consultation" in page.text
    assert reverse("advisory_visits:visit", args=[visit.pk]) in page.text


def test_list_exports_are_logged_and_neutralise_formulas(client, region, city, coordinator):
    advisory.EngagementFactory(region=region, municipalities=[city], title_en="=cmd|' /C calc'!A0")
    advisory.EngagementFactory(region=RegionFactory(slug="elsewhere"), title_en="Synthetic elsewhere")
    sign_in(client, coordinator)

    for fmt in ("csv", "xlsx"):
        response = client.get(f"/admin/advisory/engagements/?export={fmt}")
        assert response.status_code == 200
    text = text_of(client.get("/admin/advisory/engagements/?export=csv"))
    assert "'=cmd" in text and "Synthetic elsewhere" not in text
    assert ModelLogEntry.objects.filter(action="advisory.export").count() == 3


# --- Visits and their meetings ------------------------------------------------------------------------------


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def visit_data(engagement, city, meetings=(), initial=0, **values):
    return {
        "engagement": engagement.pk,
        "status": "planned",
        "title_en": "Synthetic planned visit",
        "title_ar": "زيارة تجريبية",
        "slug": "",
        "time_zone": "Europe/Belgrade",
        "starts_on": "2027-09-17",
        "ends_on": "2027-09-20",
        "places": "Synthetic Čair",
        "countries": ["XK"],
        "municipalities": [city.pk],
        "public_summary_en": "Synthetic public summary of the visit.",
        **formset("meetings", list(meetings), initial),
        **values,
    }


def meeting_row(**values):
    return {"kind": "mayor", "held_on": "", "sort_order": "0", "counterpart": "", "public_summary_en": "", **values}


def test_a_coordinator_plans_a_visit_with_two_meetings_in_one_form(client, engagement, city, coordinator):
    topic = TopicFactory(name_en="Synthetic referral")
    organisation = OrganisationFactory(name_en="Synthetic NGO")
    sign_in(client, coordinator)
    assert client.get("/admin/advisory/visits/new/").status_code == 200
    meetings = [
        meeting_row(
            counterpart="Synthetic mayor",
            municipality=city.pk,
            held_on="2027-09-17",
            notes=NOTES,
            public_summary_en="Synthetic summary of the mayor's meeting.",
            is_public="on",
            topics=[topic.pk],
        ),
        meeting_row(kind="civil_society", organisation=organisation.pk, country="XK", sort_order="1"),
    ]

    response = client.post("/admin/advisory/visits/new/", visit_data(engagement, city, meetings))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    visit = Visit.objects.get(title_en="Synthetic planned visit")
    assert visit.slug and visit.countries == ["XK"] and list(visit.municipalities.all()) == [city]
    mayor, ngo = visit.meetings.order_by("sort_order")
    assert (mayor.counterpart, mayor.notes, list(mayor.topics.all())) == ("Synthetic mayor", NOTES, [topic])
    assert (ngo.organisation, ngo.country, ngo.is_public) == (organisation, "XK", False)
    edit = client.get(f"/admin/advisory/visits/edit/{visit.pk}/")
    assert edit.status_code == 200 and NOTES in edit.text


def test_a_refused_meeting_saves_nothing_of_the_visit(client, engagement, city, coordinator):
    sign_in(client, coordinator)
    meetings = [meeting_row(counterpart="Synthetic mayor", held_on="2027-10-30")]  # not a day of the visit

    response = client.post("/admin/advisory/visits/new/", visit_data(engagement, city, meetings))

    assert response.status_code == 200
    assert "Meeting 1" in response.text and "one of the visit" in response.text
    assert not Visit.objects.exists() and not Meeting.objects.exists()


def test_editing_a_visit_changes_one_meeting_and_deletes_another(client, engagement, city, visit, coordinator):
    kept = advisory.MeetingFactory(visit=visit, counterpart="Synthetic kept")
    gone = advisory.MeetingFactory(visit=visit, counterpart="Synthetic gone")
    sign_in(client, coordinator)
    rows = [
        meeting_row(id=kept.pk, kind="donors", counterpart="Synthetic kept, renamed", sort_order="0"),
        meeting_row(id=gone.pk, counterpart="Synthetic gone", DELETE="1"),
    ]
    data = visit_data(
        engagement,
        city,
        rows,
        initial=2,
        status="held",
        slug=visit.slug,
        starts_on=visit.starts_on.isoformat(),
        ends_on=visit.ends_on.isoformat(),
        based_on_version=visit.version,
    )

    response = client.post(f"/admin/advisory/visits/edit/{visit.pk}/", data)

    assert response.status_code == 302
    assert list(visit.meetings.values_list("counterpart", "kind")) == [("Synthetic kept, renamed", "donors")]


def test_a_stale_visit_form_saves_neither_the_visit_nor_its_meetings(
    client, engagement, city, visit, meeting, coordinator
):
    sign_in(client, coordinator)
    stale = visit.version
    Visit.objects.filter(pk=visit.pk).update(version=stale + 1)
    rows = [meeting_row(id=meeting.pk, counterpart="Synthetic lost update")]
    data = visit_data(
        engagement,
        city,
        rows,
        initial=1,
        status="held",
        slug=visit.slug,
        title_en="Synthetic lost title",
        starts_on=visit.starts_on.isoformat(),
        ends_on=visit.ends_on.isoformat(),
        based_on_version=stale,
    )

    response = client.post(f"/admin/advisory/visits/edit/{visit.pk}/", data)

    assert response.status_code == 200
    assert "changed" in response.text.lower()
    visit.refresh_from_db()
    meeting.refresh_from_db()
    assert visit.title_en == "Synthetic consultation" and meeting.counterpart != "Synthetic lost update"


def test_publishing_and_unpublishing_from_the_visits_page(client, visit, meeting, coordinator):
    sign_in(client, coordinator)
    page = reverse("advisory_visits:visit", args=[visit.pk])
    assert 'data-state="unpublished"' in client.get(page).text

    response = client.post(reverse("advisory_visits:publish", args=[visit.pk]))

    assert response.status_code == 302 and response["Location"] == page
    visit.refresh_from_db()
    assert visit.is_published and visit.published_by == coordinator
    shown = client.get(page)
    assert 'data-state="published"' in shown.text and "published on the hub" in shown.text
    assert ("public-link" in shown.text) or ("not available yet" in shown.text)
    client.post(reverse("advisory_visits:unpublish", args=[visit.pk]))
    visit.refresh_from_db()
    assert not visit.is_published


def test_a_planned_visit_cannot_be_published_and_says_why(client, engagement, coordinator):
    planned = advisory.VisitFactory(engagement=engagement, status=VisitStatus.PLANNED)
    sign_in(client, coordinator)

    response = client.post(reverse("advisory_visits:publish", args=[planned.pk]), follow=True)

    assert "Only a visit that was held can be published." in response.text
    planned.refresh_from_db()
    assert not planned.is_published


def test_the_visit_page_shows_notes_to_the_regions_staff(client, visit, meeting, coordinator):
    sign_in(client, coordinator)
    text = client.get(reverse("advisory_visits:visit", args=[visit.pk])).text
    assert NOTES in text and "Synthetic public summary of the meeting." in text


def test_the_meetings_export_has_notes_for_staff_and_neutralises_formulas(client, visit, coordinator):
    advisory.MeetingFactory(visit=visit, counterpart="=cmd|' /C calc'!A0", notes="=HYPERLINK(1)")
    sign_in(client, coordinator)

    csv = client.get(reverse("advisory_visits:meetings-export", args=[visit.pk, "csv"]))
    xlsx = client.get(reverse("advisory_visits:meetings-export", args=[visit.pk, "xlsx"]))

    text = csv.content.decode("utf-8")
    assert "'=cmd" in text and "'=HYPERLINK(1)" in text and "Confidential notes" in text
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(reverse("advisory_visits:meetings-export", args=[visit.pk, "pdf"])).status_code == 404
    assert ModelLogEntry.objects.filter(action="advisory.export").count() == 2


def test_the_meetings_table_leaves_notes_out_for_anyone_who_may_not_see_them(visit, meeting, city):
    from citynet.advisory.staff.visits import meeting_table

    headings, rows = meeting_table(visit, focal_point(city))
    assert "Confidential notes" not in headings
    assert all(NOTES not in [str(cell) for cell in row] for row in rows)


# --- The stakeholder map --------------------------------------------------------------------------------------


def test_a_coordinator_adds_a_project_and_a_stale_form_saves_nothing(client, city, coordinator):
    organisation = OrganisationFactory(name_en="Synthetic funder")
    topic = TopicFactory(name_en="Synthetic topic")
    sign_in(client, coordinator)
    data = {
        "organisation": organisation.pk,
        "status": "current",
        "title": "Synthetic youth project",
        "municipality": city.pk,
        "topics": [topic.pk],
        "date_precision": "year",
        "starts_on": "2026-01-01",
    }

    assert client.post("/admin/advisory/projects/new/", data).status_code == 302
    project = Project.objects.get(title="Synthetic youth project")
    assert project.country == city.country and list(project.topics.all()) == [topic]
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    stale = client.post(
        f"/admin/advisory/projects/edit/{project.pk}/",
        {**data, "title": "Synthetic lost update", "based_on_version": project.version},
    )
    assert stale.status_code == 200 and "changed" in stale.text.lower()
    assert Project.objects.get(pk=project.pk).title == "Synthetic youth project"


def test_the_map_shows_the_table_the_picture_and_the_gaps(client, city, project, coordinator):
    TopicFactory(name_en="Synthetic nobody's topic")
    sign_in(client, coordinator)

    text = client.get(reverse("advisory_stakeholders:municipality", args=[city.pk])).text

    assert "Synthetic institute" in text and project.title in text
    assert "<svg" in text and "Synthetic youth work" in text
    gaps = text.split("gaps-heading", 1)[1]
    assert "Synthetic nobody" in gaps and "Synthetic youth work" not in gaps
    index = client.get(reverse("advisory_stakeholders:index")).text
    assert reverse("advisory_stakeholders:municipality", args=[city.pk]) in index
    assert reverse("advisory_stakeholders:country", args=[city.country_id]) in index


def test_the_picture_reads_right_to_left_in_arabic(city, project, coordinator):
    stakeholder_map = municipality_map(coordinator, city.pk)
    ltr, rtl = picture(stakeholder_map), picture(stakeholder_map, rtl=True)
    assert ltr["organisations"][0]["x"] < ltr["topics"][0]["x"]
    assert rtl["organisations"][0]["x"] > rtl["topics"][0]["x"]
    assert rtl["organisations"][0]["anchor"] == "start" and ltr["organisations"][0]["anchor"] == "end"


def test_the_map_export_neutralises_formulas(client, city, coordinator):
    advisory.ProjectFactory(
        organisation=OrganisationFactory(name_en="=cmd|' /C calc'!A0"), municipality=city, country=city.country
    )
    sign_in(client, coordinator)

    response = client.get(reverse("advisory_stakeholders:municipality-export", args=[city.pk, "csv"]))

    assert "'=cmd" in response.content.decode("utf-8")
    country = client.get(reverse("advisory_stakeholders:country-export", args=[city.country_id, "xlsx"]))
    assert country.status_code == 200


# --- Query budgets ---------------------------------------------------------------------------------------------


BUDGETED = {
    "engagements": lambda e, v, c: "/admin/advisory/engagements/",
    "visits": lambda e, v, c: "/admin/advisory/visits/",
    "projects": lambda e, v, c: "/admin/advisory/projects/",
    "engagement page": lambda e, v, c: reverse("advisory_visits:engagement", args=[e.pk]),
    "visit page": lambda e, v, c: reverse("advisory_visits:visit", args=[v.pk]),
    "maps": lambda e, v, c: reverse("advisory_stakeholders:index"),
    "municipality map": lambda e, v, c: reverse("advisory_stakeholders:municipality", args=[c.pk]),
    "country map": lambda e, v, c: reverse("advisory_stakeholders:country", args=[c.country_id]),
}


@pytest.mark.parametrize("name", list(BUDGETED))
def test_each_list_and_page_keeps_a_fixed_number_of_queries(
    client, name, region, country, city, engagement, visit, coordinator
):
    sign_in(client, coordinator)
    topic = TopicFactory()
    organisation = OrganisationFactory()

    def grow(n):
        for _index in range(n):
            advisory.EngagementFactory(region=region, municipalities=[city, MunicipalityFactory(country=country)])
            extra = advisory.VisitFactory(engagement=engagement)
            extra.municipalities.set([city])
            extra.save()
            advisory.MeetingFactory(visit=visit, organisation=OrganisationFactory()).topics.set([topic])
            project = advisory.ProjectFactory(organisation=organisation, municipality=city, country=country)
            project.topics.set([topic, TopicFactory()])

    url = BUDGETED[name](engagement, visit, city)
    count = assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(3, 15))
    assert count <= 40


def test_the_municipality_map_keeps_its_budget_with_assert_queries_do_not_grow(client, city, country, coordinator):
    sign_in(client, coordinator)
    topic = TopicFactory()

    def grow(n):
        for _index in range(n):
            project = advisory.ProjectFactory(organisation=OrganisationFactory(), municipality=city, country=country)
            project.topics.set([topic, TopicFactory()])

    url = reverse("advisory_stakeholders:municipality", args=[city.pk])
    assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(3, 40))


def test_the_dates_of_a_visit_are_its_local_days(client, engagement, city, coordinator):
    sign_in(client, coordinator)
    day = datetime.date(2027, 9, 17)
    client.post(
        "/admin/advisory/visits/new/",
        visit_data(engagement, city, time_zone="Asia/Beirut", starts_on=day.isoformat(), ends_on=day.isoformat()),
    )
    visit = Visit.objects.get()
    assert (visit.starts_on, visit.time_zone) == (day, "Asia/Beirut")
