"""Registry fields that have a column per language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Municipality, Organisation, Partnership, Person, Position, Region, ReportedFigure, Topic


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name", "profile")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Partnership)
class PartnershipTranslation(TranslationOptions):
    fields = ("note",)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name",)


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("title",)


@register(ReportedFigure)
class ReportedFigureTranslation(TranslationOptions):
    fields = ("source",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
