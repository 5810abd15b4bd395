"""`manage.py send_event_reminders`: remind confirmed participants of an event a few days before it starts.
Run it once a day (the systemd timer in deploy/): each participation is reminded once, so running it twice
sends nothing more."""

from django.core.management.base import BaseCommand

from citynet.events.tasks.reminders import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = "Remind confirmed participants of events starting within a few days (once per participation)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=REMINDER_DAYS, help="how many days ahead [%(default)s]")

    def handle(self, *args, days, **options):
        count = send_reminders(days_before=days)
        self.stdout.write(f"{count} reminder(s) queued.")
