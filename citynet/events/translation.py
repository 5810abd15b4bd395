"""Event fields that have a column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventDocument, Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "venue", "takeaways")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EventDocument)
class EventDocumentTranslation(TranslationOptions):
    fields = ("title",)
