from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import is_staff_member
from core.paging import Paginator
from core.pending import pending_discard, pending_keep, pending_take

from . import import_files, importing, rjps, services
from .exports import export_csv, export_xlsx
from .filters import EntityFilter
from .forms import EntityForm, ImportForm, MergeForm, PsListForm, entity_edit_form
from .kept import KeptCountPaginator
from .models import LegalForm, Product, Territory
from .selectors import (
    LIST_FIELDS,
    contacts_visible_to,
    entity_detail_data,
    entity_get_for_user,
    entity_list,
    entity_picker_search,
    gminy,
    ps_flags_set,
    public_catalogue,
    public_entity_get,
)


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
    per_page = _per_page(request)
    page = KeptCountPaginator(qs.only(*LIST_FIELDS), per_page).get_page(request.GET.get("page"))
    page.object_list = ps_flags_set(list(page.object_list))
    return render(request, "entities/entity_list.html", {
        "page_obj": page, "filter": entity_filter, "can_create": is_staff_member(request.user),
        "can_import": request.user.has_perm("entities.import_entities"), "per_page": per_page,
        "page_sizes": PAGE_SIZES})


PAGE_SIZES = (25, 50, 100)


def _per_page(request: HttpRequest) -> int:
    value = request.GET.get("per_page", "")
    return int(value) if value in {str(n) for n in PAGE_SIZES} else 50   # anything else: the default


PICKER_PAGE_SIZE = 10


@require_GET
@login_required
def picker_search(request: HttpRequest) -> HttpResponse:
    """The matches of an entity picker (``entities.widgets``): an htmx fragment of listbox options, a page of
    ``PICKER_PAGE_SIZE`` by name, in two queries (the count, the page) whatever the number of matches."""
    if not request.user.has_perm("entities.pick_entities"):
        raise PermissionDenied
    source = request.GET.get("for", "")
    text = request.GET.get(source if source.endswith("_search") else "q", "").strip()
    listbox = request.GET.get("listbox", "")
    if len(text) < 2:
        return HttpResponse("")
    page = Paginator(entity_picker_search(text), PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "entities/_picker_results.html", {
        "page_obj": page, "listbox": listbox if listbox.replace("_", "").replace("-", "").isalnum() else "picker"})


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    return render(request, "entities/entity_detail.html", {
        "entity": entity, **entity_detail_data(entity, user=request.user),
        "can_edit": request.user.has_perm("entities.change_entity", entity),
        "is_staff": is_staff_member(request.user), "merge_form": MergeForm(entity=entity),
    })


@login_required
def entity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entity = entity_get_for_user(user=request.user, pk=pk)
    form = entity_edit_form(user=request.user, entity=entity, data=request.POST or None)
    if form is None:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"voivodeship", "powiat"}}
        try:
            services.entity_update(entity=entity, by=request.user, **data)
        except ValidationError as exc:
            _apply(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
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
    form = MergeForm(request.POST, entity=entity)
    if form.is_valid():
        try:
            services.entity_merge(keep=entity, duplicate=form.cleaned_data["duplicate"], by=request.user)
            messages.success(request, _("The records have been merged."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(form.errors["duplicate"]) if "duplicate" in form.errors
                       else _("Choose the duplicate by its name, NIP or KRS."))
    return redirect(entity)


# --- import from a file (staff) ---------------------------------------------------------------------
# Upload -> preview (nothing written) -> confirm. Between the two steps the file waits in private storage and
# the confirmation carries a signed token for it (entities/import_files.py); the rows are checked again then.

def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm("entities.import_entities"):
        raise PermissionDenied


@login_required
def entity_import(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        report = importing.entities_import(table=form.table, by=request.user, dry_run=True)
        token = ""
        if not report.errors and (report.created or report.updated):
            token = import_files.upload_keep(content=form.content, filename=form.table.filename, user=request.user)
        return render(request, "entities/entity_import_preview.html", {
            "report": report, "token": token, "filename": form.table.filename}, status=400 if report.errors else 200)
    return render(request, "entities/entity_import.html", {
        "form": form, "columns": importing.COLUMNS, "legal_forms": LegalForm.choices,
        "max_rows": importing.MAX_ROWS}, status=400 if form.errors else 200)


@require_POST
@login_required
def entity_import_confirm(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    try:
        content, filename, path = import_files.upload_take(token=request.POST.get("token", ""), user=request.user)
        import_files.upload_discard(path)  # one confirmation per upload
        table = import_files.read_table(content, filename)
    except importing.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("entities:import")
    report = importing.entities_import(table=table, by=request.user)
    if report.errors:
        return render(request, "entities/entity_import_preview.html", {
            "report": report, "token": "", "filename": filename, "confirmed": True}, status=400)
    messages.success(request, _("Import done: %(created)d added, %(updated)d changed, %(unchanged)d unchanged.")
                     % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged})
    return redirect("entities:list")


@login_required
def ps_list_import(request: HttpRequest) -> HttpResponse:
    """The voivode's list of social enterprises (RJPS export): upload, then a preview of the PS statuses."""
    _require_import(request)
    form = PsListForm(request.POST, request.FILES) if request.method == "POST" else PsListForm()
    if request.method == "POST" and form.is_valid():
        filename = form.cleaned_data["file"].name
        report = rjps.ps_import(rows=form.rows, by=request.user, filename=filename, dry_run=True)
        token = ""
        if not report.errors and report.changed_rows:
            extension = "xlsx" if form.content.startswith(b"PK") else "csv"
            token = pending_keep(content=form.content, filename=filename, user=request.user, purpose="rjps",
                                 extension=extension)
        return render(request, "entities/ps_import_preview.html", {
            "report": report, "token": token, "filename": filename}, status=400 if report.errors else 200)
    return render(request, "entities/ps_import.html", {"form": form, "headers": PS_HEADERS},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def ps_list_import_confirm(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    try:
        pending = pending_take(token=request.POST.get("token", ""), user=request.user, purpose="rjps")
        pending_discard(pending.path)  # one confirmation per upload
        rows = rjps.read_list(pending.content, pending.original_name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("entities:ps_import")
    except importing.ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("entities:ps_import")
    report = rjps.ps_import(rows=rows, by=request.user, filename=pending.original_name)
    if report.errors:
        return render(request, "entities/ps_import_preview.html", {
            "report": report, "token": "", "filename": pending.original_name, "confirmed": True}, status=400)
    messages.success(request, _("PS statuses imported: %(created)d added, %(updated)d changed, %(unchanged)d "
                                "unchanged.") % {"created": report.created, "updated": report.updated,
                                                 "unchanged": report.unchanged})
    return redirect("entities:list")


# The headers accepted in the RJPS export, grouped by what they mean (shown on the upload page).
PS_HEADERS = [
    (gettext_lazy("Entity (one of them)"), "NIP, Numer KRS, Nr KRS, KRS, REGON, Numer REGON"),
    (gettext_lazy("Name (only shown)"), "Nazwa, Nazwa podmiotu, Nazwa przedsiębiorstwa społecznego"),
    (gettext_lazy("Decision number (required)"), "Numer decyzji, Nr decyzji, Znak decyzji, Numer decyzji wojewody"),
    (gettext_lazy("Decision date (required)"),
     "Data decyzji, Data wydania decyzji, Data nadania statusu, Data przyznania statusu"),
    (gettext_lazy("Date the status was lost"),
     "Data utraty statusu, Data utraty, Data wykreślenia, Data wykreślenia z wykazu"),
]


@login_required
def entity_import_template(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(import_files.template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="import-podmiotow.xlsx"'
        return response
    response = HttpResponse(import_files.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-podmiotow.csv"'
    return response


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
        "entity": entity, "contacts": contacts_visible_to(None, entity)})
