"""URL x role rows of a city's own advisory pages (views/city.py; the scene is ../url_matrix.py).

The city is `s.city` ("advised-city"); "focal_point" is its focal point, "other_focal_point" one of a city
elsewhere. Its focal point and its region's staff (coordinator, secretariat) open every page; anyone else
signed in gets a 404 (the records do not exist for them), the anonymous the sign-in page. Another city's
records under this city's address are a 404 for everyone. POSTs send an empty form: it comes back with its
messages (422) for those who may; a final assessment or a draft plan refuses with a message (302 back).
The pages' stylesheet is the same for everyone.
"""

from citynet.core.testing import LOGIN, Row

ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "coordinator",
    "other_coordinator",
    "secretariat",
]
ALLOWED = {"focal_point", "coordinator", "secretariat"}


def city_record(status):
    """The city's focal point and its region's staff get `status`; anyone else signed in a 404."""
    return {role: LOGIN if role == "anonymous" else status if role in ALLOWED else 404 for role in ROLES}


NOWHERE = {role: LOGIN if role == "anonymous" else 404 for role in ROLES}
# A method the view does not take: refused before anything is read, the same for every signed-in person.
REFUSED = {role: LOGIN if role == "anonymous" else 405 for role in ROLES}


def base(s):
    return f"/en/municipalities/{s.city.slug}/advisory/"


def assessment(record):
    return lambda s: f"{base(s)}assessments/{getattr(s, record).pk}/"


def plan(record, suffix=""):
    return lambda s: f"{base(s)}plans/{getattr(s, record).pk}/{suffix}"


def progress(plan_record, action_record):
    return lambda s: f"{base(s)}plans/{getattr(s, plan_record).pk}/actions/{getattr(s, action_record).pk}/progress/"


ROWS = [
    Row("advisory:city", "GET", base, city_record(200)),
    Row("advisory:city", "POST", base, REFUSED),
    Row("advisory:city unknown city", "GET", lambda s: "/en/municipalities/no-such-city/advisory/", NOWHERE),
    Row(
        "advisory:city neighbour",
        "GET",
        lambda s: f"/en/municipalities/{s.neighbour.slug}/advisory/",
        NOWHERE | {"coordinator": 200, "secretariat": 200},
    ),
    # An assessment: a draft is scored (an empty form comes back with its messages), a final one reads only.
    Row("advisory:city-assessment draft", "GET", assessment("reassessment"), city_record(200)),
    Row("advisory:city-assessment draft", "POST", assessment("reassessment"), city_record(422)),
    Row("advisory:city-assessment final", "GET", assessment("baseline"), city_record(200)),
    Row("advisory:city-assessment final", "POST", assessment("baseline"), city_record(302)),
    Row("advisory:city-assessment neighbour's", "GET", assessment("neighbour_assessment"), NOWHERE),
    Row("advisory:city-assessment neighbour's", "POST", assessment("neighbour_assessment"), NOWHERE),
    # The plan whole, printable, and as a PDF.
    Row("advisory:city-plan", "GET", plan("plan"), city_record(200)),
    Row("advisory:city-plan", "POST", plan("plan"), REFUSED),
    Row("advisory:city-plan draft", "GET", plan("draft_plan"), city_record(200)),
    Row("advisory:city-plan neighbour's", "GET", plan("neighbour_plan"), NOWHERE),
    Row("advisory:city-plan-print", "GET", plan("plan", "print/"), city_record(200)),
    Row("advisory:city-plan-print neighbour's", "GET", plan("neighbour_plan", "print/"), NOWHERE),
    Row("advisory:city-plan-pdf", "GET", lambda s: plan("plan", "plan.pdf")(s) + "?language=en", city_record(200)),
    Row(
        "advisory:city-plan-pdf draft",
        "GET",
        lambda s: plan("draft_plan", "plan.pdf")(s) + "?language=en",
        city_record(200),
    ),
    Row(
        "advisory:city-plan-pdf other language",
        "GET",
        lambda s: plan("plan", "plan.pdf")(s) + "?language=sr",
        NOWHERE,
    ),
    Row("advisory:city-plan-pdf neighbour's", "GET", lambda s: plan("neighbour_plan", "plan.pdf")(s), NOWHERE),
    # Reporting progress: on the adopted plan an empty form comes back with its messages; on a draft plan
    # (whose action is added below) nothing is taken, and the person is sent back to the plan.
    Row("advisory:city-progress", "GET", progress("plan", "action"), city_record(200)),
    Row("advisory:city-progress", "POST", progress("plan", "action"), city_record(422)),
    Row("advisory:city-progress draft plan", "GET", progress("draft_plan", "draft_action"), city_record(200)),
    Row("advisory:city-progress draft plan", "POST", progress("draft_plan", "draft_action"), city_record(302)),
    Row("advisory:city-progress neighbour's", "GET", progress("plan", "neighbour_action"), NOWHERE),
    Row("advisory:city-progress neighbour's", "POST", progress("neighbour_plan", "neighbour_action"), NOWHERE),
]


def extend(scene):
    from citynet.advisory.tests import factories as advisory

    scene.draft_action = advisory.ActionFactory(plan=scene.draft_plan)
