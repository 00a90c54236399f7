"""Pages of 100 rows (up to 1000 with ``page_size``), each answer carrying the day it describes."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.paging import Paginator


class AsOfPagination(PageNumberPagination):
    django_paginator_class = Paginator  # pages cut from a total order (core.paging)
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """The size asked for, or 100; a size that is not a whole number from 1 to 1000 is refused (400) rather
        than quietly replaced."""
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        raw = request.query_params[self.page_size_query_param]
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                _("Give the page size as a whole number from 1 to %(max)d.") % {"max": self.max_page_size}]})
        return int(raw)

    def get_page_number(self, request, paginator):
        """The page asked for, or the first; a page that is not a whole number is refused (400), a page past the
        last answers 404."""
        if self.page_query_param not in request.query_params:
            return 1
        raw = request.query_params[self.page_query_param]
        if not raw.isascii() or not raw.isdigit():
            raise ValidationError({self.page_query_param: [_("Give the page as a whole number, from 1.")]})
        return raw

    def get_paginated_response(self, data, *, as_of=None):
        return Response({"as_of": as_of, "count": self.page.paginator.count, "next": self.get_next_link(),
                         "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"] = {"as_of": {"type": "string", "format": "date",
                                            "description": "Dzień, którego dotyczą dane (stan na)"},
                                  **envelope["properties"]}
        envelope["required"] = ["as_of", "count", "results"]
        return envelope

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
                parameter["description"] = "Numer strony (od 1)"
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = "Wierszy na stronie (domyślnie 100, najwyżej 1000)"
        return parameters
