from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import entity_get_for_user, entity_list


@login_required
def entity_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("entities.list_entities"):
        raise PermissionDenied
    page = Paginator(entity_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "entities/entity_list.html", {"page_obj": page})


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    return render(request, "entities/entity_detail.html", {"entity": entity})
