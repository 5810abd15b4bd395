"""URL x role rows of the advisory plans (the scene is ../url_matrix.py; `extend(scene)` may add what
only these rows need).

- Action plans (/admin/advisory/plans/...): the plans of the staff's regions; another region's
  coordinator opens their own list (200) but this region's plans do not exist for them (404).
- A plan's own pages (/admin/advisory/plans/<pk>/...): goals, actions, indicators, adopting, closing,
  versions, the actions' export: the plan's region's staff; another region's coordinator gets 404.
- Progress to review and overdue actions (/admin/advisory/progress/, /admin/advisory/overdue/): every
  staff member their own regions' (200); reviewing another region's report is a 404.
- Nobody else passes the admin's door: focal points, members and the public are sent to sign in.
POSTs of the matrix send an empty form: it comes back with its messages (422 on a form page), or a
button's answer is a message and a redirect (302).
"""

from citynet.advisory.models import PlanVersion
from citynet.advisory.services.plans import plan_snapshot
from citynet.core.testing import LOGIN, Row, refused_where_it_opens

OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "member": LOGIN,
    "focal_point": LOGIN,
    "other_focal_point": LOGIN,
}


def extend(scene):
    """The adopted plan's first version, as adopting it kept it."""
    scene.plan_version = PlanVersion.objects.create(plan=scene.plan, number=1, snapshot=plan_snapshot(scene.plan))


def region_staff(allowed, other=404):
    return {**OUTSIDERS, "coordinator": allowed, "other_coordinator": other, "secretariat": allowed}


def every_staff(allowed):
    return region_staff(allowed, other=allowed)


def plans(suffix, record="plan"):
    return lambda s: f"/admin/advisory/plans/{suffix.format(pk=getattr(s, record).pk)}"


VIEWSET_ROWS = [
    Row("advisory_plans:index", "GET", plans(""), every_staff(200)),
    Row(
        "advisory_plans:index filtered",
        "GET",
        lambda s: f"/admin/advisory/plans/?region={s.region.pk}&status=adopted",
        every_staff(200),
    ),
    Row("advisory_plans:index_results", "GET", plans("results/"), every_staff(200)),
    Row("advisory_plans:export csv", "GET", plans("?export=csv"), every_staff(200)),
    Row("advisory_plans:export xlsx", "GET", plans("?export=xlsx"), every_staff(200)),
    Row("advisory_plans:add", "GET", plans("new/"), every_staff(200)),
    Row("advisory_plans:add", "POST", plans("new/"), every_staff(200)),
    Row("advisory_plans:add", "PUT", plans("new/"), refused_where_it_opens(every_staff(200))),
    Row("advisory_plans:edit", "GET", plans("edit/{pk}/"), region_staff(200)),
    Row("advisory_plans:edit", "POST", plans("edit/{pk}/"), region_staff(200)),
    # The method is checked before the record is fetched.
    Row("advisory_plans:edit", "PUT", plans("edit/{pk}/"), region_staff(405, other=405)),
    Row("advisory_plans:delete", "GET", plans("delete/{pk}/", "draft_plan"), region_staff(200)),
    # An adopted plan is never deleted: refused with a message, back to the plan.
    Row("advisory_plans:delete", "POST", plans("delete/{pk}/"), region_staff(302)),
    Row("advisory_plans:delete", "DELETE", plans("delete/{pk}/"), region_staff(405)),
    Row("advisory_plans:history", "GET", plans("history/{pk}/"), region_staff(200)),
    Row("advisory_plans:history_results", "GET", plans("history-results/{pk}/"), region_staff(200)),
    Row("advisory_plans:usage", "GET", plans("usage/{pk}/"), region_staff(200)),
]


def on_plan(suffix, plan="plan"):
    def path(s):
        return f"/admin/advisory/plans/{getattr(s, plan).pk}/" + suffix.format(
            goal=s.goal.pk, action=s.action.pk, indicator=s.indicator.pk
        )

    return path


def staff_page(name, method, path, allowed, other=404):
    return Row(f"advisory_plans_staff:{name}", method, path, region_staff(allowed, other))


PLAN_ROWS = [
    staff_page("plan", "GET", on_plan(""), 200),
    staff_page("plan draft", "GET", on_plan("", "draft_plan"), 200),
    staff_page("plan of the neighbour city", "GET", on_plan("", "neighbour_plan"), 200),
    # Adopting again (no changes since: nothing new), closing: a message and back to the plan.
    staff_page("adopt", "POST", on_plan("adopt/"), 302),
    staff_page("close", "POST", on_plan("close/"), 302),
    staff_page("goal-new", "GET", on_plan("goals/new/"), 200),
    staff_page("goal-new", "POST", on_plan("goals/new/"), 422),
    staff_page("goal", "GET", on_plan("goals/{goal}/"), 200),
    staff_page("goal", "POST", on_plan("goals/{goal}/"), 422),
    staff_page("goal of another plan", "GET", on_plan("goals/{goal}/", "draft_plan"), 404),
    staff_page("action-new", "GET", on_plan("actions/new/"), 200),
    staff_page("action-new", "POST", on_plan("actions/new/"), 422),
    staff_page("action", "GET", on_plan("actions/{action}/"), 200),
    staff_page("action", "POST", on_plan("actions/{action}/"), 422),
    staff_page("action of another plan", "GET", on_plan("actions/{action}/", "draft_plan"), 404),
    staff_page("record-progress", "POST", on_plan("actions/{action}/progress/"), 302),
    staff_page("indicator-new", "GET", on_plan("actions/{action}/indicators/new/"), 200),
    staff_page("indicator-new", "POST", on_plan("actions/{action}/indicators/new/"), 422),
    staff_page("indicator", "GET", on_plan("actions/{action}/indicators/{indicator}/"), 200),
    staff_page("indicator", "POST", on_plan("actions/{action}/indicators/{indicator}/"), 422),
    staff_page("version", "GET", on_plan("versions/1/"), 200),
    staff_page("version unknown", "GET", on_plan("versions/99/"), 404),
    staff_page("export csv", "GET", on_plan("export/csv/"), 200),
    staff_page("export xlsx", "GET", on_plan("export/xlsx/"), 200),
    staff_page("export unknown format", "GET", on_plan("export/pdf/"), 404),
]

QUEUE_ROWS = [
    Row("advisory_progress:index", "GET", lambda s: "/admin/advisory/progress/", every_staff(200)),
    # An empty decision: a message and back to the queue; another region's report does not exist.
    Row(
        "advisory_progress:review",
        "POST",
        lambda s: f"/admin/advisory/progress/{s.update.pk}/review/",
        region_staff(302),
    ),
    Row(
        "advisory_progress:review accept",
        "POST",
        lambda s: f"/admin/advisory/progress/{s.neighbour_update.pk}/review/",
        region_staff(302),
        data=lambda s: {"decision": "accept"},
    ),
    Row("advisory_overdue:index", "GET", lambda s: "/admin/advisory/overdue/", every_staff(200)),
]

ROWS = [*VIEWSET_ROWS, *PLAN_ROWS, *QUEUE_ROWS]
