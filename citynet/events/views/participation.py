"""A participant's own pages (being written: registration, cancelling, confirming, substituting)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_safe

from .. import permissions
from ..models import Participation


@require_safe
@login_required
def participation_detail(request, slug, pk):
    participation = get_object_or_404(Participation.objects.select_related("event"), pk=pk, event__slug=slug)
    if not permissions.can_view_participation(request.user, participation):
        raise Http404
    return render(request, "events/participation_detail.html", {"participation": participation})


urlpatterns = [
    path("events/<slug:slug>/participations/<int:pk>/", participation_detail, name="participation"),
]
