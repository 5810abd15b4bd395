"""Library fields with a column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import CaseStudy, Resource, WorkStream


@register(WorkStream)
class WorkStreamTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(CaseStudy)
class CaseStudyTranslation(TranslationOptions):
    fields = ("context", "challenge", "approach", "results", "lessons")
