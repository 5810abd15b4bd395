"""The registry in the Wagtail admin: who gets in, what each role sees, forms, exports and history."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from citynet.accounts import services as account_services
from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.actors import SYSTEM
from citynet.network import admin_views
from citynet.network.models import Membership, MembershipStatus, Municipality, Organisation, Person, ReportedFigure
from citynet.network.selectors import matching
from citynet.network.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    PositionFactory,
    RegionFactory,
)

OK, DENIED, MISSING, LOGIN = "ok", "denied", "missing", "login"


@pytest.fixture(autouse=True)
def _second_factor_is_tested_elsewhere(settings):
    """citynet/accounts/tests/test_middleware.py covers the second factor, sign-in included."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("RequireSecondFactorMiddleware")]


def staff(role, region=None):
    """An account holding a staff role the way the secretariat gives it (groups and all)."""
    user = people.UserFactory()
    account_services.assign_role(actor=SYSTEM, user=user, role=role, region=region)
    return user


def visit(client, url: str):
    # A 404 under /admin/ is a 404, not a redirect to a language prefix (citynet.core.middleware).
    return client.get(url)


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return MISSING
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 302:
        return DENIED
    return str(response.status_code)


class World:
    """Two regions, each with one record of every kind."""

    def __init__(self):
        self.region = RegionFactory()
        self.other_region = RegionFactory()
        self.country = CountryFactory(code="AL", region=self.region)
        self.other_country = CountryFactory(code="RS", region=self.other_region)
        self.municipality = MunicipalityFactory(name_en="Synthetic Alpha", country=self.country)
        self.other_municipality = MunicipalityFactory(name_en="Synthetic Omega", country=self.other_country)
        self.membership = MembershipFactory(municipality=self.municipality)
        self.other_membership = MembershipFactory(municipality=self.other_municipality)
        self.organisation = OrganisationFactory()
        self.partnership = PartnershipFactory(organisation=self.organisation, region=self.region)
        self.position = PositionFactory(municipality=self.municipality)
        self.person = self.position.person
        self.other_position = PositionFactory(municipality=self.other_municipality)
        self.figure = ReportedFigure.objects.create(
            region=self.region, measure="members", value=40, source_en="Synthetic source", as_of="2024-01-01"
        )

    def edit_targets(self):
        return {
            "region": self.region,
            "country": self.country,
            "municipality": self.municipality,
            "membership": self.membership,
            "organisation": self.organisation,
            "partnership": self.partnership,
            "person": self.person,
            "position": self.position,
            "reportedfigure": self.figure,
        }


@pytest.fixture
def world(db):
    return World()


# What a coordinator may open: their region's countries, cities, memberships, partnerships, people,
# positions and figures. Regions and organisations are the secretariat's.
COORDINATOR_MODELS = {"country", "municipality", "membership", "partnership", "person", "position", "reportedfigure"}
ALL_MODELS = [*COORDINATOR_MODELS, "region", "organisation"]


# Who may open which admin URL is in the URL × role matrix: citynet/network/tests/url_matrix.py.


def test_coordinator_gets_404_when_opening_another_regions_municipality(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.other_region))

    for url in (
        f"/admin/municipality/edit/{world.municipality.pk}/",
        f"/admin/municipality/history/{world.municipality.pk}/",
        f"/admin/municipality/delete/{world.municipality.pk}/",
    ):
        assert visit(client, url).status_code == 404, url


def test_coordinator_lists_only_their_region_when_listing_municipalities(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.get("/admin/municipality/")

    assert "Synthetic Alpha" in response.text
    assert "Synthetic Omega" not in response.text


def test_coordinator_reads_the_history_when_the_record_is_in_their_region(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    assert client.get(f"/admin/municipality/history/{world.municipality.pk}/").status_code == 200
    assert client.get(f"/admin/person/history/{world.person.pk}/").status_code == 200


def test_coordinator_cannot_edit_when_record_belongs_to_another_region_even_by_post(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    url = f"/admin/membership/edit/{world.other_membership.pk}/"
    response = client.post(url, {"status": "left"})

    assert response.status_code == 404
    world.other_membership.refresh_from_db()
    assert world.other_membership.status == MembershipStatus.MEMBER


def test_coordinator_cannot_delete_when_the_role_only_edits(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.post(f"/admin/municipality/delete/{world.municipality.pk}/")

    assert outcome(response) == DENIED
    assert Municipality.objects.filter(pk=world.municipality.pk).exists()


def test_form_offers_only_their_regions_countries_when_a_coordinator_adds_a_municipality(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.get("/admin/municipality/new/")
    choices = response.context["form"].fields["country"].queryset

    assert list(choices) == [world.country]


def test_position_form_offers_only_people_of_their_region_when_a_coordinator_adds_one(client, world):
    unplaced = PersonFactory(email="private@example.test")
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    choices = set(client.get("/admin/position/new/").context["form"].fields["person"].queryset)

    # A person who serves nowhere in the region is not theirs to attach (and then read).
    assert choices == {world.person}
    assert unplaced not in choices


def test_coordinator_cannot_attach_a_person_who_serves_nowhere_by_posting_their_id(client, world):
    unplaced = PersonFactory(email="private@example.test")
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.post(
        "/admin/position/new/",
        {"person": unplaced.pk, "role": "mayor", "municipality": world.municipality.pk, "started_precision": "year"},
    )

    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not unplaced.positions.exists()
    assert visit(client, f"/admin/person/edit/{unplaced.pk}/").status_code == 404


def test_coordinator_adds_a_person_with_their_first_position_in_the_region(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.post(
        "/admin/person/new/",
        {"name_en": "Synthetic Newcomer", "serves_at": world.municipality.pk, "role": "practitioner"},
    )

    assert response.status_code == 302
    newcomer = Person.objects.get(name_en="Synthetic Newcomer")
    assert newcomer.positions.get().municipality == world.municipality
    assert visit(client, f"/admin/person/edit/{newcomer.pk}/").status_code == 200


def test_coordinator_cannot_add_a_person_who_serves_nowhere(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.post("/admin/person/new/", {"name_en": "Synthetic Drifter"})

    assert response.status_code == 200
    assert "serves_at" in response.context["form"].errors
    assert not Person.objects.filter(name_en="Synthetic Drifter").exists()


def test_coordinator_cannot_create_a_municipality_when_the_country_is_in_another_region(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.post(
        "/admin/municipality/new/", {**municipality_data(name_en="Synthetic Sneaky"), "country": world.other_country.pk}
    )

    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not Municipality.objects.filter(name_en="Synthetic Sneaky").exists()


# --- Forms -------------------------------------------------------------------------------------------


def municipality_data(**values) -> dict:
    data = {
        "name_en": "",
        "slug": "",
        "latitude": "",
        "longitude": "",
        "population": "",
        "population_year": "",
        "geonames_id": "",
        "website": "",
        "alternate_names-TOTAL_FORMS": "0",
        "alternate_names-INITIAL_FORMS": "0",
        "alternate_names-MIN_NUM_FORMS": "0",
        "alternate_names-MAX_NUM_FORMS": "1000",
        "based_on_version": "1",  # the version the editor opened (a new record's is 1); creating ignores it
    }
    data.update(values)
    return data


@pytest.fixture
def secretariat_client(client, db):
    client.force_login(staff(Role.SECRETARIAT))
    return client


def test_form_refuses_a_membership_when_it_starts_in_the_future(secretariat_client, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = secretariat_client.post(
        "/admin/membership/new/",
        {
            "municipality": world.municipality.pk,
            "status": "member",
            "started_on": tomorrow.isoformat(),
            "started_precision": "day",
            "ended_precision": "day",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["started_on"] == ["A membership cannot start in the future."]
    assert Membership.objects.count() == 2


def test_form_refuses_a_membership_when_it_ends_before_it_starts(secretariat_client, world):
    response = secretariat_client.post(
        f"/admin/membership/edit/{world.membership.pk}/",
        {
            "municipality": world.municipality.pk,
            "status": "member",
            "started_on": "2020-01-01",
            "started_precision": "day",
            "ended_on": "2019-06-01",
            "ended_precision": "day",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"ended_on": ["A membership cannot end before it starts."]}
    world.membership.refresh_from_db()
    assert world.membership.ended_on is None


def test_form_refuses_a_municipality_when_its_country_already_has_that_name(secretariat_client, world):
    response = secretariat_client.post(
        "/admin/municipality/new/", municipality_data(name_en="synthetic alpha", country=world.country.pk)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["name_en"]
    assert "already has a municipality called" in errors["name_en"][0]
    assert Municipality.objects.filter(country=world.country).count() == 1


def test_form_accepts_a_municipality_when_the_same_name_is_in_another_country(secretariat_client, world):
    response = secretariat_client.post(
        "/admin/municipality/new/", municipality_data(name_en="Synthetic Omega", country=world.country.pk)
    )

    assert response.status_code == 302
    created = Municipality.objects.get(country=world.country, name_en="Synthetic Omega")
    assert created.slug == "synthetic-omega"


def test_form_refuses_an_organisation_when_founded_in_the_future(secretariat_client, world):
    response = secretariat_client.post(
        f"/admin/organisation/edit/{world.organisation.pk}/",
        {
            "name_en": world.organisation.name_en,
            "slug": world.organisation.slug,
            "kind": world.organisation.kind,
            "founded_year": timezone.localdate().year + 1,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"founded_year": ["An organisation cannot be founded in the future."]}
    world.organisation.refresh_from_db()
    assert world.organisation.founded_year is None


def test_form_refuses_a_position_when_it_is_held_nowhere(secretariat_client, world):
    response = secretariat_client.post(
        f"/admin/position/edit/{world.position.pk}/",
        {"person": world.person.pk, "role": "mayor", "started_precision": "year", "is_public": "on"},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["municipality"]


def test_form_labels_every_language_column_when_editing_a_municipality(secretariat_client, world):
    response = secretariat_client.get(f"/admin/municipality/edit/{world.municipality.pk}/")
    fields = response.context["form"].fields

    assert str(fields["name_ar"].label) == "Official name in Arabic"
    assert str(fields["name_sr_latn"].label) == "Official name in Serbian (Latin)"
    assert fields["name_ar"].widget.attrs["dir"] == "rtl"
    assert fields["name_en"].required
    assert 'lang="mk"' in response.text


def test_search_finds_a_new_spelling_when_a_municipality_was_renamed_in_the_admin(secretariat_client, world):
    response = secretariat_client.post(
        f"/admin/municipality/edit/{world.municipality.pk}/",
        municipality_data(
            name_en="Synthetic Alpha",
            name_sr="Синтетичка Алфа",
            slug=world.municipality.slug,
            country=world.country.pk,
            **{
                "alternate_names-TOTAL_FORMS": "1",
                "alternate_names-0-name": "Alfa e Sintetikë",
                "alternate_names-0-language": "sq",
            },
        ),
    )

    assert response.status_code == 302
    assert list(matching(Municipality.objects.all(), "Sinteticka Alfa")) == [world.municipality]
    assert list(matching(Municipality.objects.all(), "alfa e sintetike")) == [world.municipality]


# --- Audit --------------------------------------------------------------------------------------------


def test_edit_is_logged_with_before_and_after_when_staff_save_a_record(secretariat_client, world):
    secretariat_client.post(
        f"/admin/municipality/edit/{world.municipality.pk}/",
        municipality_data(
            name_en="Synthetic Alpha Renamed",
            slug=world.municipality.slug,
            country=world.country.pk,
            population="1234",
        ),
    )

    entries = ModelLogEntry.objects.filter(object_id=str(world.municipality.pk), action="wagtail.edit")
    assert entries.count() == 1
    data = entries.get().data
    assert data["before"]["name_en"] == "Synthetic Alpha"
    assert data["after"]["name_en"] == "Synthetic Alpha Renamed"
    assert data["changed"]["population"] == [None, 1234]


def test_history_shows_the_change_when_a_record_was_edited(secretariat_client, world):
    secretariat_client.post(
        f"/admin/municipality/edit/{world.municipality.pk}/",
        municipality_data(name_en="Synthetic Alpha Renamed", slug=world.municipality.slug, country=world.country.pk),
    )

    response = secretariat_client.get(f"/admin/municipality/history/{world.municipality.pk}/")

    assert response.status_code == 200
    assert "Official name in English" in response.text
    assert "<del>Synthetic Alpha</del>" in response.text
    assert "<ins>Synthetic Alpha Renamed</ins>" in response.text


def test_create_and_delete_are_logged_with_their_values_when_staff_write(secretariat_client, world):
    secretariat_client.post(
        "/admin/membership/new/",
        {
            "municipality": world.other_municipality.pk,
            "status": "left",
            "started_on": "2023-05-01",
            "started_precision": "month",
            "ended_precision": "day",
        },
    )
    created = Membership.objects.get(status="left")
    secretariat_client.post(f"/admin/membership/delete/{created.pk}/")

    entries = {e.action: e for e in ModelLogEntry.objects.filter(object_id=str(created.pk))}
    assert entries["wagtail.create"].data["after"]["status"] == "left"
    assert entries["wagtail.delete"].data["before"]["started_on"] == "2023-05-01"
    assert not Membership.objects.filter(pk=created.pk).exists()


# --- Exports and listings -----------------------------------------------------------------------------


def test_csv_export_lists_the_records_when_staff_export_municipalities(secretariat_client, world):
    response = secretariat_client.get("/admin/municipality/?export=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert response["Content-Disposition"] == 'attachment; filename="municipalities.csv"'
    assert lines[0].startswith("Slug,Official name in English,Official name in Arabic")
    assert len(lines) == 3
    assert any("Synthetic Alpha" in line for line in lines[1:])


def test_csv_export_holds_only_their_region_when_a_coordinator_exports(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.get("/admin/municipality/?export=csv")
    text = b"".join(response.streaming_content).decode()

    assert "Synthetic Alpha" in text
    assert "Synthetic Omega" not in text


def test_csv_export_defuses_formulas_when_a_name_starts_with_one(secretariat_client, world):
    OrganisationFactory(name_en="=HYPERLINK(1)")

    text = b"".join(secretariat_client.get("/admin/organisation/?export=csv").streaming_content).decode()

    assert "'=HYPERLINK(1)" in text


def test_xlsx_export_opens_as_a_workbook_when_staff_export_memberships(secretariat_client, world):
    response = secretariat_client.get("/admin/membership/?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    rows = list(workbook.active.values)
    assert len(rows) == 3
    assert "Country" in rows[0]


def test_person_export_leaves_out_contact_details_when_staff_export_people(secretariat_client, world):
    text = b"".join(secretariat_client.get("/admin/person/?export=csv").streaming_content).decode()

    assert world.person.name_en in text
    assert world.person.email not in text


@pytest.mark.parametrize("count", [1, 10])
def test_listing_runs_a_bounded_number_of_queries_when_rows_grow(
    secretariat_client, db, django_assert_max_num_queries, count
):
    for _ in range(count):
        PositionFactory()
    for model in ALL_MODELS:
        with django_assert_max_num_queries(16):
            assert secretariat_client.get(f"/admin/{model}/").status_code == 200


# --- Roles in the admin --------------------------------------------------------------------------------


def test_secretariat_gives_a_role_when_adding_an_assignment_in_the_admin(secretariat_client, world):
    newcomer = people.UserFactory()

    response = secretariat_client.post(
        "/admin/role_assignments/new/",
        {"user": newcomer.pk, "role": Role.REGIONAL_COORDINATOR, "region": world.region.pk},
    )

    assert response.status_code == 302
    assert newcomer.roles.get().region == world.region
    assert newcomer.groups.filter(name=account_services.COORDINATORS_GROUP).exists()


def test_role_form_explains_when_a_coordinator_has_no_region(secretariat_client, world):
    newcomer = people.UserFactory()

    response = secretariat_client.post(
        "/admin/role_assignments/new/", {"user": newcomer.pk, "role": Role.REGIONAL_COORDINATOR}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["region"] == ["A regional coordinator needs a region, and no municipality."]
    assert not newcomer.roles.exists()


def test_secretariat_revokes_a_role_when_deleting_an_assignment(secretariat_client, world):
    coordinator = staff(Role.REGIONAL_COORDINATOR, world.region)
    assignment = coordinator.roles.get()

    secretariat_client.post(f"/admin/role_assignments/delete/{assignment.pk}/")

    assert not coordinator.roles.exists()
    assert not coordinator.groups.exists()


def test_coordinator_cannot_open_role_assignments_when_not_secretariat(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    assert outcome(client.get("/admin/role_assignments/")) == DENIED
    assert outcome(client.get("/admin/role_assignments/new/")) == DENIED


def test_registry_menu_lists_only_what_a_coordinator_manages_when_they_open_the_admin(client, world):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, world.region))

    response = client.get("/admin/")

    # The sidebar menu is rendered from JSON.
    assert '"url": "/admin/municipality/"' in response.text
    assert '"url": "/admin/organisation/"' not in response.text
    assert '"url": "/admin/role_assignments/"' not in response.text


def test_policy_names_the_users_who_may_edit_when_asked_for_a_record(world):
    coordinator = staff(Role.REGIONAL_COORDINATOR, world.region)
    other = staff(Role.REGIONAL_COORDINATOR, world.other_region)
    secretariat = staff(Role.SECRETARIAT)
    policy = admin_views.POLICIES[Municipality]

    users = set(policy.users_with_any_permission_for_instance(["change"], world.municipality))

    assert coordinator in users and secretariat in users and other not in users
    assert set(admin_views.POLICIES[Organisation].users_with_any_permission(["change"])) == {secretariat}


def test_delete_explains_instead_of_failing_when_other_records_depend_on_it(secretariat_client, world):
    response = secretariat_client.post(f"/admin/region/delete/{world.region.pk}/", follow=True)

    assert response.status_code == 200
    assert "cannot be deleted: 1 record still refers to it (Albania)" in response.text
    assert ModelLogEntry.objects.filter(object_id=str(world.region.pk), action="wagtail.delete").count() == 0
    world.region.refresh_from_db()


# --- One write path: the admin calls the services ---------------------------------------------------


def membership_data(municipality, status, started_on) -> dict:
    return {
        "municipality": municipality.pk,
        "status": status,
        "started_on": started_on,
        "started_precision": "day",
        "ended_precision": "day",
    }


def test_a_membership_added_in_the_admin_closes_the_open_period_and_the_timeline_stops_counting(
    secretariat_client, world
):
    from citynet.network.selectors import membership_timeline

    joined = world.membership  # a member, open-ended
    response = secretariat_client.post(
        "/admin/membership/new/", membership_data(world.municipality, MembershipStatus.LEFT, "2024-03-01")
    )

    assert response.status_code == 302
    joined.refresh_from_db()
    assert joined.ended_on == datetime.date(2024, 3, 1)
    this_year = membership_timeline(world.region)[-1]
    assert this_year["members"] == 0


def test_an_admin_create_and_a_service_call_leave_the_same_rows_and_audit_entry(secretariat_client, world):
    from citynet.network import services

    secretariat = staff(Role.SECRETARIAT)
    secretariat_client.post(
        "/admin/membership/new/", membership_data(world.municipality, MembershipStatus.LEFT, "2024-03-01")
    )
    services.record_membership(
        actor=secretariat,
        municipality=world.other_municipality,
        status=MembershipStatus.LEFT,
        started_on=datetime.date(2024, 3, 1),
    )

    by_admin, by_service = (
        Membership.objects.get(municipality=m, status=MembershipStatus.LEFT)
        for m in (world.municipality, world.other_municipality)
    )
    fields = ["status", "started_on", "started_precision", "ended_on", "source"]
    assert [getattr(by_admin, f) for f in fields] == [getattr(by_service, f) for f in fields]
    admin_entry, service_entry = (
        ModelLogEntry.objects.get(object_id=str(m.pk), action="wagtail.create") for m in (by_admin, by_service)
    )
    assert set(admin_entry.data["after"]) == set(service_entry.data["after"])
    closed = ModelLogEntry.objects.filter(action="wagtail.edit", content_type__model="membership")
    assert closed.count() == 2  # each closed the city's open period, and logged it


def test_a_stale_admin_form_is_refused_when_the_focal_point_saved_in_between(client, world):
    """The lost update: the coordinator's old form must not wipe the focal point's new profile text."""
    from citynet.network import services

    coordinator = staff(Role.REGIONAL_COORDINATOR, world.region)
    client.force_login(coordinator)
    opened = client.get(f"/admin/municipality/edit/{world.municipality.pk}/")
    version_seen = opened.context["form"]["based_on_version"].value()
    services.update_municipality_profile(
        actor=people.focal_point(world.municipality),
        municipality=world.municipality,
        profile={"en": "New text by the focal point"},
        website="",
        expected_version=version_seen,
    )

    response = client.post(
        f"/admin/municipality/edit/{world.municipality.pk}/",
        municipality_data(
            name_en="Synthetic Alpha",
            slug=world.municipality.slug,
            country=world.country.pk,
            population="999",
            based_on_version=str(version_seen),
        ),
    )

    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it" in response.text
    world.municipality.refresh_from_db()
    assert world.municipality.profile_en == "New text by the focal point"
    assert world.municipality.population != 999


def test_the_admin_shows_the_services_refusal_at_the_form_when_a_status_is_not_a_choice(secretariat_client, world):
    response = secretariat_client.post(
        "/admin/membership/new/", membership_data(world.municipality, "emperor", "2024-03-01")
    )

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Membership.objects.count() == 2


def test_csv_export_defuses_formulas_in_related_object_columns(secretariat_client, world):
    world.municipality.name_en = "=cmd|' /C calc'!A0"
    world.municipality.save()

    text = b"".join(secretariat_client.get("/admin/membership/?export=csv").streaming_content).decode()

    assert "'=cmd|' /C calc'!A0" in text
    assert "\n=cmd" not in text and ",=cmd" not in text


def test_xlsx_export_defuses_formulas_in_every_column(secretariat_client, world):
    world.municipality.name_en = "=HYPERLINK(1)"
    world.municipality.save()
    OrganisationFactory(name_en="+SUM(A1)", acronym="@x")

    for url in ("/admin/membership/?export=xlsx", "/admin/organisation/?export=xlsx"):
        workbook = load_workbook(io.BytesIO(b"".join(secretariat_client.get(url).streaming_content)))
        cells = [str(c) for row in workbook.active.values for c in row if c is not None]
        assert not [c for c in cells if c[:1] in "=+-@"], url
    assert "'+SUM(A1)" in cells and "'@x" in cells  # the organisation sheet, read last


def test_a_persons_contact_details_never_enter_the_audit_log(secretariat_client, world):
    secretariat_client.post(
        f"/admin/person/edit/{world.person.pk}/",
        {"name_en": world.person.name_en, "email": "very.private@example.test", "phone": "+381 11 555 0101"},
    )

    entry = ModelLogEntry.objects.get(object_id=str(world.person.pk), action="wagtail.edit")
    text = str(entry.data)
    assert "very.private@example.test" not in text and "555 0101" not in text
    assert entry.data["changed"]["email"] == ["[private]", "[private]"]
