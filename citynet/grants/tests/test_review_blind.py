import pytest
from django.core.files.base import ContentFile

from citynet.accounts.tests import factories as people
from citynet.core.exceptions import NotFound
from citynet.grants.models import Attachment, Declaration, QuestionKind, ReviewStatus
from citynet.grants.selectors import reviews as selectors
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import member_municipality

pytestmark = pytest.mark.django_db


def _blind_application(blind=True):
    call = grants.CallFactory(blind_review=blind, title_en="Synthetic call X")
    question = grants.QuestionFactory(call=call, label_en="What will you do?")
    file_question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE, label_en="Plan", required=False)
    organisation = grants.ApplicantOrganisationFactory(
        name="Udruženje Građana Šansa", acronym="UGS", email="contact@sansa.example"
    )
    person = grants.applicant_of(organisation)
    person.display_name = "Jelena Marković"
    person.save()
    application = grants.submitted_application(
        call=call,
        organisation=organisation,
        title="The UGS youth project",
        partner_municipality=member_municipality(name_en="Synthetic city"),
        answers={
            str(question.pk): "udruzenje gradjana sansa (UGS) and JELENA MARKOVIC will lead; write to "
            "contact@sansa.example. Ugsville is not us."
        },
    )
    attachment = Attachment.objects.create(
        application=application,
        question=file_question,
        original_name="Sansa budget by Jelena.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        uploaded_by=person,
    )
    attachment.file.save("x", ContentFile(b"%PDF"), save=True)
    assignment = grants.AssignmentFactory(application=application)
    return assignment, attachment


def test_blind_view_masks_names_in_answers_and_title_when_blind():
    assignment, _attachment = _blind_application()
    view = selectors.reviewer_view(assignment.reviewer, assignment.pk)
    text = view.answers[0].text
    for leaked in ("udruzenje", "UGS", "JELENA", "MARKOVIC", "contact@sansa"):
        assert leaked not in text
    assert "Ugsville is not us" in text
    assert text.count("[name withheld]") == 4
    assert view.title == "The [name withheld] youth project"
    assert view.organisation is None and view.partner is None and view.people == []


def test_blind_view_shows_attachments_as_documents_when_blind():
    assignment, attachment = _blind_application()
    view = selectors.reviewer_view(assignment.reviewer, assignment.pk)
    shown = view.answers[1].attachments[0]
    assert (shown.name, shown.uploaded_by, shown.uploaded_at) == ("Document 1", None, None)
    found, name = selectors.attachment_for_reviewer(assignment.reviewer, assignment.pk, attachment.pk)
    assert found.pk == attachment.pk and name == "document-1.pdf"


def test_view_shows_identity_when_the_call_is_not_blind():
    assignment, attachment = _blind_application(blind=False)
    view = selectors.reviewer_view(assignment.reviewer, assignment.pk)
    assert "JELENA MARKOVIC" in view.answers[0].text
    assert view.organisation.name == "Udruženje Građana Šansa"
    assert view.answers[1].attachments[0].name == "Sansa budget by Jelena.pdf"
    assert selectors.attachment_for_reviewer(assignment.reviewer, assignment.pk, attachment.pk)[1] == (
        "Sansa budget by Jelena.pdf"
    )


def test_view_shows_only_a_neutral_label_when_not_declared_yet():
    assignment, attachment = _blind_application(blind=False)
    assignment.declaration = Declaration.PENDING
    assignment.save()
    view = selectors.reviewer_view(assignment.reviewer, assignment.pk)
    assert view.declared is False
    assert view.label == "Application 1 of Synthetic call X"
    assert (view.title, view.answers, view.attachments, view.organisation) == ("", [], [], None)
    with pytest.raises(NotFound):
        selectors.attachment_for_reviewer(assignment.reviewer, assignment.pk, attachment.pk)


def test_view_is_not_found_when_unassigned_or_conflicted():
    assignment, attachment = _blind_application()
    with pytest.raises(NotFound):
        selectors.reviewer_view(people.UserFactory(), assignment.pk)
    assignment.declaration = Declaration.CONFLICT
    assignment.save()
    with pytest.raises(NotFound):
        selectors.reviewer_view(assignment.reviewer, assignment.pk)
    with pytest.raises(NotFound):
        selectors.attachment_for_reviewer(assignment.reviewer, assignment.pk, attachment.pk)


def test_others_scores_are_hidden_until_submitted_and_allowed_by_the_call():
    assignment, _attachment = _blind_application()
    criterion = grants.CriterionFactory(call=assignment.application.call)
    other = grants.AssignmentFactory(application=assignment.application)
    grants.ScoreFactory(
        review=grants.ReviewFactory(assignment=other, status=ReviewStatus.SUBMITTED), criterion=criterion, value=5
    )
    mine = grants.ReviewFactory(assignment=assignment)
    assert selectors.reviewer_view(assignment.reviewer, assignment.pk).others is None
    mine.status = ReviewStatus.SUBMITTED
    mine.save()
    assert selectors.reviewer_view(assignment.reviewer, assignment.pk).others is None
    call = assignment.application.call
    call.reviewers_see_others_after_submitting = True
    call.save()
    others = selectors.reviewer_view(assignment.reviewer, assignment.pk).others
    assert [(o.label, o.scores[criterion.pk].value) for o in others] == [("Reviewer 1", 5)]


def test_queue_lists_only_own_assignments_with_progress_in_one_query(django_assert_max_num_queries):
    reviewer = people.UserFactory()
    call = grants.CallFactory(title_en="Synthetic call Q")
    criteria = [grants.CriterionFactory(call=call) for _ in range(2)]
    first = grants.AssignmentFactory(application=grants.submitted_application(call=call), reviewer=reviewer)
    grants.ScoreFactory(review=grants.ReviewFactory(assignment=first), criterion=criteria[0])
    grants.AssignmentFactory(
        application=grants.submitted_application(call=call), reviewer=reviewer, declaration=Declaration.PENDING
    )
    grants.AssignmentFactory(application=grants.submitted_application(call=call))
    with django_assert_max_num_queries(1):
        queue = selectors.list_queue(reviewer)
    assert [(item.label, item.state, item.scored, item.criteria) for item in queue] == [
        ("Application 1 of Synthetic call Q", "draft", 1, 2),
        ("Application 2 of Synthetic call Q", "to_declare", 0, 2),
    ]


def test_mask_folds_cyrillic_and_arabic_when_names_are_written_in_another_script():
    pattern = selectors.mask_pattern(["Đorđe Petrović", "جمعية الأمل"])
    assert selectors.mask("Ђорђе Петровић and djordje petrovic", pattern) == "[name withheld] and [name withheld]"
    assert selectors.mask("مع جمعية الامل اليوم", pattern) == "مع [name withheld] اليوم"
