"""The entity picker: every form field choosing an entity of the registry (an event's organiser and partners, the
founding entity, the merge's duplicate, a committee member's organisation).

A text box (``role=combobox``) asks ``entities:picker_search`` as the user types (htmx) and shows the matches —
name, NIP, town — in a listbox; ``static/js/entity_picker.js`` moves through them with the keyboard and puts the
chosen entity's id in a hidden input (a single choice) or a ticked checkbox (several). Without JavaScript the box
is a plain text field: the form resolves what was typed by NIP, KRS, REGON or the exact name
(``selectors.entity_resolve``) and says so in Polish when nothing or more than one entity matches.

Posted: ``<name>`` (the id, or one id per ticked checkbox) and ``<name>_search`` (the typed text). A post
without ``<name>_search`` (a script, a test) is read as ids alone.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Entity
from .selectors import PICKER_FIELDS, entity_resolve

SEARCH_SUFFIX = "_search"


def _entities(ids) -> list[Entity]:
    ids = [str(i) for i in ids if str(i).isdigit()]
    if not ids:
        return []
    return list(Entity.objects.filter(pk__in=ids).select_related("seat").only(*PICKER_FIELDS).order_by("name"))


class EntityPicker(forms.Widget):
    template_name = "entities/widgets/entity_picker.html"
    multiple = False

    def value_from_datadict(self, data, files, name):
        text = data.get(name + SEARCH_SUFFIX)
        ids = data.getlist(name) if self.multiple and hasattr(data, "getlist") else data.get(name)
        if text is None:
            return ids
        return {"ids": ids, "text": text}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        text = None
        if isinstance(value, dict):
            text, value = value.get("text"), value.get("ids")
        if self.multiple:
            ids = value if isinstance(value, list | tuple) else ([value] if value else [])
        else:
            ids = [value] if value not in (None, "") else []
        chosen = _entities(ids)
        widget.update({
            "multiple": self.multiple, "chosen": chosen, "search_name": name + SEARCH_SUFFIX,
            "url": reverse("entities:picker_search"), "listbox_id": f"{widget['attrs'].get('id', name)}_results",
        })
        if self.multiple:
            widget["text"] = text or ""
        else:
            widget["chosen_id"] = chosen[0].pk if chosen else ""
            widget["text"] = text if text is not None else (chosen[0].name if chosen else "")
        return context


class EntityMultiplePicker(EntityPicker):
    multiple = True


def _resolve_one(text: str, queryset) -> Entity:
    found = entity_resolve(text, queryset=queryset)
    if not found:
        raise ValidationError(_("No entity in the registry matches “%(text)s”. Type its NIP, KRS or exact name, "
                                "or choose it from the list."), code="invalid_choice", params={"text": text})
    if len(found) > 1:
        raise ValidationError(_("Several entities match “%(text)s”. Type the NIP or KRS of the one you mean."),
                              code="ambiguous", params={"text": text})
    return found[0]


class EntityChoiceField(forms.ModelChoiceField):
    """One entity of ``queryset``, chosen in the picker or typed (NIP, KRS, REGON, exact name)."""

    widget = EntityPicker

    def __init__(self, queryset=None, **kwargs):
        kwargs.pop("empty_label", None)
        super().__init__(queryset=Entity.objects.all() if queryset is None else queryset, **kwargs)

    def to_python(self, value):
        if not isinstance(value, dict):
            return super().to_python(value)
        text = (value.get("text") or "").strip()
        if not text:
            return None
        if value.get("ids"):
            chosen = super().to_python(value["ids"])
            # The id stands while the box still shows its entity's name (the script clears the id on typing).
            if chosen is not None and text.casefold() in {chosen.name.casefold(), chosen.short_name.casefold()}:
                return chosen
        return _resolve_one(text, self.queryset)

    def has_changed(self, initial, data):
        return True if isinstance(data, dict) else super().has_changed(initial, data)


class EntityMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Entities of ``queryset``: the ticked ones plus those typed in the box (separated by semicolons)."""

    widget = EntityMultiplePicker

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset=Entity.objects.all() if queryset is None else queryset, **kwargs)

    def clean(self, value):
        if not isinstance(value, dict):
            return super().clean(value)
        ids = [v for v in value.get("ids") or [] if v]
        chosen = list(self._check_values(ids)) if ids else []
        errors = []
        for part in (value.get("text") or "").split(";"):
            if part.strip():
                try:
                    chosen.append(_resolve_one(part.strip(), self.queryset))
                except ValidationError as exc:
                    errors.append(exc)
        if errors:
            raise ValidationError(errors)
        if self.required and not chosen:
            raise ValidationError(self.error_messages["required"], code="required")
        qs = self.queryset.filter(pk__in={e.pk for e in chosen})
        self.run_validators(qs)
        return qs

    def has_changed(self, initial, data):
        return True if isinstance(data, dict) else super().has_changed(initial, data)
