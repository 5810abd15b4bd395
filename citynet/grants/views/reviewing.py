"""Reviewers' pages: their queue, one application (declare, then read and score), its attachments.

Thin: each view asks `selectors.reviews` what the reviewer may see (NotFound, hence a 404, for an
unassigned or conflicted reviewer, whoever else they are) and hands writes to `services.reviews`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citynet.core.exceptions import Conflict, DomainError, InvalidInput, NotFound
from citynet.core.forms import show_at_form

from ..forms.reviewing import DeclarationForm, InterestForm, ReviewForm
from ..models import ReviewStatus
from ..selectors import interests as interest_selectors
from ..selectors import reviews as selectors
from ..services import reviews as services

QUEUE_PAGE_SIZE = 50


@login_required
@require_GET
def review_queue(request):
    """The signed-in reviewer's assignments across calls, with what is left to do, a page at a time."""
    page = Paginator(selectors.queue_queryset(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    items = selectors.list_queue(request.user, page.object_list)
    return render(request, "grants/reviewing/queue.html", {"items": items, "page": page})


def _view_or_404(request, pk):
    try:
        return selectors.reviewer_view(request.user, pk)
    except NotFound as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    """One assignment: the declaration first; once no conflict is declared, the application as the
    reviewer may see it and the rubric (save a draft, or submit). A stale version is refused with the
    reviewer's input kept on the page."""
    view = _view_or_404(request, pk)
    declaration_form = DeclarationForm(request.POST if request.POST.get("action") == "declare" else None)
    review_form = None
    action = request.POST.get("action") if request.method == "POST" else None

    if action == "declare":
        if declaration_form.is_valid():
            conflict = declaration_form.cleaned_data["conflict"]
            try:
                services.declare(
                    actor=request.user,
                    assignment=view.assignment,
                    conflict=conflict,
                    note=declaration_form.cleaned_data["note"],
                )
            except DomainError as error:
                show_at_form(declaration_form, error)
            else:
                if conflict:
                    messages.success(
                        request,
                        _("Thank you: your conflict of interest was recorded; staff will reassign the application."),
                    )
                    return redirect("grants:review-queue")
                messages.success(request, _("Thank you: you may now read and score the application."))
                return redirect("grants:review-detail", pk=pk)
    elif view.declared:
        initial = ReviewForm.initial_from(view.review, view.scores)
        if action in ("save", "submit"):
            review_form = ReviewForm(request.POST, criteria=view.criteria)
            if review_form.is_valid():
                arguments = {
                    "actor": request.user,
                    "assignment": view.assignment,
                    "scores": review_form.scores(),
                    "comment": review_form.cleaned_data["comment"],
                    "expected_version": review_form.cleaned_data["version"],
                }
                try:
                    if action == "submit":
                        services.submit_review(**arguments)
                    else:
                        services.save_review(**arguments)
                except Conflict as error:
                    review_form.add_error(None, error.message)
                except InvalidInput as error:
                    show_at_form(review_form, error)
                    if action == "submit":
                        # The draft part was saved: the next save starts from its new version.
                        saved = selectors.reviewer_view(request.user, pk).review
                        data = request.POST.copy()
                        data["version"] = saved.version if saved else ""
                        review_form.data = data
                except DomainError as error:
                    review_form.add_error(None, error.message)
                else:
                    if action == "submit":
                        messages.success(request, _("Your review was submitted. Thank you."))
                        return redirect("grants:review-queue")
                    messages.success(request, _("Your draft was saved."))
                    return redirect("grants:review-detail", pk=pk)
        elif action is not None:
            raise Http404
        if review_form is None:
            review_form = ReviewForm(initial=initial, criteria=view.criteria)
    elif action is not None:
        raise Http404
    submitted = view.review is not None and view.review.status == ReviewStatus.SUBMITTED
    return render(
        request,
        "grants/reviewing/review.html",
        {
            "view": view,
            "declaration_form": declaration_form,
            "form": review_form,
            "submitted": submitted,
        },
    )


@login_required
@require_GET
def review_attachment(request, pk, attachment_pk):
    """An attachment of the application, as a download only, after the reviewer declared no conflict;
    in blind review under a neutral name ("document-1.pdf")."""
    try:
        attachment, name = selectors.attachment_for_reviewer(request.user, pk, attachment_pk)
    except NotFound as error:
        raise Http404 from error
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def review_interests(request):
    """The signed-in person's declared interests (organisations, municipalities, countries they are tied
    to: never assigned an application from them), and a form to declare one more (POST)."""
    form = InterestForm(request.POST or None, municipalities=interest_selectors.municipalities_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The name is kept as typed and matched at assignment: the page never says whether an
        # organisation of that name has applied (applications are confidential).
        try:
            services.declare_interest(
                actor=request.user,
                reviewer=request.user,
                organisation_name=data["organisation_name"],
                municipality=data["municipality"],
                country=data["country"],
                note=data["note"],
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            messages.success(request, _("Your interest was recorded."))
            return redirect("grants:review-interests")
    return render(
        request,
        "grants/reviewing/interests.html",
        {"form": form, "interests": list(interest_selectors.list_interests(request.user))},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def review_interest_remove(request, pk):
    """Withdraw one of one's own declared interests (anyone else's is a 404)."""
    interest = interest_selectors.get_own_interest(request.user, pk)
    if interest is None:
        raise Http404
    try:
        services.remove_interest(actor=request.user, interest=interest)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The interest was withdrawn."))
    return redirect("grants:review-interests")


urlpatterns = [
    path("reviews/", review_queue, name="review-queue"),
    path("reviews/interests/", review_interests, name="review-interests"),
    path("reviews/interests/<int:pk>/remove/", review_interest_remove, name="review-interest-remove"),
    path("reviews/<int:pk>/", review_detail, name="review-detail"),
    path("reviews/<int:pk>/attachments/<int:attachment_pk>/", review_attachment, name="review-attachment"),
]
