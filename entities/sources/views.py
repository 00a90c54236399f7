"""Pages of the registers feature: look up, create from the registers, compare and accept, check, staff tasks,
and the public fill-in of the self-registration form."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import RegistrationForm
from core.paging import Paginator

from ..models import Entity
from ..selectors import entity_get_for_user
from . import services
from .errors import RegistryError
from .forms import AcceptForm, LookupForm, RegistryEntityForm, TaskCloseForm, TaskFilterForm
from .lookup import registry_lookup, registry_lookup_for
from .mapping import differences, proposed_values
from .models import RegistryTask
from .selectors import registry_acceptances_of, registry_task_list, registry_tasks_open_count

FORM_ONLY = {"voivodeship", "powiat", "token"}


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _existing(combined) -> Entity | None:
    numbers = [n for n in (combined.value("nip"), combined.value("krs")) if n]
    if not numbers:
        return None
    return Entity.objects.filter(Q(nip__in=numbers) | Q(krs__in=numbers)).order_by("pk").first()


def _panel_context(request, combined) -> dict:
    return {"combined": combined, "records": list(combined.records.values()),
            "can_see_persons": request.user.has_perm("entities.view_registry_persons")}


@login_required
def registry_lookup_view(request: HttpRequest) -> HttpResponse:
    """Ask the registers about a number: what they say, and whether the registry already holds the entity."""
    _require(request, "entities.use_registers")
    form = LookupForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        combined = registry_lookup(form.cleaned_data["identifier"])
        context.update(_panel_context(request, combined), existing=_existing(combined),
                       identifier=form.cleaned_data["identifier"])
    return render(request, "entities/registry_lookup.html", context, status=400 if form.errors else 200)


@login_required
def registry_entity_create_view(request: HttpRequest) -> HttpResponse:
    """A new entity from the registers: the form is filled in with what they say; staff check it and save."""
    _require(request, "entities.use_registers")
    if request.method == "POST":
        form = RegistryEntityForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in FORM_ONLY}
            try:
                entity = services.registry_entity_create(token=form.cleaned_data["token"], by=request.user, **data)
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("The entity has been added to the registry with the data from the "
                                            "registers."))
                return redirect(entity)
        return render(request, "entities/registry_create.html", {"form": form}, status=400)
    lookup_form = LookupForm(request.GET or None)
    if not lookup_form.is_bound or not lookup_form.is_valid():
        return render(request, "entities/registry_create.html", {"lookup_form": lookup_form},
                      status=400 if lookup_form.errors else 200)
    combined = registry_lookup(lookup_form.cleaned_data["identifier"])
    context = {"lookup_form": lookup_form, **_panel_context(request, combined), "existing": _existing(combined)}
    if combined.found and context["existing"] is None:
        proposal = proposed_values(combined)
        token = services.registry_token(combined=combined, proposal=proposal, user=request.user)
        initial = {**proposal.values, "token": token}
        seat = proposal.values.get("seat")
        context["form"] = RegistryEntityForm(initial=initial, seat_code=seat.code if seat else "")
    return render(request, "entities/registry_create.html", context)


def _apply(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def registry_compare_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The entity against the registers, field by field; staff accept the differences they choose."""
    entity = entity_get_for_user(user=request.user, pk=pk)
    _require(request, "entities.use_registers")
    if request.method == "POST":
        form = AcceptForm(request.POST)
        if form.is_valid():
            try:
                services.registry_accept(entity=entity, token=form.cleaned_data["token"],
                                         fields=form.cleaned_data["fields"], by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The chosen data from the registers has been saved."))
                return redirect(entity)
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("entities:registry_compare", pk=entity.pk)
    combined = registry_lookup_for(entity)
    context = {"entity": entity, **_panel_context(request, combined), "acceptances": registry_acceptances_of(entity)}
    if combined.found:
        proposal = proposed_values(combined)
        context["rows"] = differences(entity, proposal)
        context["token"] = services.registry_token(combined=combined, proposal=proposal, user=request.user,
                                                   entity=entity)
        context["has_differences"] = any(not row.same for row in context["rows"])
    return render(request, "entities/registry_compare.html", context)


@require_POST
@login_required
def registry_check_view(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    _require(request, "entities.use_registers")
    result = services.registry_check(entity_id=entity.pk)
    if result.combined.errors and not result.combined.found:
        messages.error(request, " ".join(result.combined.errors.values()))
    elif not result.combined.identifier:
        messages.error(request, _("The entity has no NIP, REGON or KRS number to check."))
    elif result.confirmed:
        messages.success(request, _("The registers confirm that the entity exists and is active."))
    else:
        messages.warning(request, _("The registers do not confirm an active entity: %(state)s. Staff have been "
                                    "given a task.") % {"state": result.state_label})
    return redirect(request.POST.get("next") if _safe_next(request) else entity.get_absolute_url())


def _safe_next(request) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@login_required
def registry_task_list_view(request: HttpRequest) -> HttpResponse:
    _require(request, "entities.view_registry_tasks")
    filter_form = TaskFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() and filter_form.cleaned_data["status"] \
        else "open"
    page = Paginator(registry_task_list(status=status), 50).get_page(request.GET.get("page"))
    open_count = page.paginator.count if status == RegistryTask.Status.OPEN else registry_tasks_open_count()
    return render(request, "entities/registry_task_list.html", {
        "page_obj": page, "filter_form": filter_form, "status": status, "open_count": open_count,
        "close_form": TaskCloseForm()})


@require_POST
@login_required
def registry_task_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "entities.view_registry_tasks")
    task = RegistryTask.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    form = TaskCloseForm(request.POST)
    if form.is_valid():
        try:
            services.registry_task_close(task=task, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The task has been closed."))
    else:
        messages.error(request, _("The note is too long."))
    return redirect("entities:registry_tasks")


# --- the public fill-in of the self-registration form -------------------------------------------------

def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _public_allowed(request) -> bool:
    key = f"registry:public:{_client_address(request)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= int(settings.REGISTRY_PUBLIC_LOOKUPS_PER_HOUR)


@require_GET
def registry_public_fill(request: HttpRequest) -> HttpResponse:
    """htmx: fill in the self-registration form's entity fields from the registers (no personal data; at most
    REGISTRY_PUBLIC_LOOKUPS_PER_HOUR per address). The found values replace the form's inputs (out-of-band
    swaps); the message goes to the form's status region."""
    context = {"message": "", "level": "info", "fields": []}
    identifier = request.GET.get("entity_nip", "").strip() or request.GET.get("entity_krs", "").strip()
    if not identifier:
        context.update(message=_("Type the NIP or the KRS number of the entity first."), level="warning")
    elif not _public_allowed(request):
        context.update(message=_("Too many look-ups from this address. Fill in the fields yourself or try again "
                                 "in an hour."), level="warning")
    else:
        try:
            combined = registry_lookup(identifier)
        except RegistryError as exc:  # pragma: no cover - registry_lookup records errors instead of raising
            combined = None
            context.update(message=str(exc), level="danger")
        if combined is not None and not combined.found:
            context.update(message=" ".join(combined.errors.values()) or _(
                "The registers do not know this number. Fill in the fields below yourself."), level="warning")
        elif combined is not None:
            proposal = proposed_values(combined)
            values = proposal.values
            form = RegistrationForm(initial={
                "entity_name": values.get("name", ""), "entity_legal_form": values.get("legal_form", ""),
                "entity_seat": values["seat"].code if values.get("seat") else "",
                "entity_regon": values.get("regon", ""), "entity_address": values.get("address", ""),
                "entity_postal_code": values.get("postal_code", "")})
            css = {"entity_legal_form": "select form-select", "entity_seat": "select form-select"}
            context["fields"] = [form[name].as_widget(attrs={"class": css.get(name, "textinput form-control"),
                                                             "hx-swap-oob": "true"})
                                 for name in ("entity_name", "entity_legal_form", "entity_seat", "entity_regon",
                                              "entity_address", "entity_postal_code")]
            context.update(message=_("Filled in from the registers: %(name)s. Check the fields below before you "
                                     "send the form.") % {"name": values.get("name", "")}, level="success")
    return render(request, "entities/registry_public_fill.html", context)

