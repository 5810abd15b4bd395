"""URL x role rows of the advisory assessments (the scene is ../url_matrix.py; `extend(scene)` may add what
only these rows need).

- Assessment frameworks (/admin/advisory/frameworks/...): network-wide, the secretariat's alone; a
  coordinator is turned back by the admin (302 to the dashboard), and a framework's own pages (delete,
  history, usage, new edition) do not exist for them (404).
- The assessments, a city's comparison and the regions' capacity (/admin/advisory/...): the region's staff;
  another region's coordinator opens their own lists (200) but not this region's records (404).
- The region's heat map (/<lang>/advisory/capacity/<region>/, on the site's side): the region's staff; the
  anonymous are sent to sign in, anyone else gets a 404.
- Nobody else passes the admin's door: focal points, members and the public are sent to sign in.
POSTs of the matrix send an empty form: it comes back with its messages (200 or 422), or a button's
refusal is a message and a redirect (302); nothing is saved.
"""

from citynet.advisory.tests import factories as advisory
from citynet.core.testing import LOGIN, Row

DENIED = 302  # Wagtail's answer to an admin user without the permission: back to the dashboard
OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "member": LOGIN,
    "focal_point": LOGIN,
    "other_focal_point": LOGIN,
}


def extend(scene):
    """A framework no assessment uses, for the new-edition row (which makes one)."""
    scene.spare_framework = advisory.FrameworkFactory(name_en="Synthetic spare framework")
    advisory.CapacityAreaFactory(framework=scene.spare_framework)


# The site-side heat map (views/capacity.py): the region's staff; a 404 for anyone else signed in.
SITE_STAFF = {
    **dict.fromkeys(OUTSIDERS, 404),
    "anonymous": LOGIN,
    "coordinator": 200,
    "other_coordinator": 404,
    "secretariat": 200,
}


def secretariat_only(allowed, coordinator=DENIED):
    return {**OUTSIDERS, "coordinator": coordinator, "other_coordinator": coordinator, "secretariat": allowed}


def region_staff(allowed, other=404):
    return {**OUTSIDERS, "coordinator": allowed, "other_coordinator": other, "secretariat": allowed}


def every_staff(allowed):
    return region_staff(allowed, other=allowed)


def framework(suffix):
    return lambda s: f"/admin/advisory/frameworks/{suffix.format(pk=s.framework.pk)}"


FRAMEWORK_ROWS = [
    Row("advisory_frameworks:index", "GET", framework(""), secretariat_only(200)),
    Row("advisory_frameworks:index_results", "GET", framework("results/"), secretariat_only(200)),
    Row("advisory_frameworks:add", "GET", framework("new/"), secretariat_only(200)),
    Row("advisory_frameworks:add", "POST", framework("new/"), secretariat_only(200)),
    Row("advisory_frameworks:edit", "GET", framework("edit/{pk}/"), secretariat_only(200)),
    Row("advisory_frameworks:edit", "POST", framework("edit/{pk}/"), secretariat_only(200)),
    Row("advisory_frameworks:delete", "GET", framework("delete/{pk}/"), secretariat_only(200, coordinator=404)),
    # In use by the scene's assessments: refused with a message, back to the framework.
    Row("advisory_frameworks:delete", "POST", framework("delete/{pk}/"), secretariat_only(302, coordinator=404)),
    Row("advisory_frameworks:history", "GET", framework("history/{pk}/"), secretariat_only(200, coordinator=404)),
    Row(
        "advisory_frameworks:history_results",
        "GET",
        framework("history-results/{pk}/"),
        secretariat_only(200, coordinator=404),
    ),
    Row("advisory_frameworks:usage", "GET", framework("usage/{pk}/"), secretariat_only(200, coordinator=404)),
    Row(
        "advisory_assessments:new-edition",
        "GET",
        lambda s: f"/admin/advisory/frameworks/{s.framework.pk}/new-edition/",
        secretariat_only(200, coordinator=404),
    ),
    Row(
        "advisory_assessments:new-edition",
        "POST",
        lambda s: f"/admin/advisory/frameworks/{s.spare_framework.pk}/new-edition/",
        secretariat_only(302, coordinator=404),
    ),
]


def assessment(name, suffix=""):
    return lambda s: f"/admin/advisory/assessments/{getattr(s, name).pk}/{suffix}"


ASSESSMENT_ROWS = [
    Row("advisory_assessments:list", "GET", lambda s: "/admin/advisory/assessments/", every_staff(200)),
    Row(
        "advisory_assessments:list filtered",
        "GET",
        lambda s: (
            f"/admin/advisory/assessments/?region={s.region.pk}&municipality={s.city.pk}&kind=baseline"
            f"&status=final&framework={s.framework.pk}"
        ),
        every_staff(200),
    ),
    Row("advisory_assessments:start", "GET", lambda s: "/admin/advisory/assessments/start/", every_staff(200)),
    Row("advisory_assessments:start", "POST", lambda s: "/admin/advisory/assessments/start/", every_staff(422)),
    Row("advisory_assessments:detail draft", "GET", assessment("reassessment"), region_staff(200)),
    Row("advisory_assessments:detail final", "GET", assessment("baseline"), region_staff(200)),
    Row("advisory_assessments:detail neighbour", "GET", assessment("neighbour_assessment"), region_staff(200)),
    # Without the version seen, nothing is saved: a message and back to the assessment.
    Row("advisory_assessments:score", "POST", assessment("reassessment", "score/"), region_staff(302)),
    Row("advisory_assessments:finalise", "POST", assessment("reassessment", "finalise/"), region_staff(302)),
    Row(
        "advisory_assessments:compare",
        "GET",
        lambda s: f"/admin/advisory/assessments/compare/{s.city.pk}/",
        region_staff(200),
    ),
    *[
        Row(
            f"advisory_assessments:compare-export {fmt}",
            "GET",
            lambda s, fmt=fmt: f"/admin/advisory/assessments/compare/{s.city.pk}/export/{fmt}/",
            region_staff(200),
        )
        for fmt in ("csv", "xlsx")
    ],
    Row(
        "advisory_assessments:compare-export unknown format",
        "GET",
        lambda s: f"/admin/advisory/assessments/compare/{s.city.pk}/export/pdf/",
        region_staff(404),
    ),
]

CAPACITY_ROWS = [
    Row("advisory_assessments:capacity-index", "GET", lambda s: "/admin/advisory/capacity/", every_staff(200)),
    # The region's heat map is on the site's side: the anonymous are sent to sign in, anyone else who does
    # not run the region gets a 404; a method it does not take is refused before anything is read.
    Row("advisory:capacity", "GET", lambda s: f"/en/advisory/capacity/{s.region.slug}/", SITE_STAFF),
    Row(
        "advisory:capacity",
        "POST",
        lambda s: f"/en/advisory/capacity/{s.region.slug}/",
        {role: LOGIN if role == "anonymous" else 405 for role in SITE_STAFF},
    ),
    Row(
        "advisory:capacity unknown region",
        "GET",
        lambda s: "/en/advisory/capacity/no-such-region/",
        {role: LOGIN if role == "anonymous" else 404 for role in SITE_STAFF},
    ),
    *[
        Row(
            f"advisory_assessments:capacity-export {fmt}",
            "GET",
            lambda s, fmt=fmt: f"/admin/advisory/capacity/{s.region.slug}/export/{fmt}/",
            region_staff(200),
        )
        for fmt in ("csv", "xlsx")
    ],
    Row(
        "advisory_assessments:capacity-export unknown format",
        "GET",
        lambda s: f"/admin/advisory/capacity/{s.region.slug}/export/pdf/",
        region_staff(404),
    ),
]

ROWS = [*FRAMEWORK_ROWS, *ASSESSMENT_ROWS, *CAPACITY_ROWS]
