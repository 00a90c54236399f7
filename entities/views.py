from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import is_staff_member

from . import services
from .exports import export_csv, export_xlsx
from .filters import EntityFilter
from .forms import EntityForm, MergeForm, RepresentativeEntityForm
from .models import Territory
from .selectors import entity_detail_data, entity_get_for_user, entity_list, gminy, public_catalogue, public_entity_get


@login_required
def entity_list_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("entities.list_entities"):
        raise PermissionDenied
    entity_filter = EntityFilter(request.GET or None, queryset=entity_list(user=request.user))
    qs = entity_filter.qs if entity_filter.is_bound else entity_filter.queryset
    export = request.GET.get("export")
    if export == "csv":
        return export_csv(qs)
    if export == "xlsx":
        return export_xlsx(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "entities/entity_list.html", {"page_obj": page, "filter": entity_filter,
                                                           "can_create": is_staff_member(request.user)})


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    return render(request, "entities/entity_detail.html", {
        "entity": entity, **entity_detail_data(entity),
        "can_edit": request.user.has_perm("entities.change_entity", entity),
        "is_staff": is_staff_member(request.user), "merge_form": MergeForm(),
    })


def _form_class(user):
    return EntityForm if is_staff_member(user) else RepresentativeEntityForm


@login_required
def entity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("entities.change_entity", entity):
        raise PermissionDenied
    form = _form_class(request.user)(request.POST or None, instance=entity)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"voivodeship", "powiat"}}
        try:
            services.entity_update(entity=entity, by=request.user, **data)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The entity has been saved."))
            return redirect(entity)
    return render(request, "entities/entity_form.html", {"form": form, "entity": entity},
                  status=400 if form.errors else 200)


@login_required
def entity_create(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = EntityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"voivodeship", "powiat"}}
        try:
            entity = services.entity_create(by=request.user, **data)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(request, _("The entity has been added to the registry."))
            return redirect(entity)
    return render(request, "entities/entity_form.html", {"form": form}, status=400 if form.errors else 200)


def _apply(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_POST
@login_required
def entity_merge(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    if not is_staff_member(request.user):
        raise PermissionDenied
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            services.entity_merge(keep=entity, duplicate=form.cleaned_data["duplicate"], by=request.user)
            messages.success(request, _("The records have been merged."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give the id of an existing entity."))
    return redirect(entity)


@require_GET
def powiat_options(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("voivodeship", "")
    items = Territory.objects.filter(level="powiat", parent_id=code).order_by("name") if code else []
    return render(request, "entities/_options.html", {"items": items, "empty": _("— choose the powiat —")})


@require_GET
def gmina_options(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("powiat", "")
    return render(request, "entities/_options.html", {"items": gminy(code) if code else [],
                                                      "empty": _("— choose the gmina —")})


# --- public catalogue (no login) --------------------------------------------------------------

def catalogue(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    from .models import Product

    powiat, category, text = (request.GET.get(k, "").strip() for k in ("powiat", "category", "q"))
    page = Paginator(public_catalogue(powiat=powiat, category=category, text=text), 24).get_page(
        request.GET.get("page"))
    return render(request, "entities/catalogue_list.html", {
        "page_obj": page, "powiat": powiat, "category": category, "q": text,
        "powiaty": Territory.objects.filter(level="powiat", parent_id=settings.ROPS_VOIVODESHIP_CODE).order_by(
            "name"),
        "categories": Product.objects.filter(is_public=True).order_by("category").values_list(
            "category", flat=True).distinct(),
    })


def catalogue_entity(request: HttpRequest, pk: int) -> HttpResponse:
    entity = public_entity_get(pk=pk)
    return render(request, "entities/catalogue_entity.html", {
        "entity": entity, "contacts": entity.contacts.filter(is_public=True)})
