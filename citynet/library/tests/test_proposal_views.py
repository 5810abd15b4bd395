"""A city's focal point and their case studies on the public site: the list of what they proposed with
each one's status, the form to propose one about their city, to change it while it is theirs and to
submit it. Only the city's focal point proposes about it; only the proposer opens their proposal; anyone
else gets a 404, the anonymous the sign-in page. Bad input comes back at the form, never a 500."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in
from citynet.library.models import Resource, ResourceStatus
from citynet.library.services import proposals as services
from citynet.library.tests import factories as library
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    PositionFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

READY = {
    "title_en": "Synthetic case study: a youth council",
    "context_en": "Synthetic context.",
    "approach_en": "Synthetic approach.",
    "results_en": "Synthetic results.",
}


def url(name, *args, language="en"):
    with override(language):
        return reverse(f"library:{name}", args=args)


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-here")


@pytest.fixture
def city(region):
    return MunicipalityFactory(
        country=CountryFactory(code="XK", region=region), name_en="Synthetic city", slug="synthetic-city"
    )


@pytest.fixture
def focal_point(city):
    return people.focal_point(city)


@pytest.fixture
def draft(focal_point, city):
    return services.propose_case_study(actor=focal_point, municipality=city, values=dict(READY))


def signed_in(client, user):
    sign_in(client, user)
    return client


def form_data(resource=None, **values):
    data = dict(values)
    if resource is not None:
        data["version"] = str(Resource.objects.get(pk=resource.pk).version)
    return data


# --- Who may open what -------------------------------------------------------------------------------------


def test_the_anonymous_are_sent_to_sign_in_from_every_page(client, city, draft):
    for address in (url("proposals"), url("proposal-new", city.slug), url("proposal", draft.pk)):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_focal_point_sees_their_list_and_a_button_for_their_city_when_signed_in(client, city, focal_point, draft):
    html = signed_in(client, focal_point).get(url("proposals")).content.decode()
    assert "Synthetic case study: a youth council" in html
    assert url("proposal-new", city.slug) in html
    assert "Draft" in html


@pytest.mark.parametrize("role", ["user", "member", "coordinator", "secretariat"])
def test_the_list_is_a_404_when_the_person_proposes_nothing(client, city, region, role):
    from citynet.core.testing import staff

    builders = {
        "user": people.UserFactory,
        "member": lambda: people.member(city),
        "coordinator": lambda: staff("regional_coordinator", region),
        "secretariat": lambda: staff("secretariat"),
    }
    assert signed_in(client, builders[role]()).get(url("proposals")).status_code == 404


def test_another_citys_focal_point_member_and_staff_cannot_propose_about_the_city(client, city, region):
    from citynet.core.testing import staff

    for person in (
        people.focal_point(MunicipalityFactory()),
        people.member(city),
        staff("regional_coordinator", region),
        staff("secretariat"),
    ):
        client.logout()
        signed_in(client, person)
        assert client.get(url("proposal-new", city.slug)).status_code == 404
        assert client.post(url("proposal-new", city.slug), READY).status_code == 404
    assert not Resource.objects.exists()


def test_a_proposal_is_a_404_for_anyone_but_its_proposer(client, city, region, draft):
    from citynet.core.testing import staff

    for person in (people.focal_point(city), people.member(city), staff("regional_coordinator", region)):
        client.logout()
        signed_in(client, person)
        assert client.get(url("proposal", draft.pk)).status_code == 404
        assert client.post(url("proposal", draft.pk), form_data(draft, title_en="Hijacked")).status_code == 404
    draft.refresh_from_db()
    assert draft.title_en == READY["title_en"]


def test_an_unknown_city_or_proposal_is_a_404(client, focal_point):
    signed_in(client, focal_point)
    assert client.get(url("proposal-new", "no-such-city")).status_code == 404
    assert client.get(url("proposal", 999999)).status_code == 404


# --- Proposing, changing, submitting ----------------------------------------------------------------------


def test_a_focal_point_proposes_a_draft_with_topics_and_a_contact(client, city, focal_point):
    topic = TopicFactory()
    work_stream = library.WorkStreamFactory()
    contact = PositionFactory(municipality=city, is_public=True)
    data = {**READY, "summary_en": "Synthetic summary.", "topics": [topic.pk], "work_streams": [work_stream.pk]}
    data["contact"] = contact.pk
    response = signed_in(client, focal_point).post(url("proposal-new", city.slug), data)

    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal", resource.pk)
    assert (resource.status, resource.proposed_by, resource.summary_en) == (
        ResourceStatus.DRAFT,
        focal_point,
        "Synthetic summary.",
    )
    assert list(resource.topics.all()) == [topic] and list(resource.work_streams.all()) == [work_stream]
    assert resource.case_study.contact == contact and resource.case_study.results_en == "Synthetic results."


def test_a_proposal_in_arabic_only_is_saved_from_the_arabic_page(client, city, focal_point):
    data = {"title_ar": "دراسة حالة تجريبية", "context_ar": "سياق تجريبي."}
    response = signed_in(client, focal_point).post(url("proposal-new", city.slug, language="ar"), data)
    resource = Resource.objects.get()
    assert response.status_code == 302 and resource.title_ar == "دراسة حالة تجريبية"
    page = client.get(url("proposal", resource.pk, language="ar")).content.decode()
    assert 'dir="rtl"' in page and "دراسة حالة تجريبية" in page


def test_a_proposal_without_a_title_comes_back_with_the_message_at_the_title(client, city, focal_point):
    response = signed_in(client, focal_point).post(url("proposal-new", city.slug), {"context_en": "Only context."})
    assert response.status_code == 422
    assert "Give the case study a title." in response.content.decode()
    assert 'value="Only context."' in response.content.decode() or "Only context." in response.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"topics": ["999999"]},
        {"topics": ["not-a-number"]},
        {"work_streams": ["<script>"]},
        {"contact": "999999"},
        {"title_en": "x" * 301},
    ],
)
def test_bad_input_is_refused_at_the_form_never_a_500(client, city, focal_point, bad):
    response = signed_in(client, focal_point).post(url("proposal-new", city.slug), {**READY, **bad})
    assert response.status_code == 422
    assert 'class="error"' in response.content.decode()
    assert not Resource.objects.exists()


def test_a_contact_of_another_city_is_refused(client, city, focal_point):
    elsewhere = PositionFactory(municipality=MunicipalityFactory(), is_public=True)
    response = signed_in(client, focal_point).post(url("proposal-new", city.slug), {**READY, "contact": elsewhere.pk})
    assert response.status_code == 422 and not Resource.objects.exists()


def test_the_proposer_changes_their_draft_and_a_stale_version_keeps_what_they_typed(client, focal_point, draft):
    signed_in(client, focal_point)
    response = client.post(url("proposal", draft.pk), form_data(draft, **READY, lessons_en="Synthetic lessons."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.case_study.lessons_en == "Synthetic lessons."

    stale = {**READY, "title_en": "Typed in an old tab", "version": "1"}
    response = client.post(url("proposal", draft.pk), stale)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Someone else changed this record" in html and "Typed in an old tab" in html
    draft.refresh_from_db()
    assert draft.title_en == READY["title_en"]
    # The form now carries the saved version: saving again applies the text, deliberately.
    assert f'name="version" value="{draft.version}"' in html


def test_a_version_that_is_no_number_is_refused_at_the_form(client, focal_point, draft):
    response = signed_in(client, focal_point).post(url("proposal", draft.pk), {**READY, "version": "abc"})
    assert response.status_code == 422 and not response.context["form"].is_valid()


def test_submitting_an_incomplete_proposal_saves_it_and_says_what_is_missing(client, city, focal_point):
    signed_in(client, focal_point)
    response = client.post(url("proposal-new", city.slug), {"title_en": "Synthetic title only", "submit": "1"})
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal", resource.pk)
    assert resource.status == ResourceStatus.DRAFT
    html = client.get(url("proposal", resource.pk)).content.decode()
    assert "Describe the context" in html and "Describe the results" in html

    response = client.post(url("proposal", resource.pk), form_data(resource, title_en="Synthetic title", submit="1"))
    assert response.status_code == 422
    assert "Describe the approach: what the city did." in response.content.decode()
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.DRAFT and resource.title_en == "Synthetic title"


def test_the_proposer_submits_a_ready_proposal_and_it_waits_for_review(client, focal_point, draft):
    signed_in(client, focal_point)
    response = client.post(url("proposal", draft.pk), form_data(draft, **READY, submit="1"))
    assert response.status_code == 302 and response["Location"] == url("proposals")
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.PROPOSED

    page = client.get(url("proposal", draft.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert "waits for the staff" in page.content.decode()
    # A change once it is with the staff is refused with a message, and nothing changes.
    response = client.post(url("proposal", draft.pk), form_data(draft, title_en="Changed while proposed"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == READY["title_en"]
    assert "no longer yours to change" in client.get(url("proposal", draft.pk)).content.decode()


def test_a_returned_proposal_shows_the_staffs_note_and_can_be_submitted_again(client, region, focal_point, draft):
    coordinator = people.coordinator(region)
    services.submit_proposal(actor=focal_point, resource=draft)
    services.return_proposal(actor=coordinator, resource=draft, note="Synthetic note: add figures.")
    signed_in(client, focal_point)

    assert "Synthetic note: add figures." in client.get(url("proposals")).content.decode()
    page = client.get(url("proposal", draft.pk))
    assert "Synthetic note: add figures." in page.content.decode() and page.context["form"] is not None
    response = client.post(
        url("proposal", draft.pk), form_data(draft, **{**READY, "results_en": "Figures.", "submit": "1"})
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.PROPOSED


def test_a_published_proposal_links_to_the_library(client, region, focal_point, draft):
    services.submit_proposal(actor=focal_point, resource=draft)
    services.publish_proposal(actor=people.coordinator(region), resource=draft)
    html = signed_in(client, focal_point).get(url("proposal", draft.pk)).content.decode()
    assert url("resource", draft.slug) in html and "<form" not in html.split("<main")[1].split("</main>")[0]


# --- The city's profile links them ---------------------------------------------------------------------------


def test_the_citys_profile_links_its_focal_point_to_propose_and_nobody_else(client, city, focal_point):
    profile = reverse("hub:municipality-detail", args=[city.slug])
    assert url("proposal-new", city.slug) not in client.get(profile).content.decode()
    signed_in(client, people.focal_point(MunicipalityFactory()))
    assert url("proposal-new", city.slug) not in client.get(profile).content.decode()
    client.logout()
    signed_in(client, focal_point)
    assert url("proposal-new", city.slug) in client.get(profile).content.decode()


# --- Query budgets ----------------------------------------------------------------------------------------------


def test_the_list_and_the_form_are_read_in_a_bounded_number_of_queries(
    client, city, focal_point, draft, django_assert_max_num_queries
):
    signed_in(client, focal_point)
    TopicFactory.create_batch(5)
    library.WorkStreamFactory.create_batch(3)

    def grow(n):
        for _ in range(n):
            services.propose_case_study(actor=focal_point, municipality=city, values={"title_en": "Synthetic"})

    # The list with 1 proposal and with 10: as many queries, and few.
    assert_queries_do_not_grow(lambda: client.get(url("proposals")), grow, sizes=(1, 10))
    with django_assert_max_num_queries(10):
        assert client.get(url("proposals")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url("proposal", draft.pk)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("proposal-new", city.slug)).status_code == 200


def test_an_arabic_only_proposal_is_named_in_the_english_review_queue(client, city, region, focal_point):
    from citynet.core.testing import staff

    resource = services.propose_case_study(
        actor=focal_point,
        municipality=city,
        values={"title_ar": "دراسة حالة تجريبية", "context_ar": "سياق.", "approach_ar": "نهج.", "results_ar": "نتائج."},
    )
    services.submit_proposal(actor=focal_point, resource=resource)
    signed_in(client, staff("regional_coordinator", region))
    html = client.get("/admin/library/review/").content.decode()
    assert "دراسة حالة تجريبية" in html
