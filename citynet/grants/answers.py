"""Is an application complete? Its answers checked against its call's questions for its stage.

`check(call, application)` returns `{field key: [translated messages]}`, empty when the application may
be submitted. The keys are those the application form shows its messages at:

- `q<question id>`: one question's answer (text, number, choice, date, file);
- `title`: the project title;
- `budget`: the budget table (its lines, and whether they add up to the requested amount);
- `requested_amount`: the amount asked for, within the call's minimum and maximum award;
- `partner_municipality` and `letter_of_support`: the member municipality a call may require, and its letter.

A draft may be saved with any of these missing; only submission requires an empty result.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from citynet.network import selectors as network

from .models import Application, AttachmentKind, Call, Question, QuestionKind

BUDGET = "budget"


def question_key(question: Question | int) -> str:
    """The form field (and error key) of a question: `q<id>`."""
    return f"q{question if isinstance(question, int) else question.pk}"


def questions_for(call: Call, stage: str) -> list[Question]:
    """The call's questions asked at `stage`, in order (from the prefetch cache when there is one)."""
    return [q for q in call.questions.all() if q.stage == stage]


def parse_decimal(value) -> Decimal | None:
    """A number as typed ("1 500,50" or "1500.50"), or None when it is not one."""
    if value is None:
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def money(amount: Decimal, currency: str) -> str:
    return f"{number_format(amount, 2, force_grouping=True)} {currency}"


def check(call: Call, application: Application) -> dict[str, list[str]]:
    """Every reason `application` cannot be submitted yet, at the form field it concerns."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not (application.title or "").strip():
        add("title", _("Give your project a title."))

    attachments = list(application.attachments.all())
    answered_files = {a.question_id for a in attachments if a.kind == AttachmentKind.ANSWER}
    answers = application.answers or {}
    asks_budget = False
    for question in questions_for(call, application.stage):
        if question.kind == QuestionKind.BUDGET:
            asks_budget = True
            continue
        key = question_key(question)
        if question.kind == QuestionKind.FILE:
            if question.required and question.pk not in answered_files:
                add(key, _("Attach a file here."))
            continue
        value = answers.get(str(question.pk))
        text = "" if value is None else str(value).strip()
        if not text:
            if question.required:
                add(key, _("This question needs an answer."))
            continue
        for message in _check_answer(question, text):
            add(key, message)

    _check_budget(call, application, add, required=asks_budget)
    _check_partner(call, application, attachments, add)
    return errors


def _check_answer(question: Question, text: str) -> list[str]:
    kind = question.kind
    if kind in (QuestionKind.TEXT, QuestionKind.LONG_TEXT):
        length = len(text)
        if question.min_length and length < question.min_length:
            return [
                _("Write at least %(min)s characters (now %(count)s).") % {"min": question.min_length, "count": length}
            ]
        if question.max_length and length > question.max_length:
            return [
                _("Write at most %(max)s characters (now %(count)s).") % {"max": question.max_length, "count": length}
            ]
    elif kind == QuestionKind.NUMBER:
        number = parse_decimal(text)
        if number is None:
            return [_("Give a number.")]
        if question.min_value is not None and number < question.min_value:
            return [_("Give at least %(min)s.") % {"min": number_format(question.min_value)}]
        if question.max_value is not None and number > question.max_value:
            return [_("Give at most %(max)s.") % {"max": number_format(question.max_value)}]
    elif kind == QuestionKind.CHOICE:
        if text not in question.choice_list:
            return [_("Choose one of the options given.")]
    elif kind == QuestionKind.DATE:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            return [_("Give a date as year-month-day, e.g. 2026-03-31.")]
    return []


def _check_budget(call: Call, application: Application, add, *, required: bool) -> None:
    lines = list(application.budget_lines.all())
    if required and not lines:
        add(BUDGET, _("Add at least one line to the budget."))
    for number, line in enumerate(lines, start=1):
        if not (line.category or "").strip():
            add(BUDGET, _("Line %(line)s: give the line a category.") % {"line": number})
        if line.amount is None or line.amount < 0:
            add(BUDGET, _("Line %(line)s: the amount cannot be negative.") % {"line": number})
    requested = application.requested_amount or Decimal(0)
    if lines:
        total = sum((line.amount or Decimal(0) for line in lines), Decimal(0))
        if total != requested:
            add(
                BUDGET,
                _("The budget lines add up to %(total)s, but the requested amount is %(requested)s.")
                % {"total": money(total, call.currency), "requested": money(requested, call.currency)},
            )
    if requested < call.min_award or requested > call.max_award:
        add(
            "requested_amount",
            _("Request between %(min)s and %(max)s.")
            % {"min": money(call.min_award, call.currency), "max": money(call.max_award, call.currency)},
        )


def _check_partner(call: Call, application: Application, attachments, add) -> None:
    partner_id = application.partner_municipality_id
    if partner_id is None:
        if call.requires_member_partner:
            add("partner_municipality", _("Choose the member municipality you partner with."))
        return
    if not network.members_of(call.region).filter(pk=partner_id).exists():
        add("partner_municipality", _("Choose a current member municipality of this call's region."))
    if call.requires_member_partner and not any(a.kind == AttachmentKind.LETTER_OF_SUPPORT for a in attachments):
        add("letter_of_support", _("Attach the partner municipality's letter of support."))
