"""A city's focal point proposes a case study about their city, changes it while it is theirs, submits it
when its title, context, approach and results are written; the region's staff (never the proposer) publish
it or return it with a note."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.library import permissions
from citynet.library.models import Access, CaseStudy, Resource, ResourceKind, ResourceStatus
from citynet.library.services import proposals as services
from citynet.library.services import resources
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db

READY = {
    "title_en": "Synthetic case study: a youth council",
    "context_en": "Synthetic context.",
    "approach_en": "Synthetic approach.",
    "results_en": "Synthetic results.",
}


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-here")


@pytest.fixture
def elsewhere():
    return RegionFactory(slug="synthetic-elsewhere")


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=CountryFactory(code="XK", region=region), name_en="Synthetic city")


@pytest.fixture
def focal_point(city):
    return people.focal_point(city)


@pytest.fixture
def coordinator(region):
    return people.coordinator(region)


@pytest.fixture
def draft(focal_point, city):
    return services.propose_case_study(actor=focal_point, municipality=city, values=dict(READY))


@pytest.fixture
def proposed(focal_point, draft):
    return services.submit_proposal(actor=focal_point, resource=draft)


def test_a_focal_point_proposes_a_public_case_study_about_their_city(focal_point, city):
    topic_free = {"title_en": "Synthetic case study", "context_en": "Synthetic context.", "summary_ar": "ملخص"}
    resource = services.propose_case_study(actor=focal_point, municipality=city, values=topic_free)

    resource.refresh_from_db()
    assert (resource.kind, resource.access, resource.status) == (
        ResourceKind.CASE_STUDY,
        Access.PUBLIC,
        ResourceStatus.DRAFT,
    )
    assert resource.proposed_by == focal_point and list(resource.municipalities.all()) == [city]
    assert resource.slug == "synthetic-case-study" and resource.summary_ar == "ملخص"
    assert resource.case_study.context_en == "Synthetic context."
    entries = ModelLogEntry.objects.filter(object_id=str(resource.pk))
    assert entries.count() == 1 and entries.get().data["after"]["case_study"]["context_en"] == "Synthetic context."
    assert permissions.can_view(focal_point, resource)
    assert not permissions.can_view(AnonymousUser(), resource)


def test_the_same_proposal_sent_twice_makes_one_draft_and_another_title_a_second(focal_point, city):
    first = services.propose_case_study(actor=focal_point, municipality=city, values=dict(READY))
    again = services.propose_case_study(actor=focal_point, municipality=city, values=dict(READY))
    assert again.pk == first.pk
    other = services.propose_case_study(actor=focal_point, municipality=city, values={**READY, "title_en": "Another"})
    assert other.pk != first.pk
    assert Resource.objects.filter(proposed_by=focal_point).count() == 2


@pytest.mark.parametrize("role", ["anonymous", "member", "other_focal_point", "coordinator", "secretariat"])
def test_only_the_citys_focal_point_proposes_about_it(role, city, region):
    actor = {
        "anonymous": lambda: AnonymousUser(),
        "member": lambda: people.member(city),
        "other_focal_point": lambda: people.focal_point(MunicipalityFactory(country=city.country)),
        "coordinator": lambda: people.coordinator(region),
        "secretariat": people.secretariat,
    }[role]()
    with pytest.raises(NotPermitted):
        services.propose_case_study(actor=actor, municipality=city, values=dict(READY))
    assert not Resource.objects.exists()


def test_a_proposal_needs_a_title_and_only_a_proposals_fields(focal_point, city):
    with pytest.raises(InvalidInput) as untitled:
        services.propose_case_study(actor=focal_point, municipality=city, values={"context_en": "Synthetic"})
    assert list(untitled.value.errors) == ["title_en"]
    with pytest.raises(InvalidInput):
        services.propose_case_study(actor=focal_point, municipality=city, values={**READY, "access": Access.STAFF})
    assert not Resource.objects.exists() and not CaseStudy.objects.exists()


def test_the_contact_is_a_public_position_of_the_proposers_city(focal_point, city):
    elsewhere_position = PositionFactory(municipality=MunicipalityFactory(country=city.country))
    with pytest.raises(InvalidInput) as refused:
        services.propose_case_study(
            actor=focal_point, municipality=city, values={**READY, "contact": elsewhere_position}
        )
    assert list(refused.value.errors) == ["contact"]

    own = PositionFactory(municipality=city)
    resource = services.propose_case_study(actor=focal_point, municipality=city, values={**READY, "contact": own})
    assert resource.case_study.contact == own


def test_the_proposer_changes_their_draft_with_the_optimistic_version(focal_point, city, draft):
    changed = services.update_proposal(
        actor=focal_point,
        resource=draft,
        values={"lessons_ar": "دروس اصطناعية", "title_en": "Synthetic better title"},
        expected_version=draft.version,
    )
    assert changed.version == draft.version + 1 and changed.title_en == "Synthetic better title"
    assert changed.case_study.lessons_ar == "دروس اصطناعية"

    with pytest.raises(Conflict):
        services.update_proposal(
            actor=focal_point, resource=draft, values={"lessons_en": "lost"}, expected_version=draft.version
        )
    with pytest.raises(NotPermitted):
        services.update_proposal(actor=people.focal_point(city), resource=draft, values={"lessons_en": "not theirs"})
    assert CaseStudy.objects.get().lessons_en in ("", None)


def test_submitting_asks_for_the_missing_sections_at_their_fields(focal_point, city):
    resource = services.propose_case_study(
        actor=focal_point, municipality=city, values={"title_en": "Synthetic", "context_en": "Synthetic context."}
    )
    with pytest.raises(InvalidInput) as incomplete:
        services.submit_proposal(actor=focal_point, resource=resource)
    assert set(incomplete.value.errors) == {"approach_en", "results_en"}
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.DRAFT


def test_the_sections_are_enough_in_one_language(focal_point, city):
    arabic = {"title_ar": "دراسة حالة اصطناعية", "context_ar": "سياق", "approach_ar": "نهج", "results_ar": "نتائج"}
    resource = services.propose_case_study(actor=focal_point, municipality=city, values=arabic)
    assert services.submit_proposal(actor=focal_point, resource=resource).status == ResourceStatus.PROPOSED


def test_sections_spread_over_languages_are_not_enough(focal_point, city):
    mixed = {"title_en": "Synthetic", "context_en": "Synthetic", "approach_ar": "نهج", "results_sq": "Rezultate"}
    resource = services.propose_case_study(actor=focal_point, municipality=city, values=mixed)
    with pytest.raises(InvalidInput) as incomplete:
        services.submit_proposal(actor=focal_point, resource=resource)
    assert len(incomplete.value.errors) == 2  # the two missing in the language most nearly complete


def test_submitting_twice_is_a_no_op_and_the_proposal_is_then_the_staffs(focal_point, coordinator, proposed):
    assert proposed.status == ResourceStatus.PROPOSED
    again = services.submit_proposal(actor=focal_point, resource=proposed)
    assert again.version == proposed.version
    with pytest.raises(NotPermitted):
        services.update_proposal(actor=focal_point, resource=proposed, values={"lessons_en": "late"})
    assert list(permissions.scope_review_queue(Resource.objects.all(), coordinator)) == [proposed]


def test_someone_else_cannot_submit_a_proposal(city, draft, coordinator):
    for actor in (people.focal_point(city), coordinator, AnonymousUser()):
        with pytest.raises(NotPermitted):
            services.submit_proposal(actor=actor, resource=draft)
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.DRAFT


def test_the_regions_staff_publish_a_proposal(coordinator, proposed):
    published = services.publish_proposal(actor=coordinator, resource=proposed)

    assert published.status == ResourceStatus.PUBLISHED and published.published_at is not None
    assert list(permissions.scope_public(Resource.objects.all())) == [published]
    again = services.publish_proposal(actor=coordinator, resource=proposed)
    assert again.version == published.version


def test_others_cannot_publish_or_return_a_proposal(city, elsewhere, focal_point, proposed):
    for actor in (focal_point, people.coordinator(elsewhere), people.member(city), AnonymousUser()):
        with pytest.raises(NotPermitted):
            services.publish_proposal(actor=actor, resource=proposed)
        with pytest.raises(NotPermitted):
            services.return_proposal(actor=actor, resource=proposed, note="Synthetic note")
    proposed.refresh_from_db()
    assert proposed.status == ResourceStatus.PROPOSED


def test_a_proposer_who_is_also_staff_never_reviews_their_own_proposal(city, region):
    both = people.focal_point(city)
    people.RoleFactory(user=both, role=Role.REGIONAL_COORDINATOR, region=region)
    resource = services.propose_case_study(actor=both, municipality=city, values=dict(READY))
    services.submit_proposal(actor=both, resource=resource)

    with pytest.raises(NotPermitted):
        services.publish_proposal(actor=both, resource=resource)
    with pytest.raises(NotPermitted):  # nor through the staff's publish button
        resources.publish_resource(actor=both, resource=resource)
    with pytest.raises(NotPermitted):
        services.return_proposal(actor=both, resource=resource, note="Synthetic")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PROPOSED


def test_staff_publish_a_proposal_from_the_resources_publish_button_by_the_reviews_rules(coordinator, proposed):
    assert resources.publish_resource(actor=coordinator, resource=proposed).status == ResourceStatus.PUBLISHED


def test_a_draft_still_with_its_proposer_is_not_published_by_staff(coordinator, draft):
    with pytest.raises(InvalidTransition):
        resources.publish_resource(actor=coordinator, resource=draft)
    with pytest.raises(NotPermitted):  # nothing to review yet
        services.publish_proposal(actor=coordinator, resource=draft)
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.DRAFT


def test_returning_needs_a_note_and_the_proposer_changes_and_resubmits(focal_point, coordinator, proposed):
    with pytest.raises(InvalidInput) as silent:
        services.return_proposal(actor=coordinator, resource=proposed, note="  ")
    assert list(silent.value.errors) == ["review_note"]

    returned = services.return_proposal(actor=coordinator, resource=proposed, note="Synthetic: name the partners.")
    assert returned.status == ResourceStatus.RETURNED and returned.review_note == "Synthetic: name the partners."
    assert services.return_proposal(actor=coordinator, resource=proposed, note="again").version == returned.version

    services.update_proposal(actor=focal_point, resource=proposed, values={"lessons_en": "Synthetic partners."})
    resubmitted = services.submit_proposal(actor=focal_point, resource=proposed)
    assert resubmitted.status == ResourceStatus.PROPOSED
    assert services.publish_proposal(actor=coordinator, resource=proposed).status == ResourceStatus.PUBLISHED


def test_the_proposer_attaches_a_file_version_to_their_draft_but_not_once_proposed(focal_point, draft, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(resources, "_enqueue_extraction", lambda version_id: None)
    version = resources.save_version(
        actor=focal_point, resource=draft, language="en", upload=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    assert version.content_type == "application/pdf"
    services.submit_proposal(actor=focal_point, resource=draft)
    with pytest.raises(NotPermitted):
        resources.save_version(actor=focal_point, resource=draft, language="ar", text="نص")


# --- Emails, once the write commits ---------------------------------------------------------------------------


def test_submitting_tells_the_staff_who_may_review_it_each_in_their_language(
    focal_point, draft, region, elsewhere, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = people.coordinator(region)
    coordinator.preferred_language = "ar"
    coordinator.save()
    secretariat = people.secretariat()
    people.coordinator(elsewhere)  # another region's coordinator reviews nothing of this city
    people.focal_point(draft.municipalities.get())  # nor does another focal point of the city
    draft.title_ar = "دراسة حالة تجريبية"
    draft.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(actor=focal_point, resource=draft)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([coordinator.email, secretariat.email])
    by_person = {m.to[0]: m for m in mailoutbox}
    arabic, english = by_person[coordinator.email], by_person[secretariat.email]
    assert "Synthetic city" in english.subject and "Synthetic case study: a youth council" in english.body
    assert "/admin/library/review/" in english.body
    assert "دراسة حالة تجريبية" in arabic.body and "Synthetic case study" not in arabic.body


def test_nothing_is_sent_before_the_commit_nor_when_the_submission_is_repeated(
    focal_point, draft, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_proposal(actor=focal_point, resource=draft)
    assert callbacks and mailoutbox == []  # waits for the commit
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(actor=focal_point, resource=draft)  # a no-op: already proposed
    assert mailoutbox == []


def test_an_incomplete_submission_tells_no_one(
    focal_point, city, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    resource = services.propose_case_study(actor=focal_point, municipality=city, values={"title_en": "Synthetic"})
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
        services.submit_proposal(actor=focal_point, resource=resource)
    assert mailoutbox == []


def test_publishing_tells_the_proposer_with_the_link_to_read_it(
    focal_point, coordinator, proposed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_proposal(actor=coordinator, resource=proposed)
    (mail,) = mailoutbox
    assert mail.to == [focal_point.email]
    assert "published" in mail.subject and f"/en/library/{proposed.slug}/" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_proposal(actor=coordinator, resource=proposed)  # again: a no-op, no second email
    assert len(mailoutbox) == 1


def test_returning_tells_the_proposer_the_note_in_their_language(
    focal_point, coordinator, proposed, mailoutbox, django_capture_on_commit_callbacks
):
    focal_point.preferred_language = "sq"
    focal_point.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposal(actor=coordinator, resource=proposed, note="Synthetic note: add the figures.")
    (mail,) = mailoutbox
    assert mail.to == [focal_point.email]
    assert "Synthetic note: add the figures." in mail.body
    assert f"/sq/my/case-studies/{proposed.pk}/" in mail.body


def test_a_refused_review_tells_no_one(
    focal_point, elsewhere, proposed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput):
        services.return_proposal(
            actor=people.coordinator(proposed.municipalities.get().country.region), resource=proposed, note=" "
        )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotPermitted):
        services.publish_proposal(actor=people.coordinator(elsewhere), resource=proposed)
    assert mailoutbox == []
