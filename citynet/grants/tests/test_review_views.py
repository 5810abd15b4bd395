import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.grants.models import Assignment, Attachment, Declaration, Review, ReviewStatus
from citynet.grants.tests import factories as grants

pytestmark = pytest.mark.django_db


def _setup(declaration=Declaration.PENDING, blind=True):
    call = grants.CallFactory(blind_review=blind, title_en="Synthetic call R")
    question = grants.QuestionFactory(call=call, label_en="What will you do?")
    criteria = [
        grants.CriterionFactory(call=call, name_en="Relevance", scale_min=1, scale_max=5),
        grants.CriterionFactory(call=call, name_en="Partnership", allow_not_applicable=True),
    ]
    organisation = grants.ApplicantOrganisationFactory(name="Synthetic Hope Association")
    application = grants.submitted_application(
        call=call, organisation=organisation, answers={str(question.pk): "Synthetic Hope Association will train 40."}
    )
    assignment = grants.AssignmentFactory(application=application, declaration=declaration)
    return assignment, criteria


def _url(assignment):
    return reverse("grants:review-detail", args=[assignment.pk])


def test_review_page_asks_for_the_declaration_first_when_pending(client):
    assignment, _criteria = _setup()
    sign_in(client, assignment.reviewer)
    response = client.get(_url(assignment))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Application 1 of Synthetic call R" in body and 'value="declare"' in body
    assert "Synthetic Hope" not in body and "What will you do?" not in body


def test_reviewer_declares_scores_saves_and_submits_when_assigned(client):
    assignment, (relevance, partnership) = _setup()
    sign_in(client, assignment.reviewer)
    response = client.post(_url(assignment), {"action": "declare", "conflict": "no"})
    assert response.status_code == 302
    body = client.get(_url(assignment)).content.decode()
    assert "[name withheld] will train 40." in body and "Synthetic Hope" not in body
    response = client.post(
        _url(assignment),
        {"action": "save", f"score_{relevance.pk}": "4", f"comment_{relevance.pk}": "Focused", "comment": "Draft"},
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT and review.comment == "Draft"
    incomplete = client.post(
        _url(assignment), {"action": "submit", f"score_{relevance.pk}": "4", "version": review.version}
    )
    assert incomplete.status_code == 200 and "Give a score." in incomplete.content.decode()
    review.refresh_from_db()
    response = client.post(
        _url(assignment),
        {"action": "submit", f"score_{relevance.pk}": "4", f"score_{partnership.pk}": "na", "version": review.version},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert {s.criterion_id: (s.value, s.not_applicable) for s in review.scores.all()} == {
        relevance.pk: (4, False),
        partnership.pk: (None, True),
    }
    page = client.get(_url(assignment)).content.decode()
    assert "can no longer be changed" in page and 'value="submit"' not in page


def test_declaring_a_conflict_closes_the_application_when_declared(client):
    assignment, _criteria = _setup()
    sign_in(client, assignment.reviewer)
    missing_note = client.post(_url(assignment), {"action": "declare", "conflict": "yes"})
    assert missing_note.status_code == 200
    response = client.post(_url(assignment), {"action": "declare", "conflict": "yes", "note": "I advise them"})
    assert response.status_code == 302 and response["Location"] == reverse("grants:review-queue")
    assert Assignment.objects.get(pk=assignment.pk).declaration == Declaration.CONFLICT
    assert client.get(_url(assignment)).status_code == 404


def test_a_stale_version_is_refused_with_the_input_kept_when_someone_saved_first(client):
    assignment, (relevance, _partnership) = _setup(declaration=Declaration.NO_CONFLICT)
    review = grants.ReviewFactory(assignment=assignment, version=3)
    sign_in(client, assignment.reviewer)
    response = client.post(
        _url(assignment), {"action": "save", f"score_{relevance.pk}": "5", "comment": "Mine", "version": 2}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed this record" in body and "Mine" in body
    assert Review.objects.get(pk=review.pk).comment == ""


def test_scores_out_of_scale_are_refused_at_the_field_when_posted(client):
    assignment, (relevance, _partnership) = _setup(declaration=Declaration.NO_CONFLICT)
    sign_in(client, assignment.reviewer)
    response = client.post(_url(assignment), {"action": "save", f"score_{relevance.pk}": "9"})
    assert response.status_code == 200 and not Review.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "conflicted", "staff", "applicant", "other_reviewer"])
def test_review_pages_are_not_found_when_not_the_assigned_reviewer(client, who):
    assignment, _criteria = _setup(declaration=Declaration.NO_CONFLICT)
    conflicted = grants.AssignmentFactory(application=assignment.application, declaration=Declaration.CONFLICT)
    actor = {
        "stranger": people.UserFactory,
        "conflicted": lambda: conflicted.reviewer,
        "staff": lambda: staff(Role.SECRETARIAT),
        "applicant": lambda: grants.applicant_of(assignment.application.organisation),
        "other_reviewer": lambda: (
            grants.AssignmentFactory(
                application=grants.submitted_application(call=assignment.application.call)
            ).reviewer
        ),
    }[who]()
    sign_in(client, actor)
    for target in (assignment, conflicted):
        assert client.get(_url(target)).status_code == 404
        assert client.post(_url(target), {"action": "declare", "conflict": "no"}).status_code == 404
    assert Assignment.objects.get(pk=conflicted.pk).declaration == Declaration.CONFLICT


def test_attachment_downloads_under_a_blind_name_when_blind(client):
    assignment, _criteria = _setup(declaration=Declaration.NO_CONFLICT)
    attachment = Attachment.objects.create(
        application=assignment.application,
        original_name="Hope budget.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    attachment.file.save("x", ContentFile(b"%PDF-1.4"), save=True)
    url = reverse("grants:review-attachment", args=[assignment.pk, attachment.pk])
    sign_in(client, assignment.reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment") and "document-1.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    sign_in(client, people.UserFactory())
    assert client.get(url).status_code == 404


def test_queue_lists_own_assignments_without_applicant_names_in_fixed_queries(client):
    reviewer = people.UserFactory()
    call = grants.CallFactory(title_en="Synthetic call Q")
    grants.CriterionFactory(call=call)
    grants.AssignmentFactory(
        application=grants.submitted_application(
            call=call, organisation=grants.ApplicantOrganisationFactory(name="Visible Name NGO")
        ),
        reviewer=reviewer,
    )
    grants.AssignmentFactory(application=grants.submitted_application(call=call))
    sign_in(client, reviewer)
    url = reverse("grants:review-queue")
    body = client.get(url).content.decode()
    assert "Application 1 of Synthetic call Q" in body and "Visible Name NGO" not in body
    assert "Application 2 of" not in body

    def grow(n):
        for _ in range(n):
            grants.AssignmentFactory(application=grants.submitted_application(call=call), reviewer=reviewer)

    assert assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 12)) <= 12


def test_review_page_renders_in_arabic_when_the_language_is_arabic(client):
    assignment, _criteria = _setup(declaration=Declaration.NO_CONFLICT)
    sign_in(client, assignment.reviewer)
    response = client.get(f"/ar/reviews/{assignment.pk}/")
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()


def test_the_queue_shows_a_page_of_fifty_assignments_at_a_time(client, django_assert_max_num_queries):
    reviewer = grants.PoolMemberFactory().reviewer
    call = grants.CallFactory()
    for _ in range(55):
        grants.AssignmentFactory(application=grants.submitted_application(call=call), reviewer=reviewer)
    sign_in(client, reviewer)
    with django_assert_max_num_queries(12):
        first = client.get("/en/reviews/").content.decode()
    assert first.count('class="state-') == 50 and "?page=2" in first
    assert client.get("/en/reviews/?page=2").content.decode().count('class="state-') == 5
