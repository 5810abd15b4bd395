"""`manage.py advisory_reminders`: remind cities' focal points of their plan's actions due within two weeks
and of those overdue. Run it once a day: each action is reminded of once per due date, so running it twice
sends nothing more."""

from django.core.management.base import BaseCommand

from citynet.advisory.tasks.reminders import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = "Remind focal points of action plan actions due soon or overdue (once per due date)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="how many days ahead [%(default)s]")

    def handle(self, *args, days, **options):
        count = send_reminders(days_before=days)
        self.stdout.write(f"{count} action(s) reminded of.")
