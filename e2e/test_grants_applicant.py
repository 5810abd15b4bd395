"""An applicant's journey, in English and in Arabic: sign up from a call, confirm the address, land back on
the application, draft, lose the tab, come back, attach, submit once, get the reference and the receipt.

The live server runs in this process, so the confirmation email is read from Django's locmem outbox.
Screenshots go to /tmp/shots/ (and e2e/artifacts/).
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from citynet.accounts.tests.factories import PASSWORD
from citynet.grants.models import Application, ApplicationStatus, QuestionKind

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the session looks at them
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def open_call(site, western_balkans):
    from citynet.grants.tests import factories as grants

    call = grants.CallFactory(region=western_balkans, slug="synthetic-e2e-call", code="E2E", title_ar="دعوة تجريبية")
    aim = grants.QuestionFactory(
        call=call, kind=QuestionKind.LONG_TEXT, label_en="What will you do?", label_ar="ماذا ستفعلون؟"
    )
    plan = grants.QuestionFactory(call=call, kind=QuestionKind.FILE, label_en="Your plan", label_ar="خطتكم")
    grants.QuestionFactory(call=call, kind=QuestionKind.BUDGET, label_en="Budget", label_ar="الميزانية")
    return call, aim, plan


def shot(page, artifacts, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_applicant_signs_up_drafts_comes_back_attaches_and_submits_once(
    site, page, context, artifacts, open_call, language, settings, tmp_path
):
    settings.ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # what the lead is asked to set (see the report)
    call, aim, plan = open_call
    apply_url = f"/{language}/calls/{call.slug}/apply/"
    email = f"applicant-{language}@example.test"

    # From the call's "Apply" link: not signed in, so sign in or sign up, keeping where they were going.
    page.goto(site + apply_url)
    assert "/accounts/login/" in page.url and "next=" in page.url
    page.locator("a[href*='/accounts/signup/']").first.click()
    form = page.locator("form:has(input[name=password1])")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    (message,) = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(site + re.sub(r"^https?://[^/]+", "", link))
    page.locator("form button[type=submit]").first.click()

    # Straight back: first the organisation's profile (they have none), then the application.
    expect(page).to_have_url(re.compile(r"/grants/organisation/\?next="))
    page.locator("input[name=name]").fill("Synthetic NGO for e2e" if language == "en" else "جمعية تجريبية")
    page.locator("select[name=country]").select_option("AL")
    page.locator("form:has(input[name=name]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(apply_url) + "$"))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/grants/applications/\d+/$"))
    application_url = page.url
    shot(page, artifacts, f"applicant-{language}-1-form")

    # Draft: the form saves itself as they type.
    page.locator("input[name=title]").fill("Synthetic youth project")
    page.locator(f"textarea[name=q{aim.pk}]").fill("We will run synthetic workshops.")
    page.locator("input[name=requested_amount]").fill("5000")
    page.locator("button[data-add-budget-line]").click()  # a fourth line, added by the script
    page.locator("input[name=budget-3-category]").fill("Workshops" if language == "en" else "ورش عمل")
    page.locator("input[name=budget-3-amount]").fill("5000")
    expect(page.locator(".autosave-status")).to_have_text(
        page.locator(".autosave-status").get_attribute("data-saved"), timeout=5000
    )
    # More text, and the tab closed before the autosave could send it: the browser keeps it.
    page.locator(f"textarea[name=q{aim.pk}]").fill("We will run synthetic workshops in two towns.")
    page.close()

    page = context.new_page()
    page.goto(application_url)
    expect(page.locator("input[name=title]")).to_have_value("Synthetic youth project")
    expect(page.locator(f"textarea[name=q{aim.pk}]")).to_have_value("We will run synthetic workshops in two towns.")
    status = page.locator(".autosave-status")
    expect(status).to_have_text(status.get_attribute("data-saved"), timeout=5000)  # the kept copy, sent
    application = Application.objects.get(call=call)
    assert application.answers[str(aim.pk)] == "We will run synthetic workshops in two towns."
    assert [line.amount for line in application.budget_lines.all()] == [5000]
    shot(page, artifacts, f"applicant-{language}-2-restored")

    # Attach the plan.
    plan_file = tmp_path / "plan.pdf"
    plan_file.write_bytes(PDF)
    page.locator(f"input[name=q{plan.pk}]").set_input_files(plan_file)
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(f"#field-q{plan.pk} .attachment")).to_contain_text("plan.pdf")

    # Submit with a double click: one submission, one reference, one receipt.
    page.locator("button[name=action][value=submit]").dblclick()
    # (The receipt's PDF is made in the request here: the test settings run tasks at once.)
    expect(page.locator(".reference")).to_have_text("E2E-0001", timeout=20_000)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Application.objects.filter(call=call, reference__isnull=False).count() == 1
    assert len([m for m in mail.outbox if email in m.to and "E2E-0001" in m.subject]) == 1
    shot(page, artifacts, f"applicant-{language}-3-submitted")

    with page.expect_download() as download_info:
        page.locator(f"a[href$='/grants/applications/{application.pk}/receipt.pdf']").click()
    receipt = download_info.value
    assert Path(receipt.path()).read_bytes().startswith(b"%PDF")
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submits_give_one_submission_each_and_distinct_references(tmp_path):
    """Four submits at the same moment on a SQLite file, as the site runs (see test_concurrent_saves.py):
    two people submitting one draft (a double click from two desks) submit it once, with one receipt;
    two other organisations' drafts get the call's next references, never the same one."""
    import sqlite3
    import threading

    from django.db import connection, connections

    from citynet.grants.services import applications as services
    from citynet.grants.tests import factories as grants

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks the rows (select_for_update); this is about SQLite's database lock")
    call = grants.CallFactory(code="RACE")
    shared = grants.ApplicationFactory(call=call)
    people_of_shared = [grants.applicant_of(shared.organisation) for _ in range(2)]
    others = [grants.ApplicationFactory(call=call) for _ in range(2)]
    submitters = [
        (people_of_shared[0], shared),
        (people_of_shared[1], shared),
        *[(grants.applicant_of(a.organisation), a) for a in others],
    ]

    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    settings_dict = {**connections.settings["default"], "NAME": str(path), "TEST": {"NAME": str(path)}}
    start = threading.Barrier(4)
    results: list = [None] * 4

    def submit(i):
        actor, application = submitters[i]
        try:
            start.wait(timeout=30)
            results[i] = services.submit(actor=actor, application=application).reference
        except Exception as error:  # reported below as the test's failure
            results[i] = error
        finally:
            connections.close_all()

    mail.outbox.clear()
    original = connections.settings["default"]
    connections.settings["default"] = settings_dict
    try:
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        connections.settings["default"] = original

    assert all(isinstance(r, str) for r in results), results
    assert results[0] == results[1]
    assert sorted(set(results)) == ["RACE-0001", "RACE-0002", "RACE-0003"]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT reference FROM grants_application WHERE call_id = ?", [call.pk]).fetchall()
    assert sorted(r for (r,) in rows) == ["RACE-0001", "RACE-0002", "RACE-0003"]
    receipts_of_shared = [m for m in mail.outbox if results[0] in m.subject]
    assert len(receipts_of_shared) == 2  # one per person of the organisation, sent once
