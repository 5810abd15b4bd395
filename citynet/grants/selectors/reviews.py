"""Reviewers' reads: their queue, an application as a reviewer sees it, its attachments.

These are the one place that decides what a reviewer may read, so pages, the API and exports call them
rather than querying the models:
- nothing of an application before the reviewer declares no conflict: only its call and a neutral
  label ("Application 3 of Synthetic call 1"), never who applied;
- an unassigned reviewer, or one who declared a conflict, gets NotFound (a 404 on the pages);
- blind review (`permissions.sees_applicant_identity`): no organisation, people or partner names,
  attachments as "Document 1" with no file name, uploader or date, and the organisation's and its
  people's names, acronym and email masked wherever they appear in the title, answers and budget lines
  (case-insensitive and diacritics-insensitive: "Udruženje" is masked where "udruzenje" is typed);
- other reviewers' scores only through `permissions.can_see_all_scores` (staff; a reviewer after
  submitting their own, where the call allows it), never before.
"""

import functools
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from citynet.core import names
from citynet.core.exceptions import NotFound

from .. import permissions
from ..models import (
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    Call,
    Criterion,
    Declaration,
    OrganisationMember,
    Question,
    QuestionKind,
    Review,
    ReviewStatus,
    Score,
)

# --- Neutral labels ----------------------------------------------------------------------------------


def _number_in_call():
    """An application's number within its call (given at submission): says nothing about who applied."""
    return Coalesce(F("application__number"), 0)


def neutral_label(number: int, call: Call) -> str:
    return _("Application %(number)s of %(call)s") % {"number": number, "call": call.title}


# --- The queue -----------------------------------------------------------------------------------------


class QueueState:
    TO_DECLARE = "to_declare"
    CONFLICT = "conflict"
    TO_SCORE = "to_score"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CLOSED = "closed"  # withdrawn or excluded after assignment: nothing to do


def _state_label(state: str) -> str:
    labels = {
        QueueState.TO_DECLARE: _("Declare first"),
        QueueState.CONFLICT: _("Conflict declared"),
        QueueState.TO_SCORE: _("To score"),
        QueueState.DRAFT: _("Draft saved"),
        QueueState.SUBMITTED: _("Submitted"),
        QueueState.CLOSED: _("No longer under review"),
    }
    return labels[state]


@dataclass
class QueueItem:
    assignment: Assignment
    call: Call
    number: int
    label: str
    state: str
    state_label: str
    scored: int
    criteria: int

    @property
    def opens(self) -> bool:
        """The reviewer may open it (a conflict or a withdrawn application closes it)."""
        return self.state not in (QueueState.CONFLICT, QueueState.CLOSED)


def _state(assignment: Assignment) -> str:
    if assignment.application.status != ApplicationStatus.SUBMITTED:
        return QueueState.CLOSED
    if assignment.declaration == Declaration.CONFLICT:
        return QueueState.CONFLICT
    if assignment.declaration == Declaration.PENDING:
        return QueueState.TO_DECLARE
    review = getattr(assignment, "review", None)
    if review is None:
        return QueueState.TO_SCORE
    return QueueState.SUBMITTED if review.status == ReviewStatus.SUBMITTED else QueueState.DRAFT


def queue_queryset(actor) -> QuerySet[Assignment]:
    """`actor`'s assignments across calls, with what the queue shows, in one query."""
    criteria = (
        Criterion.objects.filter(call_id=OuterRef("application__call_id"))
        .order_by()
        .values("call_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        permissions.scope_own_assignments(Assignment.objects.all(), actor)
        .exclude(application__status=ApplicationStatus.DRAFT)
        .select_related("application__call", "review")
        .annotate(
            number=_number_in_call(),
            criteria_count=Coalesce(Subquery(criteria, output_field=IntegerField()), 0),
            scored_count=Count(
                "review__scores",
                filter=Q(review__scores__value__isnull=False) | Q(review__scores__not_applicable=True),
            ),
        )
        .order_by("-application__call__closes_at", "application__call_id", "application_id")
    )


def list_queue(actor, assignments=None) -> list[QueueItem]:
    """A reviewer's queue (or `assignments`, one page of `queue_queryset(actor)`): each assignment with its
    call, neutral label, state and progress (criteria scored of the rubric's). One query whatever the
    number of assignments. Never names the applicant."""
    items = []
    for assignment in queue_queryset(actor) if assignments is None else assignments:
        call = assignment.application.call
        state = _state(assignment)
        items.append(
            QueueItem(
                assignment=assignment,
                call=call,
                number=assignment.number,
                label=neutral_label(assignment.number, call),
                state=state,
                state_label=_state_label(state),
                scored=assignment.scored_count,
                criteria=assignment.criteria_count,
            )
        )
    return items


# --- One assignment ----------------------------------------------------------------------------------


def get_assignment(actor, pk: int, *, declared: bool = False) -> Assignment:
    """`actor`'s own assignment `pk`, to declare on or (with `declared`) to read and score.

    NotFound when it is someone else's, when the reviewer declared a conflict, when the application is
    no longer submitted, or (with `declared`) when the reviewer has not declared no conflict yet.
    """
    queryset = (
        permissions.scope_own_assignments(Assignment.objects.all(), actor)
        .filter(application__status=ApplicationStatus.SUBMITTED)
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("application__call", "review")
        .annotate(number=_number_in_call())
    )
    if declared:
        queryset = queryset.filter(declaration=Declaration.NO_CONFLICT)
    assignment = queryset.filter(pk=pk).first()
    if assignment is None:
        raise NotFound()
    return assignment


# --- Masking -------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character as `names.fold` would spell it (lower case, no diacritics, Latin for Cyrillic,
    normalised Arabic), without folding the spaces around it, so that positions map back."""
    if names.has_cyrillic(ch):
        ch = names.to_latin(ch)
    ch = names.normalise_arabic(ch)
    ch = ch.translate(names._UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded, and for each folded character the index of the original one it came from."""
    out, index = [], []
    for i, ch in enumerate(text):
        for folded in _fold_char(ch):
            out.append(folded)
            index.append(i)
    return "".join(out), index


def mask_pattern(terms) -> re.Pattern | None:
    """One pattern for every term (a name, an acronym, an email), longest first, matching whole words
    whatever their case, diacritics or script, and whatever punctuation or spaces stand between words."""
    alternatives = set()
    for term in terms:
        words = _WORD.findall(_folded(term or "")[0])
        if not words or sum(len(w) for w in words) < 3:
            continue  # two letters would mask half the text
        alternatives.add(r"\W+".join(re.escape(w) for w in words))
    if not alternatives:
        return None
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)", re.UNICODE)


def mask(text: str, pattern: re.Pattern | None) -> str:
    """`text` with every match of `pattern` (see `mask_pattern`) replaced by a neutral placeholder."""
    if not text or pattern is None:
        return text or ""
    folded, index = _folded(text)
    placeholder = _("[name withheld]")
    pieces, last = [], 0
    for match in pattern.finditer(folded):
        if match.end() == match.start():
            continue
        start, end = index[match.start()], index[match.end() - 1] + 1
        if start < last:
            continue
        pieces.append(text[last:start])
        pieces.append(placeholder)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def identity_terms(application: Application) -> list[str]:
    """What blind review masks: the organisation's name, acronym, email and web address, and each of
    its people's name (whole, and each part of four letters or more) and email."""
    organisation = application.organisation
    terms = [organisation.name, organisation.acronym, organisation.email]
    if organisation.website:
        host = re.sub(r"^https?://(www\.)?", "", organisation.website).split("/")[0]
        terms.append(host)
    if organisation.registry_organisation_id:
        terms.append(organisation.registry_organisation.name)
    for display_name, email in OrganisationMember.objects.filter(organisation_id=organisation.pk).values_list(
        "user__display_name", "user__email"
    ):
        terms.extend([display_name, email, email.split("@")[0]])
        terms.extend(part for part in (display_name or "").split() if len(part) >= 4)
    return [term for term in terms if term]


# --- The application as a reviewer sees it -----------------------------------------------------------


@dataclass
class Answer:
    question: Question
    text: str
    attachments: list = field(default_factory=list)


@dataclass
class ReviewerAttachment:
    pk: int
    name: str
    size: int
    content_type: str
    uploaded_by: str | None
    uploaded_at: object | None
    question_id: int | None
    kind: str


@dataclass
class OtherReview:
    label: str
    comment: str
    scores: dict  # criterion id -> Score


@dataclass
class ReviewerView:
    assignment: Assignment
    call: Call
    number: int
    label: str
    declared: bool
    blind: bool = True
    title: str = ""
    organisation: object = None
    people: list = field(default_factory=list)
    partner: object = None
    requested_amount: object = None
    answers: list = field(default_factory=list)
    budget_lines: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    criteria: list = field(default_factory=list)
    review: Review | None = None
    scores: dict = field(default_factory=dict)  # criterion id -> Score
    others: list | None = None  # None: not allowed to see them


def _blind_name(position: int, attachment: Attachment) -> str:
    extension = mimetypes.guess_extension(attachment.content_type or "") or ""
    return f"document-{position}{extension}"


def _attachments(application: Application, blind: bool) -> list[ReviewerAttachment]:
    shown = []
    for position, attachment in enumerate(
        Attachment.objects.filter(application=application).select_related("uploaded_by").order_by("uploaded_at", "pk"),
        start=1,
    ):
        shown.append(
            ReviewerAttachment(
                pk=attachment.pk,
                name=(_("Document %(number)s") % {"number": position}) if blind else attachment.original_name,
                size=attachment.size,
                content_type=attachment.content_type,
                uploaded_by=None if blind or attachment.uploaded_by is None else str(attachment.uploaded_by),
                uploaded_at=None if blind else attachment.uploaded_at,
                question_id=attachment.question_id,
                kind=attachment.kind,
            )
        )
    return shown


def _answer_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def reviewer_view(actor, pk: int) -> ReviewerView:
    """Assignment `pk` of `actor` and what they may see of its application (see the module's rules).

    NotFound for anyone but the assigned reviewer, and for them after declaring a conflict.
    """
    assignment = get_assignment(actor, pk)
    application = assignment.application
    call = application.call
    view = ReviewerView(
        assignment=assignment,
        call=call,
        number=assignment.number,
        label=neutral_label(assignment.number, call),
        declared=assignment.declaration == Declaration.NO_CONFLICT,
    )
    if not view.declared:
        return view
    application = (
        Application.objects.select_related(
            "call", "organisation__registry_organisation", "partner_municipality__country"
        )
        .prefetch_related("budget_lines")
        .get(pk=application.pk)
    )
    view.blind = not permissions.sees_applicant_identity(actor, application)
    pattern = mask_pattern(identity_terms(application)) if view.blind else None
    view.title = mask(application.title, pattern)
    if not view.blind:
        view.organisation = application.organisation
        view.partner = application.partner_municipality
        view.people = [
            m.user
            for m in OrganisationMember.objects.filter(organisation=application.organisation).select_related("user")
        ]
    view.requested_amount = application.requested_amount
    view.attachments = _attachments(application, view.blind)
    by_question = {}
    for attachment in view.attachments:
        by_question.setdefault(attachment.question_id, []).append(attachment)
    questions = Question.objects.filter(call=call, stage=application.stage).order_by("sort_order", "pk")
    for question in questions:
        if question.kind == QuestionKind.BUDGET:
            continue
        text = "" if question.kind == QuestionKind.FILE else _answer_text(application.answers.get(str(question.pk)))
        view.answers.append(Answer(question, mask(text, pattern), by_question.get(question.pk, [])))
    view.budget_lines = [
        {
            "category": mask(line.category, pattern),
            "description": mask(line.description, pattern),
            "amount": line.amount,
        }
        for line in application.budget_lines.all()
    ]
    view.criteria = list(Criterion.objects.filter(call=call).order_by("sort_order", "pk"))
    view.review = Review.objects.filter(assignment=assignment).first()
    if view.review is not None:
        view.scores = {score.criterion_id: score for score in view.review.scores.all()}
    submitted = view.review is not None and view.review.status == ReviewStatus.SUBMITTED
    if submitted and permissions.can_see_all_scores(actor, application):
        view.others = _other_reviews(application, assignment)
    return view


def _other_reviews(application: Application, mine: Assignment) -> list[OtherReview]:
    """The other reviewers' submitted reviews, named only "Reviewer 1", "Reviewer 2", ..."""
    reviews = (
        Review.objects.filter(
            assignment__application=application,
            status=ReviewStatus.SUBMITTED,
            assignment__declaration=Declaration.NO_CONFLICT,
        )
        .exclude(assignment=mine)
        .order_by("submitted_at", "pk")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
    )
    return [
        OtherReview(
            label=_("Reviewer %(number)s") % {"number": n},
            comment=review.comment,
            scores={score.criterion_id: score for score in review.scores.all()},
        )
        for n, review in enumerate(reviews, start=1)
    ]


def attachment_for_reviewer(actor, pk: int, attachment_pk: int) -> tuple[Attachment, str]:
    """An attachment of assignment `pk`'s application, and the name to download it under ("document-1.pdf"
    in blind review). NotFound unless `actor` is its reviewer and declared no conflict."""
    assignment = get_assignment(actor, pk, declared=True)
    application = assignment.application
    attachments = list(Attachment.objects.filter(application=application).order_by("uploaded_at", "pk"))
    for position, attachment in enumerate(attachments, start=1):
        if attachment.pk == attachment_pk:
            blind = not permissions.sees_applicant_identity(actor, application)
            return attachment, _blind_name(position, attachment) if blind else attachment.original_name
    raise NotFound()
