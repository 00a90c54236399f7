"""API serializers, built from the datasets' columns so that the API, the files and the OpenAPI description cannot
drift apart. Rows are plain dicts (``Dataset.row``)."""

from functools import cache

from rest_framework import serializers

from ..datasets import Column, Dataset


def _field(column: Column) -> serializers.Field:
    common = {"read_only": True, "help_text": column.pl}
    if column.choices and column.kind == "string":
        return serializers.ChoiceField(choices=column.choices, **common)
    if column.kind == "integer":
        return serializers.IntegerField(allow_null=True, **common)
    if column.kind == "decimal":
        return serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True, allow_null=True,
                                        **common)
    if column.kind == "date":
        return serializers.DateField(allow_null=True, **common)
    if column.kind == "datetime":
        return serializers.DateTimeField(allow_null=True, **common)
    if column.kind == "boolean":
        return serializers.BooleanField(**common)
    if column.kind == "list":
        return serializers.ListField(child=serializers.CharField(), **common)
    return serializers.CharField(**common)


def _class_name(dataset: Dataset) -> str:
    return "".join(part.capitalize() for part in dataset.slug.split("-"))


@cache
def row_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    """One row of ``dataset``."""
    fields = {column.name: _field(column) for column in dataset.columns}
    return type(f"{_class_name(dataset)}Row", (serializers.Serializer,), fields)


@cache
def detail_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    """One row with the day it describes (the answer of a detail endpoint)."""
    fields = {"as_of": serializers.DateField(read_only=True, help_text="Dzień, którego dotyczą dane")}
    return type(f"{_class_name(dataset)}Detail", (row_serializer(dataset),), fields)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Identyfikator programu (stały)")
    name = serializers.CharField(read_only=True, help_text="Nazwa")
    period = serializers.CharField(read_only=True, help_text="Okres")
    start_year = serializers.IntegerField(read_only=True, help_text="Od roku")
    end_year = serializers.IntegerField(read_only=True, help_text="Do roku")
    status = serializers.ChoiceField(choices=["adopted", "in_force", "closed"], read_only=True,
                                     help_text="Stan: adopted (przyjęty), in_force (realizowany), closed (zakończony)")
    responsible_body = serializers.CharField(read_only=True, help_text="Organ odpowiedzialny")
    main_goal = serializers.CharField(read_only=True, help_text="Cel główny")
    resolution_number = serializers.CharField(read_only=True, help_text="Numer uchwały przyjmującej")
    resolution_date = serializers.DateField(read_only=True, allow_null=True, help_text="Data uchwały przyjmującej")
    version = serializers.IntegerField(read_only=True, help_text="Wersja (po zmianach)")
    teryt_voivodeship = serializers.CharField(read_only=True, help_text="Kod TERYT województwa")
    url = serializers.CharField(read_only=True, help_text="Strona programu (BIP)")


class ProgrammeDetailSerializer(ProgrammeSerializer):
    as_of = serializers.DateField(read_only=True, help_text="Dzień, którego dotyczą dane")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Powód odmowy")

