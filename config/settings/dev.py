"""Development: the embedded SQLite database, mail to the console, debug pages on."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env("DEBUG", "1") == "1"
