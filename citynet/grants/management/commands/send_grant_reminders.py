"""`manage.py send_grant_reminders`: remind grantees of reports due soon. Run it once a day (cron, a
systemd timer): each report is reminded once, so running it twice in a day sends nothing more."""

from django.core.management.base import BaseCommand

from citynet.grants.services.grantees import REMINDER_DAYS, send_report_reminders


class Command(BaseCommand):
    help = "Remind grantees of reports due within a few days (once per report)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="how many days ahead [%(default)s]")

    def handle(self, *args, days, **options):
        count = send_report_reminders(days_before=days)
        self.stdout.write(f"{count} reminder(s) queued.")
