from django.urls import path

from . import views

app_name = "hub"

urlpatterns = [
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("municipalities/<slug:slug>/edit/", views.municipality_edit, name="municipality-edit"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("<slug:region>/members/", views.region_members, name="region-members"),
    path("<slug:region>/map-points/", views.region_map_points, name="region-map-points"),
    path("<slug:slug>/", views.region_hub, name="region-hub"),
]
